"""Adding a stage to a plan year (RULES §11): a *pergeseran* or the *perubahan* after APBD-P.

A stage records only what it changes, from its first quarter on; it may start only at a
quarter that is not yet locked, so the results, E.81, reports and archive of locked quarters
never change. `monev.planning.services.stage_create` is the public name.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit, transitions
from monev.domain.periods import quarter_label
from monev.planning import policies, selectors
from monev.planning.choices import StageKind
from monev.planning.models import (
    Indicator,
    PlanNode,
    PlanStage,
    RenstraPeriod,
    StageBudget,
    StageTarget,
)
from monev.sop.selectors import locked_quarters

#: (indicator id, quarter or None for the annual target) → value.
StageTargets = Mapping[tuple[int, int | None], Decimal]
#: plan node id → {"pagu": …, "cash_q3": …} (only what changes).
StageBudgets = Mapping[int, Mapping[str, Decimal]]
BUDGET_FIELDS = ("pagu", "cash_q1", "cash_q2", "cash_q3", "cash_q4")
AUDIT_NOTE = "Tahap rencana baru"


def first_open_quarter(period: RenstraPeriod, year: int) -> int | None:
    """The first quarter of `year` after every locked one (None: the whole year is locked)."""
    locked = [q for y, q in locked_quarters(period.agency_id) if y == year]
    first = max(locked, default=0) + 1
    return first if first <= 4 else None


@transaction.atomic
def stage_create(
    *,
    actor: User | None,
    period: RenstraPeriod,
    year: int,
    kind: str,
    first_quarter: int,
    reason: str,
    decided_on: date | None = None,
    targets: StageTargets,
    budgets: StageBudgets,
) -> PlanStage:
    """Add a stage to `year` of `period` that changes `targets` and `budgets` from
    `first_quarter` on, and record it in the audit log. Values equal to the stage before are
    dropped; a stage that changes nothing is refused. `actor=None` is the system."""
    if actor is not None and not policies.may_create_stage(actor, period):
        raise PermissionDenied
    period = transitions.locked(RenstraPeriod, period.pk)  # one new stage at a time
    _check_header(period, year, kind, first_quarter, reason)
    plan = selectors.year_plan(period, year)
    before = plan.current
    if plan.stages and first_quarter < plan.stages[-1].first_quarter:
        raise ValidationError(
            _("Tahap baru tidak boleh berlaku lebih awal dari tahap sebelumnya (%(label)s).")
            % {"label": before.label}
        )
    target_rows = _target_rows(period, before, first_quarter, targets)
    budget_rows = _budget_rows(period, before, first_quarter, budgets)
    if not target_rows and not budget_rows:
        raise ValidationError(_("Tahap ini tidak mengubah target maupun anggaran apa pun."))
    stage = PlanStage.objects.create(
        period=period,
        year=year,
        number=len(plan.stages) + 1,
        kind=kind,
        first_quarter=first_quarter,
        decided_on=decided_on or timezone.localdate(),
        reason=reason.strip(),
        made_by=actor,
    )
    with audit.batch():
        audit.record_create(actor, stage, note=AUDIT_NOTE)
        for row in target_rows:
            row.stage = stage
            row.save()
            audit.record_create(actor, row, note=AUDIT_NOTE)
        for budget in budget_rows:
            budget.stage = stage
            budget.save()
            audit.record_create(actor, budget, note=AUDIT_NOTE)
    return stage


def _check_header(
    period: RenstraPeriod, year: int, kind: str, first_quarter: int, reason: str
) -> None:
    if year not in period.years:
        raise ValidationError(
            _("Tahun %(year)s di luar periode Renstra %(name)s.")
            % {"year": year, "name": period.name}
        )
    if kind not in (StageKind.PERGESERAN, StageKind.PERUBAHAN):
        raise ValidationError(_("Jenis tahap harus pergeseran atau perubahan."))
    if first_quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Triwulan awal harus 1 sampai 4."))
    if not reason.strip():
        raise ValidationError(_("Tuliskan alasan tahap ini (mis. Perda APBD Perubahan)."))
    opened = first_open_quarter(period, year)
    if opened is None or first_quarter < opened:
        raise ValidationError(
            _(
                "Tahap tidak dapat berlaku mulai %(quarter)s %(year)s: data triwulan itu sudah "
                "dikunci (olah data) atau diarsipkan. Tahap baru paling awal berlaku mulai "
                "triwulan yang belum dikunci."
            )
            % {"quarter": quarter_label(first_quarter), "year": year}
        )


def _target_rows(
    period: RenstraPeriod,
    before: selectors.PlanState,
    first_quarter: int,
    targets: StageTargets,
) -> list[StageTarget]:
    known = set(
        Indicator.objects.filter(period=period, pk__in={i for i, _q in targets}).values_list(
            "pk", flat=True
        )
    )
    rows = []
    for (indicator_id, quarter), value in sorted(
        targets.items(), key=lambda item: (item[0][0], item[0][1] or 0)
    ):
        if indicator_id not in known:
            raise ValidationError(_("Indikator tidak ditemukan dalam periode ini."))
        if quarter is not None and quarter < first_quarter:
            raise ValidationError(
                _("Target %(quarter)s tidak dapat diubah oleh tahap yang berlaku mulai %(first)s.")
                % {"quarter": quarter_label(quarter), "first": quarter_label(first_quarter)}
            )
        if value < 0:
            raise ValidationError(_("Target tidak boleh negatif."))
        old = (
            before.annual.get(indicator_id)
            if quarter is None
            else before.quarterly.get(indicator_id, {}).get(quarter)
        )
        if old != value:
            rows.append(StageTarget(indicator_id=indicator_id, quarter=quarter, value=value))
    return rows


def _budget_rows(
    period: RenstraPeriod,
    before: selectors.PlanState,
    first_quarter: int,
    budgets: StageBudgets,
) -> list[StageBudget]:
    known = set(
        PlanNode.objects.filter(period=period, pk__in=list(budgets)).values_list("pk", flat=True)
    )
    rows = []
    for node_id, fields in sorted(budgets.items()):
        if node_id not in known:
            raise ValidationError(_("Sub kegiatan tidak ditemukan dalam periode ini."))
        row = StageBudget(node_id=node_id)
        changed = False
        for name, value in fields.items():
            if name not in BUDGET_FIELDS:
                raise ValidationError(_("Kolom anggaran tidak dikenal: %(name)s.") % {"name": name})
            if value < 0:
                raise ValidationError(_("Pagu dan anggaran kas tidak boleh negatif."))
            if name == "pagu":
                old = before.pagu.get(node_id)
            else:
                quarter = int(name[-1])
                if quarter < first_quarter:
                    raise ValidationError(
                        _(
                            "Anggaran kas %(quarter)s tidak dapat diubah oleh tahap yang berlaku "
                            "mulai %(first)s."
                        )
                        % {"quarter": quarter_label(quarter), "first": quarter_label(first_quarter)}
                    )
                old = before.cash.get(node_id, [None] * 4)[quarter - 1]
            if old != value:
                setattr(row, name, value)
                changed = True
        if changed:
            rows.append(row)
    return rows
