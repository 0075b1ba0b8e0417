"""Background task of the demo (django-tasks): the final documents `monev demo` leaves to the
worker beside the server (`monev.demo.reports.deferred_finals`)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task


@task()
def finish_final(job_id: int, done_at: str, approve_at: str) -> None:
    """Render, sign and ratify a demo cycle's final document, then archive it (steps 12–13)."""
    from monev.demo.reports import finish_final as run

    run(job_id, datetime.fromisoformat(done_at), datetime.fromisoformat(approve_at))
