"""The dashboard: analysis for a year and quarter, agency → Bidang → program → indicator."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from monev.core import formats, store
from monev.core.access import AuthedRequest, scope_of
from monev.evaluation.dashboard import build
from monev.evaluation.views.params import period, unit_filter
from monev.organization.selectors import units_visible_to
from monev.sop.models import Cycle


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Analysis for a year and quarter: agency → Bidang → program → indicator. The page's
    body is rendered once per data token (store.memo) and served as is until the next write."""
    year, quarter = period(request)
    unit_id = unit_filter(request)
    iku = request.GET.get("iku") == "on"
    program = request.GET.get("program", "")
    agency_id = scope_of(request.user).agency_id
    key = (
        "dashboard",
        year,
        quarter,
        unit_id,
        iku,
        program,
        request.user.is_bidang_only,
        get_language(),
    )
    body = store.memo(
        agency_id,
        key,
        lambda: _dashboard_body(request, agency_id, year, quarter, unit_id, iku, program),
    )
    return render(
        request, "evaluation/dashboard.html", {"body": body, "year": year, "quarter": quarter}
    )


def _dashboard_body(
    request: AuthedRequest,
    agency_id: int,
    year: int,
    quarter: int,
    unit_id: int | None,
    iku: bool,
    program: str,
) -> str:
    data = build(
        agency_id, year=year, quarter=quarter, unit=unit_id, iku_only=iku, program=program or None
    )
    chart = {
        "units": [row.name for row in data.by_unit],
        "unitMeans": [
            None if row.no_data else float(row.summary.mean or 0) for row in data.by_unit
        ],
        "unitAbsorption": [float(row.absorption or 0) for row in data.by_unit],
        "ratings": [data.agency.by_rating[r] for r in data.agency.by_rating],
        "trend": [float(mean or 0) for _q, mean in data.trend],
        "trendLastYear": [
            float(mean) if mean is not None else None for _q, mean in data.trend_last_year
        ],
        "trendLabels": [f"TW {formats.roman(q)}" for q, _m in data.trend],
        "labels": {
            "achievement": _("Capaian (%)"),
            "lastYear": _("Tahun %(year)s") % {"year": year - 1},
            "thisYear": _("Tahun %(year)s") % {"year": year},
            "absorption": _("Serapan (%)"),
            "ratings": [formats.rating(r) for r in data.agency.by_rating],
        },
    }
    cycle = Cycle.objects.filter(agency_id=agency_id, year=year, quarter=quarter).first()
    return render_to_string(
        "evaluation/_dashboard_body.html",
        {
            "data": data,
            "chart": chart,
            "year": year,
            "quarter": quarter,
            "unit_id": unit_id,
            "units": units_visible_to(request.user),
            "bidang_only": request.user.is_bidang_only,
            "iku": iku,
            "program": program,
            "cycle": cycle,
        },
        request=request,
    )
