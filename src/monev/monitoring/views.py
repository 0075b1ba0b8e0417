"""Pages of steps 4 and 5: checklist templates, the monev plan (Jadwal), the blangko of a
visit (filled on a phone, saved field by field with htmx), the Bidang's answer, documents."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from monev.accounts.choices import AGENCY_WIDE_ROLES, Role
from monev.core import files
from monev.core.access import AuthedRequest, require_role, role_required
from monev.core.forms import apply_errors
from monev.core.middleware import is_htmx
from monev.core.numbers import MEASURE, read_number
from monev.core.params import id_param, parse_date_or_none, parse_id
from monev.domain import checklist
from monev.domain.monitoring_flow import (
    RECOMMENDATION,
    VISIT,
    RecommendationAction,
    RecommendationState,
    VisitAction,
    VisitState,
    may_edit,
)
from monev.monitoring import documents, pdf, policies, selectors, services, sync
from monev.monitoring.choices import FindingCategory, RecommendationStatus, Verdict
from monev.monitoring.forms import ChecklistForm, PlanForm, plan_units
from monev.monitoring.models import TEXT_MAX_CHARS, Finding, VisitIndicator, VisitPhoto
from monev.organization.selectors import agency_of, units_visible_to
from monev.sop import selectors as sop_selectors

EDITORS = (Role.KASUBAG_PROGRAM, Role.ADMINISTRATOR)


def _errors(request: AuthedRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- Checklist templates -----------------------------------------------------------------------


@role_required(*EDITORS)
def checklist_list(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    services.default_checklist(agency)
    templates = selectors.templates_visible_to(request.user).prefetch_related("versions")
    return render(request, "monitoring/checklist_list.html", {"templates": templates})


@role_required(*EDITORS)
def checklist_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    template = (
        get_object_or_404(selectors.templates_visible_to(request.user), pk=pk) if pk else None
    )
    current = template.current if template else None
    initial = {
        "name": template.name if template else "",
        "text": checklist.to_text(checklist.from_data(current.sections))
        if current
        else checklist.DEFAULT_TEXT,
    }
    form = ChecklistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.checklist_save(
                actor=request.user,
                agency=agency_of(request.user),
                name=form.cleaned_data["name"],
                text=form.cleaned_data["text"],
                template=template,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Templat disimpan (versi %(n)s).") % {"n": version.number})
            return redirect("monitoring:checklist_list")
    return render(request, "monitoring/checklist_edit.html", {"form": form, "template": template})


# --- Step 4: the plan --------------------------------------------------------------------------


@login_required
def plan(request: AuthedRequest, pk: int) -> HttpResponse:
    from monev.collection.selectors import period_of

    cycle = sop_selectors.cycle_for(request.user, pk)
    editing = None
    visit_id = id_param(request.GET, "visit") or id_param(request.POST, "visit")
    if visit_id:
        editing = selectors.visit_for(request.user, visit_id)
    is_kasubag = policies.may_plan_visits(request.user, cycle)
    if request.method == "POST" and not is_kasubag:
        raise PermissionDenied
    # The Bidang is chosen first (?bidang=…, or the visit's, or the posted one): the form then
    # offers only its indicators. Without a Bidang the page asks for it (works without JS).
    units = plan_units(cycle.agency_id)
    unit_id = (
        id_param(request.POST, "unit")
        or id_param(request.GET, "bidang")
        or (editing.unit_id if editing is not None else None)
    )
    if request.method == "GET" and "ganti" in request.GET:
        unit_id = None  # «Ganti Bidang»: ask for the Bidang again
    unit = units.filter(pk=unit_id).first() if unit_id else None
    initial: dict[str, Any] = {"checklist": services.default_checklist(cycle.agency)}
    if editing is not None:
        start = timezone.localtime(editing.starts_at)
        team = selectors.team_of(editing)
        initial = {
            "unit": editing.unit,
            "day": start.date(),
            "start": start.time(),
            "end": timezone.localtime(editing.ends_at).time(),
            "place": editing.place,
            "team": [m.official for m in team],
            "leader": next((m.official for m in team if m.is_leader), None),
            "checklist": editing.checklist,
            "indicators": [line.indicator for line in editing.indicators.all()],
        }
    if unit is not None:
        initial["unit"] = unit
    form = PlanForm(
        request.POST or None,
        initial=initial,
        agency_id=cycle.agency_id,
        period=period_of(cycle),
        unit=unit,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = form.times()
        try:
            visit, visit_warnings = services.visit_plan(
                actor=request.user,
                cycle=cycle,
                visit=editing,
                data=services.PlanInput(
                    unit=data["unit"],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    place=data["place"],
                    team=list(data["team"]),
                    leader=data["leader"],
                    checklist=data["checklist"],
                    indicators=list(data["indicators"]) or None,
                ),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kunjungan ke %(u)s disimpan.") % {"u": visit.unit})
            for warning in visit_warnings:
                messages.warning(request, warning)
            return redirect("monitoring:plan", pk=cycle.pk)
    visits = list(
        selectors.with_details(selectors.visits_visible_to(request.user).filter(cycle=cycle))
        .select_related("cycle__agency")
        .order_by("starts_at", "pk")
    )
    warnings = selectors.warnings_for(visits) if is_kasubag else {}
    rows = [{"visit": v, "warnings": warnings.get(v.pk, [])} for v in visits]
    return render(
        request,
        "monitoring/plan.html",
        {
            "cycle": cycle,
            "rows": rows,
            "form": form if is_kasubag else None,
            "editing": editing,
            "unit": unit,
            "units": units if is_kasubag else [],
            "reached": sop_selectors.cycle_reached(cycle, "rencana_monev"),
            "may_print": request.user.has_role(*AGENCY_WIDE_ROLES),
        },
    )


@login_required
def jadwal_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.cycle_for(request.user, pk)
    require_role(request.user, *AGENCY_WIDE_ROLES)
    data = pdf.jadwal_pdf(documents.jadwal(cycle))
    return _pdf(data, f"jadwal-monev-{cycle.year}-tw{cycle.quarter}.pdf")


@login_required
def visit_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """Ask first (a page, without JS), then delete the planned visit on POST."""
    visit = selectors.visit_for(request.user, pk)
    if request.method != "POST":
        if not policies.may_edit_plan(request.user, visit):
            raise PermissionDenied
        return render(
            request,
            "monitoring/visit_delete.html",
            {"visit": visit, "team": selectors.team_of(visit), "cycle": visit.cycle},
        )
    services.visit_delete(actor=request.user, visit=visit)
    messages.success(request, _("Kunjungan dihapus."))
    return redirect("monitoring:plan", pk=visit.cycle_id)


# --- Step 5: visits and the blangko ------------------------------------------------------------


@login_required
def visits(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.cycle_for(request.user, pk)
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


def _blangko_context(request: AuthedRequest, visit: Any) -> dict[str, Any]:
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
    if is_htmx(request):
        return render(request, "monitoring/visit.html#saved", {"saved": not error, "error": error})
    if error:
        messages.error(request, error)
    return redirect("monitoring:visit", pk=found.pk)


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
    if is_htmx(request):
        return render(request, "monitoring/visit.html#saved", {"saved": not error, "error": error})
    if error:
        messages.error(request, error)
    return redirect("monitoring:visit", pk=found.pk)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The blangko's service worker, from the app's own URL so its scope covers the visits."""
    scope = reverse("monitoring:service_worker").rsplit("/", 1)[0] + "/"
    response = render(
        request,
        "monitoring/service-worker.js",
        {"scope": scope},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = scope
    return response


@require_POST
def visit_sync(request: HttpRequest, pk: int) -> JsonResponse:
    """One change of the blangko sent by the page after it was offline (`monitoring.sync`):
    JSON in, JSON out with an Indonesian `error` the page shows beside the change it keeps."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"error": _("Sesi Anda berakhir. Masuk lagi; perubahan tetap tersimpan di perangkat.")},
            status=401,
        )
    try:
        found = selectors.visit_for(request.user, pk)
    except Http404:
        return JsonResponse({"error": _("Kunjungan tidak ditemukan.")}, status=404)
    try:
        change = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        change = None
    try:
        outcome = sync.apply_change(actor=request.user, visit=found, change=change)
    except PermissionDenied:
        return JsonResponse(
            {"error": _("Hanya tim kunjungan ini yang dapat mengisi blangkonya.")}, status=403
        )
    except sync.BlangkoClosed as closed:
        return JsonResponse({"error": " ".join(closed.messages)}, status=409)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {"result": outcome.result, "id": outcome.pk, "skipped": list(outcome.skipped)}
    )


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
        _errors(request, error)
    return redirect(f"{_visit_url(found.pk)}#temuan")


def _uuid(raw: str | None) -> uuid.UUID | None:
    """The id the page gave a new finding or recommendation (none without JavaScript)."""
    try:
        return uuid.UUID(raw) if raw else None
    except ValueError:
        return None


def _visit_url(pk: int) -> str:
    return reverse("monitoring:visit", args=[pk])


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
        _errors(request, error)
    return redirect(f"{_visit_url(visit_pk)}#temuan")


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
        _errors(
            request, error if isinstance(error, ValidationError) else ValidationError(str(error))
        )
    return redirect(f"{_visit_url(found.pk)}#rekomendasi")


@login_required
@require_POST
def recommendation_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.recommendations_visible_to(request.user), pk=pk)
    visit_pk = item.visit_id
    try:
        services.recommendation_delete(actor=request.user, recommendation=item)
    except ValidationError as error:
        _errors(request, error)
    return redirect(f"{_visit_url(visit_pk or 0)}#rekomendasi")


@login_required
@require_POST
def photo_add(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    uploads = request.FILES.getlist("photo")
    try:  # a closed blangko: its reason as a message, not a 500
        services.check_filler(request.user, found)
    except ValidationError as error:
        _errors(request, error)
        return redirect(f"{_visit_url(found.pk)}#foto")
    if not uploads:
        messages.error(request, _("Pilih foto."))
    for upload in uploads:
        try:
            services.photo_add(actor=request.user, visit=found, upload=upload)
        except ValidationError as error:
            _errors(request, error)
    return redirect(f"{_visit_url(found.pk)}#foto")


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


@login_required
@require_POST
def visit_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    try:
        services.visit_submit(actor=request.user, visit=found)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Blangko monev diajukan kepada Kepala Bidang."))
    return redirect("monitoring:visit", pk=found.pk)


@login_required
@require_POST
def visit_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    disputes = {
        number: request.POST.get(f"reason-{key.split('-', 1)[1]}", "")
        for key in request.POST
        if key.startswith("dispute-") and (number := parse_id(key.split("-", 1)[1])) is not None
    }
    try:
        services.visit_answer(
            actor=request.user, visit=found, disputes=disputes, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Tanggapan Kepala Bidang disimpan."))
    return redirect("monitoring:visit", pk=found.pk)


@login_required
@require_POST
def visit_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    try:
        services.visit_reopen(actor=request.user, visit=found, note=request.POST.get("note", ""))
    except ValidationError as error:
        _errors(request, error)
    return redirect("monitoring:visit", pk=found.pk)


@login_required
def berita_acara(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    data = pdf.berita_acara_pdf(documents.berita_acara(found))
    return _pdf(data, f"berita-acara-monev-{found.pk}.pdf")
