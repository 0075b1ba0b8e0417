"""The foundation of the REST API: who am I, and the agency's units."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monev.accounts.current import signed_in
from monev.accounts.models import User
from monev.api.serializers import (
    ComplianceSerializer,
    CycleSerializer,
    IndicatorSerializer,
    MeSerializer,
    PlanNodeSerializer,
    ResultSerializer,
    SopDefinitionSerializer,
    TargetSerializer,
    UnitResultsSerializer,
    UnitSerializer,
)
from monev.core import store
from monev.core.access import scope_of
from monev.core.params import choice_param, id_param, quarter_param, year_param
from monev.evaluation import selectors as evaluation_selectors
from monev.organization.models import Unit
from monev.organization.selectors import agency_of, units_visible_to
from monev.planning import selectors as plan_selectors
from monev.planning.choices import Level
from monev.planning.models import Indicator, PlanNode, Target
from monev.sop import selectors as sop_selectors
from monev.sop.choices import ACTIVE_STEP_STATUSES
from monev.sop.models import Cycle, SopDefinition


class MeView(APIView):
    """The signed-in user: username, full name, unit and roles."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(signed_in(request)).data)


class UnitListView(generics.ListAPIView):
    """The units of the user's agency."""

    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        return units_visible_to(signed_in(self.request)).order_by("order", "name")


class SopDefinitionListView(generics.ListAPIView):
    """SOP definitions of the agency, every version, with their steps."""

    serializer_class = SopDefinitionSerializer

    def get_queryset(self) -> QuerySet[SopDefinition]:
        return sop_selectors.definitions_visible_to(signed_in(self.request)).order_by(
            "number", "version"
        )


def _cycle_data(cycle: Cycle, holders_by_role: dict[str, list[str]]) -> dict[str, Any]:
    runs = list(cycle.runs.all())
    started = {r.number for r in runs}
    steps: list[dict[str, Any]] = []
    for run in runs:
        steps.append(
            {
                "number": run.number,
                "key": run.step.key or None,
                "round": run.round,
                "status": run.status,
                "holder": run.holder_role,
                "holders": holders_by_role.get(run.holder_role, []),
                "started_at": run.started_at,
                # a step waiting on something outside its cycle: counted from then, or null
                "due_at": sop_selectors.run_due_at(run),
                "completed_at": run.completed_at,
                "on_time": run.on_time,
            }
        )
    for step in cycle.definition.steps.all():
        if step.number not in started:
            steps.append(
                {
                    "number": step.number,
                    "key": step.key or None,
                    "round": 0,
                    "status": "menunggu",
                    "holder": step.actor,
                    "holders": holders_by_role.get(step.actor, []),
                    "started_at": None,
                    "due_at": None,
                    "completed_at": None,
                    "on_time": None,
                }
            )
    current = next((r.number for r in runs if r.status in ACTIVE_STEP_STATUSES), None)
    return CycleSerializer(
        {
            "id": cycle.pk,
            "year": cycle.year,
            "quarter": cycle.quarter,
            "title": cycle.title,
            "sop_number": cycle.sop_number,
            "sop_name": cycle.definition.name,
            "cadence": cycle.definition.cadence,
            "status": cycle.status,
            "sop_version": cycle.definition.version,
            "current_step": current,
            "steps": steps,
        }
    ).data


def _holders_by_role(user: User) -> dict[str, list[str]]:
    from monev.accounts.models import RoleAssignment

    holders: dict[str, list[str]] = {}
    for role, username in (
        scope_of(user)
        .filter(RoleAssignment.objects)
        .filter(user__is_active=True)
        .values_list("role", "user__username")
        .order_by("user__username")
    ):
        holders.setdefault(role, []).append(username)
    return holders


