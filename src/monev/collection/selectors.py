"""Reads of quarterly data: a Bidang's format isian and the Kasubag Program's board.

`form_rows` runs a fixed number of queries whatever the number of indicators (asserted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.collection.models import BudgetRealization, Realization, Submission
from monev.core.access import scope_of
from monev.organization.selectors import bidang_scope
from monev.planning.choices import Level
from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target
from monev.sop.choices import StepKey
from monev.sop.models import Cycle
from monev.sop.selectors import cycle_reached


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    """Agency-wide roles see every Bidang's submission; Bidang roles only their own."""
    submissions = (
        scope_of(user).filter(Submission.objects).select_related("cycle", "unit", "updated_by")
    )
    scope = bidang_scope(user)
    if scope is not None:
        submissions = submissions.filter(unit_id__in=scope)
    return submissions


def realizations_visible_to(user: User) -> QuerySet[Realization]:
    realizations = scope_of(user).filter(Realization.objects)
    scope = bidang_scope(user)
    if scope is not None:
        realizations = realizations.filter(indicator__responsible_unit_id__in=scope)
    return realizations.select_related("indicator__responsible_unit")


def evidence_visible_to(user: User) -> QuerySet[Any]:
    from monev.collection.models import Evidence

    evidence = (
        scope_of(user).filter(Evidence.objects).filter().select_related("realization__indicator")
    )
    scope = bidang_scope(user)
    if scope is not None:
        evidence = evidence.filter(realization__indicator__responsible_unit_id__in=scope)
    return evidence


def submission_for(user: User, pk: int) -> Submission:
    """The submission `pk` if the user sees it (as `submissions_visible_to`), else 404. A
    Bidang user's own unit is in their scope: its form needs no read of the unit tree."""
    submission = get_object_or_404(
        scope_of(user).filter(Submission.objects).select_related("cycle", "unit", "updated_by"),
        pk=pk,
    )
    if submission.unit_id != user.unit_id:
        scope = bidang_scope(user)
        if scope is not None and submission.unit_id not in scope:
            raise Http404
    return submission


def period_of(cycle: Cycle) -> RenstraPeriod | None:
    return RenstraPeriod.objects.filter(
        agency_id=cycle.agency_id, start_year__lte=cycle.year, end_year__gte=cycle.year
    ).first()


def is_locked(cycle: Cycle) -> bool:
    """Return True once the cycle has reached "olah data" (step 3 of the default SOP): the
    quarter's data changes only by a recorded correction from then on."""
    return cycle_reached(cycle, StepKey.OLAH_DATA)


@dataclass
class IndicatorLine:
    indicator: Indicator
    annual_target: Decimal | None = None
    quarter_target: Decimal | None = None
    previous: list[Decimal | None] = field(default_factory=list)  # quarters 1..q-1
    realization: Realization | None = None
    quarterly_targets: dict[int, Decimal | None] = field(default_factory=dict)
    quarter: int = 0

    @property
    def ytd_target(self) -> Decimal | None:
        """The target s/d this quarter (RULES §3), shown beside the quarter's target."""
        from monev.domain.achievement import ytd_target

        return ytd_target(
            self.indicator.aggregation, self.quarterly_targets, self.annual_target, self.quarter
        )

    @property
    def filled(self) -> bool:
        r = self.realization
        return r is not None and (r.value is not None or (r.no_data and bool(r.no_data_reason)))


@dataclass
class BudgetLine:
    node: PlanNode
    pagu: Decimal | None = None
    spent_before: Decimal = Decimal(0)  # quarters 1..q-1
    amount: Decimal | None = None


def form_rows(submission: Submission) -> tuple[list[IndicatorLine], list[BudgetLine]]:
    """Return the Bidang's indicators and budget lines for the submission's quarter."""
    cycle = submission.cycle
    period = period_of(cycle)
    if period is None:
        return [], []
    year, quarter = cycle.year, cycle.quarter
    indicators = list(
        Indicator.objects.filter(period=period, responsible_unit_id=submission.unit_id)
        .select_related("node")
        .order_by("node__code", "order", "code")
    )
    ids = [i.pk for i in indicators]
    lines = {
        i.pk: IndicatorLine(i, previous=[None] * (quarter - 1), quarter=quarter) for i in indicators
    }
    for indicator_id, target_quarter, value in Target.objects.filter(
        indicator_id__in=ids, year=year
    ).values_list("indicator_id", "quarter", "value"):
        line = lines[indicator_id]
        if target_quarter is None:
            line.annual_target = value
        else:
            line.quarterly_targets[target_quarter] = value
            if target_quarter == quarter:
                line.quarter_target = value
    # Only this quarter's rows get their corrections and evidence (the form shows those).
    current = []
    for realization in Realization.objects.filter(
        indicator_id__in=ids, year=year, quarter__lte=quarter
    ):
        line = lines[realization.indicator_id]
        if realization.quarter == quarter:
            line.realization = realization
            current.append(realization)
        else:
            line.previous[realization.quarter - 1] = realization.value
    prefetch_related_objects(current, "corrections", "evidence")
    nodes = list(
        PlanNode.objects.filter(
            period=period, level=Level.SUB_KEGIATAN, responsible_unit_id=submission.unit_id
        ).order_by("code")
    )
    budget_lines = {n.pk: BudgetLine(n) for n in nodes}
    for node_id, pagu in Budget.objects.filter(node_id__in=budget_lines, year=year).values_list(
        "node_id", "pagu"
    ):
        budget_lines[node_id].pagu = pagu
    for node_id, spent_quarter, amount in BudgetRealization.objects.filter(
        node_id__in=budget_lines, year=year, quarter__lte=quarter
    ).values_list("node_id", "quarter", "amount"):
        line_b = budget_lines[node_id]
        if spent_quarter == quarter:
            line_b.amount = amount
        else:
            line_b.spent_before += amount
    return list(lines.values()), list(budget_lines.values())


