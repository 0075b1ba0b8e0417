"""The SOP engine: cycles run the 13 steps in order, with working-time deadlines."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from monev.accounts.models import User
from monev.sop import services
from monev.sop.models import Cycle, StepRun, StepTransition, WorkCalendarSetting
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=WITA)


def attach(run: StepRun, user: User, name: str = "output.pdf") -> None:
    services.document_attach(
        actor=user, run=run, upload=SimpleUploadedFile(name, b"%PDF-1.4 isi", "application/pdf")
    )


def current(cycle: Cycle) -> StepRun:
    return cycle.runs.get(status="berjalan")


def test_opening_a_cycle_starts_step_one_with_a_working_time_deadline(
    sop_cycle: Cycle, personas: Any
) -> None:
    run = current(sop_cycle)
    assert run.number == 1
    assert run.started_at == at(2026, 10, 7, 8, 0)
    assert run.due_at == at(2026, 10, 7, 8, 15)  # 15 menit
    opening = StepTransition.objects.get(cycle=sop_cycle)
    assert (opening.action, opening.from_step, opening.to_step) == ("open", None, 1)
    assert opening.actor == personas["sekretaris"]
    assert "format isian" in opening.note


def test_a_second_cycle_for_the_same_quarter_is_refused(sop_cycle: Cycle, personas: Any) -> None:
    with pytest.raises(ValidationError, match="sudah dibuka"):
        services.cycle_open(
            actor=personas["sekretaris"],
            agency=sop_cycle.agency,
            year=2026,
            quarter=3,
            disposition="lagi",
        )
    assert Cycle.objects.count() == 1


def test_only_the_sekretaris_opens_a_cycle(sop_definition: Any, personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.cycle_open(
            actor=personas["kasubag"],
            agency=sop_definition.agency,
            year=2026,
            quarter=4,
            disposition="Mulai",
        )
    assert not Cycle.objects.exists()


def test_a_step_cannot_complete_without_its_output(sop_cycle: Cycle, personas: Any) -> None:
    run = current(sop_cycle)
    with pytest.raises(ValidationError) as error:
        services.step_complete(actor=personas["kasubag"], run=run, now=at(2026, 10, 7, 8, 10))
    assert "Output «Disposisi» belum ada" in error.value.messages[0]
    assert current(sop_cycle).number == 1


def test_the_wrong_role_gets_403_and_nothing_changes(sop_cycle: Cycle, personas: Any) -> None:
    run = current(sop_cycle)
    attach(run, personas["kasubag"])
    client = Client()
    client.force_login(personas["operator.koperasi"])
    response = client.post(reverse("sop:run_complete", args=[run.pk]), {"note": "selesai"})
    assert response.status_code == 403
    run.refresh_from_db()
    assert run.status == "berjalan" and run.completed_at is None
    assert StepTransition.objects.filter(cycle=sop_cycle).count() == 1


def test_completing_through_the_page_explains_a_missing_output_in_indonesian(
    sop_cycle: Cycle, personas: Any
) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    run = current(sop_cycle)
    response = client.post(reverse("sop:run_complete", args=[run.pk]), follow=True)
    assert "Lampirkan dokumen output terlebih dahulu" in response.content.decode()


def test_steps_follow_in_order_and_the_next_deadline_counts_working_days(
    sop_cycle: Cycle, personas: Any
) -> None:
    run = current(sop_cycle)
    attach(run, personas["kasubag"])
    services.step_complete(actor=personas["kasubag"], run=run, now=at(2026, 10, 9, 15, 0))
    step2 = current(sop_cycle)
    assert step2.number == 2
    assert step2.started_at == at(2026, 10, 9, 15, 0)  # a Friday
    assert step2.due_at == at(2026, 10, 13, 15, 0)  # 2 hari: Monday and Tuesday
    run.refresh_from_db()
    assert run.on_time is False  # 15 menit, done two days later
    assert run.working_minutes == 480 + 510 + 450  # Wed from 08:00, Thu, Fri until 15:00


def test_a_step_with_an_approver_waits_for_the_approval(sop_cycle: Cycle, personas: Any) -> None:
    kasubag, sekretaris = personas["kasubag"], personas["sekretaris"]
    moment = at(2026, 10, 7, 8, 5)
    for _ in range(3):  # steps 1–3
        run = current(sop_cycle)
        attach(run, kasubag)
        services.step_complete(actor=kasubag, run=run, now=moment)
    step4 = current(sop_cycle)
    assert step4.number == 4
    attach(step4, kasubag, "jadwal-monev.pdf")
    services.step_complete(actor=kasubag, run=step4, note="Jadwal terlampir", now=moment)
    step4.refresh_from_db()
    assert step4.awaiting_approval_since == moment and step4.status == "menunggu_persetujuan"
    assert step4.holder_role == "sekretaris"
    with pytest.raises(PermissionDenied):
        services.step_approve(actor=kasubag, run=step4, now=moment)
    services.step_approve(actor=sekretaris, run=step4, now=at(2026, 10, 7, 9, 0))
    step4.refresh_from_db()
    assert step4.status == "selesai" and step4.completed_by == sekretaris
    assert current(sop_cycle).number == 5


def _run_to(cycle: Cycle, number: int, personas: Any, moment: datetime) -> StepRun:
    while (run := current(cycle)).number < number:
        holder = personas["sekretaris"] if run.step.actor == "sekretaris" else personas["kasubag"]
        attach(run, holder)
        services.step_complete(actor=holder, run=run, now=moment)
        if run.step.approver:
            approver = personas["sekretaris" if run.step.approver == "sekretaris" else "kadis"]
            services.step_approve(actor=approver, run=run, now=moment)
    return run


def test_verification_returns_to_correction_as_often_as_needed(
    sop_cycle: Cycle, personas: Any
) -> None:
    moment = at(2026, 10, 8, 9, 0)
    step11 = _run_to(sop_cycle, 11, personas, moment)
    with pytest.raises(ValidationError, match="Tuliskan catatan"):
        services.step_return(actor=personas["sekretaris"], run=step11, note=" ", now=moment)
    for round_ in (2, 3):
        back = services.step_return(
            actor=personas["sekretaris"],
            run=current(sop_cycle),
            note=f"Perbaiki bab {round_}",
            now=moment,
        )
        assert (back.number, back.round) == (10, round_)
        attach(back, personas["kasubag"])
        services.step_complete(actor=personas["kasubag"], run=back, now=moment)
        assert (current(sop_cycle).number, current(sop_cycle).round) == (11, round_)
    returns = StepTransition.objects.filter(cycle=sop_cycle, action="return")
    assert [(t.from_step, t.to_step, t.note) for t in returns] == [
        (11, 10, "Perbaiki bab 2"),
        (11, 10, "Perbaiki bab 3"),
    ]
    assert sop_cycle.runs.filter(number=11, status="dikembalikan").count() == 2


def test_only_a_decision_step_can_return(sop_cycle: Cycle, personas: Any) -> None:
    # The holder of a step without «Tidak» branch is no "decider": the table refuses (403).
    with pytest.raises(PermissionDenied):
        services.step_return(
            actor=personas["kasubag"], run=current(sop_cycle), note="kembali", now=None
        )


def test_the_last_step_finishes_the_cycle(sop_cycle: Cycle, personas: Any) -> None:
    moment = at(2026, 10, 8, 9, 0)
    step13 = _run_to(sop_cycle, 13, personas, moment)
    attach(step13, personas["kasubag"], "arsip.pdf")
    services.step_complete(actor=personas["kasubag"], run=step13, now=moment)
    sop_cycle.refresh_from_db()
    assert sop_cycle.status == "selesai" and sop_cycle.completed_at == moment
    assert not sop_cycle.runs.filter(status="berjalan").exists()
    # Step 12 was ratified by the Kepala Dinas.
    assert run_of(sop_cycle, 12).completed_by == personas["kadis"]


def test_an_sop_edit_does_not_change_a_running_cycle(sop_cycle: Cycle, personas: Any) -> None:
    from monev.sop.selectors import definition_as_dict

    old = sop_cycle.definition
    data = definition_as_dict(old)
    data["steps"][1]["time_value"] = 5
    new = services.definition_new_version(
        actor=personas["admin"], definition=old, data=data, note="Pengumpulan data jadi 5 hari"
    )
    assert (new.version, new.is_current) == (2, True)
    old.refresh_from_db()
    assert old.is_current is False
    attach(current(sop_cycle), personas["kasubag"])
    services.step_complete(
        actor=personas["kasubag"], run=current(sop_cycle), now=at(2026, 10, 7, 8, 10)
    )
    step2 = current(sop_cycle)
    assert step2.step.definition == old and step2.step.time_value == 2
    assert step2.due_at == at(2026, 10, 9, 8, 10)
    later = services.cycle_open(
        actor=personas["sekretaris"],
        agency=old.agency,
        year=2026,
        quarter=4,
        disposition="Mulai TW IV",
        now=at(2027, 1, 4, 8, 0),
    )
    assert later.definition == new


def test_an_sop_edit_with_a_gap_in_step_numbers_is_refused(
    sop_definition: Any, personas: Any
) -> None:
    from monev.sop.selectors import definition_as_dict

    data = definition_as_dict(sop_definition)
    data["steps"][4]["number"] = 40
    with pytest.raises(ValidationError, match="berurutan"):
        services.definition_new_version(
            actor=personas["admin"], definition=sop_definition, data=data, note="x"
        )
    assert sop_definition.agency.sop_definitions.count() == 1


def test_cuti_bersama_entered_by_the_administrator_moves_deadlines(
    sop_definition: Any, personas: Any
) -> None:
    """RULES worked example 12, through the engine."""
    agency = sop_definition.agency
    for day in (20, 23, 24):
        services.day_off_add(
            actor=personas["admin"],
            agency=agency,
            date=datetime(2026, 3, day).date(),
            kind="cuti_bersama",
            description="Cuti bersama Idul Fitri",
        )
    # the worked example opens Triwulan I before it ends: the Administrator allows it
    WorkCalendarSetting.objects.update_or_create(
        agency=agency,
        defaults={
            "workdays": [0, 1, 2, 3, 4],
            "day_start": time(7, 30),
            "day_end": time(16, 0),
            "allow_early_cycle_open": True,
        },
    )
    cycle = services.cycle_open(
        actor=personas["sekretaris"],
        agency=agency,
        year=2026,
        quarter=1,
        disposition="Mulai",
        now=at(2026, 3, 18, 9, 45),
    )
    run = current(cycle)
    attach(run, personas["kasubag"])
    services.step_complete(actor=personas["kasubag"], run=run, now=at(2026, 3, 18, 10, 0))
    assert current(cycle).due_at == at(2026, 3, 26, 10, 0)


def test_inbox_shows_each_role_its_waiting_steps(sop_cycle: Cycle, personas: Any) -> None:
    from monev.core.inbox import items_for

    kasubag_items = items_for(personas["kasubag"])
    assert [i.title for i in kasubag_items] == [
        "Langkah 1: Membuat format isian monitoring evaluasi kinerja"
    ]
    assert kasubag_items[0].status == "terlambat"  # 15 menit on 7 October, long past
    assert kasubag_items[0].status_label.startswith("Terlambat ")
    assert items_for(personas["sekretaris"]) == []
    assert items_for(personas["stranger"]) == []


def test_reminders_are_sent_once_per_holder_and_kind(
    sop_cycle: Cycle, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from monev.sop.models import Notification, ReminderLog
    from monev.sop.notifications import send_reminders

    before = Notification.objects.count()
    due_soon = at(2026, 10, 7, 8, 12)  # 3 of 15 minutes left
    sent = send_reminders(now=due_soon)
    holders = {"kasubag", "staf.program"}
    assert sent == len(holders)
    assert send_reminders(now=due_soon) == 0
    with django_capture_on_commit_callbacks(execute=True):
        late = send_reminders(now=at(2026, 10, 7, 9, 0))
    assert late == len(holders)
    assert send_reminders(now=at(2026, 10, 8, 9, 0)) == 0
    kinds = set(ReminderLog.objects.values_list("user__username", "kind"))
    assert kinds == {(u, k) for u in holders for k in ("before", "late")}
    assert Notification.objects.count() - before == 4
    assert any("Terlambat" in m.subject for m in mail.outbox)


def test_the_cycle_page_shows_the_timeline_and_the_holders_actions(
    sop_cycle: Cycle, personas: Any
) -> None:
    client = Client()
    client.force_login(personas["kasubag"])
    page = client.get(reverse("sop:cycle_detail", args=[sop_cycle.pk])).content.decode()
    assert page.count('class="step-dot"') == 13
    assert 'data-testid="complete"' in page
    client.force_login(personas["kadis"])
    page = client.get(reverse("sop:cycle_detail", args=[sop_cycle.pk])).content.decode()
    assert 'data-testid="complete"' not in page
    assert "Membuat format isian monitoring evaluasi kinerja" in page


def test_the_sop_pdf_contains_every_step(sop_definition: Any, personas: Any) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    client = Client()
    client.force_login(personas["pemeriksa"])
    response = client.get(reverse("sop:definition_pdf", args=[sop_definition.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(BytesIO(response.content)).pages
    ).replace("\n", " ")
    text = " ".join(text.split())
    for step in sop_definition.steps.all():
        assert step.description.split()[0] in text
    assert "000.8.3.3./005/DKUKMTK-BLG/2024" in text


def test_the_home_page_shows_running_cycles_at_a_glance(sop_cycle: Cycle, personas: Any) -> None:
    client = Client()
    client.force_login(personas["kabid.naker"])
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="running-cycles"' in page
    assert "Triwulan III 2026" in page
    assert "0 dari 13 langkah selesai" in page


def test_a_quarter_opens_only_once_it_has_ended(sop_definition: Any, personas: Any) -> None:
    """A cycle of Triwulan IV 2026 waits until 1 January 2027, unless the Administrator
    allows early opening (the work calendar setting)."""
    agency = sop_definition.agency
    with pytest.raises(ValidationError, match="dapat dibuka mulai Jumat, 1 Januari 2027"):
        services.cycle_open(
            actor=personas["sekretaris"],
            agency=agency,
            year=2026,
            quarter=4,
            disposition="Mulai",
            now=at(2026, 12, 31, 15, 0),
        )
    assert not Cycle.objects.exists()
    WorkCalendarSetting.objects.update_or_create(
        agency=agency,
        defaults={
            "workdays": [0, 1, 2, 3, 4],
            "day_start": time(7, 30),
            "day_end": time(16, 0),
            "allow_early_cycle_open": True,
        },
    )
    early = services.cycle_open(
        actor=personas["sekretaris"],
        agency=agency,
        year=2026,
        quarter=4,
        disposition="Mulai",
        now=at(2026, 12, 31, 15, 0),
    )
    assert early.quarter == 4
