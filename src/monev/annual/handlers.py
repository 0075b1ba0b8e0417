"""Step 1 of the annual SOP (SPEC §16, `StepKey.PERJANJIAN_KINERJA`) plugs into the engine by
its key: its page is the PK page of the cycle's year, and it may complete once the Kepala
Dinas' PK of that year exists (the Kasubag Program makes it) and the Kepala Dinas signed it.

The annual cycle's timeline is this app's too: step 2 (`StepKey.REKAP_TAHUNAN`, its page and
output are evaluation's) starts when step 1 ends, in January, but cannot begin before the
year's monev cycle of TW IV is finished; its time standard runs from then
(`recap_available_from`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.annual import selectors
from monev.domain.periods import YEAR_END
from monev.sop import handlers
from monev.sop import selectors as sop_selectors
from monev.sop.choices import CycleStatus, StepKey


def _url(run: Any) -> str:
    return reverse("annual:pk", args=[run.cycle.year])


def blockers(run: Any) -> list[str]:
    """Step 1 ends when the Kepala Dinas' PK of the year exists and its latest version is
    signed by the Kepala Dinas (`annual.signing`)."""
    cycle = run.cycle
    latest = selectors.latest_head_version(cycle.agency_id, cycle.year)
    if latest is None:
        return [_("Perjanjian Kinerja %(year)s belum dibuat.") % {"year": cycle.year}]
    if selectors.signature_of(latest) is None:
        return [
            _("Perjanjian Kinerja %(year)s versi %(n)s belum ditandatangani Kepala Dinas.")
            % {"year": cycle.year, "n": latest.number}
        ]
    return []


def recap_available_from(run: Any) -> datetime | None:
    """Return when step 2 of an annual cycle could begin: when the agency's monev cycle of TW IV
    of the year was finished; None while it is not. A year the agency ran no monev cycle of in
    the app (its quarterly data imported) has none to wait for: the step's start (its own
    blockers, `evaluation.annual.recap_blockers`, wait for the data)."""
    cycle = run.cycle
    cycles = sop_selectors.quarter_cycles(cycle.agency_id, cycle.year)
    if not cycles:
        return run.started_at
    last = cycles.get(YEAR_END)
    if last is None or last.status != CycleStatus.SELESAI:
        return None
    return last.completed_at or run.started_at


def register() -> None:
    handlers.register_available_from(StepKey.REKAP_TAHUNAN, recap_available_from)
    handlers.register(
        handlers.StepHandler(
            key=StepKey.PERJANJIAN_KINERJA,
            label=gettext_lazy("Perjanjian Kinerja"),
            url=_url,
            blockers=blockers,
            produces_output=True,
        )
    )
