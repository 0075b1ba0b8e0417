"""E.81 Renstra columns 6, 13 and 14 (DOMAIN.md §1.3)."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from monev.domain.renstra import (
    amount_ratio,
    realization_before,
    realization_to_date,
    renstra_achievement,
)


def test_before_adds_up_counts_and_takes_the_latest_level() -> None:
    years = {2025: D(40), 2026: None, 2024: D(10)}
    assert realization_before("cumulative", years) == D(50)
    assert realization_before("last", years) == D(40)
    assert realization_before("average", {2025: D("6.5"), 2026: D("5.1")}) == D("5.1")
    assert realization_before("cumulative", {}) is None
    assert realization_before("last", {2025: None}) is None


def test_to_date_is_six_plus_twelve_for_counts() -> None:
    assert realization_to_date("cumulative", D(50), D(30)) == D(80)
    assert realization_to_date("cumulative", None, D(30)) == D(30)
    assert realization_to_date("cumulative", D(50), None) == D(50)
    assert realization_to_date("cumulative", None, None) is None


def test_to_date_of_a_level_is_its_latest_value() -> None:
    assert realization_to_date("last", D(4), D(3)) == D(3)
    assert realization_to_date("average", D(4), None) == D(4)
    assert realization_to_date("last", None, None) is None


def test_renstra_achievement_is_thirteen_over_five() -> None:
    assert renstra_achievement("positive", "A", D(200), D(80)) == D("40.00")
    # Open unemployment: end target 4 %, now 4,5 % → (2×4 − 4,5) / 4 × 100 = 87,50.
    assert renstra_achievement("negative", "A", D(4), D("4.5")) == D("87.50")
    assert renstra_achievement("negative", "B", D(4), D(5)) == D("80.00")
    assert renstra_achievement("positive", "A", None, D(5)) is None
    assert renstra_achievement("positive", "A", D(5), None) is None


def test_amount_ratio() -> None:
    assert amount_ratio(D(250_000_000), D(1_000_000_000)) == D("25.00")
    assert amount_ratio(D(1), D(3)) == D("33.33")
    assert amount_ratio(None, D(3)) is None
    assert amount_ratio(D(1), None) is None


amounts = st.decimals(min_value=0, max_value=10**9, places=2)


@given(before=amounts, this_year=amounts, more=amounts)
def test_more_this_year_never_lowers_the_cumulative_total(before: D, this_year: D, more: D) -> None:
    low = realization_to_date("cumulative", before, this_year)
    high = realization_to_date("cumulative", before, this_year + more)
    assert low is not None and high is not None and high >= low
