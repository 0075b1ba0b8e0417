"""The blangko synced from a phone that was offline: client-made ids (a retried sync stores a
finding or recommendation once), last write wins per field by the phone's clock (corrected by
its error), a submitted blangko refuses with a message, bad changes change nothing."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.accounts.models import User
from monev.core.models import AuditEntry
from monev.monitoring import selectors, services, sync
from monev.monitoring.models import Finding, Recommendation, Visit
from monev.monitoring.tests.conftest import at
from monev.monitoring.tests.test_flow import approve_plan, fill, plan

pytestmark = pytest.mark.django_db
CODE = "IK.2.17.03.2.01.0004.01"


@pytest.fixture
def visit(plan_cycle: Any, personas: Any) -> Visit:
    """Bidang Koperasi's visit, plan approved: the team (kasubag leads, staf.program) fills it."""
    found, _warnings = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    return Visit.objects.get(pk=found.pk)


def _post(user: User, visit: Visit, change: Any) -> Any:
    client = Client(enforce_csrf_checks=False)
    if user is not None:
        client.force_login(user)
    body = change if isinstance(change, str) else json.dumps(change)
    return client.post(
        reverse("monitoring:visit_sync", args=[visit.pk]), body, content_type="application/json"
    )


def _finding(client_id: str, text: str = "Daftar hadir tidak lengkap.") -> dict[str, Any]:
    return {
        "kind": "finding",
        "client_id": client_id,
        "fields": {"text": text, "category": "data", "indicator": ""},
    }


def test_the_same_finding_and_recommendation_sent_twice_are_stored_once(
    visit: Visit, personas: Any
) -> None:
    member = personas["staf.program"]
    finding = _finding(str(uuid.uuid4()))
    first = _post(member, visit, finding)
    again = _post(member, visit, finding)
    assert first.status_code == again.status_code == 200
    assert (first.json()["result"], again.json()["result"]) == ("created", "existing")
    assert first.json()["id"] == again.json()["id"]
    assert Finding.objects.filter(visit=visit).count() == 1
    stored = Finding.objects.get(visit=visit)
    assert stored.client_id == uuid.UUID(finding["client_id"])
    assert stored.text == "Daftar hadir tidak lengkap."

    recommendation = {
        "kind": "recommendation",
        "client_id": str(uuid.uuid4()),
        "fields": {
            "text": "Lengkapi daftar hadir.",
            "unit": "",
            "due_date": "2026-12-15",
            "finding": finding["client_id"],
        },
    }
    for _attempt in range(3):
        assert _post(personas["kasubag"], visit, recommendation).status_code == 200
    rows = Recommendation.objects.filter(visit=visit)
    assert rows.count() == 1 and rows.get().unit_id == visit.unit_id
    assert rows.get().finding == stored  # it answers the finding the phone named
    # another id is another finding, even with the same text
    assert _post(member, visit, _finding(str(uuid.uuid4()))).json()["result"] == "created"
    assert Finding.objects.filter(visit=visit).count() == 2
    # the page's own form (online) carries the id too: a double tap adds one finding
    client = Client()
    client.force_login(member)
    url = reverse("monitoring:finding_add", args=[visit.pk])
    form = {"text": "Papan data belum diperbarui.", "category": "data", "client_id": uuid.uuid4()}
    client.post(url, form)
    client.post(url, form)
    assert Finding.objects.filter(visit=visit, text__startswith="Papan").count() == 1


def test_a_retry_after_the_blangko_was_submitted_finds_the_stored_row_but_new_ones_are_refused(
    visit: Visit, personas: Any
) -> None:
    member = personas["staf.program"]
    sent = _finding(str(uuid.uuid4()))
    assert _post(member, visit, sent).status_code == 200
    fill(visit, personas)
    services.visit_submit(actor=personas["kasubag"], visit=visit)
    assert _post(member, visit, sent).json()["result"] == "existing"  # the answer was lost
    late = _post(member, visit, _finding(str(uuid.uuid4()), "Temuan terlambat."))
    assert late.status_code == 409
    assert "tidak dapat disimpan" in late.json()["error"]
    summary = {"kind": "summary", "fields": {"summary": "Terlambat"}, "at": {}}
    assert _post(member, visit, summary).status_code == 409
    visit.refresh_from_db()
    assert visit.summary == "" and visit.findings.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        "{not json",
        {"kind": "hapus_semua"},
        {"kind": "indicator", "line": "x", "fields": {"verified_value": "10"}},
        {"kind": "indicator", "line": "LINE", "fields": {"verified_value": "sepuluh"}},
        {"kind": "indicator", "line": "LINE", "fields": {"verdict": "kurang"}},
        {"kind": "indicator", "line": "LINE", "fields": {"status": "diterima"}},
        {"kind": "answers", "fields": {"bukan_butir": "ya"}},
        {"kind": "summary", "fields": {"summary": ["daftar"]}},
        {"kind": "finding", "client_id": "bukan-uuid", "fields": {"text": "x", "category": "data"}},
        {"kind": "finding", "client_id": "UUID", "fields": {"text": "  ", "category": "data"}},
        {"kind": "finding", "client_id": "UUID", "fields": {"text": "x", "category": "lain2"}},
        {"kind": "recommendation", "client_id": "UUID", "fields": {"text": "x", "due_date": "31"}},
    ],
)
def test_a_bad_change_is_refused_with_a_message_and_changes_nothing(
    visit: Visit, personas: Any, change: Any
) -> None:
    line = visit.indicators.get(indicator__code=CODE)
    if isinstance(change, dict):
        change = json.loads(
            json.dumps(change).replace('"LINE"', str(line.pk)).replace("UUID", str(uuid.uuid4()))
        )
    audited = AuditEntry.objects.count()
    before = (line.verified_value, line.verdict, line.verdict_reason, line.proposed_value)
    response = _post(personas["staf.program"], visit, change)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error and not error.startswith("{")  # a sentence, not a dump of the payload
    line.refresh_from_db()
    visit.refresh_from_db()
    assert (line.verified_value, line.verdict, line.verdict_reason, line.proposed_value) == before
    assert visit.findings.count() == 0 and visit.recommendations.count() == 0
    assert visit.answers == {} and visit.field_stamps == {}
    assert AuditEntry.objects.count() == audited


