"""The completeness board of a cycle and the read-only preview of a Bidang's format isian."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from monev.collection import policies, selectors
from monev.core.access import AuthedRequest
from monev.organization.models import Unit
from monev.organization.selectors import in_own_units
from monev.sop import selectors as sop_selectors
from monev.sop.models import Cycle


def _preview_units(request: AuthedRequest, cycle: Cycle) -> list[Unit]:
    units = selectors.units_to_report(cycle)
    if request.user.is_bidang_only:
        units = [u for u in units if u.pk == request.user.unit_id]
    return units


@login_required
def board(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    rows = selectors.board(cycle)
    if request.user.is_bidang_only:
        rows = [r for r in rows if in_own_units(request.user, r.submission.unit_id)]
    return render(
        request,
        "collection/board.html",
        {
            "cycle": cycle,
            "rows": rows,
            "locked": selectors.is_locked(cycle),
            "is_kasubag": policies.may_remind_bidang(request.user),
            "preview_units": [] if rows else _preview_units(request, cycle),
        },
    )


@login_required
def preview(request: AuthedRequest, pk: int, unit: int) -> HttpResponse:
    """A Bidang's format isian as the Bidang will get it, read-only, before step 1 completes
    (the indicators of the plan, the quarter's targets, the earlier quarters' values)."""
    from monev.collection.models import Submission

    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    chosen = next((u for u in _preview_units(request, cycle) if u.pk == unit), None)
    if chosen is None:
        raise Http404
    lines, budget_lines = selectors.form_rows(Submission(cycle=cycle, unit=chosen))
    return render(
        request,
        "collection/form_preview.html",
        {"cycle": cycle, "unit": chosen, "lines": lines, "budget_lines": budget_lines},
    )
