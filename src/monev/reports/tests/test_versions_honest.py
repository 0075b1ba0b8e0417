"""Drafts marked, versions honest, review etiquette (issue #20): "DRAF — Versi n" on every page
of a draft's PDF (read by pypdf and pdftotext) and in its DOCX header; each version's own date
in its PDF and DOCX metadata; an unchanged render makes no version and says so; the report
page shows the latest version (no stale "new version" banner), the version under
verification and the Kasubag's submission note; a thread is resolved or deferred only by its
author or a higher rank, enforced on the server and reflected on the page."""

from __future__ import annotations

import subprocess
import zipfile
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from docx import Document as open_docx
from pypdf import PdfReader

from monev.reports import services
from monev.reports.choices import JobStatus, ThreadStatus
from monev.reports.models import RenderJob, Report, ReportVersion

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pdf_created(version: ReportVersion) -> datetime:
    with version.pdf.open("rb") as f, pikepdf.open(BytesIO(f.read())) as pdf:
        raw = str(pdf.docinfo["/CreationDate"])  # D:20261110013000+00'00'
    return datetime.strptime(raw[2:16], "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def test_a_draft_is_marked_on_every_page_and_each_version_carries_its_own_date(
    at_step9: Report, personas: Any, tmp_path: Path
) -> None:
    report, kasubag = at_step9, personas["kasubag"]
    v1 = report.versions.get()
    with v1.pdf.open("rb") as f:
        data = f.read()
    pages = [p.extract_text() or "" for p in PdfReader(BytesIO(data)).pages]
    assert len(pages) > 5 and all("DRAF — Versi 1" in page for page in pages), [
        (n, page[:60]) for n, page in enumerate(pages, 1) if "DRAF — Versi 1" not in page
    ]
    assert v1.pdf_pages == len(pages)  # the page count recorded when it was rendered
    (tmp_path / "v1.pdf").write_bytes(data)
    layout = subprocess.run(
        ["pdftotext", str(tmp_path / "v1.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    assert sum("DRAF — Versi 1" in page for page in layout) == len(pages)
    with v1.docx.open("rb") as f:
        docx = open_docx(BytesIO(f.read()))
    section = docx.sections[0]
    assert section.header.paragraphs[0].text == "DRAF — Versi 1"
    assert section.first_page_header.paragraphs[0].text == "DRAF — Versi 1"  # the cover

    # Each version's own date, not the snapshot's, in the PDF and the DOCX.
    later = v1.created_at + timedelta(days=3, hours=2)
    services.section_save(actor=kasubag, report=report, key="saran", text="Saran baru.")
    v2 = services.version_render(actor=kasubag, report=report, now=later)
    assert _pdf_created(v1) == v1.created_at.replace(microsecond=0)
    assert _pdf_created(v2) == later.replace(microsecond=0) != _pdf_created(v1)
    assert _pdf_created(v2) != report.snapshot_at.replace(microsecond=0)
    with v2.docx.open("rb") as f:
        core = open_docx(BytesIO(f.read())).core_properties
    assert core.created == later.replace(microsecond=0)
    with v2.pdf.open("rb") as f:
        assert "DRAF — Versi 2" in (PdfReader(BytesIO(f.read())).pages[0].extract_text() or "")

    # Nothing changed since v2: the page asks for a version and is told none is made.
    client = _client(kasubag)
    response = client.post(
        reverse("reports:generate", args=[report.cycle_id]), HTTP_HX_REQUEST="true"
    )
    assert response.headers.get("HX-Refresh") == "true"
    page = client.get(reverse("reports:report", args=[report.cycle_id])).content.decode()
    assert "Tidak ada perubahan sejak versi 2" in page
    assert report.versions.count() == 2 and not report.jobs.exists()


def test_a_version_renders_the_same_docx_bytes_whenever_it_is_rendered(
    at_step9: Report, fast_pdf: None
) -> None:
    """As its PDF, a version's DOCX is reproducible: rendered again from what the version
    recorded, at other moments, it is the stored bytes; every zip entry and the core
    properties carry the version's own date, the content types come first."""
    v1 = at_step9.versions.get()
    edited = {s["key"]: s["text"] for s in v1.sections if s.get("edited")}
    renders = []
    for moment in (
        datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC),
        datetime(2027, 6, 7, 8, 9, 10, tzinfo=UTC),
    ):
        with time_machine.travel(moment, tick=False):
            _pdf, docx, _texts = services.render_bytes(
                services.snapshot_of(at_step9), edited, final=v1.final or None,
                version=v1.number, created=v1.created_at, report=at_step9,
            )  # fmt: skip
        renders.append(docx)
    with v1.docx.open("rb") as f:
        stored = f.read()
    assert renders[0] == renders[1] == stored
    own_date = v1.created_at.astimezone(UTC).replace(microsecond=0)
    with zipfile.ZipFile(BytesIO(stored)) as package:
        entries = package.infolist()
    assert entries[0].filename == "[Content_Types].xml"
    stamp = own_date.replace(second=own_date.second // 2 * 2)  # a zip dates to 2 seconds
    assert {e.date_time for e in entries} == {stamp.timetuple()[:6]}
    core = open_docx(BytesIO(stored)).core_properties
    assert core.created == core.modified == own_date


def test_the_page_shows_the_latest_version_and_what_is_under_verification(
    at_step9: Report, personas: Any
) -> None:
    report, kasubag, sekretaris = at_step9, personas["kasubag"], personas["sekretaris"]
    v1 = report.versions.get()
    RenderJob.objects.create(
        report=report, status=JobStatus.SELESAI, progress=100, version=v1,
        requested_by=kasubag, requested_at=v1.created_at,
    )  # fmt: skip
    page = reverse("reports:report", args=[report.cycle_id])
    body = _client(kasubag).get(page).content.decode()
    assert 'data-testid="job-done"' in body and "v1" in body
    # Steps 9 and 10 to a new version (made without a job), submitted with a note.
    services.discussion_open(actor=kasubag, report=report)
    services.discussion_close(actor=kasubag, report=report)
    services.section_save(actor=kasubag, report=report, key="saran", text="Saran tajam.")
    services.version_render(actor=kasubag, report=report)
    services.revision_submit(
        actor=kasubag, report=report, note="Versi 2 menjawab catatan rapat tanggal 3."
    )
    body = _client(sekretaris).get(page).content.decode()
    assert 'data-testid="job-done"' not in body  # the v1 banner does not linger
    latest = body[body.index('data-testid="latest-version"') :][:400]
    assert "v2" in latest and "Draf" in latest
    panel = body[body.index('data-testid="review-version"') :][:600]
    assert "Versi yang diverifikasi" in panel and "versi 2" in panel
    note = body[body.index('data-testid="handover-note"') :][:600]
    assert "Versi 2 menjawab catatan rapat tanggal 3." in note and kasubag.full_name in note


def test_a_thread_is_resolved_or_deferred_by_its_author_or_a_higher_rank(
    at_step9: Report, personas: Any
) -> None:
    report = at_step9
    kasubag, kadis = personas["kasubag"], personas["kadis"]
    sekretaris, kabid = personas["sekretaris"], personas["kabid.koperasi"]
    services.discussion_open(actor=kasubag, report=report)
    by_kadis = services.thread_open(
        actor=kadis, report=report, section_key="saran", body="Saran agar lebih konkret."
    )
    by_kabid = services.thread_open(
        actor=kabid, report=report, section_key="saran", body="Angka dicek lagi."
    )

    def status(user: Any, thread: Any, action: str, note: str = "") -> int:
        url = reverse("reports:thread_status", args=[thread.pk, action])
        return int(_client(user).post(url, {"note": note}).status_code)

    # The Kepala Dinas' thread: neither the Kasubag, a Kepala Bidang nor the Sekretaris.
    assert status(kasubag, by_kadis, "resolve") == 403
    assert status(kabid, by_kadis, "defer", "nanti") == 403
    assert status(sekretaris, by_kadis, "resolve") == 403
    with pytest.raises(PermissionDenied):
        services.thread_set_status(actor=kasubag, thread=by_kadis, action="resolve")
    by_kadis.refresh_from_db()
    assert by_kadis.status == ThreadStatus.TERBUKA
    # The page offers the buttons only to who may press them.
    page = reverse("reports:report", args=[report.cycle_id])
    seen_by_kasubag = _client(kasubag).get(page).content.decode()
    assert f'data-testid="resolve-{by_kadis.pk}"' not in seen_by_kasubag
    assert f'data-testid="close-by-author-{by_kadis.pk}"' in seen_by_kasubag
    assert f'data-testid="resolve-{by_kadis.pk}"' in _client(kadis).get(page).content.decode()
    assert status(kadis, by_kadis, "resolve") == 302
    # A Kepala Bidang's thread: the author or the Sekretaris (higher), not the Kasubag.
    assert status(kasubag, by_kabid, "defer", "Renja 2027") == 403
    assert status(sekretaris, by_kabid, "defer", "Renja 2027") == 302
    by_kabid.refresh_from_db()
    assert by_kabid.status == ThreadStatus.DITUNDA and by_kabid.closed_by == sekretaris
    # Anyone taking part may reopen.
    assert status(kasubag, by_kabid, "reopen") == 302
    by_kabid.refresh_from_db()
    assert by_kabid.status == ThreadStatus.TERBUKA
