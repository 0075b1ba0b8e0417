"""The render queue has a bound and tells each waiting job where it stands: a job requested
while REPORT_QUEUE_LIMIT jobs wait is refused with a message and nothing is saved; the report
page shows a waiting job's position among all waiting jobs (issue #26, item 6)."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

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


def test_a_draft_saved_with_its_files_deferred_is_rendered_by_the_worker(
    queued: Any, small_plan: Any, personas: Any
) -> None:
    """`monev demo` saves its drafts at once and leaves their files to the worker: the version
    is listed at once (its files "being made"), a download says so, and the worker's job
    renders the same bytes a render at its creation would have."""
    import hashlib

    from django.db import transaction

    from monev.reports.models import ReportVersion

    report = services.report_freeze(actor=personas["kasubag"], cycle=queued)
    at = timezone.now().replace(microsecond=0)
    with services.deferred_draft_files(), transaction.atomic():
        version = services.version_render(actor=personas["kasubag"], report=report, now=at)
    assert version.number == 1 and version.sha256 == "" and not version.pdf
    job = RenderJob.objects.get(version=version)
    assert job.status == JobStatus.MENUNGGU
    client = Client()
    client.force_login(personas["kasubag"])
    refused = client.get(f"/laporan/versi/{version.pk}/pdf/")
    assert refused.status_code == 409 and "sedang dibuat oleh pekerja latar" in refused.text
    page = client.get(f"/laporan/{queued.pk}/").content.decode()
    assert 'data-testid="files-pending-1"' in page and "Posisi dalam antrean: ke-1" in page

    services.job_run(job.pk)
    job.refresh_from_db()
    version = ReportVersion.objects.get(pk=version.pk)
    assert job.status == JobStatus.SELESAI and job.version == version
    pdf = version.pdf.read()
    assert hashlib.sha256(pdf).hexdigest() == version.sha256
    expected, docx, _texts = services.render_bytes(
        services.snapshot_of(report), services.edited_sections(report), version=1, created=at
    )
    assert pdf == expected  # the bytes a render at its creation gives
    assert version.docx.read() == docx and version.docx_sha256  # the DOCX's too
    assert version.pdf_pages == len(PdfReader(BytesIO(pdf)).pages) > 5  # its page count
    assert client.get(f"/laporan/versi/{version.pk}/pdf/").status_code == 200
