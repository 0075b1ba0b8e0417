"""`GET /api/v1/agencies/results/?year=&quarter=` (SPEC §7, §14): every agency of the
instance for the quarter, ranked as on the consolidated page, with the page's facts (the
year's Perjanjian Kinerja and LKjIP included, SPEC §16) as plain values — for the Bappeda
role."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monev.accounts.current import signed_in
from monev.api.views import _year_quarter
from monev.core.access import EVERY_AGENCY, has_role, roles_for, scope_of
from monev.evaluation import consolidated


def _pct() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=9, decimal_places=2, allow_null=True)


class AgencyResultSerializer(serializers.Serializer):
    agency = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    rank = serializers.IntegerField(allow_null=True)
    mean_achievement_pct = _pct()
    rating = serializers.CharField(allow_null=True)
    absorption_pct = _pct()
    report_status = serializers.CharField(allow_null=True)
    pk_version = serializers.IntegerField(
        allow_null=True,
        help_text=(
            "Number of the latest version of the Kepala Dinas' Perjanjian Kinerja of `year` "
            "(the page shows Versi 2); null: no PK yet (the page shows Belum)"
        ),
    )
    pk_date = serializers.DateField(
        allow_null=True, help_text="Local day that PK version was made; null: no PK yet"
    )
    lkjip_status = serializers.CharField(
        allow_null=True,
        help_text=(
            "Status of the LKjIP of `year` (the annual cycle's report; the values of "
            "`report_status`); null: no LKjIP yet (the page shows Belum)"
        ),
    )
    sop_on_time_pct = _pct()
    indicators = serializers.IntegerField()
    cycle = serializers.IntegerField(allow_null=True)


class AgencyResultListView(APIView):
    """Each agency's average achievement, rating, absorption, report status and SOP
    timeliness up to `quarter` of `year`, and its Perjanjian Kinerja and LKjIP of `year`, best
    first (readers of every agency only) — the consolidated page's rows."""

    @extend_schema(responses=AgencyResultSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not has_role(signed_in(request), *roles_for(EVERY_AGENCY)):
            raise PermissionDenied
        year, quarter = _year_quarter(request.query_params)
        data = consolidated.build(scope_of(signed_in(request)), year=year, quarter=quarter)
        rows: list[dict[str, Any]] = [
            {
                "agency": row.agency.pk,
                "name": row.agency.name,
                "short_name": row.agency.short_name,
                "rank": row.rank,
                "mean_achievement_pct": row.results.mean,
                "rating": row.rating.value if row.rating else None,
                "absorption_pct": row.results.absorption,
                "report_status": row.report_status,
                "pk_version": row.pk_version,
                "pk_date": row.pk_date,
                "lkjip_status": row.lkjip_status,
                "sop_on_time_pct": row.sop_on_time_pct,
                "indicators": row.results.indicators,
                "cycle": row.cycle_id,
            }
            for row in data.rows
        ]
        paginator = PageNumberPagination()
        page: list[dict[str, Any]] = (
            paginator.paginate_queryset(rows, request, view=self) or []  # type: ignore[arg-type]
        )
        return paginator.get_paginated_response(AgencyResultSerializer(page, many=True).data)
