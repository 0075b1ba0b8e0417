"""Step 1 of the annual SOP (SPEC §16, `StepKey.PERJANJIAN_KINERJA`) plugs into the engine by
its key: its page is the PK page of the cycle's year, and it may complete once the Kepala
Dinas' PK of that year exists (the Kasubag Program makes it; signatures are on paper)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.annual.models import PerjanjianKinerjaVersion
from monev.sop import handlers
from monev.sop.choices import StepKey


def _url(run: Any) -> str:
    return reverse("annual:pk", args=[run.cycle.year])


def blockers(run: Any) -> list[str]:
    cycle = run.cycle
    made = PerjanjianKinerjaVersion.objects.filter(
        agreement__agency_id=cycle.agency_id, agreement__year=cycle.year,
        agreement__unit__isnull=True,
    ).exists()  # fmt: skip
    if made:
        return []
    return [_("Perjanjian Kinerja %(year)s belum dibuat.") % {"year": cycle.year}]


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
