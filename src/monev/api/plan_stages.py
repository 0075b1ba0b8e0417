"""The stages of a plan year through the API (RULES §11): murni, then each pergeseran or
perubahan with its first quarter, who made it, why, and the targets and budgets it changed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monev.core.params import year_param
from monev.planning import policies, services
from monev.planning import selectors as plan_selectors
from monev.planning.models import Indicator, PlanNode, StageBudget, StageTarget


class StageTargetSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    indicator_code = serializers.CharField()
    quarter = serializers.IntegerField(allow_null=True, help_text="null: the annual target")
    value = serializers.DecimalField(max_digits=18, decimal_places=4)


class StageBudgetSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    node_code = serializers.CharField()
    pagu = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    cash_plan = serializers.ListField(
        child=serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True),
        help_text="TW I–IV; null: unchanged",
    )


class StageSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="0: murni")
    kind = serializers.CharField()
    label = serializers.CharField(help_text="e.g. Perubahan (mulai Triwulan III)")  # type: ignore[assignment]
    first_quarter = serializers.IntegerField()
    decided_on = serializers.DateField(allow_null=True)
    made_by = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    targets = StageTargetSerializer(many=True, help_text="What this stage changed")
    budgets = StageBudgetSerializer(many=True, help_text="What this stage changed")


class YearStagesSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    period = serializers.IntegerField()
    stages = StageSerializer(many=True)


class NewStageTargetSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="The indicator's code (or id)")
    quarter = serializers.IntegerField(
        allow_null=True, min_value=1, max_value=4, help_text="null: the annual target"
    )
    value = serializers.DecimalField(max_digits=18, decimal_places=4)


class NewStageBudgetSerializer(serializers.Serializer):
    node = serializers.CharField(help_text="The sub kegiatan's code (or id)")
    pagu = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    cash_plan = serializers.ListField(
        child=serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True),
        min_length=4,
        max_length=4,
        required=False,
        help_text="TW I–IV; null: unchanged",
    )


class NewStageSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=["pergeseran", "perubahan"])
    first_quarter = serializers.IntegerField(min_value=1, max_value=4)
    reason = serializers.CharField(max_length=2000)
    decided_on = serializers.DateField(required=False)
    targets: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=NewStageTargetSerializer(), required=False, max_length=5000
    )
    budgets: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=NewStageBudgetSerializer(), required=False, max_length=5000
    )


def _by_code_or_id(model: Any, period: Any, text: str, what: str) -> int:
    """The id of the period's `model` row whose code (or id) is `text`; a 400 otherwise."""
    rows = model.objects.filter(period=period).values_list("pk", flat=True)
    found = rows.filter(code=text).first()
    if found is None and text.isdigit() and len(text) < 19:
        found = rows.filter(pk=int(text)).first()
    if found is None:
        raise ValidationError({what: [f"Tidak ditemukan dalam rencana: {text[:80]}"]})
    return int(found)


class PlanStageListView(APIView):
    """The stages of the agency's plan for `?year=` (default: this year), murni first; POST
    adds a pergeseran or perubahan (the Kasubag Program or the Administrator) as the stages
    page and the plan workbook do, through the same service."""

    @extend_schema(request=NewStageSerializer, responses={201: YearStagesSerializer})
    def post(self, request: Request) -> Response:
        user: Any = request.user
        period = plan_selectors.period_for(user, None)
        if period is None:
            raise Http404
        if not policies.may_create_stage(user, period):
            raise PermissionDenied
        given = NewStageSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        period = plan_selectors.period_for(user, data["year"]) or period
        targets = {
            (_by_code_or_id(Indicator, period, row["indicator"], "targets"), row["quarter"]): row[
                "value"
            ]
            for row in data.get("targets", [])
        }
        budgets: dict[int, dict[str, Any]] = {}
        for row in data.get("budgets", []):
            node = _by_code_or_id(PlanNode, period, row["node"], "budgets")
            fields = budgets.setdefault(node, {})
            if "pagu" in row:
                fields["pagu"] = row["pagu"]
            for quarter, value in enumerate(row.get("cash_plan") or [], start=1):
                if value is not None:
                    fields[f"cash_q{quarter}"] = value
        try:
            services.stage_create(
                actor=user,
                period=period,
                year=data["year"],
                kind=data["kind"],
                first_quarter=data["first_quarter"],
                reason=data["reason"],
                decided_on=data.get("decided_on"),
                targets=targets,
                budgets=budgets,
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied from error
        except DjangoValidationError as error:
            raise ValidationError({"detail": error.messages}) from error
        response = self.get(request, year=data["year"])
        response.status_code = 201
        return response

    @extend_schema(responses=YearStagesSerializer)
    def get(self, request: Request, year: int | None = None) -> Response:
        user: Any = request.user
        year = year or year_param(request.query_params, "year")
        period = plan_selectors.period_for(user, year)
        if period is None:
            raise Http404
        if not policies.may_view_stages(user, period):
            raise PermissionDenied
        year = year or period.start_year
        if year not in period.years:
            raise ValidationError({"year": "Tahun di luar periode Renstra."})
        plan = plan_selectors.year_plan(period, year)
        codes = dict(Indicator.objects.filter(period=period).values_list("pk", "code"))
        nodes = dict(PlanNode.objects.filter(period=period).values_list("pk", "code"))
        targets: dict[int, list[dict[str, Any]]] = {}
        for row in StageTarget.objects.filter(stage__in=plan.stages).order_by(
            "indicator__code", "quarter"
        ):
            targets.setdefault(row.stage_id, []).append(
                {
                    "indicator": row.indicator_id,
                    "indicator_code": codes.get(row.indicator_id, ""),
                    "quarter": row.quarter,
                    "value": row.value,
                }
            )
        budgets: dict[int, list[dict[str, Any]]] = {}
        for b in StageBudget.objects.filter(stage__in=plan.stages).order_by("node__code"):
            budgets.setdefault(b.stage_id, []).append(
                {
                    "node": b.node_id,
                    "node_code": nodes.get(b.node_id, ""),
                    "pagu": b.pagu,
                    "cash_plan": b.cash_plan,
                }
            )
        stages = []
        for state in plan.states:
            stage = state.stage
            stages.append(
                {
                    "number": stage.number if stage else 0,
                    "kind": state.kind,
                    "label": state.label,
                    "first_quarter": state.first_quarter,
                    "decided_on": stage.decided_on if stage else None,
                    "made_by": stage.made_by.full_name if stage and stage.made_by else None,
                    "reason": stage.reason if stage else "",
                    "targets": targets.get(stage.pk, []) if stage else [],
                    "budgets": budgets.get(stage.pk, []) if stage else [],
                }
            )
        payload = {"year": year, "period": period.pk, "stages": stages}
        return Response(YearStagesSerializer(payload).data)
