"""Background tasks (django-tasks): bodies only call services."""

from __future__ import annotations

from django_tasks import task


@task()
def render_report(job_id: int) -> None:
    """Render the version asked for by a `RenderJob`."""
    from monev.reports.services import job_run

    job_run(job_id)
