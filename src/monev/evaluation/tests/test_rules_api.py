"""RULES §2 "What counts", §3, §7 and §8 through the results API (and the pages beside it):
a test per rule (issue #15 items 2 and 3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from monev.collection import services as collection
from monev.collection.models import BudgetRealization, Realization, Submission
from monev.evaluation import dashboard, e81
from monev.evaluation.e81 import page as e81_page
from monev.planning.models import Budget, Indicator
from monev.sop import services as sop_services
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

OUTPUT = "IK.2.17.03.2.01.0004.01"  # positive, cumulative, quarterly targets 10 × 4 (annual 40)
IKU = "IK.S1.1.01"  # positive, last, annual target 65


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _results(user: Any, quarter: int) -> dict[str, dict[str, Any]]:
    body = _api(user).get("/api/v1/results/", {"year": 2026, "quarter": quarter}).json()
    return {row["indicator_code"]: row for row in body["results"]}


def _report(code: str, values: dict[int, str]) -> None:
    indicator = Indicator.objects.get(code=code)
    for quarter, value in values.items():
        Realization.objects.create(
            indicator=indicator, year=2026, quarter=quarter, value=Decimal(value)
        )


# --- §2 What counts ---------------------------------------------------------------------------


@pytest.fixture
def form(sop_cycle: Any, small_plan: Any, personas: Any) -> Submission:
    """Triwulan III 2026 after step 1: Bidang Koperasi's format isian, a draft."""
    sop_services.step_complete(actor=personas["kasubag"], run=run_of(sop_cycle, 1))
    return Submission.objects.get(cycle=sop_cycle, unit__code="BID-KOP")


def test_a_draft_value_reaches_no_result_until_the_form_is_submitted(
    form: Submission, personas: Any
) -> None:
    operator, kadis = personas["operator.koperasi"], personas["kadis"]
    iku = Indicator.objects.get(code=IKU)
    output = Indicator.objects.get(code=OUTPUT)
    collection.submission_save(
        actor=operator,
        submission=form,
        version=form.version,
        indicators={
            iku.pk: collection.IndicatorInput(Decimal("58.3")),
            output.pk: collection.IndicatorInput(Decimal(9)),
        },
        budgets={output.node_id: Decimal(15_000_000)},
        narratives={},
    )
    agency = form.cycle.agency

    def seen() -> dict[str, Any]:
        api = _results(kadis, 3)
        units = _api(kadis).get("/api/v1/results/units/", {"year": 2026, "quarter": 3}).json()
        board = dashboard.build(agency.pk, year=2026, quarter=3)
        table = e81.build(agency, year=2026, quarter=3)
        iku_row = next(r for r in table.rows if r.code == IKU)
        page = Client()
        page.force_login(kadis)
        html = page.get(reverse("evaluation:dashboard"), {"tahun": 2026, "triwulan": 3})
        return {
            "api": (api[IKU]["realization"], api[OUTPUT]["realization"]),
            "spent": units["agency"]["budget_realization"],
            "dashboard": board.agency.mean,
            "not_submitted": [u.code for u in board.not_submitted],
            "e81": (iku_row.cell(10).k, table.totals[12].rp),
            "banner": "Belum mengajukan laporan" in html.content.decode(),
        }

    draft = seen()
    assert draft["api"] == (None, None)
    assert Decimal(draft["spent"]) == 0 and draft["dashboard"] is None
    assert draft["e81"] == (None, None)
    assert draft["not_submitted"] == ["BID-KOP"] and draft["banner"]
    # The operator's own form still shows the draft.
    assert Realization.objects.get(indicator=iku).value == Decimal("58.3")

    collection.submission_submit(actor=operator, submission=Submission.objects.get(pk=form.pk))
    submitted = seen()
    assert submitted["api"] == (58.3, 9.0)
    assert Decimal(submitted["spent"]) == Decimal(15_000_000)
    assert submitted["dashboard"] is not None
    assert submitted["e81"] == (Decimal("58.3"), Decimal(15_000_000))
    assert submitted["not_submitted"] == [] and not submitted["banner"]

    # Returned to the Bidang, the form is work in progress again: it counts no more.
    collection.submission_return(
        actor=personas["kasubag"], submission=Submission.objects.get(pk=form.pk), note="Cek"
    )
    assert _results(kadis, 3)[IKU]["realization"] is None


def test_values_without_a_form_count(small_plan: Any, personas: Any) -> None:
    """Data of a quarter without a cycle (earlier years, imports) is not a draft."""
    _report(IKU, {3: "58.3"})
    assert _results(personas["kadis"], 3)[IKU]["achievement_pct"] == 89.69


# --- §3 Annual progress, §7 projection ----------------------------------------------------------


def test_the_api_gives_annual_progress_beside_achievement_and_the_projection(
    small_plan: Any, personas: Any
) -> None:
    """Worked example 1: at TW III R = 29, T = 30 → 96,67 %, annual progress 72,50 %; with
    quarterly targets the projection is the current achievement."""
    _report(OUTPUT, {1: "8", 2: "12", 3: "9"})
    _report(IKU, {3: "58.3"})
    rows = _results(personas["kadis"], 3)
    output = rows[OUTPUT]
    assert (output["achievement_pct"], output["annual_progress_pct"]) == (96.67, 72.5)
    assert output["annual_target"] == 40.0 and output["projection_pct"] == 96.67
    assert not output["at_risk"]
    # For "last" the annual progress is the achievement (worked example 4).
    assert rows[IKU]["annual_progress_pct"] == rows[IKU]["achievement_pct"] == 89.69
    # Beside the achievement on the indicator page and the dashboard too.
    page = Client()
    page.force_login(personas["kadis"])
    output_pk = Indicator.objects.get(code=OUTPUT).pk
    detail = page.get(reverse("planning:indicator_detail", args=[output_pk])).content.decode()
    assert 'data-testid="indicator-results"' in detail and "72,50" in detail
    board = page.get(
        reverse("evaluation:dashboard"), {"tahun": 2026, "triwulan": 3, "program": "2.17.03"}
    ).content.decode()
    assert 'data-testid="annual-progress"' in board and "72,50" in board


