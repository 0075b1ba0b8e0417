"""Fixtures of the report review (steps 9–12): a cycle placed at a step directly, and a
report with a first version rendered for real."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from monev.testing import replayed


def place_at(cycle: Any, number: int) -> Any:
    """Put the cycle at step `number` directly (test set-up: the steps before are tested in
    their own apps), returning the new run."""
    from monev.sop import services as sop_services
    from monev.sop.choices import ACTIVE_STEP_STATUSES, StepStatus

    now = timezone.now()
    cycle.runs.filter(status__in=ACTIVE_STEP_STATUSES).update(
        status=StepStatus.SELESAI, completed_at=now
    )
    return sop_services._start_run(cycle, number, now)


@pytest.fixture
def at_step9(small_plan: Any, sop_cycle: Any, personas: Any) -> Any:
    """The report of Triwulan III 2026 with version 1, its cycle at step 9 (pembahasan)."""
    return replayed("at_step9", lambda: _at_step9(sop_cycle, personas))


def _at_step9(sop_cycle: Any, personas: Any) -> Any:
    from monev.reports import services

    place_at(sop_cycle, 8)
    report = services.report_freeze(actor=personas["kasubag"], cycle=sop_cycle)
    services.version_render(actor=personas["kasubag"], report=report)
    place_at(sop_cycle, 9)
    report.refresh_from_db()
    return report


@pytest.fixture
def fast_pdf(monkeypatch: Any) -> None:
    """The PDF of the versions made here is a stand-in (the PDF renderer is tested on its
    own); a DOCX read back is the real one."""
    from monev.reports import services

    monkeypatch.setattr(services.render_pdf, "render", lambda *a, **k: b"%PDF-1.7 stand-in")


@pytest.fixture
def revising(at_step9: Any, personas: Any) -> Any:
    """The report of `at_step9` with its discussion opened (steps 9–10)."""
    from monev.reports import services

    services.discussion_open(actor=personas["kasubag"], report=at_step9)
    return at_step9
