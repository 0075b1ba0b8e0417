"""The body of the background render task (`monev.reports.tasks.render_report`): render or read
back the version of a job, recording its progress."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.reports.choices import (
    JobStatus,
)
from monev.reports.models import (
    RenderJob,
    ReportVersion,
)
from monev.reports.services.drafting import version_files, version_render
from monev.reports.services.uploads import version_upload

log = logging.getLogger(__name__)


def job_start(job_id: int, *, progress: int, stage: str) -> RenderJob | None:
    """Mark a queued job running (one more attempt) at `progress` and `stage`; None when it has
    already ended (a task delivered twice does nothing)."""
    job = RenderJob.objects.select_related("report__cycle", "requested_by").get(pk=job_id)
    if job.status in (JobStatus.SELESAI, JobStatus.GAGAL):
        return None
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.BERJALAN, started_at=timezone.now(), attempts=job.attempts + 1,
        progress=progress, stage=stage,
    )  # fmt: skip
    return job


def job_failed(job_id: int, reason: str) -> None:
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.GAGAL, finished_at=timezone.now(), error=reason
    )


def job_done(job_id: int, version: ReportVersion) -> None:
    RenderJob.objects.filter(pk=job_id).update(
        status=JobStatus.SELESAI, finished_at=timezone.now(), progress=100,
        stage=_("Selesai"), version=version,
    )  # fmt: skip


def job_run(job_id: int) -> None:
    """The body of the background task: render the job's version, recording progress; on any
    error the job is marked failed with the reason and no version is kept."""
    job = job_start(job_id, progress=5, stage=_("Menyiapkan dokumen"))
    if job is None:
        return

    def progress(percent: int, stage: str) -> None:
        RenderJob.objects.filter(pk=job_id).update(progress=percent, stage=stage)

    try:
        if job.upload:
            with job.upload.open("rb") as f:
                data = f.read()
            version = version_upload(
                actor=job.requested_by, report=job.report, data=data,
                filename=job.upload_name, progress=progress,
            )  # fmt: skip
        elif job.version_id is not None:  # a version saved with its files deferred
            version = version_files(version_id=job.version_id, progress=progress)
        else:
            version = version_render(actor=job.requested_by, report=job.report, progress=progress)
    except ValidationError as error:  # what the file says: the message tells what to do
        job_failed(job_id, " ".join(error.messages))
        return
    except Exception as error:
        log.exception("report render failed")
        reason = f"{type(error).__name__}: {error}"
        if job.upload:
            reason = _(
                "Kesalahan sistem saat membuat versi (%(e)s). Unggah lagi; bila gagal berulang, "
                "hubungi Administrator dan sertakan pesan ini."
            ) % {"e": reason}
        job_failed(job_id, reason)
        return
    job_done(job_id, version)
