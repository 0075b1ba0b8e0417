"""Step 4, the monev plan: visits planned by the Kasubag Program, approved with the plan by
the Sekretaris."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit, transitions
from monev.domain.monitoring_flow import (
    VISIT,
    VisitAction,
)
from monev.monitoring import policies, selectors
from monev.monitoring.choices import VisitStatus
from monev.monitoring.models import (
    ChecklistVersion,
    TeamMember,
    Visit,
    VisitIndicator,
)
from monev.monitoring.services._common import _now
from monev.organization.models import Official, Unit
from monev.planning.models import Indicator
from monev.sop.choices import StepKey
from monev.sop.models import Cycle

M = TypeVar("M", bound=models.Model)

# --- Step 4: the plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanInput:
    unit: Unit
    starts_at: datetime
    ends_at: datetime
    place: str
    team: list[Official]
    leader: Official
    checklist: ChecklistVersion
    indicators: list[Indicator] | None = None  # None = every indicator of the Bidang


def _check_plan(actor: User, cycle: Cycle, data: PlanInput) -> None:
    from monev.sop.selectors import cycle_reached, work_calendar

    if not policies.may_plan_visits(actor, cycle):
        raise PermissionDenied
    if not cycle_reached(cycle, StepKey.RENCANA_MONEV):
        raise ValidationError(_("Rencana monev dibuat setelah siklus sampai pada langkah ini."))
    errors: dict[str, str] = {}
    calendar = work_calendar(cycle.agency, range(data.starts_at.year, data.starts_at.year + 1))
    start = timezone.localtime(data.starts_at, calendar.zone)
    end = timezone.localtime(data.ends_at, calendar.zone)
    if end <= start or start.date() != end.date():
        errors["ends_at"] = _("Waktu selesai harus setelah waktu mulai, pada hari yang sama.")
    elif start.time() < calendar.day_start or end.time() > calendar.day_end:
        errors["starts_at"] = _("Kunjungan harus dalam jam kerja (%(a)s–%(b)s).") % {
            "a": calendar.day_start.strftime("%H.%M"),
            "b": calendar.day_end.strftime("%H.%M"),
        }
    if not data.place.strip():
        errors["place"] = _("Tuliskan tempat kunjungan.")
    if data.leader not in data.team:
        errors["leader"] = _("Ketua tim harus salah satu anggota tim.")
    agency_ids = {o.agency_id for o in data.team} | {data.unit.agency_id}
    if agency_ids != {cycle.agency_id} or data.checklist.template.agency_id != cycle.agency_id:
        raise PermissionDenied
    if errors:
        raise ValidationError(errors)


def _reported_values(cycle: Cycle, indicator_ids: list[int]) -> dict[int, Decimal | None]:
    from monev.collection.models import Realization

    rows = Realization.objects.filter(
        indicator_id__in=indicator_ids, year=cycle.year, quarter=cycle.quarter
    ).values_list("indicator_id", "value")
    return dict(rows)


def _flag_labels(cycle: Cycle) -> dict[int, str]:
    """Return, per indicator, the labels of step 3's data-quality flags of the quarter."""
    from monev.evaluation.flags import LABELS
    from monev.evaluation.selectors import open_flags

    labels: dict[int, list[str]] = {}
    for result, flag, _resolution in open_flags(cycle):
        labels.setdefault(result.indicator.pk, []).append(str(LABELS.get(flag.code, flag.code)))
    return {pk: "; ".join(names)[:200] for pk, names in labels.items()}


@transaction.atomic
def visit_plan(
    *, actor: User, cycle: Cycle, data: PlanInput, visit: Visit | None = None
) -> tuple[Visit, list[str]]:
    """Plan (or re-plan, while still planned) the visit to one Bidang; return it with its
    warnings. Indicators default to every indicator of the Bidang in the cycle's plan, each
    with the reported value of the quarter and step 3's flags marked."""
    from monev.collection.selectors import period_of

    _check_plan(actor, cycle, data)
    if visit is not None:
        if not policies.may_edit_plan(actor, visit):
            raise ValidationError(_("Kunjungan yang sudah disetujui tidak dapat diubah."))
        before = audit.snapshot(visit, ["unit_id", "starts_at", "ends_at", "place", "checklist_id"])
    else:
        if Visit.objects.filter(cycle=cycle, unit=data.unit).exists():
            raise ValidationError(
                {"unit": _("Bidang ini sudah punya kunjungan pada triwulan ini.")}
            )
        visit = Visit(cycle=cycle)
        before = None
    visit.unit = data.unit
    visit.starts_at, visit.ends_at = data.starts_at, data.ends_at
    visit.place = data.place.strip()
    visit.checklist = data.checklist
    visit.save()
    visit.team.all().delete()
    TeamMember.objects.bulk_create(
        [TeamMember(visit=visit, official=o, is_leader=o == data.leader) for o in data.team]
    )
    indicators = data.indicators
    if indicators is None:
        period = period_of(cycle)
        indicators = list(
            Indicator.objects.filter(period=period, responsible_unit=data.unit).order_by("code")
        )
    ids = [i.pk for i in indicators]
    visit.indicators.exclude(indicator_id__in=ids).delete()
    kept = set(visit.indicators.values_list("indicator_id", flat=True))
    values = _reported_values(cycle, ids)
    flags = _flag_labels(cycle)
    VisitIndicator.objects.bulk_create(
        [
            VisitIndicator(
                visit=visit,
                indicator_id=pk,
                reported_value=values.get(pk),
                verified_value=values.get(pk),
                flagged=flags.get(pk, ""),
            )
            for pk in ids
            if pk not in kept
        ]
    )
    team = ", ".join(f"{o}{' (ketua)' if o == data.leader else ''}" for o in data.team)
    if before is None:
        audit.record_create(actor, visit, note=_("Tim: %(t)s") % {"t": team})
    else:
        audit.record_update(actor, visit, before, note=_("Tim: %(t)s") % {"t": team})
    return visit, selectors.plan_warnings(visit)


@transaction.atomic
def visit_delete(*, actor: User, visit: Visit) -> None:
    if not policies.may_edit_plan(actor, visit):
        raise PermissionDenied
    before = audit.snapshot(visit)
    audit.record_delete(actor, visit, before)
    visit.delete()


@transaction.atomic
def plan_approved(
    *, cycle: Cycle, actor: User | None = None, now: datetime | None = None
) -> list[Visit]:
    """The Sekretaris approved step 4 (the plan): every planned visit becomes `disetujui`; the
    team and each Bidang are notified in the app and by e-mail with an `.ics` invitation."""
    from monev.monitoring.notify import notify_plan

    approved = [
        transitions.transition(
            VISIT,
            visit,
            VisitAction.APPROVE,
            parties={"sekretaris"},
            actor=actor,
            note=_("Disetujui bersama rencana monev (langkah 4)."),
        )
        for visit in Visit.objects.filter(cycle=cycle, status=VisitStatus.DIRENCANAKAN)
    ]
    notify_plan(approved, at=_now(now))
    return approved
