"""Olah data (SOP step 3): results of the quarter and the data-quality flags to resolve."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.core.access import AuthedRequest, require_role
from monev.domain.aggregates import summarize
from monev.evaluation import services
from monev.evaluation.flags import LABELS
from monev.evaluation.selectors import visible_results
from monev.planning.selectors import indicators_visible_to
from monev.sop import selectors as sop_selectors


@login_required
def processing(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.cycle_for(request.user, pk)
    results = visible_results(request.user, year=cycle.year, quarter=cycle.quarter)
    visible = {r.indicator.pk for r in results}
    flags = [
        {"result": r, "flag": f, "label": LABELS.get(f.code, f.code), "resolution": res}
        for r, f, res in services.open_flags(cycle)
        if r.indicator.pk in visible
    ]
    return render(
        request,
        "evaluation/processing.html",
        {
            "cycle": cycle,
            "results": results,
            "summary": summarize([r.achievement for r in results]),
            "flags": flags,
            "open_count": sum(1 for f in flags if f["resolution"] is None),
            "is_kasubag": request.user.has_role(Role.KASUBAG_PROGRAM),
        },
    )


@login_required
@require_POST
def resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.cycle_for(request.user, pk)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    indicator = get_object_or_404(
        indicators_visible_to(request.user), pk=request.POST.get("indicator") or 0
    )
    try:
        services.flag_resolve(
            actor=request.user,
            cycle=cycle,
            indicator=indicator,
            code=request.POST.get("code", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Penjelasan disimpan."))
    return redirect("evaluation:processing", pk=cycle.pk)


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Analysis for a year and quarter: agency → Bidang → program → indicator."""
    from django.utils import timezone

    from monev.evaluation.dashboard import build
    from monev.organization.selectors import units_visible_to

    today = timezone.localdate()
    latest = sop_selectors.cycles_visible_to(request.user).first()  # default: the latest cycle
    default_year, default_quarter = (
        (latest.year, latest.quarter) if latest else (today.year, (today.month - 1) // 3 + 1)
    )
    try:
        year = int(request.GET.get("tahun") or default_year)
        quarter = min(max(int(request.GET.get("triwulan") or default_quarter), 1), 4)
    except ValueError:
        year, quarter = default_year, default_quarter
    unit = request.GET.get("unit", "")
    unit_id = int(unit) if unit.isdigit() else None
    if request.user.is_bidang_only:  # a Bidang sees its own detail and the agency totals
        unit_id = request.user.unit_id
    data = build(
        request.user.agency_id or 0,
        year=year,
        quarter=quarter,
        unit=unit_id,
        iku_only=request.GET.get("iku") == "on",
    )
    chart = {
        "units": [row.name for row in data.by_unit],
        "unitMeans": [float(row.summary.mean or 0) for row in data.by_unit],
        "unitAbsorption": [float(row.absorption or 0) for row in data.by_unit],
        "ratings": [data.agency.by_rating[r] for r in data.agency.by_rating],
        "trend": [float(mean or 0) for _q, mean in data.trend],
        "trendLabels": [f"TW {q}" for q, _m in data.trend],
    }
    return render(
        request,
        "evaluation/dashboard.html",
        {
            "data": data,
            "chart": chart,
            "year": year,
            "quarter": quarter,
            "unit_id": unit_id,
            "units": units_visible_to(request.user),
            "bidang_only": request.user.is_bidang_only,
            "iku": request.GET.get("iku") == "on",
        },
    )
