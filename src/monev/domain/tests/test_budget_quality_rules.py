"""RULES §6 and §12: worked examples 9 and 18–22, the agency settings of §4, §5 and §12."""

from __future__ import annotations

from decimal import Decimal

from monev.domain.aggregates import group_mean, summarize
from monev.domain.budget import (
    BudgetLine,
    absorption,
    deviation,
    efficiency,
    group_deviation,
    planned_to_date,
    ytd_amount,
)
from monev.domain.quality import (
    budget_flags,
    indicator_flags,
    physical_financial_gap,
    possibly_cumulative,
)
from monev.domain.ratings import Rating, rate
from monev.domain.rule_settings import DEFAULTS, RuleSettings, bands_are_ordered

D = Decimal
M = D(1_000_000)


def codes(flags: list) -> list[str]:
    return [f.code for f in flags]


def test_example_9_serapan() -> None:
    spent = ytd_amount({1: 20 * M, 2: D("35.5") * M}, 2)
    assert absorption(spent, 150 * M) == D("37.00")


def test_example_18_above_cash_plan() -> None:
    pagu, planned, spent = 100 * M, 40 * M, 45 * M
    assert planned / pagu * 100 == 40 and spent / pagu * 100 == 45
    assert deviation(spent, planned, pagu) == D("-12.50")
    assert codes(budget_flags(spent=spent, pagu=pagu, planned=planned)) == ["above_cash_plan"]
    # 44 is the limit (40 × 1,10): at it, no flag.
    assert budget_flags(spent=44 * M, pagu=pagu, planned=planned) == []


def test_example_19_behind_cash_plan() -> None:
    pagu, planned, spent = 100 * M, 40 * M, 28 * M
    assert deviation(spent, planned, pagu) == D("30.00")
    assert codes(budget_flags(spent=spent, pagu=pagu, planned=planned)) == ["behind_cash_plan"]
    # deviasi exactly 25 % (30 of 40) is not "more than b".
    assert budget_flags(spent=30 * M, pagu=pagu, planned=planned) == []


def test_example_20_physical_financial_gap_and_efisiensi() -> None:
    mean = group_mean([D("95.00"), D("85.00")])
    assert mean == D("90.00")
    flags = physical_financial_gap(mean, D("52.00"))
    assert codes(flags) == ["physical_financial_gap"] and flags[0].params["gap"] == D("38.00")
    assert efficiency(mean, D("52.00")) == D("38.00")
    assert physical_financial_gap(D("82.00"), D("52.00")) == []  # 30 points: not more than g


def test_example_21_possibly_entered_cumulatively() -> None:
    flags = indicator_flags(
        aggregation="cumulative",
        value=D(31),
        has_evidence=True,
        achievement=D("200.00"),
        previous_value=D(9),
        is_count=True,
        cumulative_gap=False,
        earlier_sum=D(9),
        quarter_target=D(10),
    )
    assert "possibly_cumulative" in codes(flags)
    assert not possibly_cumulative("cumulative", D(20), D(9), D(10))  # not > 2 × target
    assert not possibly_cumulative("cumulative", D(31), D(40), D(10))  # below earlier sum
    assert not possibly_cumulative("cumulative", D(31), D(0), D(10))  # q = 1: nothing earlier
    assert not possibly_cumulative("last", D(31), D(9), D(10))


def test_example_22_above_pagu() -> None:
    assert absorption(55 * M, 50 * M) == D("110.00")
    assert codes(budget_flags(spent=55 * M, pagu=50 * M)) == ["budget_above_pagu"]


def test_cash_plan_to_date_and_group_deviation() -> None:
    assert planned_to_date([None, None, None, None], 2) is None
    assert planned_to_date([D(15), D(30), None, D(25)], 3) == D(45)
    lines = [
        BudgetLine(pagu=100 * M, spent=28 * M, planned=40 * M),
        BudgetLine(pagu=100 * M, spent=45 * M, planned=40 * M),
        BudgetLine(pagu=50 * M, spent=50 * M),  # no cash plan: left out of the deviasi
    ]
    # (80 − 73) / 80 × 100
    assert group_deviation(lines) == D("8.75")
    assert group_deviation(lines[2:]) is None


def test_settings_thresholds_and_switches() -> None:
    quiet = RuleSettings(above_cash_plan=False, behind_cash_plan=False)
    assert budget_flags(spent=45 * M, pagu=100 * M, planned=40 * M, settings=quiet) == []
    assert codes(budget_flags(spent=60 * M, pagu=50 * M, settings=quiet)) == ["budget_above_pagu"]
    loose = RuleSettings(above_cash_plan_pct=D(20), behind_cash_plan_pct=D(40))
    assert budget_flags(spent=45 * M, pagu=100 * M, planned=40 * M, settings=loose) == []
    assert (
        physical_financial_gap(D(90), D(52), RuleSettings(physical_financial_gap_points=D(40)))
        == []
    )
    kwargs = {
        "aggregation": "last",
        "value": D(16),
        "has_evidence": True,
        "achievement": D(160),
        "previous_value": D(10),
        "is_count": False,
        "cumulative_gap": False,
    }
    assert codes(indicator_flags(**kwargs)) == ["achievement_above_150", "last_value_jump"]
    strict = RuleSettings(far_above_target_pct=D(170), level_jump_pct=D(60))
    assert indicator_flags(**kwargs, settings=strict) == []
    off = RuleSettings(far_above_target=False, level_jump=False)
    assert indicator_flags(**kwargs, settings=off) == []


def test_settings_cap_bands_and_defaults() -> None:
    assert DEFAULTS.group_cap == 100 and DEFAULTS.rating_labels == "permendagri"
    values = [D("96.67"), D("86.67"), D("120.00"), None]
    assert summarize(values, DEFAULTS.group_cap).mean == D("94.45")  # example 10
    assert summarize(values, None).mean == D("101.11")  # no cap
    bands = RuleSettings(band_sangat_tinggi=D(90)).bands
    assert rate(D("90.50")) == Rating.TINGGI and rate(D("90.50"), bands) == Rating.SANGAT_TINGGI
    assert bands_are_ordered(DEFAULTS)
    assert not bands_are_ordered(RuleSettings(band_tinggi=D(95)))
    data = RuleSettings(group_cap=None, rating_labels="baik").to_data()
    assert RuleSettings.from_data(data) == RuleSettings(group_cap=None, rating_labels="baik")
    assert RuleSettings.from_data(None) == DEFAULTS
    assert RuleSettings.from_data({"band_tinggi": "70"}).band_tinggi == D(70)
