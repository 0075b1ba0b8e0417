"""SOP pages and API: editing a definition, the calendar, compliance, notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from monev.accounts.models import User
from monev.sop import services
from monev.sop.models import DayOff, SopDefinition
from monev.sop.testing import run_of, step_of

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _edit_post(definition: SopDefinition, **changes: Any) -> dict[str, Any]:
    steps = list(definition.steps.all())
    data: dict[str, Any] = {
        "sop-name": definition.name,
        "sop-ratified_by_position": definition.ratified_by_position,
        "sop-ratified_by_name": definition.ratified_by_name,
        "sop-legal_basis": definition.legal_basis,
        "sop-change_note": "Pengumpulan data menjadi 3 hari",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, s in enumerate(steps):
        prefix = f"steps-{i}-"
        data.update(
            {
                prefix + "number": s.number,
                prefix + "description": s.description,
                prefix + "actor": s.actor,
                prefix + "approver": s.approver,
                prefix + "lanes": s.lanes,
                prefix + "symbol": s.symbol,
                prefix + "no_goto": s.no_goto or "",
                prefix + "inputs": s.inputs,
                prefix + "time_value": s.time_value,
                prefix + "time_unit": s.time_unit,
                prefix + "output": s.output,
                prefix + "notes": s.notes,
            }
        )
    data.update(changes)
    return data


def test_the_administrator_edits_the_sop_into_a_new_version(
    sop_definition: SopDefinition, personas: Any
) -> None:
    client = _client(personas["admin"])
    url = reverse("sop:definition_edit", args=[sop_definition.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_post(sop_definition, **{"steps-1-time_value": "3"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    new = SopDefinition.objects.get(is_current=True)
    assert new.version == 2 and new.change_note == "Pengumpulan data menjadi 3 hari"
    assert step_of(new, 2).time_value == 3
    assert step_of(sop_definition, 2).time_value == 2
    assert new.steps.count() == 13


def test_a_rejected_sop_edit_keeps_what_was_typed(
    sop_definition: SopDefinition, personas: Any
) -> None:
    client = _client(personas["admin"])
    url = reverse("sop:definition_edit", args=[sop_definition.pk])
    data = _edit_post(sop_definition, **{"steps-3-number": "44", "sop-name": "Monev Baru"})
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "berurutan" in page and 'value="Monev Baru"' in page
    assert SopDefinition.objects.count() == 1


def test_the_calendar_refuses_a_duplicate_day_off(sop_definition: Any, personas: Any) -> None:
    client = _client(personas["admin"])
    data = {"day-date": "2026-12-24", "day-kind": "cuti_bersama", "day-description": "Natal"}
    assert client.post(reverse("sop:calendar"), data).status_code == 302
    response = client.post(reverse("sop:calendar"), data)
    assert response.status_code == 400
    assert "sudah tercatat sebagai hari libur" in response.content.decode()
    assert DayOff.objects.count() == 1


def test_the_calendar_page_lists_national_holidays_and_suggestions(
    sop_definition: Any, personas: Any
) -> None:
    page = _client(personas["admin"]).get(reverse("sop:calendar"), {"tahun": 2026})
    text = page.content.decode()
    assert "Hari Suci Nyepi" in text
    assert "Saran cuti bersama" in text


def test_compliance_counts_finished_cycles_only(sop_cycle: Any, personas: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monev.sop.selectors import compliance

    def finish(run: Any, moment: datetime) -> None:
        holder = personas["sekretaris" if run.step.actor == "sekretaris" else "kasubag"]
        services.document_attach(
            actor=holder,
            run=run,
            upload=SimpleUploadedFile("o.pdf", b"%PDF-1.4", "application/pdf"),
        )
        services.step_complete(actor=holder, run=run, now=moment)
        if run.step.approver:
            approver = personas["sekretaris" if run.step.approver == "sekretaris" else "kadis"]
            services.step_approve(actor=approver, run=run, now=moment)

    first = run_of(sop_cycle, 1)
    finish(first, datetime(2026, 10, 7, 8, 10, tzinfo=WITA))  # on time (15 menit)
    assert compliance(sop_cycle.agency)[0].runs == 0  # the cycle is still running
    moment = datetime(2026, 10, 7, 9, 0, tzinfo=WITA)
    while run := sop_cycle.runs.filter(status="berjalan").first():
        finish(run, moment)
    rows = {r.number: r for r in compliance(sop_cycle.agency)}
    assert (rows[1].runs, rows[1].on_time, rows[1].on_time_pct) == (1, 1, 100.0)
    assert rows[1].median_minutes == 10
    assert (rows[2].on_time, rows[2].median_minutes) == (1, 50)  # 08:10 → 09:00, of 2 hari


def test_opening_a_notification_marks_it_read_and_goes_to_the_step(
    sop_cycle: Any, personas: Any
) -> None:
    from monev.sop.models import Notification

    notification = Notification.objects.get(user=personas["kasubag"])
    client = _client(personas["kasubag"])
    assert 'data-testid="unread-count">1<' in client.get(reverse("home")).content.decode()
    response = client.get(reverse("sop:notification_open", args=[notification.pk]))
    assert response["Location"].endswith(f"/monev/siklus/{sop_cycle.pk}/#langkah-1")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "unread-count" not in client.get(reverse("home")).content.decode()


def test_the_api_lists_definitions_and_cycles_with_steps(sop_cycle: Any, personas: Any) -> None:
    client = APIClient()
    client.force_authenticate(personas["operator.koperasi"])
    definitions = client.get("/api/v1/sop/definitions/").json()
    step2 = definitions["results"][0]["steps"][1]
    assert step2["time_standard"] == {"value": 2, "unit": "hari"}
    assert step2["actor"] == "kasubag_program"
    cycles = client.get("/api/v1/cycles/").json()
    cycle = cycles["results"][0]
    assert (cycle["year"], cycle["quarter"], cycle["status"]) == (2026, 3, "berjalan")
    assert cycle["current_step"] == 1
    assert len(cycle["steps"]) == 13
    first = cycle["steps"][0]
    assert first["status"] == "berjalan"
    assert first["due_at"] == "2026-10-07T08:15:00+08:00"
    assert first["holders"] == ["kasubag", "staf.program"]
    assert cycle["steps"][12]["status"] == "menunggu"
    detail = client.get(f"/api/v1/cycles/{sop_cycle.pk}/").json()
    assert detail == cycle
    client.force_authenticate(personas["stranger"])
    assert client.get(f"/api/v1/cycles/{sop_cycle.pk}/").status_code == 404


def test_durations_read_naturally_in_english() -> None:
    from django.utils import translation

    from monev.domain.workcalendar import WorkCalendar
    from monev.sop.selectors import minutes_label

    calendar = WorkCalendar()
    with translation.override("en"):
        assert minutes_label(calendar, 60 + 1) == "1 hour 1 minute"
        assert minutes_label(calendar, 120) == "2 hours"
    with translation.override("id"):
        assert minutes_label(calendar, 60 + 1) == "1 jam 1 menit"
