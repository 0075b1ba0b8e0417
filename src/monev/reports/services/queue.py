"""Background renders of the report (step 8, and the uploads of step 10): queue a job, enqueue
its task, retry or fail the jobs whose worker died. The only module of the services that names
the task (`monev.reports.tasks`, which calls `worker.job_run`): no cycle."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.domain import report_flow
from monev.reports import sealing, tasks
from monev.reports.choices import (
    JobStatus,
)
from monev.reports.models import (
    RenderJob,
    Report,
)
from monev.reports.services.drafting import (
    _may_write,
    _refuse_unchanged,
    _require_editable,
    final_details,
    report_freeze,
)
from monev.reports.services.review import report_parties_agency
from monev.sop import selectors as sop_selectors
from monev.sop.choices import StepKey, StepStatus
from monev.sop.models import Cycle


@transaction.atomic
def generate_request(*, actor: User, cycle: Cycle, now: datetime | None = None) -> RenderJob:
    """Ask for a new version to be rendered in the background; returns the job the page
    polls. One job at a time per report."""
    if not _may_write(actor):
        raise PermissionDenied
    report = report_freeze(actor=actor, cycle=cycle, now=now)
    if report.status in report_flow.FIXED:
        raise ValidationError(_("Laporan sudah disahkan: versinya tetap, tidak ada versi baru."))
    if report.status == report_flow.State.DIVERIFIKASI:  # only the final document, at step 12
        run = sop_selectors.current_run(cycle)
        if (
            run is None
            or run.step.key != StepKey.PENYUSUNAN_DOKUMEN
            or (run.status != StepStatus.BERJALAN)
        ):
            raise ValidationError(
                _("Versi terverifikasi sedang menunggu pengesahan; tidak ada versi baru.")
            )
    active = report.jobs.filter(status__in=[JobStatus.MENUNGGU, JobStatus.BERJALAN]).first()
    if active is not None:
        return active
    _refuse_unchanged(report)
    _refuse_when_full()
    final = final_details(report)
    sealer = sealing.sealer()
    if final and sealer is not None:
        sealer.details(report, final)  # refused now, with its message, rather than in the job
    job = RenderJob.objects.create(
        report=report,
        requested_by=actor,
        requested_at=now or timezone.now(),
        stage=_("Menunggu pekerja"),
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _refuse_when_full() -> None:
    """Refuse a new job while REPORT_QUEUE_LIMIT jobs already wait for a worker."""
    waiting = RenderJob.objects.filter(status=JobStatus.MENUNGGU).count()
    if waiting >= settings.REPORT_QUEUE_LIMIT:
        raise ValidationError(
            _(
                "Antrean pembuatan laporan sedang penuh (%(n)d pekerjaan menunggu pekerja). "
                "Tidak ada yang disimpan; coba lagi beberapa menit lagi."
            )
            % {"n": waiting}
        )


def _enqueue(job_id: int) -> None:
    # `tasks` imports `worker`, not this module: the arrow runs one way (issue #22).
    result = tasks.render_report.enqueue(job_id)
    RenderJob.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id))


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


@transaction.atomic
def upload_request(
    *, actor: User, report: Report, data: bytes, filename: str = "", now: datetime | None = None
) -> RenderJob:
    """Step 10: queue an edited DOCX (already through the upload form's checks) to be read
    back and rendered as a new version in the background, like a generation; returns the
    job the page polls. What the file says (which report and version, its sections) is
    checked by the job, which fails with a message saying what to do."""
    if not _may_write(actor) or not report_parties_agency(actor, report):
        raise PermissionDenied
    _require_editable(report)
    if report.jobs.filter(status__in=[JobStatus.MENUNGGU, JobStatus.BERJALAN]).exists():
        raise ValidationError(
            _("Versi lain sedang dibuat. Tunggu sampai selesai, lalu unggah DOCX ini lagi.")
        )
    _refuse_when_full()
    job = RenderJob(
        report=report, requested_by=actor, requested_at=now or timezone.now(),
        stage=_("Menunggu pekerja"), upload_name=(filename or "")[-255:],
    )  # fmt: skip
    job.upload.save("unggahan.docx", ContentFile(data), save=False)
    job.save()
    transaction.on_commit(partial(_enqueue, job.pk))
    return job
