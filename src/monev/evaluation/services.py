"""Writes of olah data (step 3): resolving data-quality flags; the step 3 handler."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.core import audit
from monev.evaluation.models import FlagResolution
from monev.planning.models import Indicator
from monev.sop.models import Cycle


@transaction.atomic
def flag_resolve(
    *, actor: Any, cycle: Cycle, indicator: Indicator, code: str, note: str
) -> FlagResolution:
    """Record why a flag is fine or how it was handled (the Kasubag Program)."""
    if not actor.has_role(Role.KASUBAG_PROGRAM):
        raise PermissionDenied
    if not note.strip():
        raise ValidationError(_("Tuliskan penjelasan atau tindak lanjut tanda ini."))
    resolution, created = FlagResolution.objects.update_or_create(
        cycle=cycle,
        indicator=indicator,
        code=code,
        defaults={"note": note.strip(), "resolved_by": actor},
    )
    if created:
        audit.record_create(actor, resolution)
    return resolution


def open_flags(cycle: Cycle) -> list[tuple[Any, Any, FlagResolution | None]]:
    """Return (result, flag, resolution) for every flag of the cycle's quarter."""
    from monev.evaluation.selectors import results_for_quarter

    resolutions = {(r.indicator_id, r.code): r for r in FlagResolution.objects.filter(cycle=cycle)}
    rows = []
    for result in results_for_quarter(cycle.agency_id, year=cycle.year, quarter=cycle.quarter):
        for flag in result.flags:
            rows.append((result, flag, resolutions.get((result.indicator.pk, flag.code))))
    return rows


def step3_ready(run: Any) -> bool:
    """Step 3 completes when every data-quality flag is resolved or explained."""
    return all(resolution is not None for _r, _f, resolution in open_flags(run.cycle))
