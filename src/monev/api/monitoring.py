"""API of monev visits and recommendations (SPEC §7): `visits/`, `recommendations/`, with the
pages' scoping — a Bidang user sees only its own (and visits whose team it is on)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from monev.accounts.current import signed_in
from monev.core.params import choice_param, id_param, quarter_param, year_param
from monev.monitoring import documents, pdf, selectors
from monev.monitoring.choices import RecommendationStatus
from monev.monitoring.models import Recommendation, Visit


class TeamSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()


class VisitSerializer(serializers.ModelSerializer):
    cycle = serializers.IntegerField(source="cycle_id")
    unit = serializers.IntegerField(source="unit_id")
    scheduled_at = serializers.DateTimeField(source="starts_at")
    team = serializers.SerializerMethodField()
    findings = serializers.IntegerField(source="finding_count")
    berita_acara_url = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = [
            "id", "cycle", "unit", "scheduled_at", "place", "team", "status", "findings",
            "berita_acara_url",
        ]  # fmt: skip

    def get_team(self, visit: Visit) -> list[dict[str, str]]:
        return [
            {"name": m.official.name, "role": "ketua" if m.is_leader else "anggota"}
            for m in visit.team.all()
        ]

    def get_berita_acara_url(self, visit: Visit) -> str | None:
        """The PDF once the blangko is submitted (before, there is nothing to sign), served
        by the API itself (`VisitBeritaAcaraView`): the token that read this list downloads
        it, where the page's address would answer a token client with the login page."""
        if visit.status in {"direncanakan", "disetujui"}:
            return None
        url = reverse("api:visit_berita_acara", args=[visit.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class VisitListView(generics.ListAPIView):
    """Monev visits (steps 4–6); filters `year`, `quarter`, `unit`."""

    serializer_class = VisitSerializer

    def get_queryset(self) -> QuerySet[Visit]:
        params = self.request.query_params
        visits = selectors.visits_visible_to(signed_in(self.request))
        for field, value in (
            ("cycle__year", year_param(params, "year")),
            ("cycle__quarter", quarter_param(params, "quarter")),
            ("unit_id", id_param(params, "unit")),
        ):
            if value is not None:
                visits = visits.filter(**{field: value})
        return (
            visits.annotate(finding_count=Count("findings", distinct=True))
            .prefetch_related("team__official")
            .order_by("starts_at", "pk")
        )


class FollowUpSerializer(serializers.Serializer):
    cycle = serializers.IntegerField(source="cycle_id")
    text = serializers.CharField()
    status = serializers.CharField()
    verified_by = serializers.SerializerMethodField()

    def get_verified_by(self, follow_up: Any) -> str | None:
        return follow_up.verified_by.full_name if follow_up.verified_by else None


class RecommendationSerializer(serializers.ModelSerializer):
    unit = serializers.IntegerField(source="unit_id")
    visit = serializers.IntegerField(source="visit_id", allow_null=True)
    finding = serializers.IntegerField(source="finding_id", allow_null=True)
    cycle = serializers.IntegerField(source="cycle_id")
    follow_ups = FollowUpSerializer(many=True)

    class Meta:
        model = Recommendation
        fields = [
            "id", "unit", "text", "visit", "finding", "cycle", "due_date", "status", "follow_ups",
        ]  # fmt: skip


class RecommendationListView(generics.ListAPIView):
    """Recommendations across quarters; filters `unit`, `status`."""

    serializer_class = RecommendationSerializer

    def get_queryset(self) -> QuerySet[Recommendation]:
        params = self.request.query_params
        found = selectors.recommendations_visible_to(signed_in(self.request))
        unit = id_param(params, "unit")
        if unit is not None:
            found = found.filter(unit_id=unit)
        status = choice_param(params, "status", RecommendationStatus.values)
        if status:
            found = found.filter(status=status)
        return selectors.with_history(found).order_by("due_date", "pk")


class VisitBeritaAcaraView(APIView):
    """The berita acara (PDF) of one visit, with the API's authentication; 404 for a visit the
    user may not see (as the page)."""

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request: Request, pk: int) -> HttpResponse:
        visit = get_object_or_404(
            selectors.visits_visible_to(signed_in(request)).select_related("cycle__agency", "unit"),
            pk=pk,
        )
        data = pdf.berita_acara_pdf(documents.berita_acara(visit))
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="berita-acara-monev-{visit.pk}.pdf"'
        )
        return response
