"""The report's review, SOP steps 9–12, through the pages: discussion in threads (mentions,
resolve, defer, reopen, notulen), revision and the return from verification, the final
document with its nomor and signature block, ratification and the fixed ratified version;
who may do what (a Kepala Bidang comments but neither verifies nor ratifies; the Pemeriksa
reads); the cycle page cannot move steps 9–12 past the report."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from monev.domain.periods import format_date_id
from monev.reports import services
from monev.reports.choices import ReviewKind, ThreadStatus
from monev.reports.models import CommentThread, Report
from monev.sop.models import Notification, StepTransition

pytestmark = pytest.mark.django_db
SHOTS = Path(__file__).resolve().parents[4] / "var" / "shots"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _act(user: Any, report: Report, action: str, note: str = "") -> Any:
    url = reverse("reports:act", args=[report.cycle_id, action])
    return _client(user).post(url, {"note": note})


def _current(report: Report) -> Any:
    from monev.sop import selectors

    return selectors.current_run(report.cycle.__class__.objects.get(pk=report.cycle_id))


def _pdf_text(version: Any) -> str:
    with version.pdf.open("rb") as f:
        return "\n".join(p.extract_text() or "" for p in PdfReader(BytesIO(f.read())).pages)


def test_steps_9_to_12_from_discussion_to_ratification(at_step9: Any, personas: Any) -> None:
    report = at_step9
    kasubag, sekretaris, kadis = personas["kasubag"], personas["sekretaris"], personas["kadis"]
    kabid, pemeriksa = personas["kabid.koperasi"], personas["pemeriksa"]
    page = reverse("reports:report", args=[report.cycle_id])

    # Step 9: the Kasubag Program opens the discussion; participants are notified.
    assert _act(kabid, report, "bahas").status_code == 403
    assert _act(kasubag, report, "bahas").status_code == 302
    report.refresh_from_db()
    assert report.status == "dibahas"
    assert Notification.objects.filter(user=sekretaris, title__contains="Pembahasan").exists()
    assert Notification.objects.filter(user=kabid, url__contains="#versi-1").exists()
    from monev.core import inbox

    assert [i.url for i in inbox.items_for(kabid) if "#versi-1" in i.url]  # in their inbox

    # A Kepala Bidang comments on a quoted passage and mentions the Sekretaris.
    saran = next(s for s in report.versions.get(number=1).sections if s["key"] == "saran")
    quote = " ".join(saran["text"].split()[:5])
    response = _client(kabid).post(
        reverse("reports:thread_new", args=[report.cycle_id]),
        {"section": "saran", "quote": quote, "body": "Mohon dipertajam. @sekretaris"},
    )
    assert response.status_code == 302
    thread = CommentThread.objects.get(report=report)
    assert thread.quote == quote and thread.status == ThreadStatus.TERBUKA
    assert Notification.objects.filter(user=sekretaris, title__contains="menyebut").exists()
    # A quote that is not in the section is refused with a message, the typed text kept.
    bad = _client(kabid).post(
        reverse("reports:thread_new", args=[report.cycle_id]),
        {"section": "saran", "quote": "kalimat yang tidak ada", "body": "Teks saya"},
    )
    assert bad.status_code == 400 and "Kutipan tidak ditemukan" in bad.content.decode()
    assert "Teks saya" in bad.content.decode()
    # The Pemeriksa reads but does not comment.
    assert _client(pemeriksa).get(page).status_code == 200
    refused = _client(pemeriksa).post(
        reverse("reports:thread_new", args=[report.cycle_id]),
        {"section": "saran", "body": "x"},
    )
    assert refused.status_code == 403

    # The step does not complete while a thread is open, and says how many.
    blocked = _act(kasubag, report, "tutup-bahas")
    assert blocked.status_code == 400
    assert "1 utas komentar masih terbuka" in blocked.content.decode()
    reply = reverse("reports:thread_reply", args=[thread.pk])
    _client(kasubag).post(reply, {"body": "Akan diperbaiki pada versi berikutnya."})
    status = reverse("reports:thread_status", args=[thread.pk, "resolve"])
    assert _client(kabid).post(status).status_code == 302
    assert _act(kasubag, report, "tutup-bahas", "Rapat 3 Nov.").status_code == 302
    report.refresh_from_db()
    assert report.status == "diperbaiki" and _current(report).number == 10

    # Step 10: a new version (edited in the app), then verification.
    assert _act(kasubag, report, "ajukan-verifikasi").status_code == 400  # no new version yet
    services.section_save(actor=kasubag, report=report, key="saran", text="Saran yang tajam.")
    services.version_render(actor=kasubag, report=report)
    assert _act(kasubag, report, "ajukan-verifikasi").status_code == 302
    assert _current(report).number == 11

    # Step 11: a Kepala Bidang cannot verify; the Sekretaris returns with notes.
    assert _act(kabid, report, "verifikasi").status_code == 403
    assert _act(sekretaris, report, "kembalikan-verifikasi").status_code == 400  # note needed
    note = "Tabel capaian per Bidang belum memuat predikat."
    assert _act(sekretaris, report, "kembalikan-verifikasi", note).status_code == 302
    run = _current(report)
    assert (run.number, run.round) == (10, 2)
    v2 = report.versions.get(number=2)
    assert v2.reviews.get().kind == ReviewKind.DIKEMBALIKAN_VERIFIKASI
    assert StepTransition.objects.filter(run=run, action="return", note=note).exists()
    body = _client(kasubag).get(page).content.decode()
    assert note in body  # on the version
    cycle_page = _client(kasubag).get(reverse("sop:cycle_detail", args=[report.cycle_id]))
    assert note in cycle_page.content.decode()  # and on the holder's step card

    services.section_save(actor=kasubag, report=report, key="kesimpulan", text="Kesimpulan baru.")
    services.version_render(actor=kasubag, report=report)
    assert _act(kasubag, report, "ajukan-verifikasi").status_code == 302
    assert _act(sekretaris, report, "verifikasi", "Sesuai.").status_code == 302
    report.refresh_from_db()
    assert report.status == "diverifikasi" and _current(report).number == 12
    with pytest.raises(ValidationError):  # the verified narrative is fixed
        services.section_save(actor=kasubag, report=report, key="saran", text="lain")

    # Step 12: nomor naskah, date, signature block (Plt.), the final document, ratification.
    final = reverse("reports:final", args=[report.cycle_id])
    first_day = timezone.localdate() + timedelta(days=2)
    second_day = first_day - timedelta(days=1)
    bad = _client(kasubag).post(final, {"sequence": "", "number_date": "", "nip": "123"})
    assert bad.status_code == 400 and "NIP harus 18 digit" in bad.content.decode()
    assert _client(kabid).post(final, {}).status_code == 403
    data = {
        "sequence": "7", "number_date": str(first_day), "mode": "plt",
        "jabatan": "Kepala Dinas Koperasi, Usaha Kecil Menengah dan Tenaga Kerja",
        "name": "H. AHMAD RIDUAN, S.Sos., M.M.", "pangkat": "Pembina Tingkat I (IV/b)",
        "nip": "197205141998031006",
    }  # fmt: skip
    assert _client(kasubag).post(final, data).status_code == 302
    report.refresh_from_db()
    assert report.number == "000.8.3.3/7/DKUKMTK/2026"
    assert report.number_date == first_day
    blocked = _act(kasubag, report, "ajukan-pengesahan")
    assert blocked.status_code == 400 and "Buat dokumen akhir" in blocked.content.decode()
    services.version_render(actor=kasubag, report=report)  # v4, the final document
    assert _act(kasubag, report, "ajukan-pengesahan").status_code == 302
    waiting = _client(kasubag).post(reverse("reports:generate", args=[report.cycle_id]))
    assert waiting.status_code == 400 and report.versions.count() == 4  # nothing new meanwhile
    assert _act(kabid, report, "sahkan").status_code == 403
    assert _act(sekretaris, report, "sahkan").status_code == 403
    assert (
        _act(kadis, report, "kembalikan-pengesahan", "Tanggal mundur satu hari.").status_code == 302
    )
    assert _current(report).status == "berjalan"
    assert report.versions.get(number=4).reviews.get().kind == ReviewKind.DIKEMBALIKAN_PENGESAHAN
    data["number_date"] = str(second_day)
    assert _client(kasubag).post(final, data).status_code == 302
    services.version_render(actor=kasubag, report=report)  # v5
    assert _act(kasubag, report, "ajukan-pengesahan").status_code == 302
    assert _act(kadis, report, "sahkan", "Disahkan.").status_code == 302
    report.refresh_from_db()
    assert report.status == "disahkan" and report.ratified_by == kadis and report.ratified_at
    assert report.final_version is not None and report.final_version.number == 5
    assert report.final_version.final["signatory"]["mode"] == "plt"
    assert _current(report).number == 13  # the archive's step

    # The ratified version is fixed: no edit, no new version.
    with pytest.raises(ValidationError):
        services.version_render(actor=kasubag, report=report)
    generate = _client(kasubag).post(reverse("reports:generate", args=[report.cycle_id]))
    assert report.versions.count() == 5 and generate.status_code == 400

    # The ratified PDF: nomor, date, the Plt. signature block with pangkat and grouped NIP.
    text = _pdf_text(report.final_version)
    assert "000.8.3.3/7/DKUKMTK/2026" in text
    assert format_date_id(second_day) in text
    assert "Plt. Kepala Dinas Koperasi" in text
    assert "NIP. 19720514 199803 1 006" in text and "Pembina Tingkat I (IV/b)" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS / "ratified.pdf"
    with report.final_version.pdf.open("rb") as f:
        pdf.write_bytes(f.read())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
         str(SHOTS / "ratified-cover")],
        check=True,
    )  # fmt: skip
    pages = len(PdfReader(str(pdf)).pages)
    for n in range(1, pages + 1):
        if "Plt. Kepala Dinas" in (PdfReader(str(pdf)).pages[n - 1].extract_text() or ""):
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", str(n), "-l", str(n), str(pdf),
                 str(SHOTS / "ratified-signature")],
                check=True,
            )  # fmt: skip
            break

    # The API shows the status, the number and every version.
    api = _client(pemeriksa).get(reverse("api:report_detail", args=[report.pk])).json()
    assert api["status"] == "disahkan" and api["number"] == report.number
    assert [v["number"] for v in api["versions"]] == [1, 2, 3, 4, 5]
    assert api["final_version"] == 5 and api["number_date"] == str(second_day)


def test_threads_defer_reopen_and_a_quote_gone_from_a_later_version(
    at_step9: Any, personas: Any
) -> None:
    report, kasubag, kabid = at_step9, personas["kasubag"], personas["kabid.naker"]
    services.discussion_open(actor=kasubag, report=report)
    text = next(s for s in report.versions.get().sections if s["key"] == "kesimpulan")["text"]
    quote = " ".join(text.split()[:4])
    thread = services.thread_open(
        actor=kabid, report=report, section_key="kesimpulan", body="Cek", quote=quote
    )
    with pytest.raises(ValidationError):  # a deferral needs its reason
        services.thread_set_status(actor=kabid, thread=thread, action="defer")
    services.thread_set_status(actor=kabid, thread=thread, action="defer", note="Renja 2027")
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.DITUNDA
    assert services.open_thread_count(report) == 0
    services.thread_set_status(actor=kasubag, thread=thread, action="reopen")
    assert services.open_thread_count(report) == 1
    services.section_save(actor=kasubag, report=report, key="kesimpulan", text="Teks lain.")
    services.version_render(actor=kasubag, report=report)
    body = _client(kabid).get(reverse("reports:report", args=[report.cycle_id])).content.decode()
    assert f'data-testid="quote-missing-{thread.pk}"' in body
    # The notulen: attendees and decisions; a Kepala Bidang cannot write it.
    url = reverse("reports:meeting", args=[report.cycle_id])
    assert _client(kabid).post(url, {}).status_code == 403
    empty = _client(kasubag).post(url, {"held_on": "2026-11-03", "place": "Aula"})
    assert empty.status_code == 400 and "Tuliskan keputusan rapat" in empty.content.decode()
    assert 'value="Aula"' in empty.content.decode()  # nothing typed is lost
    ok = _client(kasubag).post(url, {
        "held_on": "2026-11-03", "place": "Aula Dinas", "summary": "Draf dibahas.",
        "decisions": "BAB IV dilengkapi.",
        "attendees": [personas["kadis"].pk, kabid.pk], "other_attendees": "Perwakilan Bappeda",
    })  # fmt: skip
    assert ok.status_code == 302
    meeting = report.meetings.get()
    assert set(meeting.attendees.all()) == {personas["kadis"], kabid}


def test_the_cycle_page_cannot_move_review_steps_past_the_report(
    at_step9: Any, personas: Any
) -> None:
    """The engine's own buttons for steps 9 and 11 are refused with a pointer to the report
    page while the report has not moved with them."""
    report = at_step9
    run = _current(report)
    response = _client(personas["kasubag"]).post(reverse("sop:run_complete", args=[run.pk]))
    assert response.status_code == 400 and "Pembahasan belum dibuka" in response.content.decode()
    services.discussion_open(actor=personas["kasubag"], report=report)
    response = _client(personas["kasubag"]).post(reverse("sop:run_complete", args=[run.pk]))
    assert response.status_code == 400 and "halaman laporan" in response.content.decode()
    assert _current(report).number == 9


def test_the_report_pages_query_count_does_not_grow_with_threads(
    at_step9: Any, personas: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report, kasubag = at_step9, personas["kasubag"]
    services.discussion_open(actor=kasubag, report=report)
    page = reverse("reports:report", args=[report.cycle_id])
    client = _client(personas["kadis"])

    def add(n: int) -> None:
        for i in range(n):
            thread = services.thread_open(
                actor=personas["kabid.koperasi"], report=report, section_key="saran",
                body=f"Komentar {i} @kasubag",
            )  # fmt: skip
            services.comment_reply(actor=kasubag, thread=thread, body="Jawaban")
        services.meeting_add(
            actor=kasubag, report=report, held_on=timezone.localdate(), place="Aula",
            attendees=[personas["kadis"], personas["sekretaris"]], other_attendees="",
            summary="s", decisions="d",
        )  # fmt: skip

    add(2)
    client.get(page)  # warm up: session, content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(page).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries][-10:]
