"""Formulir E.81 on screen and as a workbook, of the user's own agency or (from the
consolidated view) of an agency a reader of every agency opened."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from monev.core import store, xlsx
from monev.core.access import AuthedRequest
from monev.evaluation import e81
from monev.evaluation.e81.xlsx import export
from monev.evaluation.views.params import period, unit_filter
from monev.organization.models import Agency
from monev.organization.selectors import agency_of, units_visible_to


@login_required
def e81_table(request: AuthedRequest) -> HttpResponse:
    """Formulir E.81 on screen, for a year and quarter (a Bidang user: its own rows); a large
    plan opens on one program, the whole table one click away. Rendered once per data
    token."""
    return e81_page(request, agency_of(request.user))


def e81_page(request: AuthedRequest, agency: Agency, *, drill_down: bool = False) -> HttpResponse:
    """The E.81 page of `agency`: the user's own, or (`drill_down`) an agency a reader of
    every agency opened from the consolidated view (read only: its units, no analysis link)."""
    year, quarter = period(request, agency.pk)
    unit_id = unit_filter(request)
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
    return e81_workbook(request, agency_of(request.user))


def e81_workbook(request: AuthedRequest, agency: Agency) -> HttpResponse:
    """Formulir E.81 of `agency` as a workbook (the user's own agency, or a drill-down)."""
    year, quarter = period(request, agency.pk)
    unit_id = unit_filter(request)
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
