"""Serializers of the `/api/v1/` contract (SPEC §7)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from monev.organization.models import Unit
from monev.planning.models import Indicator, PlanNode, Target
from monev.sop.choices import StepStatus


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    unit = serializers.IntegerField(allow_null=True, help_text="ID unit pengguna, atau null")
    roles = serializers.ListField(child=serializers.CharField())

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {
            "username": instance.username,
            "full_name": instance.full_name,
            "unit": instance.unit_id,
            "roles": sorted(instance.roles),
        }


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent"]


class TimeStandardSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=["menit", "jam", "hari", "minggu"])


class SopStepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    key = serializers.CharField(allow_null=True, help_text="Kunci langkah yang stabil (StepKey)")
    description = serializers.CharField()
    actor = serializers.CharField()
    approver = serializers.CharField(allow_null=True)
    inputs = serializers.CharField()
    time_standard = TimeStandardSerializer()
    output = serializers.CharField()
    symbol = serializers.CharField()
    no_goto = serializers.IntegerField(allow_null=True)

    def to_representation(self, step: Any) -> dict[str, Any]:
        return {
            "number": step.number,
            "key": step.key or None,
            "description": step.description,
            "actor": step.actor,
            "approver": step.approver or None,
            "inputs": step.inputs,
            "time_standard": {"value": step.time_value, "unit": step.time_unit},
            "output": step.output,
            "symbol": step.symbol,
            "no_goto": step.no_goto,
        }


class SopDefinitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    is_current = serializers.BooleanField()
    steps = SopStepSerializer(many=True)

    def to_representation(self, definition: Any) -> dict[str, Any]:
        return {
            "id": definition.pk,
            "number": definition.number,
            "name": definition.name,
            "version": definition.version,
            "is_current": definition.is_current,
            "steps": [SopStepSerializer(s).data for s in definition.steps.all()],
        }


class CycleStepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    key = serializers.CharField(allow_null=True, help_text="Kunci langkah yang stabil (StepKey)")
    round = serializers.IntegerField()
    status = serializers.ChoiceField(choices=StepStatus.values)
    holder = serializers.CharField(help_text="Peran yang memegang langkah")
    holders = serializers.ListField(child=serializers.CharField())
    started_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    on_time = serializers.BooleanField(allow_null=True)


class CycleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    # null for the cycle of a yearly SOP (SPEC §16)
    quarter = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    sop_number = serializers.CharField()
    sop_name = serializers.CharField()
    cadence = serializers.CharField()
    status = serializers.CharField()
    sop_version = serializers.IntegerField()
    current_step = serializers.IntegerField(allow_null=True)
    steps = CycleStepSerializer(many=True)


class ComplianceSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    description = serializers.CharField()
    runs = serializers.IntegerField()
    on_time = serializers.IntegerField()
    on_time_pct = serializers.FloatField(allow_null=True)
    median_working_minutes = serializers.FloatField(allow_null=True)


class IndicatorSerializer(serializers.ModelSerializer):
    level = serializers.CharField(source="node.level", read_only=True)
    node = serializers.CharField(source="node.code", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit_of_measure",
            "level",
            "node",
            "polarity",
            "aggregation",
            "negative_variant",
            "decimals",
            "is_iku",
            "responsible_unit",
        ]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["indicator", "year", "quarter", "value"]


class PlanNodeSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanNode
        fields = ["id", "level", "code", "name", "parent", "responsible_unit"]


class IndonesianDecimalField(serializers.DecimalField):
    """A number as RULES §10 reads typed text: a JSON number is taken as it is, a string is
    parsed like the web forms do ("1.500" is 1500, "12,5" is 12.5, "Rp 1.500.000")."""

    def to_internal_value(self, data: Any) -> Any:
        from django.core.exceptions import ValidationError as DjangoValidationError

        from monev.core.numbers import Digits, checked, read_number

        digits = Digits(self.max_digits or 18, self.decimal_places or 0)
        try:  # the same reader and the same messages as the web forms and workbooks
            if isinstance(data, str) and data.strip():
                data = read_number(data, digits)
            elif (isinstance(data, int) and not isinstance(data, bool)) or (
                isinstance(data, float) and math.isfinite(data)
            ):
                data = checked(Decimal(str(data)), str(data), digits)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages[0]) from None
        return super().to_internal_value(data)


class RealizationSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    value = IndonesianDecimalField(
        max_digits=18, decimal_places=4, allow_null=True, required=False, coerce_to_string=False
    )
    no_data = serializers.BooleanField(required=False, default=False)
    no_data_reason = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.CharField(read_only=True, help_text="status laporan Bidang")
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="versi formulir Bidang yang dibaca; wajib saat menulis (atau header If-Match)",
    )


class ResultSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    indicator_code = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    target = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    realization = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    achievement_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    rating = serializers.CharField(allow_null=True)
    annual_target = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True)
    murni_annual_target = serializers.DecimalField(
        max_digits=18,
        decimal_places=4,
        allow_null=True,
        help_text="The murni annual target where the stage in force changed it (RULES §11)",
    )
    stage = serializers.CharField(help_text="The plan stage whose targets were used")
    annual_progress_pct = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True, help_text="RULES §3, beside achievement"
    )
    projection_pct = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        allow_null=True,
        help_text="Projected year-end achievement (RULES §7); null at TW IV",
    )
    at_risk = serializers.BooleanField()
    flags = serializers.ListField(child=serializers.CharField())


class GroupResultSerializer(serializers.Serializer):
    """Aggregate of a group of indicators (RULES §5) with its budget (RULES §6)."""

    unit = serializers.CharField(allow_null=True)
    name = serializers.CharField()
    mean_achievement_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    rating = serializers.CharField(allow_null=True)
    indicators = serializers.IntegerField()
    without_value = serializers.IntegerField()
    by_rating = serializers.DictField(child=serializers.IntegerField())
    pagu = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    budget_realization = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    absorption_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    cash_plan = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        allow_null=True,
        help_text="Cash plan (anggaran kas) s/d TW q of the sub kegiatan that have one",
    )
    deviation_pct = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        allow_null=True,
        help_text="RULES §6 deviasi against the cash plan; null without a cash plan",
    )
    efficiency_indicative_pts = serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        allow_null=True,
        help_text="RULES §6 efisiensi, INDICATIVE (no regulation fixes it): mean achievement − "
        "serapan, percentage points",
    )


class SubKegiatanBudgetSerializer(serializers.Serializer):
    """A sub kegiatan's budget at TW q (RULES §6)."""

    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(allow_null=True)
    pagu = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    budget_realization = serializers.DecimalField(max_digits=18, decimal_places=2)
    cash_plan = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    absorption_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    deviation_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    mean_achievement_pct = serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)
    efficiency_indicative_pts = serializers.DecimalField(
        max_digits=9, decimal_places=2, allow_null=True
    )


class UnitResultsSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    agency = GroupResultSerializer()
    units = GroupResultSerializer(many=True)
    sub_kegiatan = SubKegiatanBudgetSerializer(many=True)
    settings = serializers.DictField(
        help_text="The agency settings of the RULES '(setting)' rules the results use"
    )
