"""Plan stages (RULES §11, issue 25 item 2): the worked examples 16 and 17 through the
services and the API, and a perubahan from TW III after TW I–II are locked."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from rest_framework.test import APIClient

from monev.collection.models import BudgetRealization, Realization
from monev.core.models import AuditEntry
from monev.domain.ratings import Rating
from monev.evaluation import e81
from monev.evaluation.e81 import xlsx as e81_xlsx
from monev.evaluation.store import year_data
from monev.planning import services
from monev.planning.models import Budget, Indicator, PlanNode, PlanStage, Target
from monev.reports import document, render_pdf, sections
from monev.reports.builder import build_snapshot
from monev.reports.document import e81_table
from monev.reports.snapshot import to_data
from monev.sop.models import Cycle

pytestmark = pytest.mark.django_db
OUTPUT = "IK.2.17.03.2.01.0004.01"
SUB = "2.17.03.2.01.0004"
NOW = datetime(2026, 10, 1, 9, 0, tzinfo=ZoneInfo("Asia/Makassar"))


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _set_murni(indicator: Indicator, annual: int, quarters: list[int]) -> None:
    Target.objects.filter(indicator=indicator, year=2026).delete()
    Target.objects.create(indicator=indicator, year=2026, quarter=None, value=Decimal(annual))
    for q, value in enumerate(quarters, start=1):
        Target.objects.create(indicator=indicator, year=2026, quarter=q, value=Decimal(value))


def _lock(sop_cycle: Any, *quarters: int) -> list[Cycle]:
    """Close (archive) the cycles of `quarters` of 2026."""
    cycles = []
    for quarter in quarters:
        cycle, _ = Cycle.objects.get_or_create(
            agency=sop_cycle.agency,
            year=2026,
            quarter=quarter,
            defaults={
                "definition": sop_cycle.definition,
                "disposition": f"Triwulan {quarter}",
                "opened_at": sop_cycle.opened_at,
            },
        )
        Cycle.objects.filter(pk=cycle.pk).update(status="selesai")
        cycles.append(Cycle.objects.get(pk=cycle.pk))
    return cycles


def _perubahan(actor: Any, period: Any, **kwargs: Any) -> PlanStage:
    fields: dict[str, Any] = {
        "kind": "perubahan",
        "first_quarter": 3,
        "reason": "Perda APBD Perubahan 2026",
        "targets": {},
        "budgets": {},
    }
    fields.update(kwargs)
    return services.stage_create(actor=actor, period=period, year=2026, **fields)


@pytest.fixture
def example_16(small_plan: Any) -> Indicator:
    """Worked example 16: positive, cumulative; murni annual 100, quarterly 20, 30, 30, 20;
    R TW I 18, TW II 25, TW III 22."""
    output = Indicator.objects.get(code=OUTPUT)
    _set_murni(output, 100, [20, 30, 30, 20])
    for quarter, value in ((1, 18), (2, 25), (3, 22)):
        Realization.objects.create(
            indicator=output, year=2026, quarter=quarter, value=Decimal(value)
        )
    return output


def _result(agency_id: int, quarter: int) -> Any:
    return next(
        r for r in year_data(agency_id, 2026).results[quarter] if r.indicator.code == OUTPUT
    )


def test_worked_example_16_through_the_services(
    example_16: Indicator, small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    agency = small_plan.agency_id
    _lock(sop_cycle, 1, 2)
    before = _result(agency, 2)
    assert (before.target, before.realization, before.achievement) == (
        Decimal(50),
        Decimal(43),
        Decimal("86.00"),
    )
    stage = _perubahan(
        personas["kasubag"],
        small_plan,
        targets={
            (example_16.pk, None): Decimal(80),
            (example_16.pk, 3): Decimal(20),
            (example_16.pk, 4): Decimal(10),
        },
    )
    assert stage.number == 1 and stage.made_by == personas["kasubag"]
    tw2, tw3 = _result(agency, 2), _result(agency, 3)
    assert (tw2.target, tw2.realization, tw2.achievement) == (
        Decimal(50),
        Decimal(43),
        Decimal("86.00"),
    )
    assert tw2.annual_target == Decimal(100) and tw2.murni_annual_target is None
    assert tw2.stage_label == "Murni"
    assert (tw3.target, tw3.realization, tw3.achievement) == (
        Decimal(70),
        Decimal(65),
        Decimal("92.86"),
    )
    assert tw3.rating == Rating.SANGAT_TINGGI
    assert (tw3.annual_target, tw3.murni_annual_target) == (Decimal(80), Decimal(100))
    assert tw3.annual_progress == Decimal("81.25")
    assert tw3.stage_label == "Perubahan (mulai Triwulan III)"
    # The murni plan is kept as it was.
    assert Target.objects.get(indicator=example_16, year=2026, quarter=None).value == 100


def test_worked_example_16_through_the_api(
    example_16: Indicator, small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    _lock(sop_cycle, 1, 2)
    _perubahan(
        personas["kasubag"],
        small_plan,
        targets={
            (example_16.pk, None): Decimal(80),
            (example_16.pk, 3): Decimal(20),
            (example_16.pk, 4): Decimal(10),
        },
    )
    api = _api(personas["kadis"])

    def row(quarter: int) -> dict[str, Any]:
        body = api.get("/api/v1/results/", {"year": 2026, "quarter": quarter}).json()
        return next(r for r in body["results"] if r["indicator_code"] == OUTPUT)

    tw2, tw3 = row(2), row(3)
    assert (tw2["target"], tw2["realization"], tw2["achievement_pct"]) == (50.0, 43.0, 86.0)
    assert tw2["annual_target"] == 100.0 and tw2["murni_annual_target"] is None
    assert (tw3["target"], tw3["realization"], tw3["achievement_pct"]) == (70.0, 65.0, 92.86)
    assert tw3["rating"] == "sangat_tinggi"
    assert (tw3["annual_target"], tw3["murni_annual_target"]) == (80.0, 100.0)
    assert tw3["annual_progress_pct"] == 81.25
    assert tw3["stage"] == "Perubahan (mulai Triwulan III)"
    stages = api.get("/api/v1/plan/stages/", {"year": 2026}).json()
    assert [s["kind"] for s in stages["stages"]] == ["murni", "perubahan"]
    changed = stages["stages"][1]["targets"]
    assert {(t["indicator_code"], t["quarter"], t["value"]) for t in changed} == {
        (OUTPUT, None, 80.0),
        (OUTPUT, 3, 20.0),
        (OUTPUT, 4, 10.0),
    }


@pytest.fixture
def example_17(small_plan: Any) -> PlanNode:
    """Worked example 17: pagu murni Rp 1.000.000.000; realisation s/d TW II Rp 400.000.000,
    s/d TW III Rp 600.000.000."""
    sub = PlanNode.objects.get(code=SUB)
    Budget.objects.filter(node=sub, year=2026).update(pagu=Decimal(1_000_000_000))
    for quarter, amount in ((1, 150_000_000), (2, 250_000_000), (3, 200_000_000)):
        BudgetRealization.objects.create(
            node=sub, year=2026, quarter=quarter, amount=Decimal(amount)
        )
    return sub


def test_worked_example_17_through_the_services_and_the_api(
    example_17: PlanNode, small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    _lock(sop_cycle, 1, 2)
    _perubahan(
        personas["kasubag"], small_plan, budgets={example_17.pk: {"pagu": Decimal(800_000_000)}}
    )
    agency = small_plan.agency

    def serapan(quarter: int) -> tuple[Decimal | None, Decimal | None]:
        table = e81.build(agency, year=2026, quarter=quarter)
        row = next(r for r in table.rows if r.code == SUB)
        return row.cell(7).rp, row.cell(e81.RENJA).rp

    assert serapan(2) == (Decimal(1_000_000_000), Decimal("40.00"))
    assert serapan(3) == (Decimal(800_000_000), Decimal("75.00"))
    api = _api(personas["kadis"])
    for quarter, pagu, pct in ((2, 1_000_000_000, 40.0), (3, 800_000_000, 75.0)):
        body = api.get("/api/v1/results/units/", {"year": 2026, "quarter": quarter}).json()
        assert (float(body["agency"]["pagu"]), body["agency"]["absorption_pct"]) == (pagu, pct)


def test_a_stage_cannot_start_in_a_locked_quarter_nor_change_an_earlier_one(
    example_16: Indicator, small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    _lock(sop_cycle, 1, 2)
    kasubag = personas["kasubag"]
    with pytest.raises(ValidationError, match="sudah dikunci"):
        _perubahan(kasubag, small_plan, first_quarter=2, targets={(example_16.pk, 3): Decimal(1)})
    with pytest.raises(ValidationError, match="Triwulan II tidak dapat diubah"):
        _perubahan(kasubag, small_plan, targets={(example_16.pk, 2): Decimal(1)})
    with pytest.raises(ValidationError, match="tidak mengubah"):
        _perubahan(kasubag, small_plan, targets={(example_16.pk, 3): Decimal(30)})
    with pytest.raises(ValidationError, match="alasan"):
        _perubahan(kasubag, small_plan, reason=" ", targets={(example_16.pk, 3): Decimal(1)})
    with pytest.raises(PermissionDenied):
        _perubahan(personas["kadis"], small_plan, targets={(example_16.pk, 3): Decimal(1)})
    assert not PlanStage.objects.exists()


def test_creating_a_stage_is_audited(example_16: Indicator, small_plan: Any, personas: Any) -> None:
    stage = _perubahan(personas["kasubag"], small_plan, targets={(example_16.pk, 4): Decimal(5)})
    entries = AuditEntry.objects.filter(note="Tahap rencana baru")
    assert {e.object_repr for e in entries} >= {str(stage)}
    assert entries.count() == 2  # the stage and its one changed target


def _xlsx_cells(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(BytesIO(data)).active
    assert sheet is not None
    return [tuple(c.value for c in row) for row in sheet.iter_rows()]


def test_a_perubahan_after_tw_i_and_ii_are_locked_changes_nothing_of_them(
    example_16: Indicator, example_17: PlanNode, small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    agency = small_plan.agency
    tw1, tw2 = _lock(sop_cycle, 1, 2)
    api = _api(personas["kadis"])

    def locked_outputs() -> list[Any]:
        found: list[Any] = []
        for cycle in (tw1, tw2):
            q = cycle.quarter
            snapshot = build_snapshot(cycle, now=NOW)
            found.append(json.dumps(to_data(snapshot), sort_keys=True))
            # the report's PDF from that snapshot and its generated texts, byte for byte
            doc = document.build(snapshot, sections.resolve(snapshot, {}))
            doc.created = NOW
            found.append(render_pdf.render(doc))
            found.append(api.get("/api/v1/results/", {"year": 2026, "quarter": q}).content)
            found.append(api.get("/api/v1/results/units/", {"year": 2026, "quarter": q}).content)
            found.append(_xlsx_cells(e81_xlsx.export(e81.build(agency, year=2026, quarter=q))))
        return found

    before = locked_outputs()
    _perubahan(
        personas["kasubag"],
        small_plan,
        targets={
            (example_16.pk, None): Decimal(80),
            (example_16.pk, 3): Decimal(20),
            (example_16.pk, 4): Decimal(10),
        },
        budgets={example_17.pk: {"pagu": Decimal(800_000_000)}},
    )
    assert locked_outputs() == before
    table = e81.build(agency, year=2026, quarter=3)
    row = next(r for r in table.rows if r.code == OUTPUT)
    assert row.cell(7).k == Decimal(80) and row.murni_target == Decimal(100)
    assert row.result is not None and row.result.target == Decimal(70)
    assert table.stage_label == "Perubahan (mulai Triwulan III)"
    snapshot = build_snapshot(Cycle.objects.get(pk=sop_cycle.pk), now=NOW)  # TW III's report
    assert snapshot.e81.stage_label == "Perubahan (mulai Triwulan III)"
    printed = e81_table(snapshot.e81)
    assert "(tahap rencana: Perubahan (mulai Triwulan III))" in printed.caption
    column_7 = printed.headers.index(next(h for h in printed.headers if h.endswith("(7)")))
    assert {r[1]: r[column_7] for r in printed.rows if r[1] in (OUTPUT, SUB)} == {
        OUTPUT: "80 (murni: 100)",
        SUB: "800.000.000 (murni: 1.000.000.000)",
    }
    book = load_workbook(BytesIO(e81_xlsx.export(table))).active
    assert book is not None
    notes = [c.comment.text for r in book.iter_rows() for c in r if c.comment]
    assert sorted(notes) == ["(murni: 1.000.000.000)", "(murni: 100)"]
    assert "Tahap rencana: Perubahan (mulai Triwulan III)" in str(book["A5"].value)


def test_the_stages_page_shows_the_stages_side_by_side(
    example_16: Indicator, example_17: PlanNode, small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    from django.test import Client

    _lock(sop_cycle, 1, 2)
    _perubahan(
        personas["kasubag"],
        small_plan,
        targets={(example_16.pk, None): Decimal(80), (example_16.pk, 4): Decimal(10)},
        budgets={example_17.pk: {"pagu": Decimal(800_000_000)}},
    )
    client = Client()
    client.force_login(personas["operator.koperasi"])
    tree = client.get("/rencana/", {"tahun": 2026}).content.decode()
    assert 'data-testid="plan-stages"' in tree
    page = client.get("/rencana/tahap/", {"tahun": 2026}).content.decode()
    assert page.count('data-testid="stage-card"') == 2
    assert "Perubahan (mulai Triwulan III)" in page and "Perda APBD Perubahan 2026" in page
    assert page.count('data-testid="stage-diff-row"') == 3  # annual, TW IV, pagu
    assert page.count('data-changed="1"') == 3
    assert "1.000.000.000" in page and "800.000.000" in page
    assert 'data-testid="stage-new"' not in page  # an operator adds no stage
    # the other years: only murni
    empty = client.get("/rencana/tahap/", {"tahun": 2027}).content.decode()
    assert 'data-testid="stage-empty"' in empty


def test_the_indicator_form_no_longer_changes_a_year_that_has_begun(
    example_16: Indicator, small_plan: Any, sop_cycle: Any, personas: Any
) -> None:
    targets: dict[tuple[int, int | None], Decimal | None] = {
        (2026, None): Decimal(100),
        (2026, 1): Decimal(20),
        (2026, 2): Decimal(30),
        (2026, 3): Decimal(30),
        (2026, 4): Decimal(25),
    }
    _lock(sop_cycle, 1)
    with pytest.raises(ValidationError, match="Target tahun 2026 tidak dapat diubah di sini"):
        services.indicator_update(
            actor=personas["kasubag"], indicator=example_16, fields={}, targets=targets
        )
    targets[(2026, 4)] = Decimal(20)  # unchanged targets of that year pass
    targets[(2027, None)] = Decimal(7)  # a year that has not begun still changes
    services.indicator_update(
        actor=personas["kasubag"], indicator=example_16, fields={}, targets=targets
    )
    assert Target.objects.get(indicator=example_16, year=2027, quarter=None).value == 7
    assert Target.objects.get(indicator=example_16, year=2026, quarter=4).value == 20


def test_the_plan_tree_shows_the_last_stage(
    example_16: Indicator, small_plan: Any, personas: Any
) -> None:
    from django.test import Client

    _perubahan(personas["kasubag"], small_plan, targets={(example_16.pk, None): Decimal(80)})
    client = Client()
    client.force_login(personas["kadis"])
    page = client.get("/rencana/", {"tahun": 2026}).content.decode()
    assert 'data-testid="plan-stage"' in page and "Perubahan (mulai Triwulan III)" in page
    from monev.planning.selectors import plan_tree

    rows = plan_tree(small_plan, year=2026)
    (item,) = [i for r in rows for i in r.indicators if i.indicator.code == OUTPUT]
    assert (item.annual, item.quarters) == (Decimal(80), [20, 30, 30, 20])
    murni = [i for r in plan_tree(small_plan, year=2027) for i in r.indicators]
    assert all(i.annual is None for i in murni)  # other years: no stage, no targets here


def test_the_indicator_page_shows_the_targets_in_force_with_the_murni_values_struck(
    example_16: Indicator, small_plan: Any, personas: Any
) -> None:
    """Worked example 16 on the indicator page: after the perubahan from TW III the year's
    row shows annual 100 → 80 and TW III 30 → 20, TW IV 20 → 10; TW I–II stay murni; other
    years are unmarked. The edit form still edits the murni plan."""
    import re

    from django.test import Client

    _perubahan(
        personas["kasubag"],
        small_plan,
        targets={
            (example_16.pk, None): Decimal(80),
            (example_16.pk, 3): Decimal(20),
            (example_16.pk, 4): Decimal(10),
        },
    )
    client = Client()
    client.force_login(personas["kadis"])
    page = client.get(f"/rencana/indikator/{example_16.pk}/").content.decode()
    (changed,) = re.findall(r'<tr data-testid="target-year-changed">(.*?)</tr>', page, re.S)
    assert changed.startswith("<td>2026") and "Perubahan" in changed
    cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', changed, re.S)
    struck = [re.sub(r"<[^>]+>", "", c).split() for c in cells]
    assert struck == [["100", "→", "80"], ["20"], ["30"], ["30", "→", "20"], ["20", "→", "10"]]
    assert page.count('data-testid="target-year-changed"') == 1
    from monev.planning.selectors import indicator_targets

    murni = next(r for r in indicator_targets(example_16) if r["year"] == 2026)["row"]
    assert (murni.annual, murni.quarters) == (Decimal(100), [20, 30, 30, 20])


def test_a_stage_is_created_through_the_api_by_code_and_refused_with_messages(
    example_16: Indicator, small_plan: Any, personas: Any
) -> None:
    """POST /api/v1/plan/stages/: the Kasubag Program adds worked example 16's perubahan by
    indicator code; the answer lists the stages (201). Bad input is a 400 with Indonesian
    messages and creates nothing; a Kepala Bidang is refused (403)."""
    body = {
        "year": 2026,
        "kind": "perubahan",
        "first_quarter": 3,
        "reason": "Perda APBD Perubahan 2026",
        "targets": [
            {"indicator": OUTPUT, "quarter": None, "value": "80"},
            {"indicator": OUTPUT, "quarter": 3, "value": "20"},
        ],
        "budgets": [{"node": SUB, "pagu": "9000000"}],
    }
    refused = _api(personas["kabid.koperasi"]).post("/api/v1/plan/stages/", body, format="json")
    assert refused.status_code == 403 and not PlanStage.objects.exists()
    unknown = {**body, "targets": [{"indicator": "IK.TIDAK.ADA", "quarter": 3, "value": "1"}]}
    answer = _api(personas["kasubag"]).post("/api/v1/plan/stages/", unknown, format="json")
    assert answer.status_code == 400 and "IK.TIDAK.ADA" in json.dumps(answer.json())
    nothing = {**body, "targets": [], "budgets": []}
    answer = _api(personas["kasubag"]).post("/api/v1/plan/stages/", nothing, format="json")
    assert answer.status_code == 400
    assert answer.json()["detail"] == ["Tahap ini tidak mengubah target maupun anggaran apa pun."]
    assert not PlanStage.objects.exists()
    made = _api(personas["kasubag"]).post("/api/v1/plan/stages/", body, format="json")
    assert made.status_code == 201, made.content
    stages = made.json()["stages"]
    assert [s["label"] for s in stages] == ["Murni", "Perubahan (mulai Triwulan III)"]
    assert {(t["indicator_code"], t["quarter"], t["value"]) for t in stages[1]["targets"]} == {
        (OUTPUT, None, 80),
        (OUTPUT, 3, 20),
    }
    assert [(b["node_code"], b["pagu"]) for b in stages[1]["budgets"]] == [(SUB, 9000000)]
    assert _result(small_plan.agency_id, 3).target == Decimal(70)
