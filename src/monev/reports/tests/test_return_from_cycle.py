"""Steps 11 and 12 returned from the cycle page (the SOP engine's own buttons) do what the
report page does: the report moves through its table and the note stands on the current
version as well as on the holder's step card."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monev.reports import services
from monev.reports.choices import ReviewKind
from monev.sop.models import StepTransition

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _current(report: Any) -> Any:
    return report.cycle.runs.filter(status__in=["berjalan", "menunggu_persetujuan"]).get()


def test_returns_taken_on_the_cycle_page_stand_on_the_version(at_step9: Any, personas: Any) -> None:
    report = at_step9
    kasubag, sekretaris, kadis = personas["kasubag"], personas["sekretaris"], personas["kadis"]
    services.discussion_open(actor=kasubag, report=report)
    services.discussion_close(actor=kasubag, report=report)
    services.section_save(actor=kasubag, report=report, key="saran", text="Saran baru.")
    services.version_render(actor=kasubag, report=report)
    services.revision_submit(actor=kasubag, report=report)

    # Step 11 «Tidak» from the cycle page: without a note nothing changes.
    run = _current(report)
    assert run.number == 11
    url = reverse("sop:run_return", args=[run.pk])
    assert _client(sekretaris).post(url, {"return-note": ""}).status_code == 400
    assert _current(report).pk == run.pk
    assert not report.versions.get(number=2).reviews.exists()
    note = "Tabel 3.1 belum memuat predikat."
    assert _client(sekretaris).post(url, {"return-note": note}).status_code == 302
    back = _current(report)
    assert (back.number, back.round) == (10, 2)
    review = report.versions.get(number=2).reviews.get()
    assert (review.kind, review.note, review.actor) == (
        ReviewKind.DIKEMBALIKAN_VERIFIKASI, note, sekretaris,
    )  # fmt: skip
    assert StepTransition.objects.filter(run=back, action="return", note=note).exists()
    report.refresh_from_db()
    assert report.status == "diperbaiki"
    # A Kepala Bidang cannot return it from there either; nothing is recorded.
    reviews = report.versions.get(number=2).reviews.count()
    services.section_save(actor=kasubag, report=report, key="saran", text="Saran lagi.")
    services.version_render(actor=kasubag, report=report)
    services.revision_submit(actor=kasubag, report=report)
    run = _current(report)
    refused = _client(personas["kabid.koperasi"]).post(
        reverse("sop:run_return", args=[run.pk]), {"return-note": "x"}
    )
    assert refused.status_code in (400, 403) and _current(report).pk == run.pk
    assert report.versions.get(number=2).reviews.count() == reviews
    assert not report.versions.get(number=3).reviews.exists()

    # Step 12: the Kepala Dinas refuses the final document from the cycle page.
    services.verify(actor=sekretaris, report=report)
    services.final_set(
        actor=kasubag, report=report, sequence=3, number_date=timezone.localdate(),
        mode="definitif", jabatan="Kepala Dinas", name="H. AHMAD RIDUAN, S.Sos., M.M.",
        pangkat="Pembina Tingkat I (IV/b)", nip="197205141998031006",
    )  # fmt: skip
    report.refresh_from_db()
    final = services.version_render(actor=kasubag, report=report)
    services.final_submit(actor=kasubag, report=report)
    run = _current(report)
    assert (run.number, run.status) == (12, "menunggu_persetujuan")
    note = "Tanggal naskah mundur satu hari."
    url = reverse("sop:run_return_approval", args=[run.pk])
    assert _client(kadis).post(url, {"refuse-note": note}).status_code == 302
    assert _current(report).status == "berjalan"
    review = final.reviews.get()
    assert (review.kind, review.note) == (ReviewKind.DIKEMBALIKAN_PENGESAHAN, note)
    report.refresh_from_db()
    assert report.status == "diverifikasi" and report.final_version is None
