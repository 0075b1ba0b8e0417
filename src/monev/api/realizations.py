"""Quarterly realisations over the API, with the web form's optimistic concurrency.

A write names the version of the Bidang's form it read (`version` in the body, or the
`If-Match` header with the ETag of a GET); a write over a newer version is refused with 409
(412 for `If-Match`) and the current values, so nobody's input is silently overwritten.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from monev.accounts.current import signed_in
from monev.accounts.models import User
from monev.api.serializers import RealizationSerializer
from monev.collection import policies as collection_policies
from monev.collection import selectors as collection_selectors
from monev.collection import services as collection_services
from monev.collection.models import Realization, Submission
from monev.core.params import id_param, parse_small_int, quarter_param, year_param
from monev.planning import selectors as plan_selectors
from monev.planning.models import Indicator


def _etag(submission: Submission) -> str:
    return f'"{submission.pk}-{submission.version}"'


def _row(indicator: Indicator, submission: Submission) -> dict[str, Any]:
    """The current values of the indicator's realisation in the submission's quarter."""
    realization = Realization.objects.filter(
        indicator=indicator, year=submission.cycle.year, quarter=submission.cycle.quarter
    ).first()
    return {
        "indicator": indicator.pk,
        "year": submission.cycle.year,
        "quarter": submission.cycle.quarter,
        "value": realization.value if realization else None,
        "no_data": realization.no_data if realization else False,
        "no_data_reason": realization.no_data_reason if realization else "",
        "note": realization.note if realization else "",
        "status": submission.status,
        "version": submission.version,
    }


def _target(request: Request, indicator_id: int, year: int, quarter: int) -> tuple[Any, Any]:
    """The indicator and its Bidang's form of the quarter, in the user's scope (else 404)."""
    indicator = get_object_or_404(
        plan_selectors.indicators_visible_to(signed_in(request)), pk=indicator_id
    )
    submission = get_object_or_404(
        collection_selectors.submissions_visible_to(signed_in(request)),
        unit_id=indicator.responsible_unit_id,
        cycle__year=year,
        cycle__quarter=quarter,
    )
    return indicator, submission


def _write(request: Request, where: dict[str, int] | None = None) -> Response:
    """Save one realisation through the web form's service, naming the version read;
    `where` (indicator, year, quarter) comes from the URL of a PUT."""
    serializer = RealizationSerializer(data={**request.data, **(where or {})})
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    indicator, submission = _target(request, data["indicator"], data["year"], data["quarter"])
    user = signed_in(request)
    if not isinstance(user, User) or not collection_policies.may_fill_submission(user, submission):
        raise PermissionDenied
    if_match = request.headers.get("If-Match", "").strip()
    stale_status: int
    if if_match and if_match != "*":
        version = _version_from_etag(if_match, submission)
        stale_status = status.HTTP_412_PRECONDITION_FAILED
    elif data.get("version") is not None:
        version = data["version"]
        stale_status = status.HTTP_409_CONFLICT
    else:
        return Response(
            {
                "detail": _(
                    "Sertakan versi formulir yang Anda baca: kolom «version» atau header "
                    "If-Match berisi ETag dari GET."
                ),
                "current": _row(indicator, submission),
            },
            status=status.HTTP_428_PRECONDITION_REQUIRED,
        )
    try:
        saved = collection_services.submission_save(
            actor=user,
            submission=submission,
            version=version,
            indicators={
                indicator.pk: collection_services.IndicatorInput(
                    data.get("value"), data["no_data"], data["no_data_reason"], data["note"]
                )
            },
            budgets={},
            narratives={},
        )
    except collection_services.StaleVersion as error:
        submission.refresh_from_db()
        response = Response(
            {"detail": error.messages[0], "current": _row(indicator, submission)},
            status=stale_status,
        )
        response["ETag"] = _etag(submission)
        return response
    except DjangoValidationError as error:
        raise ValidationError({"detail": error.messages}) from error
    body = _row(indicator, saved)
    response = Response(
        RealizationSerializer(body).data,
        status=status.HTTP_200_OK if where else status.HTTP_201_CREATED,
    )
    response["ETag"] = _etag(saved)
    return response


def _version_from_etag(if_match: str, submission: Submission) -> int:
    """The form version named by an ETag of this form; -1 (never current) for any other."""
    for tag in if_match.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        form, _sep, version = tag.partition("-")
        if form == str(submission.pk) and (number := parse_small_int(version)) is not None:
            return number
    return -1


class RealizationListView(generics.ListCreateAPIView):
    """Quarterly realisations (`?year=&quarter=`, `?indicator=`): read in the user's scope
    (a Bidang sees its own); a Bidang user writes its own data while the quarter is open,
    naming the `version` of the form it read (or `If-Match`)."""

    serializer_class = RealizationSerializer

    def get_queryset(self) -> QuerySet[Realization]:
        params = self.request.query_params
        realizations = collection_selectors.realizations_visible_to(
            signed_in(self.request)
        ).order_by("indicator_id", "year", "quarter")
        year, quarter = year_param(params, "year"), quarter_param(params, "quarter")
        for name, value in (
            ("year", year),
            ("quarter", quarter),
            ("indicator", id_param(params, "indicator")),
        ):
            if value is not None:
                realizations = realizations.filter(**{name: value})
        return realizations

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        states = collection_selectors.form_states_for(page)
        rows = [
            {
                "indicator": r.indicator_id,
                "year": r.year,
                "quarter": r.quarter,
                "value": r.value,
                "no_data": r.no_data,
                "no_data_reason": r.no_data_reason,
                "note": r.note,
                "status": states.get(r.pk, ("", None))[0],
                "version": states.get(r.pk, ("", None))[1],
            }
            for r in page
        ]
        return self.get_paginated_response(RealizationSerializer(rows, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _write(request)


class RealizationDetailView(APIView):
    """One indicator's realisation of a quarter with the version (and ETag) of its Bidang's
    form; PUT writes it, naming that version (`version` or `If-Match`)."""

    @extend_schema(responses=RealizationSerializer)
    def get(self, request: Request, indicator: int, year: int, quarter: int) -> Response:
        found, submission = _target(request, indicator, year, quarter)
        response = Response(RealizationSerializer(_row(found, submission)).data)
        response["ETag"] = _etag(submission)
        return response

    @extend_schema(request=RealizationSerializer, responses=RealizationSerializer)
    def put(self, request: Request, indicator: int, year: int, quarter: int) -> Response:
        return _write(request, {"indicator": indicator, "year": year, "quarter": quarter})
