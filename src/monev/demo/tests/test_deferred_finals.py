"""`monev demo` serves before the final documents of TW I and II are made: the loading sets
their nomor and queues them, the worker renders, signs, ratifies and archives them with the
loading's own times (issue #26, item 7); the data ends as `load_demo` alone leaves it."""

from __future__ import annotations

from typing import Any

import pytest

from monev.demo import load_demo
from monev.demo.sop import OPENED
from monev.reports.choices import JobStatus
from monev.reports.models import RenderJob, Report
from monev.sop.choices import CycleStatus
from monev.sop.models import Notification

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _report(quarter: int) -> Report:
    return Report.objects.select_related("cycle").get(
        cycle__agency__short_name="DKUKMTK", cycle__year=2026, cycle__quarter=quarter
    )


@pytest.mark.backend_neutral(
    reason="the on-commit callbacks are captured to run the demo's queue later, in-process; "
    "a real worker process on each database is reports/tests/test_worker.py, and rendering, "
    "signing, ratifying and archiving on PostgreSQL are the signing and archive tests"
)
def test_the_worker_makes_the_finals_the_loading_queued(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from monev.archive.models import ArchiveEntry
    from monev.signing.selectors import signatures_of

    settings.DEBUG = True
    settings.DEMO_RENDER_REPORTS = True  # as `monev demo`: steps 8–13 through the reports
    settings.TASKS = DUMMY
    with django_capture_on_commit_callbacks() as queued:
        load_demo(defer_renders=True)
    for quarter in (1, 2):  # served first: the nomor set, the document being made
        report = _report(quarter)
        assert report.number and report.final_version_id is None
        assert report.status == "diverifikasi"
        assert report.cycle.status != CycleStatus.SELESAI
        job = report.jobs.get(version=None)
        assert job.status == JobStatus.MENUNGGU and not job.upload
    lkjip = Report.objects.get(cycle__year=2025, cycle__quarter__isnull=True)  # demo.annual
    assert lkjip.number and lkjip.status == "diverifikasi"
    assert lkjip.jobs.get(version=None).status == JobStatus.MENUNGGU
    assert not ArchiveEntry.objects.exists()

    settings.TASKS = IMMEDIATE  # the worker beside the server
    for callback in queued:
        callback()

    for quarter in (1, 2):
        report = _report(quarter)
        assert report.status == "diarsipkan"
        assert report.final_version is not None and report.final_version.sha256
        assert signatures_of(report.final_version).count() == 3  # paraf, paraf, pengesahan
        assert report.cycle.status == CycleStatus.SELESAI
        entry = ArchiveEntry.objects.get(report=report)
        assert entry.version_id == report.final_version_id
    from monev.demo.tests.test_annual_demo import (
        _assert_finished_2025,
        _assert_open_2026,
        _assert_pks_signed,
    )

    _assert_pks_signed()
    _assert_finished_2025()  # the LKjIP 2025 too: signed, archived, its cycle finished
    _assert_open_2026()
    assert set(RenderJob.objects.values_list("status", flat=True)) == {JobStatus.SELESAI}
    # The finished cycles' notifications read long ago, as the loading marks them.
    assert not Notification.objects.filter(
        read_at__isnull=True, created_at__lt=OPENED[3], user__agency__short_name="DKUKMTK"
    ).exists()
