"""Administrator pages for the agency, its units and its officials."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from monev.core.access import AuthedRequest, permission_required
from monev.core.views_helpers import confirm_delete, paginate, save_form
from monev.organization import selectors, services
from monev.organization.forms import (
    AgencyForm,
    AgencySettingsForm,
    OfficialFilterForm,
    OfficialForm,
    UnitFilterForm,
    UnitForm,
)

admin_only = permission_required("organization.manage")


@admin_only
def agency_edit(request: AuthedRequest) -> HttpResponse:
    agency = selectors.agency_of(request.user)
    form = AgencyForm(request.POST or None, request.FILES or None, instance=agency)
    return save_form(
        request,
        form,
        lambda data: services.agency_update(actor=request.user, agency=agency, **data),
        template="organization/agency_form.html",
        context={"agency": agency},
        success_url=reverse("organization:agency"),
        success_message=_("Data instansi disimpan."),
    )


@admin_only
def settings_edit(request: AuthedRequest) -> HttpResponse:
    """The agency's settings of the rules RULES.md marks "(setting)" (Administrator only)."""
    agency = selectors.agency_of(request.user)
    row = selectors.settings_row(agency)
    form = AgencySettingsForm(request.POST or None, instance=row)
    return save_form(
        request,
        form,
        lambda data: services.settings_update(actor=request.user, agency=agency, **data),
        template="organization/settings_form.html",
        context={"agency": agency, "saved": row.pk is not None},
        success_url=reverse("organization:settings"),
        success_message=_("Pengaturan aturan disimpan; hasil dihitung ulang."),
    )


@admin_only
def unit_list(request: AuthedRequest) -> HttpResponse:
    filters = UnitFilterForm(request.GET or None)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    units = selectors.unit_search(request.user, q=data.get("q", ""), kind=data.get("kind", ""))
    filtered = bool(data.get("q") or data.get("kind"))
    rows = selectors.unit_tree(units)
    if filtered:  # a filtered list has no tree to show
        rows = [(unit, 0) for unit, _depth in rows]
    return render(request, "organization/unit_list.html", {"rows": rows, "filters": filters})


@admin_only
def unit_create(request: AuthedRequest) -> HttpResponse:
    agency = selectors.agency_of(request.user)
    form = UnitForm(request.POST or None, agency=agency)
    return save_form(
        request,
        form,
        lambda data: services.unit_create(actor=request.user, agency=agency, **data),
        template="organization/unit_form.html",
        context={"title": _("Tambah unit")},
        success_url=reverse("organization:unit_list"),
        success_message=_("Unit ditambahkan."),
    )


@admin_only
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(selectors.units_visible_to(request.user), pk=pk)
    agency = selectors.agency_of(request.user)
    form = UnitForm(request.POST or None, instance=unit, agency=agency)
    return save_form(
        request,
        form,
        lambda data: services.unit_update(actor=request.user, unit=unit, **data),
        template="organization/unit_form.html",
        context={"title": _("Ubah unit"), "object": unit},
        success_url=reverse("organization:unit_list"),
        success_message=_("Unit disimpan."),
    )


@admin_only
def unit_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(selectors.units_visible_to(request.user), pk=pk)
    return confirm_delete(
        request,
        obj=unit,
        delete=lambda: services.unit_delete(actor=request.user, unit=unit),
        template="organization/confirm_delete.html",
        context={"kind": _("unit"), "cancel_url": reverse("organization:unit_list")},
        success_url=reverse("organization:unit_list"),
        success_message=_("Unit dihapus."),
        failure_url=reverse("organization:unit_list"),
    )


@admin_only
def official_list(request: AuthedRequest) -> HttpResponse:
    agency = selectors.agency_of(request.user)
    filters = OfficialFilterForm(request.GET or None, agency=agency)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    unit = data.get("unit")
    officials = selectors.official_search(
        request.user,
        q=data.get("q", ""),
        unit=str(unit.pk) if unit else "",
        golongan=data.get("golongan", ""),
    ).select_related("user")
    return render(
        request,
        "organization/official_list.html",
        {"page_obj": paginate(request, officials), "filters": filters},
    )


@admin_only
def official_create(request: AuthedRequest) -> HttpResponse:
    agency = selectors.agency_of(request.user)
    form = OfficialForm(request.POST or None, agency=agency)
    return save_form(
        request,
        form,
        lambda data: services.official_create(actor=request.user, agency=agency, **data),
        template="organization/official_form.html",
        context={"title": _("Tambah pejabat/pegawai")},
        success_url=reverse("organization:official_list"),
        success_message=_("Pejabat/pegawai ditambahkan."),
    )


@admin_only
def official_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(selectors.officials_visible_to(request.user), pk=pk)
    agency = selectors.agency_of(request.user)
    form = OfficialForm(request.POST or None, instance=official, agency=agency)
    return save_form(
        request,
        form,
        lambda data: services.official_update(actor=request.user, official=official, **data),
        template="organization/official_form.html",
        context={"title": _("Ubah pejabat/pegawai"), "object": official},
        success_url=reverse("organization:official_list"),
        success_message=_("Pejabat/pegawai disimpan."),
    )


@admin_only
def official_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(selectors.officials_visible_to(request.user), pk=pk)
    return confirm_delete(
        request,
        obj=official,
        delete=lambda: services.official_delete(actor=request.user, official=official),
        template="organization/confirm_delete.html",
        context={"kind": _("pejabat/pegawai"), "cancel_url": reverse("organization:official_list")},
        success_url=reverse("organization:official_list"),
        success_message=_("Pejabat/pegawai dihapus."),
        failure_url=reverse("organization:official_list"),
    )


@login_required
def agency_logo(request: AuthedRequest) -> FileResponse:
    """Serve the agency's logo to its signed-in users (media is never served directly)."""
    agency = selectors.agency_of(request.user)
    if not agency.logo:
        raise Http404
    return FileResponse(agency.logo.open("rb"))
