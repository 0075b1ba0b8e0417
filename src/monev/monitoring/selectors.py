"""Reads of monev visits and recommendations: who sees what, and the clean read functions the
dashboard and the report call. Who may act on a visit is `monev.monitoring.policies`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import formats
from monev.core.access import scope_of
from monev.domain import checklist
from monev.domain.monitoring_flow import CLOSED
from monev.monitoring.choices import FindingCategory, RecommendationStatus, Verdict
from monev.monitoring.models import (
    ChecklistTemplate,
    Finding,
    FollowUp,
    Recommendation,
    TeamMember,
    Visit,
    VisitIndicator,
)
from monev.monitoring.report_data import (
    BlangkoLine,
    CarriedData,
    FindingData,
    MonitoringData,
    RecommendationData,
    VisitData,
)
from monev.sop.models import Cycle

# --- Access ------------------------------------------------------------------------------------


def visits_visible_to(user: User) -> QuerySet[Visit]:
    """Return the visits a user may see: agency-wide roles every visit of their agency; a
    Bidang user the visits to their own Bidang and those whose team they are on."""
    if not user.is_authenticated:
        return Visit.objects.none()
    visits = scope_of(user).filter(Visit.objects)
    if user.is_bidang_only or not user.roles:
        own = Q(unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
        mine = Q(team__official_id=user.official_id) if user.official_id else Q(pk__in=[])
        visits = visits.filter(own | mine).distinct()
    return visits


def visit_for(user: User, pk: int) -> Visit:
    """Return one visible visit (404 otherwise) with what every page of it shows."""
    return get_object_or_404(
        visits_visible_to(user).select_related(
            "cycle", "unit", "checklist__template", "cycle__agency"
        ),
        pk=pk,
    )


def recommendations_visible_to(user: User) -> QuerySet[Recommendation]:
    """Agency-wide roles see every recommendation of their agency; a Bidang user its own, and
    those of a Bidang whose visit they are on the team of (they verify the follow-ups there)."""
    if not user.is_authenticated:
        return Recommendation.objects.none()
    found = scope_of(user).filter(Recommendation.objects)
    if user.is_bidang_only or not user.roles:
        own = Q(unit_id=user.unit_id) if user.unit_id else Q(pk__in=[])
        visited = (
            Q(
                unit_id__in=TeamMember.objects.filter(official_id=user.official_id).values(
                    "visit__unit_id"
                )
            )
            if user.official_id
            else Q(pk__in=[])
        )
        found = found.filter(own | visited)
    return found


def templates_visible_to(user: User) -> QuerySet[ChecklistTemplate]:
    return scope_of(user).filter(ChecklistTemplate.objects)


def team_of(visit: Visit) -> list[TeamMember]:
    cached = getattr(visit, "_prefetched_objects_cache", {}).get("team")
    if cached is not None:
        return list(cached)
    return list(visit.team.select_related("official"))


# --- Visits ------------------------------------------------------------------------------------


def with_details(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """Prefetch what lists and documents show of each visit (a fixed number of queries)."""
    return visits.select_related("unit", "cycle", "checklist__template").prefetch_related(
        Prefetch("team", queryset=TeamMember.objects.select_related("official")),
        Prefetch("indicators", queryset=VisitIndicator.objects.select_related("indicator")),
        "findings__indicator",
        "recommendations__unit",
        "recommendations__finding",
        "recommendations__follow_ups",
        "photos",
    )


def visits_of_cycle(cycle: Cycle) -> list[Visit]:
    """Return every visit of a cycle with team, indicators, findings, recommendations and
    photos prefetched, in schedule order (for the plan, step 6 and the report)."""
    return list(with_details(Visit.objects.filter(cycle=cycle)).order_by("starts_at", "pk"))


def finding_of(visit: Visit, client_id: str) -> Finding | None:
    """Return the visit's finding with the id the blangko names it by (its `client_id`);
    None for an empty, malformed or unknown id."""
    try:
        key = uuid.UUID(str(client_id).strip())
    except ValueError:
        return None
    return Finding.objects.filter(visit=visit, client_id=key).first()


def sections_of(visit: Visit) -> list[checklist.Section]:
    return checklist.from_data(visit.checklist.sections)


@dataclass(frozen=True)
class ChecklistLine:
    section: str
    item: checklist.Item
    answer: str


def checklist_lines(visit: Visit) -> list[ChecklistLine]:
    return [
        ChecklistLine(s.title, item, str(visit.answers.get(item.key, "")))
        for s in sections_of(visit)
        for item in s.items
    ]


def proposed_corrections(cycle: Cycle) -> QuerySet[VisitIndicator]:
    return VisitIndicator.objects.filter(visit__cycle=cycle).exclude(correction_status="tidak_ada")


def step6_blockers(run: Any) -> list[str]:
    """Return why step 6 (the run of a cycle) cannot complete yet; see `compilation_blockers`."""
    return compilation_blockers(run.cycle)


def compilation_blockers(cycle: Cycle) -> list[str]:
    """Return why step 6 cannot complete yet: visits not answered by their Kepala Bidang and
    proposed corrections not decided (empty when it may complete)."""
    from django.utils.translation import gettext as _

    reasons: list[str] = []
    visits = list(Visit.objects.filter(cycle=cycle).select_related("unit"))
    if not visits:
        reasons.append(_("Belum ada kunjungan monev pada triwulan ini."))
    for visit in visits:
        if visit.status not in {"diakui", "dibantah"}:
            reasons.append(
                _("Kunjungan ke %(unit)s belum ditanggapi Kepala Bidang (status: %(status)s).")
                % {"unit": visit.unit, "status": visit.get_status_display()}
            )
    pending = (
        VisitIndicator.objects.filter(visit__cycle=cycle, correction_status="diusulkan")
        .select_related("indicator", "visit__unit")
        .order_by("visit__unit__order", "indicator__code")
    )
    for line in pending:
        reasons.append(
            _("Usulan koreksi «%(ind)s» (%(unit)s) belum diputuskan.")
            % {"ind": line.indicator.name, "unit": line.visit.unit}
        )
    return reasons


def follow_ups_awaiting(cycle: Cycle) -> list[FollowUp]:
    """The follow-ups the Bidang reported in `cycle` that nobody has verified yet (step 6
    lists them beside the visits: the team verifies there or at the visit), one query."""
    return list(
        FollowUp.objects.filter(cycle=cycle, status="")
        .select_related("recommendation__unit", "recommendation__cycle")
        .order_by("recommendation__unit__order", "recommendation__due_date", "pk")
    )


# --- Recommendations ---------------------------------------------------------------------------


def with_history(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    return recommendations.select_related(
        "unit", "cycle", "visit", "finding__indicator"
    ).prefetch_related(
        Prefetch(
            "follow_ups",
            queryset=FollowUp.objects.select_related("cycle", "verified_by", "reported_by"),
        )
    )


def register(
    user: User, *, unit: int | None = None, status: str = "", year: int | None = None
) -> list[Recommendation]:
    """Return the register rows the user may see, filtered, with their follow-up history."""
    found = recommendations_visible_to(user)
    if unit:
        found = found.filter(unit_id=unit)
    if status:
        found = found.filter(status=status)
    if year:
        found = found.filter(cycle__year=year)
    return list(with_history(found).order_by("unit__order", "due_date", "pk"))


def age_days(recommendation: Recommendation, today: date) -> int:
    """Return how many days a recommendation has lived (until closed, else until today)."""
    end = recommendation.closed_at.date() if recommendation.closed_at else today
    return max((end - recommendation.created_at.date()).days, 0)


def open_for_unit(unit_id: int, cycle: Cycle) -> list[Recommendation]:
    """Return the open recommendations of earlier quarters that a Bidang reports on in `cycle`'s
    format isian (SPEC §11), with their history."""
    earlier = Q(cycle__year__lt=cycle.year) | Q(
        cycle__year=cycle.year, cycle__quarter__lt=cycle.quarter
    )
    found = (
        Recommendation.objects.filter(unit_id=unit_id, agency_id=cycle.agency_id)
        .filter(earlier)
        .exclude(status__in=CLOSED)
    )
    return list(with_history(found).order_by("due_date", "pk"))


def recommendations_for_report(cycle: Cycle) -> list[Recommendation]:
    """Return the recommendations the quarterly report lists (BAB IV): every one that arose up
    to `cycle` and was still open at that cycle or arose in it, with history."""
    upto = Q(cycle__year__lt=cycle.year) | Q(
        cycle__year=cycle.year, cycle__quarter__lte=cycle.quarter
    )
    found = Recommendation.objects.filter(agency_id=cycle.agency_id).filter(upto)
    return list(with_history(found).order_by("unit__order", "due_date", "pk"))


@dataclass(frozen=True)
class Completion:
    """How many recommendations a Bidang (or the agency, `unit` None) has closed."""

    unit: Any
    total: int
    closed: int

    @property
    def rate(self) -> Decimal | None:
        """Closed / total × 100, rounded half-up to 2 decimals; None without recommendations."""
        if not self.total:
            return None
        return (Decimal(self.closed) * 100 / self.total).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


def completion_rate_for_agency_id(agency_id: int | None) -> list[Completion]:
    return completion_rate(agency_id, None) if agency_id else []


def completion_rate(agency: Any, upto_cycle: Cycle | None = None) -> list[Completion]:
    """Return the completion rate of recommendations per Bidang, then the agency's (last row,
    `unit` None); recommendations that arose up to `upto_cycle` (all when None), by their
    status today. One query."""
    from monev.organization.models import Unit

    found = Recommendation.objects.filter(agency=agency)
    if upto_cycle is not None:
        found = found.filter(
            Q(cycle__year__lt=upto_cycle.year)
            | Q(cycle__year=upto_cycle.year, cycle__quarter__lte=upto_cycle.quarter)
        )
    counts = found.values("unit").annotate(
        total=Count("pk"), closed=Count("pk", filter=Q(status__in=CLOSED))
    )
    by_unit = {row["unit"]: row for row in counts}
    units = Unit.objects.in_bulk(list(by_unit))
    rows = [
        Completion(units[pk], row["total"], row["closed"])
        for pk, row in sorted(
            by_unit.items(), key=lambda kv: (units[kv[0]].order, units[kv[0]].name)
        )
    ]
    rows.append(Completion(None, sum(r.total for r in rows), sum(r.closed for r in rows)))
    return rows


# --- The quarterly report (monev.reports reads this) ------------------------------------------


def report_section(cycle: Cycle) -> MonitoringData:
    """Return the cycle's visits for the report's snapshot (`monev.monitoring.report_data`):
    per visit its Bidang, date, team, every finding (category, indicator, the Kepala Bidang's
    dispute) with the recommendations that answer it (status and latest follow-up) and its
    blangko lines (indicator, reported, verified, evidence verdict, proposed value); then the
    recommendations of earlier quarters carried into this one (`carried`). Values, not text:
    the report formats them."""
    from django.utils import timezone

    visits: list[VisitData] = []
    for visit in visits_of_cycle(cycle):
        findings = [_finding_data(f) for f in visit.findings.all()]
        by_finding = {f.pk: row for f, row in zip(visit.findings.all(), findings, strict=True)}
        unlinked: list[RecommendationData] = []
        for r in visit.recommendations.all():
            target = by_finding.get(r.finding_id) if r.finding_id else None
            (target.recommendations if target else unlinked).append(_recommendation_data(r))
        if unlinked:  # stored before recommendations named their finding, on a visit without any
            findings.append(FindingData(text="—", recommendations=unlinked))
        lines = sorted(visit.indicators.all(), key=lambda line: line.indicator.code)
        visits.append(
            VisitData(
                unit_name=visit.unit.name,
                date=timezone.localtime(visit.starts_at).date(),
                team=[
                    m.official.name + (" (ketua)" if m.is_leader else "") for m in visit.team.all()
                ],
                findings=findings,
                blangko=[
                    BlangkoLine(
                        indicator_name=line.indicator.name,
                        decimals=line.indicator.decimals,
                        reported=line.reported_value,
                        verified=line.verified_value,
                        verdict=Verdict(line.verdict) if line.verdict else None,
                        proposed=line.proposed_value,
                    )
                    for line in lines
                ],
            )
        )
    carried = [
        CarriedData(
            unit_name=r.unit.name,
            year=r.cycle.year,
            quarter=r.cycle.quarter,
            finding=_finding_data(r.finding) if r.finding else FindingData(text="—"),
            recommendation=_recommendation_data(r, cycle),
        )
        for r in carried_recommendations(cycle)
    ]
    return MonitoringData(visits=visits, carried=carried)


def carried_recommendations(cycle: Cycle) -> list[Recommendation]:
    """Return the recommendations of earlier quarters that the report of `cycle` carries
    (SPEC §11: a recommendation lives until closed): those still open, and those whose
    follow-up was reported in `cycle` (closed by this quarter's verification, say) — with
    their finding and history, by Bidang and due date."""
    earlier = Q(cycle__year__lt=cycle.year) | Q(
        cycle__year=cycle.year, cycle__quarter__lt=cycle.quarter
    )
    found = (
        Recommendation.objects.filter(agency_id=cycle.agency_id)
        .filter(earlier)
        .filter(~Q(status__in=CLOSED) | Q(follow_ups__cycle=cycle))
        .distinct()
    )
    return list(
        with_history(found)
        .select_related("finding__indicator")
        .order_by("unit__order", "cycle__year", "cycle__quarter", "due_date", "pk")
    )


def _finding_data(f: Finding) -> FindingData:
    return FindingData(
        text=f.text,
        category=FindingCategory(f.category) if f.category else None,
        indicator_code=f.indicator.code if f.indicator else "",
        indicator_name=f.indicator.name if f.indicator else "",
        disputed=f.disputed,
        dispute_reason=f.dispute_reason if f.disputed else "",
    )


def _recommendation_data(r: Recommendation, cycle: Cycle | None = None) -> RecommendationData:
    """A recommendation as the report states it; its follow-up is the latest one reported
    (in `cycle` when given: what the Bidang did this quarter)."""
    follow_ups = sorted(r.follow_ups.all(), key=lambda f: (f.reported_at, f.pk))
    if cycle is not None:
        follow_ups = [f for f in follow_ups if f.cycle_id == cycle.pk]
    return RecommendationData(
        text=r.text,
        status=RecommendationStatus(r.status) if r.status else None,
        follow_up=follow_ups[-1].text if follow_ups else "",
        due=r.due_date,
        unit_name=r.unit.name,
    )


# --- Step 4 and 5: what the plan warns of, what keeps a blangko from being submitted ------------


def plan_warnings(visit: Visit) -> list[str]:
    """Return the warnings (not refusals) of a planned visit: a team member booked elsewhere
    at the same time, and a visit on a day off of the agency calendar."""
    return warnings_for([visit]).get(visit.pk, [])


def warnings_for(visits: list[Visit]) -> dict[int, list[str]]:
    """Return the warnings of several visits of one agency at once (a fixed number of
    queries): `plan_warnings` per visit pk."""
    from monev.sop.selectors import work_calendar

    if not visits:
        return {}
    agency = visits[0].cycle.agency
    years = range(min(v.starts_at.year for v in visits), max(v.starts_at.year for v in visits) + 1)
    calendar = work_calendar(agency, years)
    members = list(
        TeamMember.objects.filter(
            visit__cycle__agency_id=agency.pk,
            visit__starts_at__lt=max(v.ends_at for v in visits),
            visit__ends_at__gt=min(v.starts_at for v in visits),
        ).select_related("official", "visit__unit")
    )
    warnings: dict[int, list[str]] = {}
    for visit in visits:
        found = warnings.setdefault(visit.pk, [])
        day = timezone.localtime(visit.starts_at, calendar.zone).date()
        if not calendar.is_working_day(day):
            found.append(
                _("Kunjungan ke %(unit)s jatuh pada hari libur (%(day)s).")
                % {"unit": visit.unit, "day": formats.day(day)}
            )
        team = {m.official_id for m in members if m.visit_id == visit.pk}
        for other in members:
            if (
                other.visit_id != visit.pk
                and other.official_id in team
                and other.visit.starts_at < visit.ends_at
                and other.visit.ends_at > visit.starts_at
            ):
                found.append(
                    _("%(name)s juga dijadwalkan pada kunjungan ke %(unit)s pada waktu yang sama.")
                    % {"name": other.official, "unit": other.visit.unit}
                )
    return warnings


def plan_ready(cycle: Cycle) -> bool:
    """Step 4's output: at least one visit, each with a team leader."""
    visits = Visit.objects.filter(cycle=cycle)
    return visits.exists() and not visits.exclude(team__is_leader=True).exists()


def submit_problems(visit: Visit) -> list[str]:
    """Return what keeps the blangko from being submitted (empty when it may be)."""
    problems = [
        _("Butir wajib belum diisi: %(l)s") % {"l": item.label}
        for item in checklist.missing_required(sections_of(visit), visit.answers)
    ]
    for line in visit.indicators.select_related("indicator"):
        if not line.verdict:
            problems.append(_("Bukti dukung belum dinilai: %(i)s") % {"i": line.indicator.name})
    return problems
