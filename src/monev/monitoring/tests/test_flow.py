"""Steps 4 → 5 → 6 through the services: plan, approval, blangko, answer, corrections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from monev.collection.models import Correction, Realization
from monev.core.models import AuditEntry
from monev.evaluation import e81
from monev.monitoring import selectors, services
from monev.monitoring.choices import RecommendationStatus
from monev.monitoring.models import Visit
from monev.monitoring.selectors import report_section
from monev.monitoring.tests.conftest import at
from monev.organization.models import Official, Unit
from monev.sop import services as sop_services
from monev.sop.models import Notification

pytestmark = pytest.mark.django_db


def official(username: str, personas: dict[str, Any]) -> Official:
    return personas[username].official


def plan(cycle: Any, personas: dict[str, Any], unit_code: str, day: int, **kw: Any) -> Any:
    team = kw.pop("team", [official("kasubag", personas), official("staf.program", personas)])
    return services.visit_plan(
        actor=personas["kasubag"],
        cycle=cycle,
        data=services.PlanInput(
            unit=Unit.objects.get(code=unit_code),
            starts_at=kw.pop("starts_at", at(day, 9)),
            ends_at=kw.pop("ends_at", at(day, 12)),
            place=kw.pop("place", "Ruang rapat Bidang"),
            team=team,
            leader=kw.pop("leader", team[0]),
            checklist=services.default_checklist(cycle.agency),
        ),
    )


def approve_plan(cycle: Any, personas: dict[str, Any]) -> None:
    run = cycle.runs.get(step__key="rencana_monev")
    sop_services.step_complete(actor=personas["kasubag"], run=run)
    sop_services.step_approve(actor=personas["sekretaris"], run=run)


def fill(
    visit: Visit,
    personas: dict[str, Any],
    proposed: Decimal | None = None,
    code: str = "IK.2.17.03.2.01.0004.01",
) -> None:
    leader = personas["kasubag"]
    answers = {
        item.key: ("ya" if item.kind == "yes_no" else item.choices[0] if item.choices else "Baik")
        for section in selectors.sections_of(visit)
        for item in section.items
        if item.required
    }
    services.answers_save(actor=leader, visit=visit, answers=answers)
    for line in visit.indicators.all():
        services.indicator_verify(
            actor=leader,
            line=line,
            verified_value=line.reported_value,
            verdict="cukup",
            reason="",
            proposed_value=None,
        )
    if proposed is not None:
        line = visit.indicators.get(indicator__code=code)
        services.indicator_verify(
            actor=leader,
            line=line,
            verified_value=proposed,
            verdict="kurang",
            reason="Daftar hadir hanya memuat 10 koperasi.",
            proposed_value=proposed,
        )


def test_the_plan_defaults_to_every_indicator_of_the_bidang_with_reported_values(
    plan_cycle: Any, personas: Any
) -> None:
    visit, warnings = plan(plan_cycle, personas, "BID-KOP", 12)
    assert warnings == []
    lines = {line.indicator.code: line for line in visit.indicators.select_related("indicator")}
    assert set(lines) == {"IK.S1.1.01", "IK.2.17.03.2.01.0004.01"}
    assert lines["IK.2.17.03.2.01.0004.01"].reported_value == Decimal(12)
    assert visit.team.get(is_leader=True).official == official("kasubag", personas)
    assert visit.checklist.number == 1


def test_a_double_booking_and_a_day_off_are_warned_not_refused(
    plan_cycle: Any, personas: Any
) -> None:
    plan(plan_cycle, personas, "BID-KOP", 12)
    _visit, warnings = plan(plan_cycle, personas, "BID-NAKER", 12, starts_at=at(12, 10))
    assert any("waktu yang sama" in w for w in warnings)
    _visit, warnings = plan(plan_cycle, personas, "BID-UKM", 17)  # a Saturday
    assert any("hari libur" in w for w in warnings)


def test_outside_working_hours_or_a_leader_off_the_team_is_refused(
    plan_cycle: Any, personas: Any
) -> None:
    with pytest.raises(ValidationError):
        plan(plan_cycle, personas, "BID-KOP", 12, starts_at=at(12, 6), ends_at=at(12, 8))
    with pytest.raises(ValidationError):
        plan(
            plan_cycle,
            personas,
            "BID-KOP",
            12,
            team=[official("staf.program", personas)],
            leader=official("kasubag", personas),
        )
    with pytest.raises(PermissionDenied):
        services.visit_plan(
            actor=personas["kabid.koperasi"],
            cycle=plan_cycle,
            data=services.PlanInput(
                unit=Unit.objects.get(code="BID-KOP"),
                starts_at=at(12, 9),
                ends_at=at(12, 10),
                place="x",
                team=[official("kasubag", personas)],
                leader=official("kasubag", personas),
                checklist=services.default_checklist(plan_cycle.agency),
            ),
        )


def test_approval_marks_visits_approved_and_notifies_team_and_bidang_with_an_invitation(
    plan_cycle: Any, personas: Any
) -> None:
    from django.test import TestCase

    visit, _w = plan(plan_cycle, personas, "BID-KOP", 12)
    with TestCase.captureOnCommitCallbacks(execute=True):
        approve_plan(plan_cycle, personas)
    visit.refresh_from_db()
    assert visit.status == "disetujui"
    notified = set(
        Notification.objects.filter(title__startswith="Jadwal monev").values_list(
            "user__username", flat=True
        )
    )
    assert {"kasubag", "staf.program", "kabid.koperasi", "operator.koperasi"} <= notified
    assert "kabid.naker" not in notified
    invitation = next(m for m in mail.outbox if "Jadwal monev" in m.subject)
    name, content, mimetype = invitation.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content and "DTSTART:20261012T010000Z" in content


def test_the_whole_walk_step_four_to_six_with_a_dispute_and_an_accepted_correction(
    plan_cycle: Any, personas: Any
) -> None:
    kop, _w = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    kop.refresh_from_db()
    fill(kop, personas, proposed=Decimal(10))
    finding = services.finding_add(
        actor=personas["staf.program"],
        visit=kop,
        text="Bukti pemeriksaan dua koperasi tidak ditemukan.",
        category="bukti",
        indicator=None,
    )
    services.recommendation_add(
        actor=personas["kasubag"],
        visit=kop,
        text="Lengkapi berita acara pemeriksaan koperasi.",
        unit=kop.unit,
        due_date=date(2026, 12, 31),
        finding=finding,
    )
    with pytest.raises(PermissionDenied):  # a member who is not the leader cannot submit
        services.visit_submit(actor=personas["staf.program"], visit=kop)
    services.visit_submit(actor=personas["kasubag"], visit=kop)
    kop.refresh_from_db()
    assert kop.status == "dilaksanakan"
    run5 = plan_cycle.runs.get(step__key="pelaksanaan_monev")
    sop_services.step_complete(actor=personas["kasubag"], run=run5)
    run6 = plan_cycle.runs.get(step__key="kompilasi_hasil")
    assert len(selectors.step6_blockers(run6)) == 2  # not answered, correction undecided
    with pytest.raises(ValidationError):
        sop_services.step_complete(actor=personas["kasubag"], run=run6)
    with pytest.raises(PermissionDenied):
        services.visit_answer(actor=personas["kabid.naker"], visit=kop, disputes={})
    services.visit_answer(
        actor=personas["kabid.koperasi"],
        visit=kop,
        disputes={finding.pk: "Bukti ada di arsip UPTD, belum dibawa."},
    )
    kop.refresh_from_db()
    assert kop.status == "dibantah"
    line = kop.indicators.get(correction_status="diusulkan")
    assert _api_realization(personas, line.indicator) == Decimal(12)
    services.correction_decide(
        actor=personas["kasubag"], line=line, accept=True, reason="Sesuai daftar hadir."
    )
    # the accepted correction reaches the results API and Formulir E.81 at once
    assert _api_realization(personas, line.indicator) == Decimal(10)
    table = e81.build(plan_cycle.agency, year=2026, quarter=3)
    row = next(r for r in table.rows if r.indicator_id == line.indicator.pk)
    assert row.result is not None and row.result.realization == Decimal(10)
    # and the report's snapshot carries the visit, its finding and its recommendation
    section = report_section(plan_cycle)
    [visit_data] = section.visits
    assert visit_data.unit_name == kop.unit.name
    assert visit_data.findings[0].text == "Bukti pemeriksaan dua koperasi tidak ditemukan."
    [recommendation] = visit_data.findings[-1].recommendations
    assert recommendation.text == "Lengkapi berita acara pemeriksaan koperasi."
    assert recommendation.status == RecommendationStatus.BELUM
    blangko = {row.indicator_name: row for row in visit_data.blangko}
    # the value reported, as the Bidang did (a value, with the indicator's 0 decimals)
    assert (blangko[line.indicator.name].reported, blangko[line.indicator.name].decimals) == (
        Decimal(12),
        0,
    )
    realization = Realization.objects.get(indicator=line.indicator, year=2026, quarter=3)
    assert realization.value == Decimal(10)
    correction = Correction.objects.get(realization=realization)
    assert correction.before["value"] == "12.0000" and Decimal(correction.after["value"]) == 10
    # the audit log holds the change with before and after, who made it and why
    entry = AuditEntry.objects.get(
        content_type__model="realization", object_id=str(realization.pk), action="update"
    )
    assert entry.changes["value"][0] == "12.0000" and Decimal(entry.changes["value"][1]) == 10
    assert entry.actor == personas["kasubag"] and "Sesuai daftar hadir." in entry.note
    assert "Hasil monev Bidang Koperasi" in entry.note
    assert selectors.step6_blockers(run6) == []
    sop_services.step_complete(actor=personas["kasubag"], run=run6)


def _api_realization(personas: Any, indicator: Any) -> Decimal:
    client = Client()
    client.force_login(personas["kadis"])
    response = client.get(
        reverse("api:results"), {"year": 2026, "quarter": 3, "indicator": indicator.pk}
    )
    assert response.status_code == 200, response.content
    [result] = response.json()["results"]
    return Decimal(str(result["realization"]))


def test_a_correction_can_be_rejected_with_a_reason_and_then_not_decided_again(
    plan_cycle: Any, personas: Any
) -> None:
    kop, _w = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    kop.refresh_from_db()
    fill(kop, personas, proposed=Decimal(9))
    services.visit_submit(actor=personas["kasubag"], visit=kop)
    line = kop.indicators.get(correction_status="diusulkan")
    with pytest.raises(ValidationError):
        services.correction_decide(actor=personas["kasubag"], line=line, accept=False, reason="")
    with pytest.raises(PermissionDenied):
        services.correction_decide(
            actor=personas["sekretaris"], line=line, accept=False, reason="x"
        )
    services.correction_decide(
        actor=personas["kasubag"], line=line, accept=False, reason="Bukti menyusul sudah ada."
    )
    line.refresh_from_db()
    assert line.correction_status == "ditolak" and line.correction is None
    with pytest.raises(ValidationError):
        services.correction_decide(actor=personas["kasubag"], line=line, accept=True, reason="x")
    assert not Correction.objects.exists()


def test_submitting_needs_required_answers_and_every_verdict(
    plan_cycle: Any, personas: Any
) -> None:
    kop, _w = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    kop.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.visit_submit(actor=personas["kasubag"], visit=kop)
    assert any("Butir wajib" in m for m in error.value.messages)
    assert any("Bukti dukung belum dinilai" in m for m in error.value.messages)


def test_the_services_decide_on_the_stored_state_not_on_a_stale_copy(
    plan_cycle: Any, personas: dict[str, Any]
) -> None:
    """A caller holding an object read before the last change (a page open in another tab)
    gets the same checks and effects as with a fresh one: an incomplete blangko is not
    submitted, a disagreement keeps its reasons, an accepted correction is applied."""
    kop, _w = plan(plan_cycle, personas, "BID-KOP", 12)  # read while planned
    approve_plan(plan_cycle, personas)
    with pytest.raises(ValidationError) as error:
        services.visit_submit(actor=personas["kasubag"], visit=kop)
    assert any("Butir wajib" in m for m in error.value.messages)
    assert Visit.objects.get(pk=kop.pk).status == "disetujui"
    stale = Visit.objects.get(pk=kop.pk)
    fill(stale, personas, proposed=Decimal(10))
    line = stale.indicators.get(proposed_value=Decimal(10))  # read before submission
    finding = services.finding_add(
        actor=personas["kasubag"],
        visit=stale,
        text="Bukti kurang.",
        category="bukti",
        indicator=None,
    )
    services.visit_submit(actor=personas["kasubag"], visit=stale)
    assert stale.status == "disetujui"  # the caller's copy is stale now
    services.visit_answer(
        actor=personas["kabid.koperasi"], visit=stale, disputes={finding.pk: "Bukti di UPTD."}
    )
    finding.refresh_from_db()
    assert (finding.disputed, finding.dispute_reason) == (True, "Bukti di UPTD.")
    assert Visit.objects.get(pk=kop.pk).answered_by == personas["kabid.koperasi"]
    assert line.correction_status == "tidak_ada"
    services.correction_decide(
        actor=personas["kasubag"], line=line, accept=True, reason="Sesuai daftar hadir."
    )
    realization = Realization.objects.get(indicator=line.indicator, year=2026, quarter=3)
    assert realization.value == Decimal(10)
    assert Correction.objects.filter(realization=realization).count() == 1
