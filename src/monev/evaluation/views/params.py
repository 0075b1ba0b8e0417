"""What the dashboard and the E.81 pages read from the query string: the period and the unit."""

from __future__ import annotations

from django.utils import timezone

from monev.core.access import AuthedRequest, scope_of
from monev.core.params import id_param, quarter_param, year_param
from monev.sop.models import Cycle


def period(request: AuthedRequest, agency_id: int | None = None) -> tuple[int, int]:
    """The year and quarter asked for (`tahun`, `triwulan`); default: the latest cycle's of
    the user's agency (or of `agency_id`, an agency of the user's scope)."""
    today = timezone.localdate()
    if not (request.GET.get("tahun") and request.GET.get("triwulan")):
        scope = scope_of(request.user)
        if agency_id is not None:
            scope = scope.within(agency_id)
        # quarterly cycles only: an annual cycle (SPEC §16) has no quarter to show
        latest = scope.filter(Cycle.objects.filter(quarter__isnull=False)).order_by(
            "-year", "-quarter"
        )
        cycle = latest.first()
    else:
        cycle = None
    default_year, default_quarter = (
        (cycle.year, cycle.quarter) if cycle else (today.year, (today.month - 1) // 3 + 1)
    )
    year = year_param(request.GET, "tahun", default=default_year)
    quarter = quarter_param(request.GET, "triwulan", default=default_quarter)
    return year or default_year, quarter or default_quarter


def unit_filter(request: AuthedRequest) -> int | None:
    """The unit asked for; a Bidang user always gets its own (RULES: own detail only)."""
    if request.user.is_bidang_only:
        return request.user.unit_id
    return id_param(request.GET, "unit")
