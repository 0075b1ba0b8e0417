"""Step 1 of the annual SOP (SPEC §16, `StepKey.PERJANJIAN_KINERJA`) plugs into the engine by
its key: its page is the PK page of the cycle's year, and it may complete once the Kepala
Dinas' PK of that year exists (the Kasubag Program makes it) and the Kepala Dinas signed it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.annual import selectors
from monev.sop import handlers
from monev.sop.choices import StepKey


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


def register() -> None:
    handlers.register(
        handlers.StepHandler(
            key=StepKey.PERJANJIAN_KINERJA,
            label=gettext_lazy("Perjanjian Kinerja"),
            url=_url,
            blockers=blockers,
            produces_output=True,
        )
    )
