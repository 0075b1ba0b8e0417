"""RULES §6 and §12 worked examples (9, 18–22) through the services — the stored results,
the budget view, the dashboard, Formulir E.81 and the flag board — and through the results
API; the agency settings changing the rules (issue 25, items 1 and 4)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from monev.collection.models import BudgetRealization, Realization
from monev.evaluation import dashboard, e81
from monev.evaluation.e81 import DEVIATION, EFFICIENCY, RENJA
from monev.evaluation.e81 import xlsx as e81_xlsx
from monev.evaluation.flagboard import flag_board
from monev.evaluation.selectors import results_for_quarter
from monev.evaluation.store import year_data
from monev.organization.models import AgencySettings
from monev.planning.models import Budget, Indicator, PlanNode, Target

pytestmark = pytest.mark.django_db

OUTPUT = "IK.2.17.03.2.01.0004.01"  # on the sub kegiatan: cumulative, targets 10 × 4
SUB = "2.17.03.2.01.0004"
M = Decimal(1_000_000)


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _budget(pagu: Decimal, cash: tuple[Decimal | None, ...] = (None,) * 4, **spent: Any) -> None:
    """Set the sub kegiatan's pagu and cash plan of 2026, and its realisation per quarter."""
    sub = PlanNode.objects.get(code=SUB)
    Budget.objects.filter(node=sub, year=2026).update(
        pagu=pagu, cash_q1=cash[0], cash_q2=cash[1], cash_q3=cash[2], cash_q4=cash[3]
    )
    for key, amount in spent.items():
        BudgetRealization.objects.create(node=sub, year=2026, quarter=int(key[1]), amount=amount)


def _report(code: str, values: dict[int, Any]) -> None:
    indicator = Indicator.objects.get(code=code)
    for quarter, value in values.items():
        Realization.objects.create(
            indicator=indicator, year=2026, quarter=quarter, value=Decimal(str(value))
        )


def _flags(agency_id: int, quarter: int) -> dict[str, dict[str, Any]]:
    result = next(
        r
        for r in results_for_quarter(agency_id, year=2026, quarter=quarter)
        if r.indicator.code == OUTPUT
    )
    return {f.code: f.params for f in result.flags}


def _units_api(user: Any, quarter: int) -> dict[str, Any]:
    response = _api(user).get("/api/v1/results/units/", {"year": 2026, "quarter": quarter})
    assert response.status_code == 200
    return response.json()


def _api_flags(user: Any, quarter: int) -> set[str]:
    body = _api(user).get("/api/v1/results/", {"year": 2026, "quarter": quarter}).json()
    return set(next(r for r in body["results"] if r["indicator_code"] == OUTPUT)["flags"])


def _d(value: Any) -> Decimal:
    """A number of the API's JSON as a Decimal."""
    return Decimal(str(value))


def _sub_row(table: e81.E81) -> e81.Row:
    return next(r for r in table.rows if r.code == SUB and not r.is_indicator)


def test_example_9_serapan_everywhere(small_plan: Any, personas: Any) -> None:
    _budget(150 * M, q1=20 * M, q2=Decimal("35.5") * M)
    agency = small_plan.agency
    line = year_data(agency.pk, 2026).budget(2).nodes[PlanNode.objects.get(code=SUB).pk]
    assert line.absorption == Decimal("37.00") and line.deviation is None  # no cash plan
    assert dashboard.build(agency.pk, year=2026, quarter=2).absorption == Decimal("37.00")
    assert _sub_row(e81.build(agency, year=2026, quarter=2)).cell(RENJA).rp == Decimal("37.00")
    body = _units_api(personas["kadis"], 2)
    (sub,) = body["sub_kegiatan"]
    assert (sub["code"], _d(sub["absorption_pct"]), sub["deviation_pct"]) == (SUB, 37, None)
    assert _d(body["agency"]["absorption_pct"]) == Decimal("37.00")


