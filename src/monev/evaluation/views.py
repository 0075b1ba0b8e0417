"""Olah data (SOP step 3): results of the quarter and the data-quality flags to resolve."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.accounts.choices import Role
from monev.collection import selectors as collection_selectors
from monev.core import formats, store, xlsx
from monev.core.access import AuthedRequest, require_role, scope_of
from monev.core.params import id_param, parse_id, quarter_param, year_param
from monev.domain.aggregates import summarize
from monev.evaluation import e81, policies, selectors, services
from monev.evaluation.dashboard import build
from monev.evaluation.flagboard import FlagBoard, flag_board, parse_key
from monev.evaluation.forms import AnalysisNoteForm
from monev.evaluation.selectors import node_summaries, visible_results
from monev.organization.models import Agency
from monev.organization.selectors import agency_of, units_visible_to
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
    from monev.organization.selectors import rule_settings

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
    from monev.evaluation import rekap

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
    from monev.evaluation import rekap

    data = _rekap(request, pk)
    response = HttpResponse(rekap.to_xlsx(data), content_type=xlsx.CONTENT_TYPE)
    name = f"rekap-data-kinerja-{data.year}-tw{data.quarter}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def rekap_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """Step 3's output "Rekap data kinerja Dinas" as a PDF with the agency's letterhead."""
    from monev.evaluation import rekap

    data = _rekap(request, pk)
    response = HttpResponse(rekap.to_pdf(data), content_type="application/pdf")
    name = f"rekap-data-kinerja-{data.year}-tw{data.quarter}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _period(request: AuthedRequest, agency_id: int | None = None) -> tuple[int, int]:
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


def _agency(request: AuthedRequest) -> Agency:
    """The agency of the user's scope (404 for a technical superuser without an agency)."""
    return agency_of(request.user)


