"""The Bappeda's consolidated view (SPEC §14): every agency of the kabupaten side by side for
a quarter, as a page and a workbook, with the drill-down to an agency's Formulir E.81."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from monev.core import xlsx
from monev.core.access import EVERY_AGENCY, AuthedRequest, Scope, permission_required, scope_of
from monev.core.params import quarter_param, year_param
from monev.evaluation import consolidated
from monev.evaluation.consolidated_xlsx import export
from monev.evaluation.views.e81 import e81_page, e81_workbook
from monev.organization.models import Agency
from monev.sop.models import Cycle


def period(request: AuthedRequest, scope: Scope) -> tuple[int, int]:
    """The year and quarter asked for (`tahun`, `triwulan`); default: the latest quarter any
    agency of the scope has a cycle for (this quarter when none has)."""
    today = timezone.localdate()
    default = (today.year, (today.month - 1) // 3 + 1)
    if not (request.GET.get("tahun") and request.GET.get("triwulan")):
        latest = (
            Cycle.objects.filter(agency__in=scope.agencies(Agency.objects), quarter__isnull=False)
            .order_by("-year", "-quarter")
            .values_list("year", "quarter")
            .first()
        )
        default = latest or default
    year = year_param(request.GET, "tahun", default=default[0]) or default[0]
    quarter = quarter_param(request.GET, "triwulan", default=default[1]) or default[1]
    return year, quarter


@permission_required(EVERY_AGENCY)
def consolidated_page(request: AuthedRequest) -> HttpResponse:
    """Every agency's quarter, ranked by average achievement, each linking to its E.81."""
    scope = scope_of(request.user)
    year, quarter = period(request, scope)
    data = consolidated.build(scope, year=year, quarter=quarter)
    context = {"data": data, "year": year, "quarter": quarter}

    def body() -> str:
        return render_to_string("evaluation/_consolidated_body.html", context)

    # The rows are the same for every reader of the same fingerprint (data tokens, cycles,
    # reports, step timings): rendered once per process and kept.
    key = None if data.fingerprint is None else (data.fingerprint, get_language())
    return render(
        request,
        "evaluation/consolidated.html",
        {**context, "body": _BODIES.get(key, body) if key else body()},
    )


class _Kept:
    """A small per-process LRU of rendered consolidated tables, by fingerprint."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: OrderedDict[Any, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], str]) -> str:
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
        value = make()
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)
        return value


_BODIES = _Kept(32)


@permission_required(EVERY_AGENCY)
def consolidated_xlsx(request: AuthedRequest) -> HttpResponse:
    """The consolidated view as a workbook (the same rows and order as the page)."""
    scope = scope_of(request.user)
    year, quarter = period(request, scope)
    data = consolidated.build(scope, year=year, quarter=quarter)
    response = HttpResponse(
        export(data, printed_on=timezone.localdate()), content_type=xlsx.CONTENT_TYPE
    )
    name = f"kinerja-perangkat-daerah-{year}-tw{quarter}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _agency(request: AuthedRequest, pk: int) -> Agency:
    scope = scope_of(request.user).within(pk)  # 404 outside the scope
    return get_object_or_404(Agency, pk=scope.agency_id)


@permission_required(EVERY_AGENCY)
def agency_e81(request: AuthedRequest, pk: int) -> HttpResponse:
    """One agency's Formulir E.81, opened from the consolidated view (read only)."""
    return e81_page(request, _agency(request, pk), drill_down=True)


@permission_required(EVERY_AGENCY)
def agency_e81_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    """One agency's Formulir E.81 as a workbook, from the consolidated view."""
    return e81_workbook(request, _agency(request, pk))
