"""Step 13 of the demo: a cycle whose report is ratified (TW I and TW II 2026 once steps 9–12
ratify them) is archived by the Kasubag Program — the ratified, sealed final document byte for
byte — which completes step 13 and the cycle; other cycles keep their step done by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from monev.sop.models import Cycle


def archive_ratified(cycle: Cycle, kasubag: Any, now: datetime) -> bool:
    """Archive the cycle's ratified report (step 13 and the cycle complete with it); return
    False when it has none to archive."""
    from monev.archive import selectors, services
    from monev.reports.models import Report

    report = Report.objects.filter(cycle=cycle).first()
    if report is None or selectors.ratified(report) is None:
        return False
    services.archive_report(actor=kasubag, report=report, now=now)
    return True


def archive_step(cycle: Cycle) -> None:
    """Step 13 of a cycle whose final document the worker finished (`demo.reports.finish_final`):
    done as the demo's loop does it (the step's holder, its pace, its date)."""
    from monev.demo import sop
    from monev.sop import selectors
    from monev.sop.choices import StepKey

    run = selectors.current_run(Cycle.objects.get(pk=cycle.pk))
    if run is None or run.step.key != StepKey.PENYIMPANAN:
        return
    agency = cycle.agency
    if cycle.quarter is None:  # the LKjIP of the demo's annual cycle (demo.annual)
        from monev.demo import annual

        pace = annual.PACE[run.number]
    else:
        pace = sop.PACE[cycle.quarter][-1]
    done_at = sop._advance(agency, run, pace)
    archive_ratified(run.cycle, sop._user_with(agency, run.step.actor), done_at)