def test_only_the_team_syncs_its_blangko(visit: Visit, personas: Any) -> None:
    change = _finding(str(uuid.uuid4()))
    assert _post(personas["pemeriksa"], visit, change).status_code == 403  # reads, never fills
    assert _post(personas["kabid.koperasi"], visit, change).status_code == 403
    outsider = _post(personas["kabid.naker"], visit, change)  # cannot even see the visit
    assert outsider.status_code == 404 and outsider.json()["error"]
    assert _post(None, visit, change).status_code == 401
    assert Finding.objects.filter(visit=visit).count() == 0
    # a retried id is no way around it either
    assert _post(personas["staf.program"], visit, change).status_code == 200
    assert _post(personas["pemeriksa"], visit, change).status_code == 403


def test_the_later_edit_wins_each_field_by_the_phones_clock_corrected(
    visit: Visit, personas: Any
) -> None:
    """At 10.00 the leader types 12 online; a member offline since 9.30 had typed 10 at 9.40
    and a reason at 10.05 — their phone's clock runs an hour slow. Synced at 10.30: the
    reason is newer and wins, the value is older and is kept as the leader's."""
    line = visit.indicators.get(indicator__code=CODE)
    line.visit = visit
    services.indicator_verify(
        actor=personas["kasubag"],
        line=line,
        verified_value=Decimal(12),
        verdict="kurang",
        reason="Tidak ada daftar hadir.",
        proposed_value=None,
        at=at(12, 10),
    )
    slow = timedelta(hours=-1)
    change = {
        "kind": "indicator",
        "line": line.pk,
        "fields": {"verified_value": "10", "verdict_reason": "Daftar hadir sebagian."},
        "at": {
            "verified_value": (at(12, 9, 40) + slow).isoformat(),
            "verdict_reason": (at(12, 10, 5) + slow).isoformat(),
        },
        "sent": (at(12, 10, 30) + slow).isoformat(),
    }
    outcome = sync.apply_change(
        actor=personas["staf.program"], visit=visit, change=change, now=at(12, 10, 30)
    )
    assert outcome.result == "saved" and outcome.skipped == ("verified_value",)
    line.refresh_from_db()
    assert line.verified_value == Decimal(12)
    assert line.verdict_reason == "Daftar hadir sebagian."
    # the same change again: both fields are now as new as the phone's → nothing older wins
    again = sync.apply_change(
        actor=personas["staf.program"], visit=visit, change=change, now=at(12, 10, 31)
    )
    assert again.result == "saved"
    line.refresh_from_db()
    assert (line.verified_value, line.verdict_reason) == (Decimal(12), "Daftar hadir sebagian.")


def test_offline_answers_merge_by_item_and_a_clock_ahead_never_lands_in_the_future(
    visit: Visit, personas: Any
) -> None:
    items = [i for s in selectors.sections_of(visit) for i in s.items]
    yes_no = next(i.key for i in items if i.kind == "yes_no")
    text = next(i.key for i in items if i.kind == "text")
    services.answers_save(
        actor=personas["kasubag"], visit=visit, answers={yes_no: "ya"}, at=at(12, 10)
    )
    ahead = timedelta(days=2)
    change = {
        "kind": "answers",
        "fields": {yes_no: "tidak", text: "Baik"},
        "at": {yes_no: (at(12, 9) + ahead).isoformat(), text: "bukan waktu"},
        "sent": (at(12, 11) + ahead).isoformat(),
    }
    outcome = sync.apply_change(
        actor=personas["staf.program"], visit=visit, change=change, now=at(12, 11)
    )
    assert outcome.skipped == (yes_no,)
    visit.refresh_from_db()
    assert visit.answers[yes_no] == "ya" and visit.answers[text] == "Baik"
    assert visit.field_stamps[f"answer:{text}"] <= at(12, 11).isoformat()


def test_the_service_worker_comes_from_the_apps_own_url_and_only_the_team_gets_the_queue(
    visit: Visit, personas: Any
) -> None:
    worker = Client().get(reverse("monitoring:service_worker"))
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    assert worker["Service-Worker-Allowed"] == "/kunjungan/"
    assert worker["Cache-Control"] == "no-cache"
    assert 'const SCOPE = "/kunjungan/"' in worker.content.decode()
    page = reverse("monitoring:visit", args=[visit.pk])

    def shown(user: str) -> str:
        client = Client()
        client.force_login(personas[user])
        return client.get(page).content.decode()

    team = shown("staf.program")
    assert 'id="blangko-sync"' in team and "blangko-offline.js" in team
    assert 'name="client_id"' in team
    assert "<script>" not in team  # the CSP refuses inline scripts
    reader = shown("pemeriksa")
    assert 'id="blangko-sync"' not in reader and "blangko-offline.js" not in reader
