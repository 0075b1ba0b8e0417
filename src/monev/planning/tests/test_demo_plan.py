"""The demo plan (monev.demo.planning): a real Renstra 2025–2029 of DKUKMTK Balangan with
every kind of indicator, targets, Rencana Aksi 2026, and budgets with a cash plan."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from monev.demo import planning as demo_plan
from monev.planning import services
from monev.planning.choices import PARENT_LEVEL, Level
from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target
from monev.planning.xlsx import export_plan, parse_plan

pytestmark = pytest.mark.django_db

YEARS = list(range(2025, 2030))
PATTERNS = {
    Level.PROGRAM: r"\d\.\d{2}\.\d{2}",
    Level.KEGIATAN: r"\d\.\d{2}\.\d{2}\.2\.\d{2}",
    Level.SUB_KEGIATAN: r"\d\.\d{2}\.\d{2}\.2\.\d{2}\.\d{4}",
    Level.TUJUAN: r"T\d",
    Level.SASARAN: r"S\d\.\d",
}


@pytest.fixture
def period(demo_org: Any) -> RenstraPeriod:
    return demo_plan.load(demo_org)


def _targets(indicator: Indicator) -> dict[tuple[int, int | None], Decimal]:
    return {(t.year, t.quarter): t.value for t in indicator.targets.all()}


def _indicators(period: RenstraPeriod) -> list[Indicator]:
    return list(
        Indicator.objects.filter(period=period)
        .select_related("node", "responsible_unit")
        .prefetch_related("targets")
    )


def test_the_period_is_the_agencys_renstra_2025_2029(period: RenstraPeriod, demo_org: Any) -> None:
    assert period.agency == demo_org
    assert period.name == demo_plan.PERIOD_NAME
    assert (period.start_year, period.end_year) == (2025, 2029)
    assert period.nomenclature_version.startswith("Kepmendagri 050-5889/2021")
    counts = {level: PlanNode.objects.filter(period=period, level=level).count() for level in Level}
    assert counts[Level.TUJUAN] == 2
    assert 3 <= counts[Level.SASARAN] <= 4
    assert all(counts[level] > 0 for level in Level)


def test_every_node_hangs_under_the_level_above_with_a_kepmendagri_code(
    period: RenstraPeriod,
) -> None:
    nodes = PlanNode.objects.filter(period=period).select_related("parent")
    for node in nodes:
        assert re.fullmatch(PATTERNS[Level(node.level)], node.code), node.code
        parent_level = PARENT_LEVEL[Level(node.level)]
        if parent_level is None:
            assert node.parent is None
            continue
        assert node.parent is not None and node.parent.level == parent_level, node.code
        if node.level in (Level.KEGIATAN, Level.SUB_KEGIATAN):
            assert node.code.startswith(f"{node.parent.code}."), node.code
        if node.level != Level.TUJUAN:
            assert node.responsible_unit is not None, node.code
    codes = {n.code for n in nodes}
    for program in ["2.17.01", "2.17.03", "2.17.04", "2.17.05", "2.17.06", "2.17.07"]:
        assert program in codes
    for program in ["2.17.08", "2.07.02", "2.07.03", "2.07.04", "2.07.05"]:
        assert program in codes
    for sub in ["2.17.01.2.01.0006", "2.17.01.2.01.0007", "2.17.01.2.02.0001"]:
        assert sub in codes
    assert "2.17.01.2.06.0009" in codes
    support = PlanNode.objects.get(period=period, code="2.17.01")
    assert support.name == "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    assert support.responsible_unit is not None and support.responsible_unit.code == "SEK"


def test_the_units_carry_the_programs_of_their_field(period: RenstraPeriod) -> None:
    def unit_of(code: str) -> str:
        node = PlanNode.objects.select_related("responsible_unit").get(period=period, code=code)
        assert node.responsible_unit is not None
        return str(node.responsible_unit.code)

    assert {unit_of(c) for c in ["2.17.03", "2.17.04", "2.17.05", "2.17.06"]} == {"BID-KOP"}
    assert {unit_of(c) for c in ["2.17.07", "2.17.08"]} == {"BID-UKM"}
    assert {unit_of(c) for c in ["2.07.02", "2.07.03", "2.07.04", "2.07.05"]} == {"BID-NAKER"}
    assert unit_of("2.07.03.2.01") == "UPTD-BLK"
    subs = PlanNode.objects.filter(period=period, code__startswith="2.17.01.2.")
    assert {n.responsible_unit.code for n in subs if n.responsible_unit} <= {
        "SUBBAG-PROG",
        "SUBBAG-UMPEG",
        "SUBBAG-KEU",
    }


def test_the_indicators_cover_every_kind(period: RenstraPeriod) -> None:
    indicators = _indicators(period)
    assert 35 <= len(indicators) <= 45
    kinds = set()
    for indicator in indicators:
        quarterly = any(q is not None for _y, q in _targets(indicator))
        kind = (indicator.polarity, indicator.aggregation)
        if indicator.polarity == "negative":
            kind += (indicator.negative_variant,)
        if kind == ("positive", "cumulative"):
            kind += ("quarterly" if quarterly else "annual only",)
        kinds.add(kind)
    for kind in [
        ("positive", "cumulative", "quarterly"),
        ("positive", "cumulative", "annual only"),
        ("positive", "last"),
        ("positive", "average"),
        ("negative", "last", "A"),
        ("negative", "last", "B"),
        ("negative", "cumulative", "A"),
    ]:
        assert kind in kinds, kind
    assert {0, 1, 2} <= {i.decimals for i in indicators}
    satuan = {i.unit_of_measure for i in indicators}
    for unit in ["orang", "koperasi", "unit usaha", "dokumen", "laporan", "%", "perusahaan"]:
        assert unit in satuan
    assert {"lembaga", "kasus"} <= satuan
    levels = {i.node.level for i in indicators}
    assert {Level.SASARAN, Level.PROGRAM, Level.SUB_KEGIATAN} <= levels


def test_iku_are_at_sasaran_level_defined_and_one_per_sasaran(period: RenstraPeriod) -> None:
    iku = [i for i in _indicators(period) if i.is_iku]
    assert {i.node.level for i in iku} == {Level.SASARAN}
    for indicator in iku:
        assert indicator.definition and indicator.data_source, indicator.code
    sasaran = set(PlanNode.objects.filter(period=period, level=Level.SASARAN))
    assert {i.node for i in iku} == sasaran
    names = {i.name for i in iku}
    assert {"Persentase koperasi aktif", "Tingkat pengangguran terbuka"} <= names
    tpt = next(i for i in iku if i.name == "Tingkat pengangguran terbuka")
    assert (tpt.polarity, tpt.aggregation) == ("negative", "last")


def test_codes_are_unique_and_follow_their_node(period: RenstraPeriod) -> None:
    indicators = _indicators(period)
    assert len({i.code for i in indicators}) == len(indicators)
    for indicator in indicators:
        assert re.fullmatch(rf"IK\.{re.escape(indicator.node.code)}\.\d{{2}}", indicator.code)
    codes = {i.code for i in indicators}
    assert {"IK.S1.1.01", "IK.2.17.03.2.01.0004.01"} <= codes


def test_every_bidang_is_responsible_for_indicators(period: RenstraPeriod) -> None:
    units = {i.responsible_unit.code for i in _indicators(period)}
    assert {"BID-KOP", "BID-UKM", "BID-NAKER", "UPTD-BLK", "SUBBAG-PROG"} <= units


def test_each_indicator_has_five_annual_targets_a_baseline_and_an_end_target(
    period: RenstraPeriod,
) -> None:
    indicators = _indicators(period)
    with_quarters = 0
    for indicator in indicators:
        targets = _targets(indicator)
        annual = [targets[(year, None)] for year in YEARS]
        assert indicator.baseline is not None and indicator.end_target is not None
        assert indicator.end_target == annual[-1], indicator.code
        step = Decimal(1).scaleb(-indicator.decimals)
        values = [indicator.baseline, *targets.values()]
        assert all(v == v.quantize(step) for v in values), indicator.code
        quarters = {q: v for (y, q), v in targets.items() if q is not None}
        assert {y for y, q in targets if q is not None} <= {2026}
        if quarters:
            with_quarters += 1
            assert sorted(quarters) == [1, 2, 3, 4], indicator.code
            if indicator.aggregation == "last":  # the quarter's level; TW IV is the year's
                assert quarters[4] == targets[(2026, None)], indicator.code
            if indicator.aggregation == "average":
                assert sum(quarters.values()) / 4 == targets[(2026, None)], indicator.code
        # Plausible growth over the Renstra: each year at least as good as the one before.
        sign = 1 if indicator.polarity == "positive" else -1
        steps = zip([indicator.baseline, *annual], annual, strict=False)
        assert all(sign * (later - earlier) >= 0 for earlier, later in steps), indicator.code
    assert with_quarters >= len(indicators) * 3 // 4  # Rencana Aksi for most indicators


def test_exactly_one_cumulative_indicator_has_quarters_off_its_annual_target(
    period: RenstraPeriod,
) -> None:
    off, warned = [], []
    for indicator in _indicators(period):
        targets = _targets(indicator)
        quarters = [v for (y, q), v in targets.items() if y == 2026 and q is not None]
        cumulative = indicator.aggregation == "cumulative" and quarters
        if cumulative and sum(quarters) != targets[(2026, None)]:
            off.append(indicator.code)
            assert sum(quarters) < targets[(2026, None)]
        if services.target_warnings(indicator, targets):
            warned.append(indicator.code)
    assert off == [demo_plan.INCONSISTENT_INDICATOR]
    assert warned == off


def test_every_sub_kegiatan_has_budgets_and_a_2026_cash_plan(period: RenstraPeriod) -> None:
    subs = list(PlanNode.objects.filter(period=period, level=Level.SUB_KEGIATAN))
    assert subs
    for node in subs:
        assert Budget.objects.filter(node=node, year=2025).exists(), node.code
        budget = Budget.objects.get(node=node, year=2026)
        assert all(c is not None for c in budget.cash_plan), node.code
        assert sum(budget.cash_plan) == budget.pagu, node.code  # type: ignore[arg-type]
        if node.code != "2.17.01.2.02.0001":
            assert Decimal(15_000_000) <= budget.pagu <= Decimal(600_000_000), node.code
    assert not Budget.objects.filter(node__period=period).exclude(node__level="sub_kegiatan")
    pagu = Budget.objects.filter(node__period=period, year=2026).values_list("pagu", flat=True)
    assert Decimal(5_000_000_000) <= sum(pagu) <= Decimal(7_000_000_000)
    gaji = Budget.objects.get(node__period=period, node__code="2.17.01.2.02.0001", year=2026)
    assert Decimal(2_000_000_000) <= gaji.pagu <= Decimal(3_000_000_000)


def test_targets_are_loaded_as_listed_and_cash_is_split_to_the_thousand(
    period: RenstraPeriod,
) -> None:
    rows = demo_plan.INDICATORS
    assert Target.objects.filter(indicator__period=period).count() == sum(
        5 + (4 if row.quarters else 0) for row in rows
    )
    assert demo_plan.cash_plan(Decimal("45000000"), "report") == [
        Decimal("9000000"),
        Decimal("13500000"),
        Decimal("11250000"),
        Decimal("11250000"),
    ]
    assert sum(demo_plan.cash_plan(Decimal("123456789"), "program")) == Decimal("123456789")


def test_the_demo_plan_survives_an_xlsx_round_trip_with_one_warning(
    period: RenstraPeriod,
) -> None:
    result = parse_plan(export_plan(period), period=period)
    assert result.ok, [str(e) for e in result.errors]
    assert result.is_unchanged
    assert len(result.warnings) == 1
    assert demo_plan.INCONSISTENT_INDICATOR in result.warnings[0]
