"""Background tasks (django-tasks): bodies only call services."""

from __future__ import annotations

from django_tasks import task

from monev.reports.services.worker import job_run


@task()
def render_report(job_id: int) -> None:
    """Render the version asked for by a `RenderJob`."""
    job_run(job_id)


@task()
def check_tte(signature_id: int) -> None:
    """Ask BSrE again for a pengesahan sealed while it was unreachable."""
    from monev.reports.services.tte import tte_check

    tte_check(signature_id)
