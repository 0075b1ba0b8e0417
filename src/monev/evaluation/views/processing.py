"""Olah data (SOP step 3): results of the quarter, the data-quality flags to resolve and the
rekap of the quarter's data as a workbook and a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.collection import selectors as collection_selectors
from monev.core import xlsx
from monev.core.access import AuthedRequest, require_role
from monev.core.params import id_param, parse_id
from monev.domain.aggregates import summarize
from monev.evaluation import policies, rekap, services
from monev.evaluation.flagboard import FlagBoard, flag_board, parse_key
from monev.evaluation.selectors import node_summaries, visible_results
from monev.organization.selectors import rule_settings
from monev.planning.selectors import indicators_visible_to
from monev.sop import selectors as sop_selectors
from monev.sop.models import Cycle


def _board_filter(request: AuthedRequest) -> tuple[str, int | None]:
    """The flag board's filter from the query string: kind (`jenis`) and Bidang (`bidang`)."""
    return request.GET.get("jenis", ""), id_param(request.GET, "bidang")


def _board(request: AuthedRequest, cycle: Cycle) -> tuple[list[Any], FlagBoard]:
    results = visible_results(request.user, year=cycle.year, quarter=cycle.quarter)
    kind, unit = _board_filter(request)
    board = flag_board(cycle, {r.indicator.pk for r in results}, kind=kind, unit=unit)
    return results, board


def _board_context(request: AuthedRequest, cycle: Cycle, board: FlagBoard) -> dict[str, Any]:
    return {
        "cycle": cycle,
        "board": board,
        "query": request.GET.urlencode(),
        "is_kasubag": policies.may_resolve_flags(request.user),
    }


def _htmx(request: AuthedRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _summary(agency_id: int, year: int, results: list[Any]) -> Any:
    """The quarter's mean with the agency's cap and bands (RULES §4, §5 settings)."""
    settings = rule_settings(agency_id)
    return summarize([r.achievement for r in results], settings.group_cap, settings.bands)


@login_required
def processing(request: AuthedRequest, pk: int) -> HttpResponse:
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    results, board = _board(request, cycle)
    response = render(
        request,
        "evaluation/processing.html",
        {
            **_board_context(request, cycle, board),
            "results": results,
            "summary": _summary(cycle.agency_id, cycle.year, results),
            "levels": node_summaries(cycle.agency_id, results),
            "locked": collection_selectors.is_locked(cycle),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _back_to_board(request: AuthedRequest, cycle: Cycle) -> HttpResponse:
    url = reverse("evaluation:processing", args=[cycle.pk])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_POST
def resolve(request: AuthedRequest, pk: int) -> HttpResponse:
    """Explain one flag; from the board (htmx) the flag's line is answered in place."""
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    indicator = get_object_or_404(
        indicators_visible_to(request.user), pk=parse_id(request.POST.get("indicator")) or 0
    )
    code = request.POST.get("code", "")
    error = ""
    try:
        services.flag_resolve(
            actor=request.user,
            cycle=cycle,
            indicator=indicator,
            code=code,
            note=request.POST.get("note", ""),
        )
    except ValidationError as failure:
        error = " ".join(failure.messages)
    if not _htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Penjelasan disimpan."))
        return _back_to_board(request, cycle)
    _results, board = _board(request, cycle)
    item = next(
        (i for i in board.items if i.result.indicator.pk == indicator.pk and i.code == code), None
    )
    if item is None:
        raise Http404
    response = render(
        request,
        "evaluation/processing.html#flag-item-saved",
        {**_board_context(request, cycle, board), "item": item, "error": error, "saved": not error},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def resolve_many(request: AuthedRequest, pk: int) -> HttpResponse:
    """Explain every selected flag with one note; from the board (htmx) the list is answered
    in place, the selection cleared, the page where it was."""
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    require_role(request.user, Role.KASUBAG_PROGRAM)
    keys = [key for text in request.POST.getlist("flag") if (key := parse_key(text))]
    indicators = indicators_visible_to(request.user).in_bulk([pk for pk, _code in keys])
    chosen = [(indicators[pk], code) for pk, code in keys if pk in indicators]
    error = done = ""
    try:
        written, kept = services.flags_resolve_many(
            actor=request.user,
            cycle=cycle,
            flags=chosen,
            note=request.POST.get("note", ""),
            overwrite=request.POST.get("overwrite") == "1",
        )
    except ValidationError as failure:
        error = " ".join(failure.messages)
    else:
        done = _("%(n)d tanda dijelaskan.") % {"n": len(written)}
        if kept:
            done += " " + ngettext(
                "%(k)d tanda sudah punya penjelasan dan tidak ditimpa (centang «timpa "
                "penjelasan yang ada» untuk menggantinya).",
                "%(k)d tanda sudah punya penjelasan dan tidak ditimpa (centang «timpa "
                "penjelasan yang ada» untuk menggantinya).",
                kept,
            ) % {"k": kept}
    if not _htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return _back_to_board(request, cycle)
    _results, board = _board(request, cycle)
    response = render(
        request,
        "evaluation/processing.html#flag-board",
        {**_board_context(request, cycle, board), "bulk_error": error, "bulk_done": done},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _rekap(request: AuthedRequest, pk: int) -> Any:
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    results = visible_results(request.user, year=cycle.year, quarter=cycle.quarter)
    return rekap.build(
        cycle.agency,
        year=cycle.year,
        quarter=cycle.quarter,
        results=results,
        today=timezone.localdate(),
    )


@login_required
def rekap_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    """Step 3's output "Rekap data kinerja Dinas" as a workbook, generated from the results."""
    data = _rekap(request, pk)
    response = HttpResponse(rekap.to_xlsx(data), content_type=xlsx.CONTENT_TYPE)
    name = f"rekap-data-kinerja-{data.year}-tw{data.quarter}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def rekap_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """Step 3's output "Rekap data kinerja Dinas" as a PDF with the agency's letterhead."""
    data = _rekap(request, pk)
    response = HttpResponse(rekap.to_pdf(data), content_type="application/pdf")
    name = f"rekap-data-kinerja-{data.year}-tw{data.quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
