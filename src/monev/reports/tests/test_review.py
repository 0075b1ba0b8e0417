"""The report's review, SOP steps 9–12, through the pages: discussion in threads (mentions,
resolve, defer, reopen, notulen), revision and the return from verification, the final
document with its nomor and signature block, ratification and the fixed ratified version;
who may do what (a Kepala Bidang comments but neither verifies nor ratifies; the Pemeriksa
reads); the cycle page cannot move steps 9–12 past the report."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from io import BytesIO
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
from monev.testing import kept_output

pytestmark = pytest.mark.django_db
SHOTS = kept_output("shots")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _act(user: Any, report: Report, action: str, note: str = "", **data: Any) -> Any:
    url = reverse("reports:act", args=[report.cycle_id, action])
    return _client(user).post(url, {"note": note, **data}, follow=True)


def _refused(response: Any, report: Report) -> str:
    """A refused form goes back to the report page, where the user was (never re-rendered at
    the POST URL): return that page, with its message and what was typed."""
    page = reverse("reports:report", args=[report.cycle_id])
    assert response.redirect_chain, response.status_code
    location, status = response.redirect_chain[0]
    assert status == 302 and location.startswith(page + "#"), response.redirect_chain
    assert response.status_code == 200
    return str(response.content.decode())


def _done(response: Any) -> bool:
    """An action taken: back on the report page without an error message."""
    body = response.content.decode()
    return bool(response.redirect_chain) and "alert alert-danger alert-dismissible" not in body


def _ratify(user: Any, report: Report, version: int, note: str = "") -> Any:
    """Ratify as the page does: the confirmation page, then its form for that version."""
    confirm = _client(user).get(reverse("reports:ratify_confirm", args=[report.cycle_id]))
    return confirm, _act(user, report, "sahkan", note, confirm="1", version=str(version))


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
    assert _done(_act(kasubag, report, "bahas"))
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
        follow=True,
    )
    body = _refused(bad, report)
    assert "Kutipan tidak ditemukan" in body and "Teks saya" in body
    assert bad.redirect_chain[0][0].endswith("#bagian-saran")
    # The Pemeriksa reads but does not comment.
    assert _client(pemeriksa).get(page).status_code == 200
    refused = _client(pemeriksa).post(
        reverse("reports:thread_new", args=[report.cycle_id]),
        {"section": "saran", "body": "x"},
    )
    assert refused.status_code == 403

    # The step does not complete while a thread is open, and says how many.
    blocked = _act(kasubag, report, "tutup-bahas")
    assert "1 utas komentar masih terbuka" in _refused(blocked, report)
    reply = reverse("reports:thread_reply", args=[thread.pk])
    _client(kasubag).post(reply, {"body": "Akan diperbaiki pada versi berikutnya."})
    status = reverse("reports:thread_status", args=[thread.pk, "resolve"])
    assert _client(kabid).post(status).status_code == 302
    assert _done(_act(kasubag, report, "tutup-bahas", "Rapat 3 Nov."))
    report.refresh_from_db()
    assert report.status == "diperbaiki" and _current(report).number == 10

    # Step 10: a new version (edited in the app), then verification.
    assert "Buat versi baru" in _refused(_act(kasubag, report, "ajukan-verifikasi"), report)
    services.section_save(actor=kasubag, report=report, key="saran", text="Saran yang tajam.")
    services.version_render(actor=kasubag, report=report)
    assert _done(_act(kasubag, report, "ajukan-verifikasi"))
    assert _current(report).number == 11

    # Step 11: a Kepala Bidang cannot verify; the Sekretaris returns with notes.
    assert _act(kabid, report, "verifikasi").status_code == 403
    assert "Tuliskan catatan" in _refused(_act(sekretaris, report, "kembalikan-verifikasi"), report)
    note = "Tabel capaian per Bidang belum memuat predikat."
    assert _done(_act(sekretaris, report, "kembalikan-verifikasi", note))
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
    assert _done(_act(kasubag, report, "ajukan-verifikasi"))
    assert _done(_act(sekretaris, report, "verifikasi", "Sesuai."))
    report.refresh_from_db()
    assert report.status == "diverifikasi" and _current(report).number == 12
    with pytest.raises(ValidationError):  # the verified narrative is fixed
        services.section_save(actor=kasubag, report=report, key="saran", text="lain")

    # Step 12: nomor naskah, date, signature block (Plt.), the final document, ratification.
    final = reverse("reports:final", args=[report.cycle_id])
    first_day = timezone.localdate() + timedelta(days=2)
    second_day = first_day - timedelta(days=1)
    bad = _client(kasubag).post(
        final, {"sequence": "", "number_date": "", "nip": "123", "name": "Nama Saya"}, follow=True
    )
    body = _refused(bad, report)
    assert "NIP harus 18 digit" in body and 'value="Nama Saya"' in body  # typed, kept
    assert bad.redirect_chain[0][0].endswith("#dokumen-akhir")
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
    assert "Buat dokumen akhir" in _refused(_act(kasubag, report, "ajukan-pengesahan"), report)
    services.version_render(actor=kasubag, report=report)  # v4, the final document
    assert _done(_act(kasubag, report, "ajukan-pengesahan"))
    waiting = _client(kasubag).post(
        reverse("reports:generate", args=[report.cycle_id]), follow=True
    )
    assert "menunggu pengesahan" in _refused(waiting, report)
    assert report.versions.count() == 4  # nothing new meanwhile
    assert _act(kabid, report, "sahkan").status_code == 403
    assert _act(sekretaris, report, "sahkan").status_code == 403
    assert _done(_act(kadis, report, "kembalikan-pengesahan", "Tanggal mundur satu hari."))
    assert _current(report).status == "berjalan"
    assert report.versions.get(number=4).reviews.get().kind == ReviewKind.DIKEMBALIKAN_PENGESAHAN
    data["number_date"] = str(second_day)
    assert _client(kasubag).post(final, data).status_code == 302
    services.version_render(actor=kasubag, report=report)  # v5
    assert _done(_act(kasubag, report, "ajukan-pengesahan", "Mohon pengesahan versi 5."))
    # Ratifying asks for a confirmation: posting without it leads to the confirmation page,
    # which names the version, nomor and signatory (and the Kasubag's submission note).
    confirm_url = reverse("reports:ratify_confirm", args=[report.cycle_id])
    unconfirmed = _act(kadis, report, "sahkan", "Disahkan.")
    assert unconfirmed.redirect_chain[0][0] == confirm_url
    assert Report.objects.get(pk=report.pk).status == "diverifikasi"
    assert _client(kabid).get(confirm_url).status_code == 403
    stale = _act(kadis, report, "sahkan", confirm="1", version="4")  # not the latest
    assert "bukan lagi versi terbaru" in _refused(stale, report)
    confirm, ratified = _ratify(kadis, report, 5, "Disahkan.")
    shown = confirm.content.decode()
    assert confirm.status_code == 200 and 'data-testid="confirm-check"' in shown
    assert "versi 5" in shown and "000.8.3.3/7/DKUKMTK/2026" in shown
    assert "Plt. Kepala Dinas Koperasi" in shown and "19720514 199803 1 006" in shown
    assert "Mohon pengesahan versi 5." in shown
    assert _done(ratified)
    # A second ratification says it is ratified already.
    again = _act(kadis, report, "sahkan", confirm="1", version="5")
    assert "sudah disahkan" in _refused(again, report)
    later = _client(kadis).get(confirm_url, follow=True)
    assert "sudah disahkan" in later.content.decode()
    report.refresh_from_db()
    assert report.status == "disahkan" and report.ratified_by == kadis and report.ratified_at
    assert report.final_version is not None and report.final_version.number == 5
    assert report.final_version.final["signatory"]["mode"] == "plt"
    assert _current(report).number == 13  # the archive's step

    # The ratified version is fixed: no edit, no new version.
    with pytest.raises(ValidationError):
        services.version_render(actor=kasubag, report=report)
    generate = _client(kasubag).post(
        reverse("reports:generate", args=[report.cycle_id]), follow=True
    )
    assert report.versions.count() == 5 and "sudah disahkan" in _refused(generate, report)

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
    empty = _client(kasubag).post(url, {"held_on": "2026-11-03", "place": "Aula"}, follow=True)
    body = _refused(empty, report)
    assert "Tuliskan keputusan rapat" in body
    assert 'value="Aula"' in body  # nothing typed is lost
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
