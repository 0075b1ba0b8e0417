"""Step 8 of the report: freeze the snapshot, edit the narrative sections, render a version (PDF
and DOCX) from the frozen snapshot."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.core import audit
from monev.domain import report_flow
from monev.reports import document, kinds, render_docx, render_pdf, sealing, sections
from monev.reports.choices import (
    JobStatus,
    VersionSource,
)
from monev.reports.models import (
    RenderJob,
    Report,
    ReportSection,
    ReportVersion,
)
from monev.reports.snapshot import Snapshot
from monev.sop.models import Cycle

Progress = Callable[[int, str], None]


def _may_write(actor: User | None) -> bool:
    return actor is None or bool(actor.has_role(Role.KASUBAG_PROGRAM))


@transaction.atomic
def report_freeze(*, actor: User | None, cycle: Cycle, now: datetime | None = None) -> Report:
    """Return the cycle's report, freezing its snapshot the first time (step 8 starts its
    work). Later calls never change the snapshot."""
    existing = Report.objects.filter(cycle=cycle).first()
    if existing is not None:
        return existing
    if not _may_write(actor):
        raise PermissionDenied
    at = now or timezone.now()
    snap = kinds.for_cycle(cycle).build_snapshot(cycle, at)
    report = Report.objects.create(
        cycle=cycle, snapshot=snap.to_json(), snapshot_at=at, created_by=actor
    )
    if actor is not None:
        audit.record_create(actor, report)
    return report


def snapshot_of(report: Report) -> Snapshot:
    return Snapshot.from_json(report.snapshot)


def edited_sections(report: Report) -> dict[str, str]:
    return {s.key: s.text for s in report.sections.all()}


@transaction.atomic
def section_save(
    *, actor: User | None, report: Report, key: str, text: str, now: datetime | None = None
) -> ReportSection | None:
    """Save the edited text of a narrative section; an empty text returns the section to the
    text the rules write (the edit is removed). Audited. Refused once the report is verified
    (its narrative is what the Sekretaris verified) or ratified."""
    if not _may_write(actor):
        raise PermissionDenied
    _require_editable(report)
    if key not in sections.titles_of(snapshot_of(report)):
        raise ValidationError(_("Bagian laporan tidak dikenal."))
    text = text.strip().replace("\r\n", "\n")
    current = ReportSection.objects.filter(report=report, key=key).first()
    if not text:
        if current is not None:
            audit.record_delete(actor, current, audit.snapshot(current, ["text"]))
            current.delete()
        return None
    if current is None:
        current = ReportSection.objects.create(
            report=report, key=key, text=text, edited_by=actor, edited_at=now or timezone.now()
        )
        audit.record_create(actor, current)
        return current
    before = audit.snapshot(current, ["text"])
    current.text, current.edited_by, current.edited_at = text, actor, now or timezone.now()
    current.save()
    audit.record_update(actor, current, before)
    return current


def render_bytes(
    snap: Snapshot,
    edited: dict[str, str],
    progress: Progress | None = None,
    *,
    final: dict[str, Any] | None = None,
    version: int = 0,
    created: datetime | None = None,
    report: Report | None = None,
) -> tuple[bytes, bytes, list[sections.SectionText]]:
    """Return (PDF, DOCX, sections) of a snapshot with its edited sections (and the final
    document's details), in the document's language (`LANGUAGE_CODE`) whoever asks.

    A draft (no final details) is marked "DRAF — Versi n" on every page; a final document
    whose details carry a seal is rendered sealed by the archive's sealer (PDF/A-3, code
    and QR on every page: `reports.sealing`), the only render that touches `report`.
    `created` (the version's own date) goes into both files' metadata; without it, the
    snapshot's date."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render_bytes(snap, edited, progress, final, version, created, report)


def draft_mark(version: int) -> str:
    """The mark on every page of a draft: "DRAF — Versi n"."""
    if not version:
        return _("DRAF")
    return _("DRAF — Versi %(n)s") % {"n": version}


def _render_bytes(
    snap: Snapshot,
    edited: dict[str, str],
    progress: Progress | None,
    final: dict[str, Any] | None,
    version: int,
    created: datetime | None,
    report: Report | None,
) -> tuple[bytes, bytes, list[sections.SectionText]]:
    texts = sections.resolve(snap, edited)
    doc = document.build(snap, texts, final)
    if created is not None:  # in UTC: the DOCX writes its dates as UTC without an offset
        doc.created = created.astimezone(UTC)
    if not final:
        doc.draft_mark = draft_mark(version)
    logo = (
        f"data:{snap.agency.logo_mime};base64,{snap.agency.logo_base64}"
        if snap.agency.logo_base64
        else ""
    )
    if progress:
        progress(20, _("Membuat PDF"))
    sealer = sealing.sealer()
    if sealing.is_sealed(final) and sealer is not None and report is not None:
        assert final is not None
        pdf = sealer.render(report, texts, final, doc.created)
    else:
        pdf = render_pdf.render(doc, logo=logo, kop_lines=snap.agency.letterhead_lines)
    if progress:
        progress(70, _("Membuat DOCX"))
    docx = render_docx.render(
        doc, logo=logo, kop_lines=snap.agency.letterhead_lines, version=version
    )
    return pdf, docx, texts


#: While set (`deferred_draft_files`), a draft version's files are left to the worker.
_DEFER_DRAFT_FILES: ContextVar[bool] = ContextVar("defer_draft_files", default=False)


@contextmanager
def deferred_draft_files() -> Iterator[None]:
    """Inside: `version_render` of a draft (not the final document, not an upload) saves the
    version with its texts and numbers at once and queues its PDF and DOCX for the background
    worker (`version_files`), with a job the report page shows. `monev demo` loads its
    story so, so that the server is up before the drafts are rendered (issue #26)."""
    token = _DEFER_DRAFT_FILES.set(True)
    try:
        yield
    finally:
        _DEFER_DRAFT_FILES.reset(token)


def version_files(*, version_id: int, progress: Progress | None = None) -> ReportVersion:
    """Render the PDF and DOCX of a version saved with its files deferred, from what the
    version itself recorded (snapshot, section texts, number, date): the same bytes as a
    render at its creation. A version that has its files is returned as it is."""
    version = ReportVersion.objects.select_related("report").get(pk=version_id)
    if version.sha256:
        return version
    snap = Snapshot.from_json(version.snapshot)
    edited = {s["key"]: s["text"] for s in version.sections if s.get("edited")}
    pdf, docx, _texts = render_bytes(
        snap, edited, progress, final=version.final or None, version=version.number,
        created=version.created_at, report=version.report,
    )  # fmt: skip
    if progress:
        progress(90, _("Menyimpan versi"))
    stem = _stem(snap, version.number)
    with transaction.atomic():
        version.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        version.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        version.sha256 = hashlib.sha256(pdf).hexdigest()
        version.docx_sha256 = hashlib.sha256(docx).hexdigest()
        version.pdf_pages = page_count(pdf)
        version.save(update_fields=["pdf", "docx", "sha256", "docx_sha256", "pdf_pages"])
    return version


def version_render(
    *,
    actor: User | None,
    report: Report,
    now: datetime | None = None,
    progress: Progress | None = None,
    source: str = VersionSource.GENERATED,
    based_on: ReportVersion | None = None,
    outside_edits: list[dict[str, str]] | None = None,
    upload: tuple[str, bytes] | None = None,
) -> ReportVersion:
    """Render a new version from the frozen snapshot and the current section texts (with the
    nomor, date and signature block once the final document is being prepared: then it is
    sealed as it is rendered, `reports.sealing`). Nothing is saved unless both files were
    made; a ratified report gets no new version; a generated version the same as the
    latest (same texts, same final details) is refused with a message."""
    report.refresh_from_db()
    if report.status in report_flow.FIXED:
        raise ValidationError(_("Laporan sudah disahkan: versinya tetap, tidak ada versi baru."))
    if source == VersionSource.GENERATED:
        _refuse_unchanged(report)
    snap = snapshot_of(report)
    number = _next_version_number(report)
    final = final_details(report)
    sealer = sealing.sealer()
    if final and sealer is not None:
        final = {**final, **sealer.details(report, final)}
    at = now or timezone.now()
    deferred = _DEFER_DRAFT_FILES.get() and not final and upload is None
    if deferred:  # the worker renders the files later, from what the version records
        pdf, docx, texts = b"", b"", sections.resolve(snap, edited_sections(report))
    else:
        pdf, docx, texts = render_bytes(
            snap, edited_sections(report), progress, final=final, version=number, created=at,
            report=report,
        )  # fmt: skip
    if progress:
        progress(90, _("Menyimpan versi"))
    pages = page_count(pdf)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status in report_flow.FIXED:
            raise ValidationError(
                _("Laporan sudah disahkan: versinya tetap, tidak ada versi baru.")
            )
        if _next_version_number(locked) != number:
            raise ValidationError(_("Versi lain baru saja dibuat. Ulangi pembuatan versi."))
        stem = _stem(snap, number)
        version = ReportVersion(
            report=locked,
            number=number,
            source=source,
            based_on=based_on,
            outside_edits=outside_edits or [],
            final=final,
            author=actor,
            created_at=at,
            snapshot=report.snapshot,
            sections=[
                {"key": t.key, "title": t.title, "text": t.text, "edited": t.edited} for t in texts
            ],
            sha256=hashlib.sha256(pdf).hexdigest() if pdf else "",
            docx_sha256=hashlib.sha256(docx).hexdigest() if docx else "",
            pdf_pages=pages,
        )
        if not deferred:
            version.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
            version.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        if upload is not None:
            version.uploaded_docx.save(f"{stem}-unggahan.docx", ContentFile(upload[1]), save=False)
        version.save()
        if actor is not None:
            audit.record_create(actor, version)
        if deferred:
            _queue_files(version, actor, at)
    return version


def page_count(pdf: bytes) -> int:
    """Return the number of pages of `pdf` as its page tree counts them (searching the bytes
    for "/Type /Page" found none: Typst writes "/Type/Page"); 0 for no PDF (files left to the
    worker) or one that cannot be read."""
    if not pdf:
        return 0
    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except (PyPdfError, ValueError):
        return 0


def _stem(snap: Snapshot, number: int) -> str:
    return kinds.of(snap).stem(snap.year, snap.quarter, number)


def _queue_files(version: ReportVersion, actor: User | None, at: datetime) -> None:
    from monev.reports.services.queue import _enqueue  # queue imports this module

    job = RenderJob.objects.create(
        report=version.report, requested_by=actor, requested_at=at, version=version,
        status=JobStatus.MENUNGGU, stage=_("Menunggu pekerja"),
    )  # fmt: skip
    transaction.on_commit(lambda: _enqueue(job.pk))


def _next_version_number(report: Report) -> int:
    return (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1


def _require_editable(report: Report) -> None:
    if report.status not in report_flow.EDITABLE:
        raise ValidationError(
            _("Narasi tidak dapat diubah lagi: laporan berstatus «%(s)s».")
            % {"s": report.get_status_display()}
        )


FINAL_KEYS = ("number", "number_date", "signatory")


def _final_base(final: dict[str, Any] | None) -> dict[str, Any]:
    """A version's final details without the seal's (code, URL, retention)."""
    return {k: v for k, v in (final or {}).items() if k in FINAL_KEYS}


def unchanged_since(report: Report) -> ReportVersion | None:
    """The latest version when a new render would be the same document (the same section
    texts and the same final details), else None."""
    latest = latest_version(report)
    if latest is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        texts = sections.resolve(snapshot_of(report), edited_sections(report))
    same_texts = [(t.key, t.text) for t in texts] == [
        (s["key"], s["text"]) for s in latest.sections
    ]
    return latest if same_texts and _final_base(latest.final) == final_details(report) else None


def _refuse_unchanged(report: Report) -> None:
    same = unchanged_since(report)
    if same is not None:
        raise ValidationError(
            _("Tidak ada perubahan sejak versi %(n)s (narasi, nomor naskah dan penanda tangan "
              "sama): versi baru tidak dibuat. Sunting bagian laporan atau data dokumen akhir "
              "lebih dulu.") % {"n": same.number},
            code="unchanged",
        )  # fmt: skip


def final_details(report: Report) -> dict[str, Any]:
    """The final document's details a render carries (step 12): nomor, date, signatory;
    empty while the report has no nomor."""
    if not report.number:
        return {}
    return {
        "number": report.number,
        "number_date": report.number_date.isoformat() if report.number_date else "",
        "signatory": dict(report.signatory or {}),
    }


# --- The review: steps 9–12 ------------------------------------------------------------------


def latest_version(report: Report) -> ReportVersion | None:
    return report.versions.order_by("-number").first()
