"""RULES §2–§8: worked examples 1–10, every rule, and the invariants as properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from monev.domain.achievement import (
    achievement,
    annual_progress,
    round2,
    ytd_realization,
    ytd_target,
)
from monev.domain.aggregates import group_mean, summarize
from monev.domain.budget import absorption, deviation, efficiency, ytd_amount
from monev.domain.projection import is_at_risk, projected_achievement
from monev.domain.quality import budget_flags, indicator_flags
from monev.domain.ratings import Rating, label, rate

D = Decimal


def test_example_1_positive_cumulative_with_quarterly_targets() -> None:
    quarters = {1: D(10), 2: D(10), 3: D(10), 4: D(10)}
    realized = ytd_realization("cumulative", {1: D(8), 2: D(12), 3: D(9)}, 3)
    target = ytd_target("cumulative", quarters, D(40), 3)
    result = achievement("positive", "A", target, realized.value)
    assert (realized.value, target, result.value) == (D(29), D(30), D("96.67"))
    assert rate(result.value) == Rating.SANGAT_TINGGI
    assert annual_progress("cumulative", realized.value, D(40), result.value) == D("72.50")


@pytest.mark.parametrize(
    ("example", "variant", "expected", "rating"),
    [(2, "A", D("86.67"), Rating.TINGGI), (3, "B", D("88.24"), Rating.TINGGI)],
)
def test_examples_2_and_3_negative_last(
    example: int, variant: str, expected: Decimal, rating: Rating
) -> None:
    realized = ytd_realization("last", {1: D("5.40"), 2: D("5.10")}, 2)
    result = achievement("negative", variant, D("4.50"), realized.value)
    assert result.value == expected and rate(result.value) == rating


def test_example_4_positive_last() -> None:
    realized = ytd_realization("last", {1: D(50), 2: D(55), 3: D("58.3")}, 3)
    assert achievement("positive", "A", D(65), realized.value).value == D("89.69")


def test_example_5_target_zero_is_not_computable() -> None:
    result = achievement("positive", "A", D(0), D(3))
    assert result.value is None and "target_nol" in result.flags and rate(result.value) is None


def test_example_6_negative_a_never_below_zero() -> None:
    result = achievement("negative", "A", D(2), D(5))
    assert result.value == D("0.00") and rate(result.value) == Rating.SANGAT_RENDAH


@pytest.mark.parametrize(
    ("realization", "expected", "rating"),
    [(D(90996), D("91.00"), Rating.SANGAT_TINGGI), (D(90994), D("90.99"), Rating.TINGGI)],
)
def test_examples_7_and_8_rounding_decides_the_rating(
    realization: Decimal, expected: Decimal, rating: Rating
) -> None:
    result = achievement("positive", "A", D(100000), realization)
    assert result.value == expected and rate(result.value) == rating


def test_example_9_budget_absorption() -> None:
    spent = ytd_amount({1: D(20_000_000), 2: D(35_500_000)}, 2)
    assert absorption(spent, D(150_000_000)) == D("37.00")


def test_example_10_group_mean_caps_at_100_and_skips_nulls() -> None:
    summary = summarize([D("96.67"), D("86.67"), D("120.00"), None])
    assert summary.mean == D("94.45") and summary.rating == Rating.SANGAT_TINGGI
    assert summary.missing == 1 and summary.by_rating[Rating.SANGAT_TINGGI] == 2
    assert group_mean([D(120)], cap=None) == D("120.00")


def test_missing_quarters_are_missing_not_zero() -> None:
    gap = ytd_realization("cumulative", {1: None, 2: D(5), 3: D(4)}, 3)
    assert gap.value == D(9) and gap.gap
    assert ytd_realization("last", {1: D(5), 2: None}, 2).value is None
    assert ytd_realization("average", {1: D(4), 2: None, 3: D(8)}, 3).value == D(6)
    assert ytd_realization("cumulative", {}, 2).value is None
    assert achievement("positive", "A", D(10), None).value is None


def test_without_quarterly_targets_the_annual_target_counts() -> None:
    assert ytd_target("cumulative", None, D(40), 2) == D(40)
    assert ytd_target("last", {1: None}, D(65), 3) == D(65)
    assert ytd_target("last", {3: D(60)}, D(65), 3) == D(60)


def test_negative_edge_cases() -> None:
    assert achievement("negative", "A", D(0), D(0)).value == D(100)
    assert achievement("negative", "A", D(0), D(1)).value == D("0.00")
    result = achievement("negative", "B", D(4), D(0))
    assert result.value is None and "realisasi_nol" in result.flags


def test_a_single_indicator_is_not_capped() -> None:
    assert achievement("positive", "A", D(10), D(12)).value == D("120.00")


def test_ratings_bands_and_labels() -> None:
    cases = {
        D(91): "sangat_tinggi",
        D("90.99"): "tinggi",
        D(76): "tinggi",
        D("75.99"): "sedang",
        D(66): "sedang",
        D(51): "rendah",
        D("50.99"): "sangat_rendah",
        D(0): "sangat_rendah",
    }
    for value, expected in cases.items():
        assert rate(value) == expected
    assert label(Rating.TINGGI) == "Tinggi" and label(Rating.TINGGI, "baik") == "Baik"


def test_budget_deviation_and_efficiency() -> None:
    assert deviation(D(30), D(40), D(100)) == D("25.00")
    assert deviation(D(30), None, D(100)) is None
    assert absorption(D(5), None) is None
    assert efficiency(D("96.67"), D("37.00")) == D("59.67")


def test_projection_and_early_warning() -> None:
    kwargs = {"quarter": 2, "realization": D(15), "annual_target": D(40)}
    assert projected_achievement(
        "cumulative", achievement=D("75.00"), has_quarterly_targets=False, **kwargs
    ) == D("75.00")
    assert projected_achievement(
        "cumulative", achievement=D(150), has_quarterly_targets=True, **kwargs
    ) == D(150)
    assert projected_achievement(
        "last", achievement=D(70), has_quarterly_targets=False, **kwargs
    ) == D(70)
    assert is_at_risk(D("75.99")) and not is_at_risk(D(76)) and not is_at_risk(None)


def test_quality_flags() -> None:
    codes = {
        f.code
        for f in indicator_flags(
            aggregation="last",
            value=D(-1),
            has_evidence=False,
            achievement=D(151),
            previous_value=D(10),
            is_count=True,
            cumulative_gap=True,
        )
    }
    assert codes == {
        "no_evidence",
        "achievement_above_150",
        "last_value_jump",
        "negative_count",
        "cumulative_gap",
    }
    missing = indicator_flags(
        aggregation="cumulative",
        value=None,
        has_evidence=False,
        achievement=None,
        previous_value=None,
        is_count=True,
        cumulative_gap=False,
    )
    assert [f.code for f in missing] == ["missing_value"]
    assert [f.code for f in budget_flags(spent=D(11), pagu=D(10))] == ["budget_above_pagu"]
    assert budget_flags(spent=D(10), pagu=D(10)) == []


amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False)
positive_amounts = st.decimals(min_value=D("0.01"), max_value=10**7, places=2, allow_nan=False)


@given(target=positive_amounts, low=amounts, high=amounts, variant=st.sampled_from(["A", "B"]))
def test_achievement_moves_the_right_way_when_realization_grows(
    target: Decimal, low: Decimal, high: Decimal, variant: str
) -> None:
    low, high = min(low, high), max(low, high)
    pos_low = achievement("positive", variant, target, low).value
    pos_high = achievement("positive", variant, target, high).value
    assert pos_low is not None and pos_high is not None and pos_low <= pos_high
    assume(variant == "A" or low > 0)
    neg_low = achievement("negative", variant, target, low).value
    neg_high = achievement("negative", variant, target, high).value
    assert neg_low is not None and neg_high is not None and neg_low >= neg_high


@given(value=st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False))
def test_a_rating_always_agrees_with_the_rounded_achievement(value: Decimal) -> None:
    rounded = round2(value)
    assert rate(rounded) == rate(round2(rounded))
    bound = {Rating.SANGAT_TINGGI: 91, Rating.TINGGI: 76, Rating.SEDANG: 66, Rating.RENDAH: 51}
    rating = rate(rounded)
    assert rating is not None
    if rating in bound:
        assert rounded >= bound[rating]
    better = [b for r, b in bound.items() if r != rating and b > bound.get(rating, 0)]
    assert all(rounded < b for b in better)


@given(
    st.lists(
        st.one_of(st.none(), st.decimals(min_value=0, max_value=300, places=2, allow_nan=False)),
        min_size=1,
        max_size=12,
    )
)
def test_a_group_mean_lies_between_its_capped_members(values: list[Decimal | None]) -> None:
    mean = group_mean(values)
    capped = [min(v, D(100)) for v in values if v is not None]
    if not capped:
        assert mean is None
    else:
        assert mean is not None and min(capped) <= mean <= max(capped)


def test_at_tw_iv_there_is_no_projection_and_nothing_is_at_risk() -> None:
    """RULES §7: at TW IV the year is over; the achievement itself is the year's result."""
    for aggregation, quarterly in (("cumulative", False), ("cumulative", True), ("last", False)):
        projection = projected_achievement(
            aggregation,
            quarter=4,
            achievement=D("40.00"),
            realization=D(16),
            annual_target=D(40),
            has_quarterly_targets=quarterly,
        )
        assert projection is None and not is_at_risk(projection)


def test_the_cumulative_gap_is_about_earlier_quarters_only() -> None:
    """RULES §8: raised when some p < q has no value while a later one has; a missing quarter
    q itself is the "missing value" flag, never both."""
    assert ytd_realization("cumulative", {1: D(8), 3: D(9)}, 3).gap  # TW II missing
    assert not ytd_realization("cumulative", {1: D(8), 2: D(12)}, 3).gap  # TW III itself
    assert not ytd_realization("cumulative", {1: D(8)}, 3).gap
    assert ytd_realization("cumulative", {1: D(8), 3: D(9)}, 4).gap  # II before III, IV missing
    assert not ytd_realization("cumulative", {}, 3).gap
    assert not ytd_realization("cumulative", {2: D(5)}, 1).gap  # later quarters do not count
    missing_q = indicator_flags(
        aggregation="cumulative",
        value=None,
        has_evidence=False,
        achievement=None,
        previous_value=D(12),
        is_count=True,
        cumulative_gap=ytd_realization("cumulative", {1: D(8), 2: D(12)}, 3).gap,
    )
    assert [f.code for f in missing_q] == ["missing_value"]
