"""The demo shows work in progress (issue #23): at Dinas Perpustakaan dan Kearsipan,
Triwulan IV 2026 is opened early and at step 2 — Bidang Perpustakaan's format isian a draft to
go on with, Bidang Kearsipan's submitted — and the Triwulan III blangko of the visit to Bidang
Perpustakaan awaits the Kepala Bidang's tanggapan, in his inbox and his notifications."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from monev.accounts.models import User
from monev.collection.models import Submission
from monev.monitoring.models import Visit
from monev.sop import selectors as sop_selectors
from monev.sop.models import Cycle, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def kabupaten(personas: dict[str, Any]) -> None:
    from monev.demo import DEMO_PASSWORD, kabupaten

    kabupaten.load(password=DEMO_PASSWORD)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_an_early_quarter_at_step_2_with_a_draft_to_fill_and_one_submitted(kabupaten: None) -> None:
    cycle = Cycle.objects.get(agency__short_name="DISPUSIP", year=2026, quarter=4)
    run = sop_selectors.current_run(cycle)
    assert run is not None and run.number == 2
    assert cycle.opened_at.date().isoformat() < "2026-12-31"  # before the quarter ended
    status = {s.unit.code: s.status for s in Submission.objects.filter(cycle=cycle)}
    assert status["BID-PUS"] == "draft" and status["BID-ARSIP"] == "diajukan"
    draft = Submission.objects.get(cycle=cycle, unit__code="BID-PUS")
    page = _client("operator.pus").get(reverse("collection:form", args=[draft.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="v_' in html and "Desember menyusul" in html  # editable, the draft's note


def test_a_blangko_awaits_the_kepala_bidangs_tanggapan(kabupaten: None) -> None:
    visit = Visit.objects.get(cycle__agency__short_name="DISPUSIP", unit__code="BID-PUS")
    assert visit.status == "dilaksanakan"  # submitted, no tanggapan yet
    kabid = User.objects.get(username="kabid.pus")
    notes = Notification.objects.filter(
        user=kabid, url=reverse("monitoring:visit", args=[visit.pk])
    )
    assert any("menunggu tanggapan Anda" in n.title for n in notes)
    home = _client("kabid.pus").get("/").content.decode()
    assert reverse("monitoring:visit", args=[visit.pk]) in home
    other = Visit.objects.get(cycle__agency__short_name="DISPUSIP", unit__code="BID-ARSIP")
    assert other.status == "disetujui"  # the second visit is still to come