class CycleListView(generics.ListAPIView):
    """Monev cycles of the agency with every step run (a returned step appears once per round)."""

    serializer_class = CycleSerializer

    def get_queryset(self) -> QuerySet[Cycle]:
        return sop_selectors.cycles_visible_to(signed_in(self.request)).prefetch_related(
            "definition__steps"
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        holders = _holders_by_role(signed_in(request))
        data = [_cycle_data(c, holders) for c in (page or [])]
        return self.get_paginated_response(data)


class CycleDetailView(APIView):
    """One monev cycle with its steps."""

    @extend_schema(responses=CycleSerializer)
    def get(self, request: Request, pk: int) -> Response:
        cycle = sop_selectors.cycle_for(signed_in(request), pk)
        return Response(_cycle_data(cycle, _holders_by_role(signed_in(request))))


class ComplianceView(APIView):
    """Per SOP step: share of finished cycles' runs within the time standard, median minutes."""

    @extend_schema(responses=ComplianceSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = sop_selectors.compliance(agency_of(signed_in(request)))
        return Response(
            [
                {
                    "number": r.number,
                    "description": r.description,
                    "runs": r.runs,
                    "on_time": r.on_time,
                    "on_time_pct": r.on_time_pct,
                    "median_working_minutes": r.median_minutes,
                }
                for r in rows
            ]
        )


class IndicatorListView(generics.ListAPIView):
    """Indicators of the agency's plan (filters: `period`, `unit`, `iku`, `level`)."""

    serializer_class = IndicatorSerializer

    def get_queryset(self) -> QuerySet[Indicator]:
        params = self.request.query_params
        indicators = plan_selectors.indicators_visible_to(signed_in(self.request)).order_by("code")
        if (period := id_param(params, "period")) is not None:
            indicators = indicators.filter(period_id=period)
        if (unit := id_param(params, "unit")) is not None:
            indicators = indicators.filter(responsible_unit_id=unit)
        if params.get("iku") in {"1", "true"}:
            indicators = indicators.filter(is_iku=True)
        level = choice_param(params, "level", Level.values)
        if level:
            indicators = indicators.filter(node__level=level)
        return indicators


class TargetListView(generics.ListAPIView):
    """Targets (annual: `quarter` null) of the agency's indicators; `?year=` and `?indicator=`."""

    serializer_class = TargetSerializer

    def get_queryset(self) -> QuerySet[Target]:
        params = self.request.query_params
        targets = plan_selectors.targets_visible_to(signed_in(self.request)).order_by(
            "indicator_id", "year", "quarter"
        )
        if (year := year_param(params, "year")) is not None:
            targets = targets.filter(year=year)
        if (indicator := id_param(params, "indicator")) is not None:
            targets = targets.filter(indicator_id=indicator)
        return targets


class PlanNodeListView(generics.ListAPIView):
    """The plan tree, read-only: every node with its parent's code, in tree order by code."""

    serializer_class = PlanNodeSerializer

    def get_queryset(self) -> QuerySet[PlanNode]:
        return plan_selectors.nodes_visible_to(signed_in(self.request)).order_by(
            "period_id", "code"
        )


def _year_quarter(params: Any) -> tuple[int, int]:
    """The required `year` and `quarter` query parameters, or a clear 400."""
    year, quarter = year_param(params, "year"), quarter_param(params, "quarter")
    if year is None or quarter is None:
        raise ValidationError(
            {"detail": _("Parameter year dan quarter wajib diisi, mis. ?year=2026&quarter=2")}
        )
    return year, quarter


class ResultListView(APIView):
    """Year-to-date results per indicator up to `quarter` of `year` (`?year=&quarter=`,
    optional `unit`, `indicator`). A Bidang user gets its own Bidang's indicators."""

    @extend_schema(responses=ResultSerializer(many=True))
    def get(self, request: Request) -> Response:
        params = request.query_params
        year, quarter = _year_quarter(params)
        unit = id_param(params, "unit")
        indicator = id_param(params, "indicator")
        results = evaluation_selectors.visible_results(
            signed_in(request), year=year, quarter=quarter, unit=unit, indicator=indicator
        )
        paginator = PageNumberPagination()
        page: list[Any] = (
            paginator.paginate_queryset(
                results,  # type: ignore[arg-type]  # DRF paginates any sequence
                request,
                view=self,
            )
            or []
        )

        def serialized() -> Any:
            rows = [
                {
                    "indicator": r.indicator.pk,
                    "indicator_code": r.indicator.code,
                    "unit": r.indicator.responsible_unit.code
                    if r.indicator.responsible_unit
                    else None,
                    "year": r.year,
                    "quarter": r.quarter,
                    "target": r.target,
                    "realization": r.realization,
                    "achievement_pct": r.achievement,
                    "rating": r.rating.value if r.rating else None,
                    "annual_target": r.annual_target,
                    "murni_annual_target": r.murni_annual_target,
                    "stage": r.stage_label,
                    "annual_progress_pct": r.annual_progress,
                    "projection_pct": r.projection,
                    "at_risk": r.at_risk,
                    "flags": [f.code for f in r.flags],
                }
                for r in page
            ]
            return ResultSerializer(rows, many=True).data

        # The page's rows are serialised once per data token (core.store.memo).
        key = ("api.results", year, quarter, unit, indicator, tuple(r.indicator.pk for r in page))
        data = store.memo(scope_of(signed_in(request)).agency_id, key, serialized)
        return paginator.get_paginated_response(data)


class UnitResultsView(APIView):
    """Aggregates up to `quarter` of `year` (`?year=&quarter=`): the agency and each unit —
    mean achievement, rating, counts, pagu, budget realisation, serapan, deviasi against the
    cash plan and efisiensi (indicative); each sub kegiatan's budget; the agency's rule
    settings. The same numbers as the dashboard and E.81. A Bidang user gets the agency
    totals, its own unit and its own sub kegiatan."""

    @extend_schema(responses=UnitResultsSerializer)
    def get(self, request: Request) -> Response:
        from monev.evaluation.dashboard import build
        from monev.evaluation.store import year_data
        from monev.organization.selectors import subtree_ids

        user: Any = request.user
        year, quarter = _year_quarter(request.query_params)
        unit = user.unit_id if user.is_bidang_only else None
        data = build(scope_of(user).agency_id, year=year, quarter=quarter, unit=unit)

        def group(code: str | None, name: str, summary: Any, **budget: Any) -> dict[str, Any]:
            return {
                "unit": code,
                "name": name,
                "mean_achievement_pct": summary.mean,
                "rating": summary.rating.value if summary.rating else None,
                "indicators": summary.count,
                "without_value": summary.missing,
                "by_rating": {str(k): v for k, v in summary.by_rating.items()},
                "pagu": budget.get("pagu"),
                "budget_realization": budget.get("spent"),
                "absorption_pct": budget.get("absorption"),
                "cash_plan": budget.get("planned"),
                "deviation_pct": budget.get("deviation"),
                "efficiency_indicative_pts": budget.get("efficiency"),
            }

        years = year_data(scope_of(user).agency_id, year)
        lines = years.budget(quarter)
        units = subtree_ids(unit)
        sub_kegiatan = [
            {
                "code": node.code,
                "name": node.name,
                "unit": getattr(node.responsible_unit, "code", None),
                "pagu": line.pagu,
                "budget_realization": line.spent,
                "cash_plan": line.planned,
                "absorption_pct": line.absorption,
                "deviation_pct": line.deviation,
                "mean_achievement_pct": line.achievement,
                "efficiency_indicative_pts": line.efficiency,
            }
            for pk, node in years.nodes.items()
            if (line := lines.nodes.get(pk)) is not None
            and (not unit or node.responsible_unit_id in units)
        ]

        payload = {
            "year": year,
            "quarter": quarter,
            "agency": group(
                None,
                user.agency.name,
                data.agency,
                pagu=data.pagu,
                spent=data.spent,
                absorption=data.absorption,
                planned=data.planned,
                deviation=data.deviation,
                efficiency=data.efficiency,
            ),
            "units": [
                group(
                    row.key,
                    row.name,
                    row.summary,
                    pagu=row.pagu,
                    spent=row.spent,
                    absorption=row.absorption,
                    planned=row.planned,
                    deviation=row.deviation,
                    efficiency=row.efficiency,
                )
                for row in data.by_unit
            ],
            "sub_kegiatan": sub_kegiatan,
            "settings": years.settings.to_data(),
        }
        return Response(UnitResultsSerializer(payload).data)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, generated once per language and version under a lock.

    drf-spectacular's generator keeps module-wide state while it walks the views; two
    requests generating at once on a threaded server crossed it and answered 500
    (issue 21, item 10). The schema changes only with a deployment, so it is kept."""

    _lock = threading.Lock()
    _kept: ClassVar[dict[tuple[str, str], Any]] = {}

    def _get_schema_response(self, request: Request) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (get_language() or "", str(version or ""))
        with self._lock:
            if key not in self._kept:
                generator = self.generator_class(
                    urlconf=self.urlconf, api_version=version, patterns=self.patterns
                )
                self._kept[key] = generator.get_schema(request=request, public=self.serve_public)
        filename = self._get_filename(request, version)
        return Response(
            data=self._kept[key],
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )
