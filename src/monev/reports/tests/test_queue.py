"""The render queue has a bound and tells each waiting job where it stands: a job requested
while REPORT_QUEUE_LIMIT jobs wait is refused with a message and nothing is saved; the report
page shows a waiting job's position among all waiting jobs (issue #26, item 6)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from monev.reports import selectors, services
from monev.reports.choices import JobStatus
from monev.reports.models import RenderJob, Report

pytestmark = pytest.mark.django_db


def _waiting(report: Report, count: int) -> list[RenderJob]:
    """`count` jobs of another report already waiting, oldest first."""
    start = timezone.now() - timedelta(minutes=10)
    return [
        RenderJob.objects.create(
            report=report, requested_at=start + timedelta(seconds=i), status=JobStatus.MENUNGGU
        )
        for i in range(count)
    ]


@pytest.fixture
def queued(sop_cycle: Any, personas: Any, settings: Any) -> Any:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return sop_cycle


def test_a_full_queue_refuses_a_new_render_with_a_message(
    queued: Any, small_plan: Any, personas: Any, settings: Any
) -> None:
    settings.REPORT_QUEUE_LIMIT = 3
    report = services.report_freeze(actor=personas["kasubag"], cycle=queued)
    _waiting(_other_report(queued), 3)  # another agency's quarter, say: the queue is shared
    before = RenderJob.objects.count()
    with pytest.raises(ValidationError, match="Antrean pembuatan laporan sedang penuh"):
        services.generate_request(actor=personas["kasubag"], cycle=queued)
    with pytest.raises(ValidationError, match="3 pekerjaan menunggu"):
        services.upload_request(actor=personas["kasubag"], report=report, data=b"PK")
    assert RenderJob.objects.count() == before
    settings.REPORT_QUEUE_LIMIT = 4  # room again: queued
    job = services.generate_request(actor=personas["kasubag"], cycle=queued)
    assert job.status == JobStatus.MENUNGGU
    assert selectors.queue_place(job) == {"position": 4, "waiting": 4, "running": 0}


def _other_report(cycle: Any) -> Report:
    from monev.sop.models import Cycle

    other = Cycle.objects.get(pk=cycle.pk)
    other.pk, other.quarter = None, (cycle.quarter % 4) + 1
    other.save()
    return Report.objects.create(cycle=other, snapshot={}, snapshot_at=timezone.now())


def test_the_page_says_where_a_waiting_job_stands(
    queued: Any, small_plan: Any, personas: Any
) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=queued)
    other = _other_report(queued)
    first, second = _waiting(other, 2)
    RenderJob.objects.filter(pk=first.pk).update(status=JobStatus.BERJALAN)
    job = services.generate_request(actor=personas["kasubag"], cycle=queued)
    assert selectors.queue_place(job) == {"position": 2, "waiting": 2, "running": 1}
    client = Client()
    client.force_login(personas["kasubag"])
    page = client.get(f"/laporan/{queued.pk}/status/").content.decode()
    assert "Posisi dalam antrean: ke-2 dari 2 yang menunggu pekerja." in page
    assert "1 laporan sedang dibuat." in page
    RenderJob.objects.filter(pk=second.pk).update(status=JobStatus.SELESAI)
    page = client.get(f"/laporan/{queued.pk}/status/").content.decode()
    assert "ke-1 dari 1" in page
    assert selectors.queue_place(RenderJob.objects.get(pk=second.pk)) is None
    assert report.jobs.get() == job
