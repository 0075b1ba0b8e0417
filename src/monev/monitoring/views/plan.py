"""Step 4: the monev plan (Jadwal) — visits, their teams and dates — its PDF, deleting a
planned visit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from monev.accounts.choices import AGENCY_WIDE_ROLES
from monev.core.access import AuthedRequest, require_role
from monev.core.forms import apply_errors
from monev.core.params import id_param
from monev.monitoring import documents, pdf, policies, selectors, services
from monev.monitoring.forms import PlanForm, plan_units
from monev.monitoring.views._common import pdf_response
from monev.sop import selectors as sop_selectors


@login_required
def plan(request: AuthedRequest, pk: int) -> HttpResponse:
    from monev.collection.selectors import period_of

    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
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
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    require_role(request.user, *AGENCY_WIDE_ROLES)
    data = pdf.jadwal_pdf(documents.jadwal(cycle))
    return pdf_response(data, f"jadwal-monev-{cycle.year}-tw{cycle.quarter}.pdf")


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