def test_the_projection_without_quarterly_targets_and_the_at_risk_list(
    small_plan: Any, personas: Any
) -> None:
    """Cumulative without quarterly targets: (R / q × 4) / annual × 100; below 76 at risk."""
    output = Indicator.objects.get(code=OUTPUT)
    output.targets.filter(quarter__isnull=False).delete()
    _report(OUTPUT, {1: "4", 2: "6"})  # R = 10 at TW II → 20 / 40 = 50 %
    row = _results(personas["kadis"], 2)[OUTPUT]
    assert row["projection_pct"] == 50.0 and row["at_risk"]
    board = dashboard.build(small_plan.agency_id, year=2026, quarter=2)
    assert [r.indicator.code for r in board.at_risk] == [OUTPUT]


def test_at_tw_iv_no_projection_and_no_at_risk_list(small_plan: Any, personas: Any) -> None:
    _report(OUTPUT, {1: "2", 2: "2", 3: "2", 4: "2"})  # 8 of 40: 20 %, Sangat Rendah
    at_three = _results(personas["kadis"], 3)[OUTPUT]
    assert at_three["at_risk"] and at_three["projection_pct"] is not None
    at_four = _results(personas["kadis"], 4)[OUTPUT]
    assert at_four["achievement_pct"] == 20.0
    assert at_four["projection_pct"] is None and not at_four["at_risk"]
    assert dashboard.build(small_plan.agency_id, year=2026, quarter=4).at_risk == []
    page = Client()
    page.force_login(personas["kadis"])
    html = page.get(reverse("evaluation:dashboard"), {"tahun": 2026, "triwulan": 4}).content
    assert b'data-testid="at-risk"' not in html and b'data-testid="year-over"' in html


# --- §8 Cumulative gap ------------------------------------------------------------------------


def test_the_cumulative_gap_only_for_a_missing_earlier_quarter(
    small_plan: Any, personas: Any
) -> None:
    _report(OUTPUT, {1: "8", 2: "12"})
    flags_q3 = _results(personas["kadis"], 3)[OUTPUT]["flags"]
    assert "missing_value" in flags_q3 and "cumulative_gap" not in flags_q3
    Realization.objects.filter(indicator__code=OUTPUT, quarter=2).delete()
    _report(OUTPUT, {3: "9"})
    flags_q3 = _results(personas["kadis"], 3)[OUTPUT]["flags"]
    assert "cumulative_gap" in flags_q3 and "missing_value" not in flags_q3


# --- The agency row of results/units/ ---------------------------------------------------------


def test_the_agency_row_carries_its_pagu_and_budget_realisation(
    small_plan: Any, personas: Any
) -> None:
    """Worked example 9: pagu Rp 150.000.000, TW I Rp 20.000.000, TW II Rp 35.500.000 → at TW
    II serapan 37,00 %, on the agency row as on the unit row."""
    sub = Indicator.objects.get(code=OUTPUT).node
    Budget.objects.filter(node=sub, year=2026).update(pagu=Decimal(150_000_000))
    for quarter, amount in ((1, 20_000_000), (2, 35_500_000)):
        BudgetRealization.objects.create(node=sub, year=2026, quarter=quarter, amount=amount)
    body = (
        _api(personas["kadis"]).get("/api/v1/results/units/", {"year": 2026, "quarter": 2}).json()
    )
    for row in (body["agency"], body["units"][0]):
        assert Decimal(row["pagu"]) == Decimal(150_000_000)
        assert Decimal(row["budget_realization"]) == Decimal(55_500_000)
        assert Decimal(str(row["absorption_pct"])) == Decimal("37.00")


# --- E.81 by program ---------------------------------------------------------------------------


def test_a_large_plan_opens_the_e81_page_on_one_program_with_the_whole_table_a_click_away(
    small_plan: Any, personas: Any, monkeypatch: Any
) -> None:
    from monev.planning.models import PlanNode

    sasaran = PlanNode.objects.get(code="S1.1")
    other = PlanNode.objects.create(
        period=small_plan, level="program", code="2.17.04", parent=sasaran, name="Program lain"
    )
    Indicator.objects.create(
        period=small_plan,
        node=other,
        code="IK.2.17.04.01",
        name="Indikator program lain",
        unit_of_measure="orang",
        responsible_unit=sasaran.responsible_unit,
    )
    _report(IKU, {3: "58.3"})
    monkeypatch.setattr(e81_page, "WHOLE_TABLE_UP_TO", 1)
    page = Client()
    page.force_login(personas["kadis"])
    url = reverse("evaluation:e81")
    one = page.get(url, {"tahun": 2026, "triwulan": 3}).content.decode()
    assert 'data-testid="e81-by-program"' in one and 'data-testid="e81-whole"' in one
    assert 'data-node="2.17.03"' in one and 'data-node="2.17.04"' not in one
    whole = page.get(url, {"tahun": 2026, "triwulan": 3, "program": "semua"}).content.decode()
    assert 'data-node="2.17.03"' in whole and 'data-node="2.17.04"' in whole
    # Annual progress beside the achievement (column 12a) on the page.
    assert 'data-testid="annual-progress"' in whole
    xlsx = page.get(reverse("evaluation:e81_xlsx"), {"tahun": 2026, "triwulan": 3})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