@dataclass
class BoardRow:
    submission: Submission
    indicators: int
    filled: int
    with_evidence: int = 0

    @property
    def share(self) -> int:
        return round(100 * self.filled / self.indicators) if self.indicators else 100


def board(cycle: Cycle) -> list[BoardRow]:
    """Return, per Bidang, the submission state and how much of the form is filled."""
    period = period_of(cycle)
    submissions = list(
        Submission.objects.filter(cycle=cycle)
        .select_related("unit", "updated_by")
        .order_by("unit__order", "unit__name")
    )
    if period is None:
        return [BoardRow(s, 0, 0) for s in submissions]
    indicators = list(
        Indicator.objects.filter(period=period).values_list("pk", "responsible_unit_id")
    )
    filled = set(
        Realization.objects.filter(indicator__period=period, year=cycle.year, quarter=cycle.quarter)
        .exclude(value__isnull=True, no_data=False)
        .values_list("indicator_id", flat=True)
    )
    evidenced = set(
        Realization.objects.filter(
            indicator__period=period,
            year=cycle.year,
            quarter=cycle.quarter,
            evidence__isnull=False,
        ).values_list("indicator_id", flat=True)
    )
    rows = []
    for submission in submissions:
        own = [pk for pk, unit in indicators if unit == submission.unit_id]
        rows.append(
            BoardRow(
                submission,
                len(own),
                sum(1 for pk in own if pk in filled),
                sum(1 for pk in own if pk in evidenced),
            )
        )
    return rows


#: Units whose quarterly data the Kasubag Program enters (the Sekretariat's own indicators).
SECRETARIAT_KINDS = ("sekretariat", "subbagian")


def statuses_for(realizations: list[Realization]) -> dict[int, str]:
    """Return the submission status for each realisation (its Bidang's form of that quarter);
    one query."""
    return {pk: status for pk, (status, _version) in form_states_for(realizations).items()}


def form_states_for(realizations: list[Realization]) -> dict[int, tuple[str, int | None]]:
    """Return (status, version) of the Bidang's form of each realisation's quarter; one
    query. The version is what a write must name (optimistic concurrency, as the web form)."""
    keys = {(r.indicator.responsible_unit_id, r.year, r.quarter) for r in realizations}
    if not keys:
        return {}
    submissions = Submission.objects.filter(
        unit_id__in={k[0] for k in keys},
        cycle__year__in={k[1] for k in keys},
        cycle__quarter__in={k[2] for k in keys},
    ).values_list("unit_id", "cycle__year", "cycle__quarter", "status", "version")
    state = {(u, y, q): (s, v) for u, y, q, s, v in submissions}
    return {
        r.pk: state.get((r.indicator.responsible_unit_id, r.year, r.quarter), ("", None))
        for r in realizations
    }


def units_to_report(cycle: Cycle) -> list[Any]:
    """The units that get a format isian for the cycle's quarter (those responsible for
    indicators of the plan), in order of their code; empty without a plan."""
    from monev.organization.models import Unit

    period = period_of(cycle)
    if period is None:
        return []
    unit_ids = Indicator.objects.filter(period=period).values_list("responsible_unit_id", flat=True)
    return list(Unit.objects.filter(pk__in=unit_ids, agency_id=cycle.agency_id).order_by("code"))


def bidang_users(submission: Submission) -> list[User]:
    """Return the users who fill the form: the unit's Bidang users, or the Kasubag Program."""
    if submission.unit.kind in SECRETARIAT_KINDS:
        return list(
            User.objects.filter(
                agency_id=submission.unit.agency_id,
                is_active=True,
                role_assignments__role=Role.KASUBAG_PROGRAM,
            )
        )
    return list(
        User.objects.filter(
            official__unit=submission.unit,
            is_active=True,
            role_assignments__role__in=[Role.KEPALA_BIDANG, Role.OPERATOR_BIDANG],
        ).distinct()
    )
