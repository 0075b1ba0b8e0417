"""Plan pages: the tree with filters, an indicator, editing it, and the XLSX workbook.

Everyone of the agency reads the plan; only the Kasubag Program and the Administrator change
it (`policies.PLAN_EDITORS`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.core.access import AuthedRequest, role_required, scope_of
from monev.core.params import year_param
from monev.core.uploads import PendingUpload
from monev.core.xlsx import CONTENT_TYPE
from monev.domain.numbers import format_plain
from monev.planning import policies, selectors, services
from monev.planning.forms import ImportForm, IndicatorForm, PlanFilterForm, StageFieldsForm

editors_only = role_required(*policies.PLAN_EDITORS)


def _period_or_404(request: AuthedRequest, year: int | None = None) -> selectors.RenstraPeriod:
    period = selectors.period_for(request.user, year)
    if period is None:
        raise Http404
    return period


@login_required
def plan_tree(request: AuthedRequest) -> HttpResponse:
    filters = PlanFilterForm(request.GET or None, agency_id=scope_of(request.user).agency_id)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    year = data.get("tahun") or timezone.localdate().year
    period = selectors.period_for(request.user, year)
    rows = []
    stage_label = ""
    if period is not None:
        if year not in period.years:
            year = period.start_year
        unit = data.get("unit")
        rows = selectors.plan_tree(
            period,
            year=year,
            unit=unit.pk if unit else None,
            iku_only=bool(data.get("iku")),
            q=data.get("q") or "",
        )
        stage_label = selectors.latest_stage_label(period, year)
    return render(
        request,
        "planning/tree.html",
        {
            "period": period,
            "year": year,
            "rows": rows,
            "totals": selectors.plan_totals(rows),
            "filters": filters,
            "can_edit": policies.may_edit_plan(request.user),
            "stage_label": stage_label,
        },
    )


@login_required
def indicator_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.user, pk)
    return render(
        request,
        "planning/indicator_detail.html",
        {
            "indicator": indicator,
            "targets": selectors.indicator_targets_in_force(indicator),
            "budgets": indicator.node.budgets.order_by("year"),
            "can_edit": policies.may_edit_plan(request.user),
        },
    )


@editors_only
def indicator_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_for(request.user, pk)
    years = indicator.period.years
    initial = {}
    for row in selectors.indicator_targets(indicator):
        initial[f"t_{row['year']}_0"] = format_plain(row["row"].annual)
        for q, value in enumerate(row["row"].quarters, start=1):
            initial[f"t_{row['year']}_{q}"] = format_plain(value)
    form = IndicatorForm(
        request.POST or None,
        instance=indicator,
        initial=initial,
        agency_id=scope_of(request.user).agency_id,
        years=years,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in IndicatorForm.Meta.fields}
        fields["baseline"] = data["baseline"]
        fields["end_target"] = data["end_target"]
        targets = {
            (year, q or None): data[f"t_{year}_{q}"] for year in years for q in (0, 1, 2, 3, 4)
        }
        try:
            warnings = services.indicator_update(
                actor=request.user, indicator=indicator, fields=fields, targets=targets
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Indikator disimpan."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("planning:indicator_detail", pk=indicator.pk)
    return render(
        request,
        "planning/indicator_form.html",
        {"indicator": indicator, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def plan_export(request: AuthedRequest) -> HttpResponse:
    from monev.planning.xlsx import export_plan

    period = _period_or_404(request)
    response = HttpResponse(export_plan(period), content_type=CONTENT_TYPE)
    filename = f"rencana-{period.start_year}-{period.end_year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def plan_template(request: AuthedRequest) -> HttpResponse:
    from monev.planning.xlsx import export_template

    response = HttpResponse(export_template(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-rencana.xlsx"'
    return response


#: The plan workbook waiting between its preview and "Terapkan".
PENDING = PendingUpload("plan_import")


@editors_only
def plan_import(request: AuthedRequest) -> HttpResponse:
    """Upload a plan workbook and show what it would add, change and remove."""
    from monev.planning.xlsx import parse_plan

    period = _period_or_404(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    token = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"]
        result = parse_plan(data, period=period, stage=form.stage_request())
        if result.ok:
            token = PENDING.keep(request, data, period=period.pk)
    stage_fields = {
        name: form.cleaned_data.get(name) or ""
        for name in StageFieldsForm.base_fields
        if form.is_bound and hasattr(form, "cleaned_data")
    }
    return render(
        request,
        "planning/import.html",
        {
            "form": form,
            "period": period,
            "result": result,
            "token": token,
            "stage_fields": stage_fields,
        },
        status=400 if result is not None and not result.ok else 200,
    )


@editors_only
@require_POST
def plan_import_apply(request: AuthedRequest) -> HttpResponse:
    from monev.planning.xlsx import PlanImportRefused, apply_plan, parse_plan

    period = selectors.period_for(request.user, None)
    token = request.POST.get("token", "")
    data = PENDING.take(request, token, period=period.pk) if period is not None else None
    if period is None or data is None:
        messages.error(request, _("Unggahan tidak ditemukan atau sudah dipakai. Unggah ulang."))
        return redirect("planning:import")
    stage_form = StageFieldsForm(request.POST)
    stage_form.is_valid()
    result = parse_plan(data, period=period, stage=stage_form.stage_request())
    if not result.ok:  # the plan changed in between
        messages.error(request, _("Berkas tidak lagi valid; unggah ulang untuk melihat kesalahan."))
        return redirect("planning:import")
    try:
        apply_plan(result, actor=request.user)
    except PlanImportRefused as refused:  # a quarter locked since the preview
        messages.error(request, str(refused))
        return redirect("planning:import")
    messages.success(request, _("Rencana diperbarui dari berkas XLSX."))
    for stage in result.stages:
        messages.info(request, _("Tahap baru dicatat: %(stage)s.") % {"stage": stage.label})
    return redirect(reverse("planning:tree"))


@login_required
def plan_stages(request: AuthedRequest) -> HttpResponse:
    """The stages of a plan year side by side (RULES §11): murni, then each pergeseran or
    perubahan with its first quarter, who made it and why, and every value it changed."""
    year = year_param(request.GET, "tahun", default=timezone.localdate().year)
    assert year is not None  # a default is given
    period = _period_or_404(request, year)
    if not policies.may_view_stages(request.user, period):
        raise PermissionDenied
    if year not in period.years:
        year = period.start_year
    plan = selectors.year_plan(period, year)
    return render(
        request,
        "planning/stages.html",
        {
            "period": period,
            "year": year,
            "plan": plan,
            "rows": selectors.stage_differences(plan, period),
            "can_edit": policies.may_create_stage(request.user, period),
            "open_quarter": services.first_open_quarter(period, year),
        },
    )
