"""The annual cycle through the API (SPEC §16): `annual/?year=` lists the agency's annual
cycles of the year with their current step and the LKjIP (the annual cycle's report: status,
versions, which one is final), and the Perjanjian Kinerja's versions with their download
links; `annual/{cycle}/pk/{pdf|docx}` is the year's latest PK of the Kepala Dinas,
`annual/{cycle}/lkjip/{pdf|docx}` the LKjIP's final version (else its latest). Another
agency's cycles and files do not exist for the user (404)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monev.accounts.current import signed_in
from monev.annual import selectors as pk_selectors
from monev.annual.models import PerjanjianKinerjaVersion
from monev.core import files
from monev.core.params import year_param
from monev.reports import selectors as report_selectors
from monev.reports.models import Report
from monev.sop import selectors as sop_selectors
from monev.sop.choices import ACTIVE_STEP_STATUSES
from monev.sop.models import Cycle


class PkVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    unit = serializers.CharField(allow_null=True, help_text="Bidang; null: the Kepala Dinas' PK")
    stage = serializers.IntegerField(help_text="Plan stage number; 0: murni")
    stage_label = serializers.CharField()
    created_at = serializers.DateTimeField()
    indicators = serializers.IntegerField()
    signed = serializers.BooleanField(help_text="Signed by the Kepala Dinas (the PDF is signed)")
    pdf_url = serializers.URLField()
    docx_url = serializers.URLField()


class LkjipVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    final = serializers.BooleanField(help_text="The ratified (final) version")


class LkjipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    versions = LkjipVersionSerializer(many=True)


class AnnualCycleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sop = serializers.CharField()
    status = serializers.CharField()
    current_step = serializers.IntegerField(allow_null=True)
    lkjip = LkjipSerializer(allow_null=True, help_text="null: no LKjIP yet")
    pk_pdf_url = serializers.URLField()
    pk_docx_url = serializers.URLField()
    lkjip_pdf_url = serializers.URLField()
    lkjip_docx_url = serializers.URLField()


class AnnualSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    cycles = AnnualCycleSerializer(many=True)
    pk_versions = PkVersionSerializer(many=True)
    pk_update_available = serializers.BooleanField(
        help_text="A plan stage newer than the last PK version exists"
    )


def _url(request: Request, name: str, *args: Any) -> str:
    return str(request.build_absolute_uri(reverse(name, args=args)))


def _pk_version(
    request: Request, version: PerjanjianKinerjaVersion, signed: set[int]
) -> dict[str, Any]:
    unit = version.agreement.unit
    return {
        "number": version.number,
        "unit": unit.name if unit else None,
        "stage": version.snapshot.get("stage_number", 0),
        "stage_label": version.snapshot.get("stage_label", ""),
        "created_at": version.created_at,
        "indicators": len(version.snapshot.get("rows", [])),
        "signed": version.pk in signed,
        "pdf_url": _url(request, "api:annual_pk_version", version.pk, "pdf"),
        "docx_url": _url(request, "api:annual_pk_version", version.pk, "docx"),
    }


def _lkjip(report: Report | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "id": report.pk,
        "status": report.status,
        "versions": [
            {
                "number": v.number,
                "created_at": v.created_at,
                "final": v.pk == report.final_version_id,
            }
            for v in sorted(report.versions.all(), key=lambda v: v.number)
        ],
    }


def _cycle(request: Request, cycle: Cycle, report: Report | None) -> dict[str, Any]:
    runs = [r for r in cycle.runs.all() if r.status in ACTIVE_STEP_STATUSES]
    return {
        "id": cycle.pk,
        "sop": cycle.definition.name,
        "status": cycle.status,
        "current_step": runs[0].number if runs else None,
        "lkjip": _lkjip(report),
        "pk_pdf_url": _url(request, "api:annual_pk", cycle.pk, "pdf"),
        "pk_docx_url": _url(request, "api:annual_pk", cycle.pk, "docx"),
        "lkjip_pdf_url": _url(request, "api:annual_lkjip", cycle.pk, "pdf"),
        "lkjip_docx_url": _url(request, "api:annual_lkjip", cycle.pk, "docx"),
    }


def _annual_cycle(request: Request, cycle_id: int) -> Cycle:
    return get_object_or_404(
        sop_selectors.cycles_visible_to(signed_in(request)).filter(quarter__isnull=True),
        pk=cycle_id,
    )


class AnnualView(APIView):
    """The agency's annual cycles of `?year=` (default: this year) with their LKjIP, and the
    year's Perjanjian Kinerja versions (the Kepala Dinas' and each Bidang's)."""

    @extend_schema(
        parameters=[OpenApiParameter("year", int, required=False)], responses=AnnualSerializer
    )
    def get(self, request: Request) -> Response:
        user = signed_in(request)
        year = year_param(request.query_params, "year") or timezone.localdate().year
        cycles = list(
            sop_selectors.cycles_visible_to(user)
            .filter(year=year, quarter__isnull=True)
            .order_by("sop_number")
        )
        reports = {
            r.cycle_id: r
            for r in report_selectors.reports_visible_to(user).filter(
                cycle__in=[c.pk for c in cycles]
            )
        }
        pk = pk_selectors.year_pk(user.agency_id or 0, year)
        versions = pk.head + [v for _agreement, vs in pk.units for v in vs]
        signed = set(pk_selectors.signatures_of(versions))
        return Response(
            AnnualSerializer(
                {
                    "year": year,
                    "cycles": [_cycle(request, c, reports.get(c.pk)) for c in cycles],
                    "pk_versions": [_pk_version(request, v, signed) for v in versions],
                    "pk_update_available": pk.update_available,
                }
            ).data
        )


class AnnualPkView(APIView):
    """The latest version of the Kepala Dinas' PK of the annual cycle's year (PDF or DOCX);
    404 when none was made yet."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: int, kind: str) -> HttpResponseBase:
        cycle = _annual_cycle(request, pk)
        version = pk_selectors.latest_head_version(cycle.agency_id, cycle.year)
        if version is None:
            raise Http404
        return files.api_download(**pk_selectors.version_file(version, kind))


class AnnualPkVersionView(APIView):
    """One PK version's PDF or DOCX; 404 outside the user's agency."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: int, kind: str) -> HttpResponseBase:
        version = get_object_or_404(pk_selectors.versions_visible_to(signed_in(request)), pk=pk)
        return files.api_download(**pk_selectors.version_file(version, kind))


class AnnualLkjipView(APIView):
    """The LKjIP of the annual cycle: its final version, else its latest (PDF or DOCX); 404
    when it has none."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: int, kind: str) -> HttpResponseBase:
        cycle = _annual_cycle(request, pk)
        report = report_selectors.reports_visible_to(signed_in(request)).filter(cycle=cycle).first()
        if report is None:
            raise Http404
        version = report.final_version or max(
            report.versions.all(), key=lambda v: v.number, default=None
        )
        if version is None:
            raise Http404
        return files.api_download(**report_selectors.version_file(version, kind))
