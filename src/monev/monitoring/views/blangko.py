"""Step 5: the visits of a cycle and the blangko of one, filled on a phone and saved field by
field with htmx: indicator checks, answers, findings, recommendations, photos."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.core import files
from monev.core.access import AuthedRequest
from monev.core.middleware import is_htmx
from monev.core.numbers import MEASURE, read_number
from monev.core.params import parse_date_or_none, parse_id
from monev.core.views_helpers import show_errors
from monev.domain.monitoring_flow import (
    RECOMMENDATION,
    VISIT,
    RecommendationAction,
    RecommendationState,
    VisitAction,
    VisitState,
    may_edit,
)
from monev.monitoring import policies, selectors, services
from monev.monitoring.choices import FindingCategory, RecommendationStatus, Verdict
from monev.monitoring.models import TEXT_MAX_CHARS, Finding, Visit, VisitIndicator, VisitPhoto
from monev.monitoring.views._common import visit_url
from monev.organization.selectors import units_visible_to
from monev.sop import selectors as sop_selectors


@login_required
def visits(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    found = selectors.with_details(selectors.visits_visible_to(request.user).filter(cycle=cycle))
    return render(
        request,
        "monitoring/visits.html",
        {"cycle": cycle, "visits": found.order_by("starts_at", "pk")},
    )


def _decimal(raw: str | None) -> Decimal | None:
    """Read a typed number by RULES §10 like every form ("1.500" is 1500, "12,5" is 12.5),
    bounded by the measure columns it is stored in (core.numbers)."""
    return read_number(raw, MEASURE)


def _blangko_context(request: AuthedRequest, visit: Visit) -> dict[str, Any]:
    found = policies.visit_parties(request.user, visit)
    state = VisitState(visit.status)
    return {
        "visit": visit,
        "parties": found,
        "may_fill": may_edit("blangko", visit.status, found),
        # the team's page shows changes a phone still keeps, even once it may not change
        "is_team": bool(found & {"team_member", "team_leader"}),
        "may_submit": VISIT.allows(state, VisitAction.SUBMIT, found),
        "may_answer": VISIT.allows(state, VisitAction.ACKNOWLEDGE, found),
        "may_reopen": VISIT.allows(state, VisitAction.REOPEN, found),
        "verdicts": Verdict.choices,
        "categories": FindingCategory.choices,
        "units": units_visible_to(request.user).filter(is_active=True),
        "text_max": TEXT_MAX_CHARS,
    }


@login_required
def visit(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    detailed = selectors.with_details(selectors.visits_visible_to(request.user)).get(pk=found.pk)
    context = _blangko_context(request, detailed)
    context["lines"] = list(detailed.indicators.all())
    context["sections"] = [
        (s, [(i, detailed.answers.get(i.key, "")) for i in s.items])
        for s in selectors.sections_of(detailed)
    ]
    context["problems"] = selectors.submit_problems(detailed) if context["may_submit"] else []
    # the Bidang's open recommendations of earlier quarters: the team verifies their follow-up
    context["earlier"] = selectors.open_for_unit(detailed.unit_id, detailed.cycle)
    # the recommendation table decides who verifies (the visit's team, the Kasubag Program)
    context["verifiable"] = {
        r.pk
        for r in context["earlier"]
        if RECOMMENDATION.allows(
            RecommendationState(r.status), RecommendationAction.VERIFY_SESUAI, context["parties"]
        )
    }
    context["verdicts_siptl"] = RecommendationStatus.choices
    return render(request, "monitoring/visit.html", context)


def _field_saved(request: AuthedRequest, visit_pk: int, error: str) -> HttpResponse:
    """Answer a field of the blangko saved with htmx (its «tersimpan» mark or the refusal);
    without htmx, back to the blangko with the refusal as a message."""
    if is_htmx(request):
        return render(request, "monitoring/visit.html#saved", {"saved": not error, "error": error})
    if error:
        messages.error(request, error)
    return redirect("monitoring:visit", pk=visit_pk)


@login_required
@require_POST
def indicator_save(request: AuthedRequest, pk: int, line: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    item = get_object_or_404(
        VisitIndicator.objects.select_related("indicator"), pk=line, visit=found
    )
    item.visit = found
    error = ""
    try:
        services.indicator_verify(
            actor=request.user,
            line=item,
            verified_value=_decimal(request.POST.get("verified_value")),
            verdict=request.POST.get("verdict", ""),
            reason=request.POST.get("verdict_reason", ""),
            proposed_value=_decimal(request.POST.get("proposed_value")),
        )
    except ValidationError as err:
        error = " ".join(err.messages)
    return _field_saved(request, found.pk, error)


@login_required
@require_POST
def answers_save(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    error = ""
    try:
        if "summary" in request.POST:
            services.summary_save(actor=request.user, visit=found, summary=request.POST["summary"])
        answers = {k[2:]: str(v) for k, v in request.POST.items() if k.startswith("a-")}
        services.answers_save(actor=request.user, visit=found, answers=answers)
    except ValidationError as err:
        error = " ".join(err.messages)
    return _field_saved(request, found.pk, error)


@login_required
@require_POST
def finding_add(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    indicator = None
    if request.POST.get("indicator"):
        line = (
            found.indicators.filter(indicator_id=parse_id(request.POST["indicator"]) or 0)
            .select_related("indicator")
            .first()
        )
        indicator = line.indicator if line else None
    try:
        services.finding_add(
            actor=request.user,
            visit=found,
            text=request.POST.get("text", ""),
            category=request.POST.get("category", ""),
            indicator=indicator,
            client_id=_uuid(request.POST.get("client_id")),
        )
    except ValidationError as error:
        show_errors(request, error)
    return redirect(f"{visit_url(found.pk)}#temuan")


def _uuid(raw: str | None) -> uuid.UUID | None:
    """The id the page gave a new finding or recommendation (none without JavaScript)."""
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_POST
def finding_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(
        Finding.objects.filter(visit__in=selectors.visits_visible_to(request.user)), pk=pk
    )
    visit_pk = finding.visit_id
    try:
        services.finding_delete(actor=request.user, finding=finding)
    except ValidationError as error:
        show_errors(request, error)
    return redirect(f"{visit_url(visit_pk)}#temuan")


@login_required
@require_POST
def recommendation_add(request: AuthedRequest, pk: int) -> HttpResponse:

    found = selectors.visit_for(request.user, pk)
    unit = (
        units_visible_to(request.user)
        .filter(pk=parse_id(request.POST.get("unit")) or found.unit_id)
        .first()
    )
    try:
        services.recommendation_add(
            actor=request.user,
            visit=found,
            text=request.POST.get("text", ""),
            unit=unit or found.unit,
            due_date=parse_date_or_none(request.POST.get("due_date")),
            finding=selectors.finding_of(found, request.POST.get("finding", "")),
            client_id=_uuid(request.POST.get("client_id")),
        )
    except (ValidationError, ValueError) as error:
        show_errors(
            request, error if isinstance(error, ValidationError) else ValidationError(str(error))
        )
    return redirect(f"{visit_url(found.pk)}#rekomendasi")


@login_required
@require_POST
def recommendation_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.recommendations_visible_to(request.user), pk=pk)
    visit_pk = item.visit_id
    try:
        services.recommendation_delete(actor=request.user, recommendation=item)
    except ValidationError as error:
        show_errors(request, error)
    return redirect(f"{visit_url(visit_pk or 0)}#rekomendasi")


@login_required
@require_POST
def photo_add(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    uploads = request.FILES.getlist("photo")
    try:  # a closed blangko: its reason as a message, not a 500
        services.check_filler(request.user, found)
    except ValidationError as error:
        show_errors(request, error)
        return redirect(f"{visit_url(found.pk)}#foto")
    if not uploads:
        messages.error(request, _("Pilih foto."))
    for upload in uploads:
        try:
            services.photo_add(actor=request.user, visit=found, upload=upload)
        except ValidationError as error:
            show_errors(request, error)
    return redirect(f"{visit_url(found.pk)}#foto")


@login_required
def photo_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """A visit photo, shown inline after its SHA-256 check (refused with a message when the
    stored file was changed), with `nosniff` like every stored file."""
    photo = get_object_or_404(
        VisitPhoto.objects.filter(visit__in=selectors.visits_visible_to(request.user)), pk=pk
    )
    return files.download(
        request,
        name=photo.file.name,
        sha256=photo.sha256,
        content_type=photo.content_type,
        filename=photo.original_name,
        inline=True,
    )