def _unit_filter(request: AuthedRequest) -> int | None:
    """The unit asked for; a Bidang user always gets its own (RULES: own detail only)."""
    if request.user.is_bidang_only:
        return request.user.unit_id
    return id_param(request.GET, "unit")


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Analysis for a year and quarter: agency → Bidang → program → indicator. The page's
    body is rendered once per data token (store.memo) and served as is until the next write."""
    year, quarter = _period(request)
    unit_id = _unit_filter(request)
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


@login_required
def e81_table(request: AuthedRequest) -> HttpResponse:
    """Formulir E.81 on screen, for a year and quarter (a Bidang user: its own rows); a large
    plan opens on one program, the whole table one click away. Rendered once per data
    token."""
    return e81_page(request, _agency(request))


def e81_page(request: AuthedRequest, agency: Agency, *, drill_down: bool = False) -> HttpResponse:
    """The E.81 page of `agency`: the user's own, or (`drill_down`) an agency a reader of
    every agency opened from the consolidated view (read only: its units, no analysis link)."""
    year, quarter = _period(request, agency.pk)
    unit_id = _unit_filter(request)
    asked = request.GET.get("program")
    show_code = request.GET.get("kode", "on") == "on"
    paper = request.GET.get("kertas", "a4")
    today = timezone.localdate()
    key = (
        "e81",
        year,
        quarter,
        unit_id,
        asked,
        show_code,
        paper,
        today,
        request.user.is_bidang_only,
        drill_down,
        get_language(),
    )

    def body() -> str:
        program = e81.page_program(agency, year, asked, unit_id)
        table = e81.build(agency, year=year, quarter=quarter, unit=unit_id, program=program)
        query = request.GET.copy()
        query.pop("program", None)
        xlsx_url = (
            reverse("evaluation:agency_e81_xlsx", args=[agency.pk])
            if drill_down
            else reverse("evaluation:e81_xlsx")
        )
        return render_to_string(
            "evaluation/_e81_body.html",
            {
                "table": table,
                "program": program,
                "programs": e81.programs(agency, year) if program else [],
                "whole": e81.WHOLE,
                "xlsx_query": query.urlencode(),
                "xlsx_url": xlsx_url,
                "drill_down": drill_down,
                "year": year,
                "quarter": quarter,
                "unit_id": unit_id,
                "units": agency.units.all() if drill_down else units_visible_to(request.user),
                "bidang_only": request.user.is_bidang_only,
                "show_code": show_code,
                "quarter_columns": e81.QUARTER_COLUMNS,
                "paper": paper,
                "today": today,
            },
            request=request,
        )

    return render(
        request,
        "evaluation/consolidated_e81.html" if drill_down else "evaluation/e81.html",
        {
            "body": store.memo(agency.pk, key, body),
            "year": year,
            "quarter": quarter,
            "agency": agency,
        },
    )


@login_required
def e81_xlsx(request: AuthedRequest) -> HttpResponse:
    """Formulir E.81 as an XLSX workbook ready to print (A4/F4 landscape); the whole table,
    built once per data token."""
    return e81_workbook(request, _agency(request))


def e81_workbook(request: AuthedRequest, agency: Agency) -> HttpResponse:
    """Formulir E.81 of `agency` as a workbook (the user's own agency, or a drill-down)."""
    from monev.evaluation.e81_xlsx import export

    year, quarter = _period(request, agency.pk)
    unit_id = _unit_filter(request)
    show_code = request.GET.get("kode", "on") == "on"
    paper = request.GET.get("kertas", "a4")
    today = timezone.localdate()
    key = ("e81.xlsx", year, quarter, unit_id, show_code, paper, today, get_language())

    def workbook() -> bytes:
        table = e81.build(agency, year=year, quarter=quarter, unit=unit_id)
        return export(table, show_code=show_code, today=today, paper=paper)

    response = HttpResponse(store.memo(agency.pk, key, workbook), content_type=xlsx.CONTENT_TYPE)
    name = f"formulir-e81-{year}-tw{quarter}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def analysis(request: AuthedRequest, pk: int) -> HttpResponse:
    """Analysis notes of a cycle (SOP step 7): per Bidang and for the agency."""
    cycle = sop_selectors.quarterly_cycle_for(request.user, pk)
    notes = selectors.analysis_notes(cycle, request.user)
    closed = selectors.analysis_closed(cycle)
    if request.method == "POST":
        unit_value = request.POST.get("unit", "")
        target = next(
            (
                n
                for n in notes
                if str(n.unit_id or "") == unit_value
                and policies.may_edit_note(request.user, n.unit)
            ),
            None,
        )
        if target is None:
            raise PermissionDenied
        if closed:
            messages.error(request, selectors.ANALYSIS_CLOSED)
            return redirect("evaluation:analysis", pk=cycle.pk)
        form = AnalysisNoteForm(request.POST, prefix=unit_value or "dinas")
        if form.is_valid():
            sent = {  # only the fields the browser sent: an omitted field keeps its text
                name: value
                for name, value in form.cleaned_data.items()
                if form.add_prefix(name) in request.POST
            }
            services.analysis_note_save(
                actor=request.user, cycle=cycle, unit=target.unit, values=sent
            )
            messages.success(request, _("Catatan analisis disimpan."))
            return redirect("evaluation:analysis", pk=cycle.pk)
        target.form = form
    for view in notes:
        if view.editable and view.form is None:
            view.form = AnalysisNoteForm(
                instance=view.note,
                prefix=str(view.unit_id or "dinas"),
                initial=view.suggestion if view.note.pk is None else None,
            )
    data = build(
        cycle.agency_id,
        year=cycle.year,
        quarter=cycle.quarter,
        unit=request.user.unit_id if request.user.is_bidang_only else None,
    )
    lagging = sorted(
        (r for r in data.results if r.rating in ("rendah", "sangat_rendah")),
        key=lambda r: r.achievement if r.achievement is not None else 0,
    )
    return render(
        request,
        "evaluation/analysis.html",
        {
            "cycle": cycle,
            "notes": notes,
            "closed": closed,
            "data": data,
            "lagging": lagging[:10],
            "ratings": list(data.agency.by_rating.items()),
        },
    )
