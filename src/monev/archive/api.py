"""The archive resource of the REST API (SPEC §7): `archive/` (the agency's archive entries,
searchable like the page, with their download link), `archive/{code}/download/`, and
`archive/verify/`, the public verification page's answer as JSON (no sign-in, the same rate
limit as the page)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monev.accounts.current import signed_in
from monev.archive import selectors, services
from monev.archive.models import ArchiveEntry
from monev.archive.views import VERIFY_RULE, verification
from monev.core import files, ratelimit
from monev.core.params import period_param, year_param


class ArchiveEntrySerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="report.cycle_id", read_only=True)
    report = serializers.IntegerField(source="report_id", read_only=True)
    number = serializers.SerializerMethodField(help_text="Nomor naskah, atau null")
    archived_by = serializers.CharField(source="archived_by_name", read_only=True)
    download_url = serializers.SerializerMethodField()
    verification_url = serializers.SerializerMethodField()

    class Meta:
        model = ArchiveEntry
        fields = [
            "code", "cycle", "report", "year", "quarter", "title", "number", "number_date",
            "ratified_by_name", "ratified_at", "classification_code", "sha256", "size",
            "retention_until", "archived_by", "archived_at", "download_url", "verification_url",
        ]  # fmt: skip

    def get_number(self, entry: ArchiveEntry) -> str | None:
        return entry.number or None

    def get_download_url(self, entry: ArchiveEntry) -> str:
        url = reverse("api:archive_download", args=[entry.code])
        return str(self.context["request"].build_absolute_uri(url))

    def get_verification_url(self, entry: ArchiveEntry) -> str:
        return services.verify_url(entry.code)


#: The value of `quarter` that lists the documents of a year (as «tahunan» on the page).
ANNUAL = "annual"


@extend_schema(
    parameters=[
        OpenApiParameter("year", int, required=False),
        OpenApiParameter(
            "quarter",
            str,
            required=False,
            description="1–4, atau `annual` untuk dokumen tahunan (LKjIP; entri tanpa triwulan)",
        ),
        OpenApiParameter("q", str, required=False, description="Judul, nomor, kode atau isi"),
    ]
)
class ArchiveListView(generics.ListAPIView):
    """The agency's sealed archive entries (SOP step 13), newest first."""

    serializer_class = ArchiveEntrySerializer

    def get_queryset(self) -> QuerySet[ArchiveEntry]:
        params = self.request.query_params
        quarter, annual = period_param(params, "quarter", yearly=ANNUAL)
        return selectors.search(
            signed_in(self.request),
            year=year_param(params, "year"),
            quarter=quarter,
            yearly=annual,
            text=str(params.get("q", ""))[:200],
        ).select_related("report")


class ArchiveDownloadView(APIView):
    """The stored PDF/A of one entry; 404 outside the user's agency."""

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request: Request, code: str) -> HttpResponseBase:
        entry = selectors.entry_for(signed_in(request), code)
        return files.api_download(**selectors.entry_file(entry))


VERIFY_ANSWER = inline_serializer(
    "VerificationAnswer",
    {
        "genuine": serializers.BooleanField(),
        "title": serializers.CharField(allow_null=True),
        "number": serializers.CharField(allow_null=True),
        "ratified_by": serializers.CharField(allow_null=True),
        "ratified_at": serializers.DateTimeField(allow_null=True),
        "signatures": inline_serializer(
            "VerifiedSignature",
            {
                "signer": serializers.CharField(),
                "role": serializers.CharField(),
                "signed_at": serializers.DateTimeField(allow_null=True),
                "intact": serializers.BooleanField(),
                "trusted": serializers.BooleanField(),
                "provider": serializers.ChoiceField(choices=["tte", "segel"]),
            },
            many=True,
        ),
        "changed_after_signing": serializers.BooleanField(),
    },
)


def _answer(request: Request) -> Response:
    wait = ratelimit.hit(VERIFY_RULE, ratelimit.client_address(request))
    if wait:
        message = _("Terlalu banyak permintaan. Coba lagi sebentar lagi.")
        return Response({"detail": message}, status=429, headers={"Retry-After": str(wait)})
    code = request.data.get("code") if request.method == "POST" else None
    code = code or request.query_params.get("code", "")
    result = verification(str(code), request.FILES.get("file"))
    entry = result["entry"]
    if not result["asked"]:
        message = _("Kirim `code` (kode verifikasi) atau `file` (berkas PDF).")
        return Response({"detail": message}, status=400)
    signed = {
        "signatures": [
            {"signer": s["signer"], "role": s["role"], "intact": s["intact"],
             "trusted": s["trusted"], "provider": s["provider"],
             "signed_at": serializers.DateTimeField().to_representation(s["signed_at"])
             if s["signed_at"] else None}
            for s in result["signatures"]
        ],
        "changed_after_signing": result["altered_after"],
    }  # fmt: skip
    if entry is None:
        return Response({"genuine": False, "title": None, "number": None, "ratified_by": None,
                         "ratified_at": None, **signed})  # fmt: skip
    return Response(
        {
            **signed,
            "genuine": True,
            "title": entry.title,
            "number": entry.number or None,
            "ratified_by": entry.ratified_by_name or None,
            "ratified_at": (
                serializers.DateTimeField().to_representation(entry.ratified_at)
                if entry.ratified_at
                else None
            ),
        }
    )


class VerifyView(APIView):
    """Is a document genuine? `GET ?code=` (the printed short code) or `POST` a `file`
    (the PDF): `genuine` and, when genuine, the title, nomor and who ratified it when —
    nothing else. No sign-in; rate-limited per client address."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    parser_classes = [MultiPartParser, FormParser]
    throttle_classes: list[Any] = []

    @extend_schema(parameters=[OpenApiParameter("code", str)], responses=VERIFY_ANSWER)
    def get(self, request: Request) -> Response:
        return _answer(request)

    @extend_schema(
        request=inline_serializer("VerificationFile", {"file": serializers.FileField()}),
        responses=VERIFY_ANSWER,
    )
    def post(self, request: Request) -> Response:
        return _answer(request)