def test_example_18_above_cash_plan(small_plan: Any, personas: Any) -> None:
    _budget(100 * M, (15 * M, 25 * M, 30 * M, 30 * M), q1=20 * M, q2=25 * M)
    agency = small_plan.agency
    line = year_data(agency.pk, 2026).budget(2).nodes[PlanNode.objects.get(code=SUB).pk]
    assert (line.plan_pct, line.absorption, line.deviation) == (
        Decimal("40.00"),
        Decimal("45.00"),
        Decimal("-12.50"),
    )
    flags = _flags(agency.pk, 2)
    assert "above_cash_plan" in flags and "behind_cash_plan" not in flags
    assert flags["above_cash_plan"]["node"].startswith(SUB)
    board = dashboard.build(agency.pk, year=2026, quarter=2)
    assert board.deviation == Decimal("-12.50")
    assert board.by_unit[0].deviation == Decimal("-12.50")
    table = e81.build(agency, year=2026, quarter=2)
    assert _sub_row(table).cell(DEVIATION).rp == Decimal("-12.50")
    assert table.totals[DEVIATION].rp == Decimal("-12.50")
    sheet = load_workbook(BytesIO(e81_xlsx.export(table))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    headings = " ".join(str(c.value) for c in cells if isinstance(c.value, str))
    assert "Deviasi" in headings and "Efisiensi (indikatif)" in headings
    assert Decimal("-12.5") in {
        Decimal(str(c.value)) for c in cells if isinstance(c.value, int | float | Decimal)
    }
    body = _units_api(personas["kadis"], 2)
    assert _d(body["sub_kegiatan"][0]["deviation_pct"]) == Decimal("-12.50")
    assert _d(body["sub_kegiatan"][0]["cash_plan"]) == 40 * M
    assert _d(body["agency"]["deviation_pct"]) == Decimal("-12.50")
    assert "above_cash_plan" in _api_flags(personas["kadis"], 2)


def test_example_19_behind_cash_plan(small_plan: Any, personas: Any) -> None:
    _budget(100 * M, (15 * M, 25 * M, 30 * M, 30 * M), q1=10 * M, q2=18 * M)
    agency = small_plan.agency
    flags = _flags(agency.pk, 2)
    assert flags["behind_cash_plan"]["deviation"] == Decimal("30.00")
    assert "above_cash_plan" not in flags
    body = _units_api(personas["kadis"], 2)
    assert _d(body["units"][0]["deviation_pct"]) == Decimal("30.00")
    assert "behind_cash_plan" in _api_flags(personas["kadis"], 2)


def test_example_20_physical_financial_gap_and_efisiensi(small_plan: Any, personas: Any) -> None:
    sub = PlanNode.objects.get(code=SUB)
    second = Indicator.objects.create(
        period=small_plan,
        node=sub,
        code="IK.SUB.02",
        responsible_unit=sub.responsible_unit,
        name="Persentase koperasi sehat",
        unit_of_measure="%",
        aggregation="last",
        decimals=2,
    )
    Target.objects.create(indicator=second, year=2026, quarter=None, value=Decimal(100))
    _report(OUTPUT, {1: 9, 2: "9.5", 3: 10})  # 28,5 of 30: 95,00 %
    _report("IK.SUB.02", {3: 85})  # 85,00 %
    _budget(100 * M, q3=52 * M)
    agency = small_plan.agency
    line = year_data(agency.pk, 2026).budget(3).nodes[sub.pk]
    assert (line.achievement, line.absorption) == (Decimal("90.00"), Decimal("52.00"))
    assert line.efficiency == Decimal("38.00")
    gap = _flags(agency.pk, 3)["physical_financial_gap"]
    assert gap["gap"] == Decimal("38.00")
    assert _sub_row(e81.build(agency, year=2026, quarter=3)).cell(EFFICIENCY).rp == Decimal("38.00")
    body = _units_api(personas["kadis"], 3)
    assert _d(body["sub_kegiatan"][0]["efficiency_indicative_pts"]) == Decimal("38.00")
    assert "physical_financial_gap" in _api_flags(personas["kadis"], 3)


def test_example_21_possibly_entered_cumulatively(small_plan: Any, personas: Any) -> None:
    _report(OUTPUT, {1: 9, 2: 31})
    agency = small_plan.agency
    assert "possibly_cumulative" in _flags(agency.pk, 2)
    assert "possibly_cumulative" not in _flags(agency.pk, 1)
    assert "possibly_cumulative" in _api_flags(personas["kadis"], 2)


def test_example_22_above_pagu_on_the_flag_board(
    small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    _budget(50 * M, q1=20 * M, q2=20 * M, q3=15 * M)
    agency = small_plan.agency
    assert dashboard.build(agency.pk, year=2026, quarter=3).absorption == Decimal("110.00")
    flags = _flags(agency.pk, 3)
    assert flags["budget_above_pagu"]["spent"] == 55 * M
    visible = {i.pk for i in Indicator.objects.filter(period=small_plan)}
    board = flag_board(sop_cycle, visible, kind="budget_above_pagu")
    (item,) = board.items
    assert item.result.indicator.code == OUTPUT
    assert "Rp 55.000.000" in item.text and SUB in item.text and item.check
    assert "budget_above_pagu" in _api_flags(personas["kadis"], 3)
    assert _d(_units_api(personas["kadis"], 3)["agency"]["absorption_pct"]) == 110


def test_settings_change_the_rules_and_the_results(small_plan: Any, personas: Any) -> None:
    _budget(100 * M, (15 * M, 25 * M, 30 * M, 30 * M), q1=20 * M, q2=25 * M)
    _report(OUTPUT, {1: 9, 2: 31})
    agency = small_plan.agency
    assert {"above_cash_plan", "possibly_cumulative"} <= set(_flags(agency.pk, 2))
    AgencySettings.objects.create(
        agency=agency,
        above_cash_plan_pct=Decimal(20),
        possibly_cumulative=False,
        group_cap_enabled=False,
        band_sangat_tinggi=Decimal(200),
    )
    flags = _flags(agency.pk, 2)
    assert "above_cash_plan" not in flags and "possibly_cumulative" not in flags
    # 40 of 20 = 200 %: uncapped in the means, and Sangat Tinggi only from 200.
    board = dashboard.build(agency.pk, year=2026, quarter=2)
    assert board.agency.mean == Decimal("200.00") and board.agency.rating == "sangat_tinggi"
    body = _units_api(personas["kadis"], 2)
    assert body["settings"]["group_cap"] is None and body["settings"]["above_cash_plan_pct"]


def test_the_budget_rules_use_the_pagu_and_cash_plan_of_the_stage_in_force(
    small_plan: Any, personas: Any
) -> None:
    """RULES §11 example 17 with §6 and §8: a perubahan from TW III cuts the pagu to 800
    million and its cash plan; TW II keeps the murni pagu, TW III is measured against the new
    one, and the pagu flag follows the stage in force."""
    from datetime import date

    from monev.planning.stage_services import stage_create

    _budget(1000 * M, (100 * M, 300 * M, 300 * M, 300 * M), q1=100 * M, q2=300 * M, q3=450 * M)
    sub = PlanNode.objects.get(code=SUB)
    stage_create(
        actor=None,
        period=small_plan,
        year=2026,
        kind="perubahan",
        first_quarter=3,
        reason="APBD-P",
        decided_on=date(2026, 9, 30),
        targets={},
        budgets={sub.pk: {"pagu": 800 * M, "cash_q3": 250 * M, "cash_q4": 150 * M}},
    )
    agency = small_plan.agency
    data = year_data(agency.pk, 2026)
    tw2, tw3 = data.budget(2).nodes[sub.pk], data.budget(3).nodes[sub.pk]
    assert (tw2.pagu, tw2.absorption, tw2.deviation) == (1000 * M, Decimal("40.00"), 0)
    # s/d TW III: spent 850 of 800 (above pagu, §8); cash plan 100 + 300 + 250 = 650.
    assert (tw3.pagu, tw3.planned, tw3.absorption) == (800 * M, 650 * M, Decimal("106.25"))
    assert "budget_above_pagu" in _flags(agency.pk, 3)
    assert "budget_above_pagu" not in _flags(agency.pk, 2)
    body = _units_api(personas["kadis"], 3)
    assert _d(body["sub_kegiatan"][0]["pagu"]) == 800 * M
