"""Everyone the SOP waits on sees it (issue #23): the Kepala Bidang whose blangko awaits his
tanggapan (step 5), and the Bidang whose recommendations are open or past due — each in the
home page's inbox and in a notification (in the app and by e-mail)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from monev.accounts.models import User
from monev.monitoring import services
from monev.monitoring.models import Recommendation
from monev.monitoring.tests.test_flow import approve_plan, fill, plan
from monev.monitoring.waiting import remind_recommendations
from monev.sop.models import Notification
from monev.sop.notifications import send_reminders

pytestmark = pytest.mark.django_db


def _home(user: User) -> str:
    client = Client()
    client.force_login(user)
    page = client.get("/").content.decode()
    return page[page.index('data-testid="inbox"') :].split("</section>")[0]


@pytest.fixture
def submitted(plan_cycle: Any, personas: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """Bidang Koperasi's blangko, with three recommendations, submitted by the team."""
    kop, _w = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    kop.refresh_from_db()
    fill(kop, personas)
    finding = services.finding_add(
        actor=personas["kasubag"], visit=kop, text="Berkas pemeriksaan koperasi belum lengkap.",
        category="administrasi", indicator=None,
    )  # fmt: skip
    for n, text in enumerate(
        [
            "Lengkapi berita acara pemeriksaan koperasi.",
            "Unggah daftar hadir pembinaan.",
            "Perbarui data koperasi aktif di SIMKOP.",
        ]
    ):
        services.recommendation_add(
            actor=personas["kasubag"],
            visit=kop,
            text=text,
            unit=kop.unit,
            due_date=date(2026, 12, 31) + timedelta(days=n),
            finding=finding,
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.visit_submit(actor=personas["kasubag"], visit=kop)
    kop.refresh_from_db()
    return kop


def test_the_kepala_bidang_is_told_a_blangko_awaits_his_tanggapan(
    submitted: Any, personas: Any
) -> None:
    kabid = personas["kabid.koperasi"]
    box = _home(kabid)
    assert "Beri tanggapan atas hasil monev Bidang Koperasi" in box
    assert f'href="/kunjungan/{submitted.pk}/"' in box
    assert "Batas" in box  # the due time of step 5
    told = Notification.objects.get(user=kabid, title__contains="menunggu tanggapan Anda")
    assert told.url.endswith(f"/{submitted.pk}/")
    assert any(kabid.email in m.to and "menunggu tanggapan Anda" in m.subject for m in mail.outbox)
    # Another Bidang's Kepala Bidang is not told, and does not see it.
    naker = personas["kabid.naker"]
    assert not Notification.objects.filter(user=naker, title__contains="tanggapan").exists()
    assert "Beri tanggapan" not in _home(naker)
    # Once he answers, it leaves his inbox.
    services.visit_answer(actor=kabid, visit=submitted, disputes={})
    assert "Beri tanggapan" not in _home(kabid)


def test_the_operator_sees_open_and_overdue_recommendations(submitted: Any, personas: Any) -> None:
    operator = personas["operator.koperasi"]
    told = Notification.objects.get(user=operator, title__contains="3 rekomendasi monev")
    assert "Bidang Koperasi" in told.title
    assert any(operator.email in m.to and "3 rekomendasi" in m.subject for m in mail.outbox)
    today = timezone.localdate()
    first, second, _third = Recommendation.objects.filter(visit=submitted).order_by("pk")
    Recommendation.objects.filter(pk__in=[first.pk, second.pk]).update(
        due_date=today - timedelta(days=3)
    )
    box = _home(operator)
    assert box.count("Tindak lanjuti rekomendasi") == 3
    assert box.count("Lewat batas waktu") == 2
    assert "Tidak ada yang menunggu" not in box
    # Reminders: each overdue recommendation once to each Bidang user, never twice.
    mail.outbox.clear()
    sent = remind_recommendations()
    assert sent >= 2
    overdue = Notification.objects.filter(user=operator, title__contains="lewat batas waktu")
    assert overdue.count() == 2
    assert remind_recommendations() == 0
    # `monev send_reminders` runs them too (registered beside the steps' own reminders).
    send_reminders()
    assert overdue.count() == 2
    # A recommendation followed up to «sesuai» leaves the inbox.
    Recommendation.objects.filter(pk=first.pk).update(status="sesuai")
    assert _home(operator).count("Tindak lanjuti rekomendasi") == 2
    # Another Bidang's operator sees none of them.
    assert "Tindak lanjuti rekomendasi" not in _home(personas["operator.naker"])
