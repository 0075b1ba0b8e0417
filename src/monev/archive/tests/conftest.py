"""Fixtures of the archive tests: a ratified report (the one place that knows how a report
becomes `disahkan`), and its archive entry."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from monev.reports.models import Report
from monev.testing import replayed

NUMBER = "000.8.3.3/017/DKUKMTK/2026"


def ratify(report: Report, number: str = NUMBER, signatory: dict[str, str] | None = None,
           ratifier: Any = None) -> Report:  # fmt: skip
    """Bring a report to `disahkan` with its nomor naskah directly, its final document
    rendered (and sealed) for real by the report's own service: one render per test. The
    real path through steps 9–12 ends in the archive in `test_real_path.py`."""
    from django.utils import timezone

    from monev.reports import services

    head = services.snapshot_of(report).head
    signatory = signatory or {
        "mode": "definitif", "jabatan": head.title, "name": head.name,
        "pangkat": head.pangkat, "nip": head.nip,
    }  # fmt: skip
    Report.objects.filter(pk=report.pk).update(
        number=number, number_date=timezone.localdate(), number_sequence=17, signatory=signatory
    )
    report.refresh_from_db()
    version = services.version_render(actor=ratifier, report=report)
    Report.objects.filter(pk=report.pk).update(
        status="disahkan", final_version=version, ratified_at=timezone.now(), ratified_by=ratifier
    )
    report.refresh_from_db()
    return report


@pytest.fixture
def ratified_report(small_plan: Any, sop_cycle: Any, personas: Any) -> Report:
    """The Triwulan III 2026 report with data, its final version rendered sealed, ratified."""
    return replayed("ratified_report", lambda: _ratified_report(sop_cycle, personas))


def _ratified_report(sop_cycle: Any, personas: Any) -> Report:
    from monev.collection.models import Realization
    from monev.planning.models import Indicator
    from monev.reports import services

    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    Realization.objects.create(
        indicator=Indicator.objects.get(code="IK.S1.1.01"), year=2026, quarter=3,
        value=Decimal("58.3"),
    )  # fmt: skip
    report = services.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    return ratify(report, ratifier=personas["kadis"])


@pytest.fixture
def at_step12(small_plan: Any, sop_cycle: Any, personas: Any) -> Report:
    """The report of Triwulan III 2026, verified (step 11 done), its cycle at step 12."""
    from monev.reports import services
    from monev.reports.tests.conftest import place_at

    place_at(sop_cycle, 8)
    report = services.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    Report.objects.filter(pk=report.pk).update(status="diverifikasi")
    place_at(sop_cycle, 12)
    report.refresh_from_db()
    return report


@pytest.fixture
def entry(ratified_report: Report, personas: Any) -> Any:
    from monev.archive import services

    return replayed(
        "archive_entry",
        lambda: services.archive_report(actor=personas["kasubag"], report=ratified_report),
    )


def lift_sqlite_triggers() -> Iterator[None]:
    """Let a transactional test's flush empty the archive on SQLite (its DELETE FROM fires
    the refusal trigger; PostgreSQL's TRUNCATE does not): the rows are removed with the
    trigger lifted for a moment, then the trigger is back for the next test."""
    yield
    if connection.vendor != "sqlite":
        return
    from monev.archive.migrations import _triggers

    with connection.cursor() as cursor:
        for sql in _triggers.SQLITE_REVERSE:
            cursor.execute(sql)
        cursor.execute("DELETE FROM archive_archiveentry")
        for sql in _triggers.SQLITE:
            cursor.execute(sql)


@pytest.fixture
def archive_flushable(transactional_db: Any) -> Iterator[None]:
    yield from lift_sqlite_triggers()
