"""The report resource of the REST API (SPEC §7): `reports/` with its versions and their
download links, under the same access as the report page (`selectors`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from monev.accounts.current import signed_in
from monev.core import files
from monev.core.params import choice_param, quarter_param, year_param
from monev.reports import kinds, selectors
from monev.reports.choices import ReportStatus, VersionSource
from monev.reports.models import Report, ReportVersion


class ReportVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    author = serializers.CharField(allow_null=True, help_text="Nama pengguna pembuat versi")
    source = serializers.ChoiceField(choices=VersionSource.choices)  # type: ignore[assignment]
    sha256 = serializers.CharField(
        help_text="SHA-256 berkas PDF yang diberikan pdf_url (PDF bertanda tangan terakhir bila "
        "versi ini sudah ditandatangani)"
    )
    signatures = serializers.IntegerField(
        help_text="Jumlah tanda tangan elektronik (paraf, pengesahan) pada PDF versi ini; bila "
        "lebih dari 0, pdf_url memberikan PDF bertanda tangan"
    )
    pdf_pages = serializers.IntegerField(
        allow_null=True, help_text="Jumlah halaman PDF; null bila tidak tercatat"
    )
    docx_url = serializers.URLField()
    pdf_url = serializers.URLField()
    final_number = serializers.CharField(
        allow_null=True, help_text="Nomor naskah yang tercetak pada versi ini (dokumen akhir)"
    )

    def to_representation(self, version: ReportVersion) -> dict[str, Any]:
        request = self.context["request"]

        def url(kind: str) -> str:
            return str(
                request.build_absolute_uri(reverse("api:report_download", args=[version.pk, kind]))
            )

        count, signed_sha256 = selectors.signed_state(version)
        return {
            "number": version.number,
            "created_at": serializers.DateTimeField().to_representation(version.created_at),
            "author": version.author.username if version.author else None,
            "source": version.source,
            "sha256": signed_sha256 or version.sha256,
            "signatures": count,
            "pdf_pages": version.pdf_pages or None,
            "docx_url": url("docx"),
            "pdf_url": url("pdf"),
            "final_number": (version.final or {}).get("number") or None,
        }


KIND_HELP = (
    f"Jenis dokumen (kunci jenis dokumen laporan): «{kinds.QUARTERLY}» — Laporan Monitoring dan "
    f"Evaluasi satu triwulan; «{kinds.LKJIP}» — LKjIP satu tahun (siklus tahunan, `quarter` "
    "null)"
)


class ReportSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField(help_text=KIND_HELP)
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    number = serializers.SerializerMethodField(help_text="Nomor naskah, atau null")
    versions = serializers.SerializerMethodField()
    number_date = serializers.DateField(allow_null=True, help_text="Tanggal naskah")
    final_version = serializers.SerializerMethodField(help_text="Nomor versi yang disahkan")
    ratified_at = serializers.DateTimeField(allow_null=True)
    ratified_by = serializers.SerializerMethodField(help_text="Nama pengguna pengesah")

    class Meta:
        model = Report
        fields = [
            "id", "cycle", "kind", "year", "quarter", "status", "number", "number_date",
            "final_version", "ratified_at", "ratified_by", "versions",
        ]  # fmt: skip

    def get_kind(self, report: Report) -> str:
        """The kind of the cycle's document (`reports.kinds`: read from the cycle, no query)."""
        return kinds.for_cycle(report.cycle).key

    def get_final_version(self, report: Report) -> int | None:
        return report.final_version.number if report.final_version else None

    def get_ratified_by(self, report: Report) -> str | None:
        return report.ratified_by.username if report.ratified_by else None

    year = serializers.IntegerField(source="cycle.year", read_only=True)
    quarter = serializers.IntegerField(
        source="cycle.quarter",
        read_only=True,
        allow_null=True,
        help_text="Triwulan 1–4; null untuk dokumen tahunan (LKjIP)",
    )

    def get_number(self, report: Report) -> str | None:
        return report.number or None

    @extend_schema(responses=ReportVersionSerializer(many=True))
    def get_versions(self, report: Report) -> list[dict[str, Any]]:
        versions = sorted(report.versions.all(), key=lambda v: v.number)
        return ReportVersionSerializer(versions, many=True, context=self.context).data  # type: ignore[return-value]


def _filtered(request: Request) -> QuerySet[Report]:
    reports = selectors.reports_visible_to(signed_in(request))
    for name, value in (
        ("year", year_param(request.query_params, "year")),
        ("quarter", quarter_param(request.query_params, "quarter")),
    ):
        if value is not None:
            reports = reports.filter(**{f"cycle__{name}": value})
    kind = choice_param(request.query_params, "kind", (kinds.QUARTERLY, kinds.LKJIP))
    if kind:  # the kinds' `applies`: the LKjIP is the document of an annual cycle (no quarter)
        reports = reports.filter(cycle__quarter__isnull=kind == kinds.LKJIP)
    return reports


@extend_schema(
    parameters=[
        OpenApiParameter("year", int, required=False),
        OpenApiParameter("quarter", int, required=False),
        OpenApiParameter(
            "kind",
            str,
            required=False,
            enum=[kinds.QUARTERLY, kinds.LKJIP],
            description=f"Hanya dokumen jenis ini. {KIND_HELP}",
        ),
    ]
)
class ReportListView(generics.ListAPIView):
    """The reports of the agency (`?year=&quarter=&kind=`): each quarter's monitoring report
    and each year's LKjIP (`kind`), with every version and the links to download its PDF and
    DOCX. A Bidang reads its own agency's reports."""

    serializer_class = ReportSerializer

    def get_queryset(self) -> QuerySet[Report]:
        return _filtered(self.request)


class ReportDetailView(generics.RetrieveAPIView):
    """One report (a quarter's or a year's LKjIP, `kind`) with its versions; 404 outside the
    user's agency."""

    serializer_class = ReportSerializer

    def get_queryset(self) -> QuerySet[Report]:
        return selectors.reports_visible_to(signed_in(self.request))


class ReportDownloadView(APIView):
    """The PDF or DOCX of one version (once signed, the PDF after its latest signature); 404
    outside the user's agency."""

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, pk: int, kind: str) -> HttpResponseBase:
        version = get_object_or_404(selectors.versions_visible_to(signed_in(request)), pk=pk)
        return files.api_download(**selectors.version_file(version, kind))
