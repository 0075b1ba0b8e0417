"""Writes of the plan by the Kasubag Program or the Administrator; every write is audited.

The XLSX import (`monev.planning.xlsx`) replaces a whole period's plan; these services edit
one indicator and its targets from the indicator page.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit
from monev.core.choices import AuditAction
from monev.core.services import update_audited
from monev.domain.numbers import format_plain
from monev.planning import policies
from monev.planning.choices import Aggregation
from monev.planning.models import Indicator, PlanStage, Target
from monev.planning.stage_services import first_open_quarter, stage_create
from monev.sop.selectors import locked_quarters

TargetKey = tuple[int, int | None]  # (year, quarter or None for the annual target)


@transaction.atomic
def indicator_update(
    *,
    actor: User,
    indicator: Indicator,
    fields: Mapping[str, Any],
    targets: Mapping[TargetKey, Decimal | None],
) -> list[str]:
    """Save an indicator's fields and targets; return warnings (never refusals) such as
    quarterly targets of a cumulative indicator that do not add up to the annual target."""
    if not policies.may_edit_plan(actor):
        raise PermissionDenied
    existing = {(t.year, t.quarter): t for t in indicator.targets.all()}
    _refuse_begun_years(indicator, existing, targets)
    update_audited(actor=actor, instance=indicator, **fields)
    for key, value in targets.items():
        year, quarter = key
        current = existing.get(key)
        if value is None:
            if current is not None:
                audit.record_delete(actor, current, audit.snapshot(current))
                current.delete()
        elif current is None:
            created = Target.objects.create(
                indicator=indicator, year=year, quarter=quarter, value=value
            )
            audit.record_create(actor, created)
        elif current.value != value:
            before = audit.snapshot(current, ["value"])
            current.value = value
            current.save(update_fields=["value"])
            audit.record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=current,
                before=before,
                after=audit.snapshot(current, ["value"]),
            )
    return target_warnings(indicator, targets)


def _refuse_begun_years(
    indicator: Indicator,
    existing: Mapping[TargetKey, Target],
    targets: Mapping[TargetKey, Decimal | None],
) -> None:
    """Refuse a change to a target of a year that has begun (a locked quarter or a plan
    stage): its murni plan is history, and a change from now on is a new stage (RULES §11)."""
    begun = {y for y, _q in locked_quarters(indicator.period.agency_id)}
    begun |= set(
        PlanStage.objects.filter(period_id=indicator.period_id).values_list("year", flat=True)
    )
    for (year, quarter), value in targets.items():
        current = existing.get((year, quarter))
        if year in begun and (current.value if current else None) != value:
            raise ValidationError(
                _(
                    "Target tahun %(year)s tidak dapat diubah di sini: tahun itu sudah berjalan "
                    "(ada triwulan yang dikunci atau tahap rencana). Ubah lewat unggahan XLSX "
                    "rencana; perubahan dicatat sebagai tahap baru (pergeseran/perubahan)."
                )
                % {"year": year}
            )


def target_warnings(indicator: Indicator, targets: Mapping[TargetKey, Decimal | None]) -> list[str]:
    """Return a warning per year whose quarterly targets of a cumulative indicator do not add
    up to the annual target (RULES §2: quarterly targets are per-quarter amounts)."""
    if indicator.aggregation != Aggregation.CUMULATIVE:
        return []
    warnings = []
    for year in sorted({y for y, _q in targets}):
        annual = targets.get((year, None))
        quarters = [targets.get((year, q)) for q in (1, 2, 3, 4)]
        given = [v for v in quarters if v is not None]
        if annual is not None and given and sum(given, Decimal(0)) != annual:
            warnings.append(
                _(
                    "Tahun %(year)s: jumlah target triwulan (%(sum)s) tidak sama dengan target "
                    "tahunan (%(annual)s). Periksa kembali Rencana Aksi."
                )
                % {
                    "year": year,
                    "sum": format_plain(sum(given, Decimal(0))),
                    "annual": format_plain(annual),
                }
            )
    return warnings


__all__ = ["first_open_quarter", "indicator_update", "stage_create", "target_warnings"]
