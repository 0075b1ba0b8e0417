"""Writes of the report (SOP step 8): freeze the snapshot, edit sections, render versions,
request background renders and sweep render jobs whose worker died."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.core import audit
from monev.reports import document, render_docx, render_pdf, sections
from monev.reports.builder import build_snapshot
from monev.reports.choices import JobStatus, VersionSource
from monev.reports.models import RenderJob, Report, ReportSection, ReportVersion
from monev.reports.snapshot import Snapshot
from monev.sop.models import Cycle

log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]


def _may_write(actor: Any) -> bool:
    return actor is None or bool(actor.has_role(Role.KASUBAG_PROGRAM))


@transaction.atomic
def report_freeze(*, actor: Any, cycle: Cycle, now: datetime | None = None) -> Report:
    """Return the cycle's report, freezing its snapshot the first time (step 8 starts its
    work). Later calls never change the snapshot."""
    existing = Report.objects.filter(cycle=cycle).first()
    if existing is not None:
        return existing
    if not _may_write(actor):
        raise PermissionDenied
    at = now or timezone.now()
    snap = build_snapshot(cycle, now=at)
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
    *, actor: Any, report: Report, key: str, text: str, now: datetime | None = None
) -> ReportSection | None:
    """Save the edited text of a narrative section; an empty text returns the section to the
    text the rules write (the edit is removed). Audited."""
    if not _may_write(actor):
        raise PermissionDenied
    if key not in sections.TITLES:
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
    snap: Snapshot, edited: dict[str, str], progress: Progress | None = None
) -> tuple[bytes, bytes, list[sections.SectionText]]:
    """Return (PDF, DOCX, sections) of a snapshot with its edited sections, in the
    document's language (`LANGUAGE_CODE`) whoever asks. No ORM."""
    with translation.override(settings.LANGUAGE_CODE):
        return _render_bytes(snap, edited, progress)


def _render_bytes(
    snap: Snapshot, edited: dict[str, str], progress: Progress | None
) -> tuple[bytes, bytes, list[sections.SectionText]]:
    texts = sections.resolve(snap, edited)
    doc = document.build(snap, texts)
    logo = (
        f"data:{snap.agency.logo_mime};base64,{snap.agency.logo_base64}"
        if snap.agency.logo_base64
        else ""
    )
    if progress:
        progress(20, _("Membuat PDF"))
    pdf = render_pdf.render(doc, logo=logo, kop_lines=snap.agency.letterhead_lines)
    if progress:
        progress(70, _("Membuat DOCX"))
    docx = render_docx.render(doc, logo=logo, kop_lines=snap.agency.letterhead_lines)
    return pdf, docx, texts


def version_render(
    *, actor: Any, report: Report, now: datetime | None = None, progress: Progress | None = None
) -> ReportVersion:
    """Render a new version from the frozen snapshot and the current section texts. Nothing
    is saved unless both files were made."""
    snap = snapshot_of(report)
    pdf, docx, texts = render_bytes(snap, edited_sections(report), progress)
    if progress:
        progress(90, _("Menyimpan versi"))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        number = (
            locked.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        stem = f"laporan-monev-{snap.year}-tw{snap.quarter}-v{number}"
        version = ReportVersion(
            report=locked,
            number=number,
            source=VersionSource.GENERATED,
            author=actor,
            created_at=now or timezone.now(),
            snapshot=report.snapshot,
            sections=[
                {"key": t.key, "title": t.title, "text": t.text, "edited": t.edited} for t in texts
            ],
            sha256=hashlib.sha256(pdf).hexdigest(),
            docx_sha256=hashlib.sha256(docx).hexdigest(),
            pdf_pages=pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page"),
        )
        version.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        version.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        version.save()
        if actor is not None:
            audit.record_create(actor, version)
    return version


@transaction.atomic
def generate_request(*, actor: Any, cycle: Cycle, now: datetime | None = None) -> RenderJob:
    """Ask for a new version to be rendered in the background; returns the job the page
    polls. One job at a time per report."""
    if not _may_write(actor):
        raise PermissionDenied
    report = report_freeze(actor=actor, cycle=cycle, now=now)
    active = report.jobs.filter(status__in=[JobStatus.MENUNGGU, JobStatus.BERJALAN]).first()
    if active is not None:
        return active
    job = RenderJob.objects.create(
        report=report,
        requested_by=actor,
        requested_at=now or timezone.now(),
        stage=_("Menunggu pekerja"),
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from monev.reports.tasks import render_report

    result = render_report.enqueue(job_id)
    RenderJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


def job_run(job_id: int) -> None:
    """The body of the background task: render the job's version, recording progress; on any
    error the job is marked failed with the reason and no version is kept."""
    job = RenderJob.objects.select_related("report", "requested_by").get(pk=job_id)
    if job.status in (JobStatus.SELESAI, JobStatus.GAGAL):
        return
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.BERJALAN, started_at=timezone.now(), attempts=job.attempts + 1,
        progress=5, stage=_("Menyiapkan dokumen"),
    )  # fmt: skip

    def progress(percent: int, stage: str) -> None:
        RenderJob.objects.filter(pk=job_id).update(progress=percent, stage=stage)

    try:
        version = version_render(actor=job.requested_by, report=job.report, progress=progress)
    except Exception as error:
        log.exception("report render failed")
        RenderJob.objects.filter(pk=job_id).update(
            status=JobStatus.GAGAL,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}",
        )
        return
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.SELESAI, finished_at=timezone.now(), progress=100,
        stage=_("Selesai"), version=version,
    )  # fmt: skip


def sweep_stale_jobs(*, now: datetime | None = None) -> list[RenderJob]:
    """Find render jobs still "running" after the limit (their worker died): retry them
    while attempts remain, else mark them failed. Returns the jobs touched."""
    at = now or timezone.now()
    limit = at - timedelta(seconds=settings.REPORT_JOB_TIMEOUT)
    touched = []
    for job in RenderJob.objects.filter(status=JobStatus.BERJALAN, started_at__lt=limit):
        if job.attempts < settings.REPORT_JOB_MAX_ATTEMPTS:
            job.status, job.stage, job.progress, job.task_id = (
                JobStatus.MENUNGGU, _("Diulang: pekerja sebelumnya berhenti"), 0, "",
            )  # fmt: skip
            job.save()
            transaction.on_commit(partial(_enqueue, job.pk))
        else:
            job.status, job.finished_at = JobStatus.GAGAL, at
            job.error = _("Pekerja latar berhenti saat membuat laporan.")
            job.save()
        touched.append(job)
    return touched
