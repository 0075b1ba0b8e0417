"""The SOP itself: its list, a definition and its PDF, editing it (administrator)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from monev.accounts.choices import Role
from monev.core.access import AuthedRequest, role_required
from monev.core.forms import apply_errors
from monev.organization.selectors import agency_of, logo_bytes
from monev.sop import policies, selectors, services
from monev.sop.forms import (
    LIST_FIELDS,
    DefinitionForm,
    NewDefinitionForm,
    NewStepFormSet,
    StepFormSet,
)
from monev.sop.models import SopDefinition
from monev.sop.step_data import StepData, step_data

admin_only = role_required(Role.ADMINISTRATOR)


@login_required
def definition_list(request: AuthedRequest) -> HttpResponse:
    definitions = selectors.definitions_visible_to(request.user)
    return render(
        request,
        "sop/definition_list.html",
        {"definitions": definitions, "is_admin": policies.may_edit_definition(request.user)},
    )


@login_required
def definition_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    definition = get_object_or_404(selectors.definitions_visible_to(request.user), pk=pk)
    calendar = selectors.work_calendar(definition.agency)
    return render(
        request,
        "sop/definition_detail.html",
        {
            "definition": definition,
            "data": selectors.definition_as_dict(definition),
            "calendar": calendar,
            "is_admin": policies.may_edit_definition(request.user),
        },
    )


@login_required
def definition_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    from monev.sop.document import sop_document_from_dict
    from monev.sop.pdf import render_sop_pdf

    definition = get_object_or_404(selectors.definitions_visible_to(request.user), pk=pk)
    pdf = render_sop_pdf(
        sop_document_from_dict(selectors.definition_as_dict(definition)),
        logo=logo_bytes(definition.agency),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"SOP-{slugify(definition.name)}-v{definition.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _steps_initial(definition: SopDefinition) -> list[StepData]:
    return [step_data(s) for s in definition.steps.all()]


@admin_only
def definition_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Edit an SOP; saving makes a new version (running cycles keep theirs)."""
    definition = get_object_or_404(selectors.definitions_visible_to(request.user), pk=pk)
    form = DefinitionForm(request.POST or None, instance=definition, prefix="sop")
    formset = StepFormSet(request.POST or None, initial=_steps_initial(definition), prefix="steps")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {**selectors.definition_as_dict(definition), **_identity(form.cleaned_data)}
        data["steps"] = _steps_of(formset)
        try:
            with transaction.atomic():
                new = services.definition_new_version(
                    actor=request.user,
                    definition=definition,
                    data=data,
                    note=form.cleaned_data["change_note"],
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("SOP disimpan sebagai versi %(v)s.") % {"v": new.version})
            return redirect("sop:definition_detail", pk=new.pk)
    return render(
        request,
        "sop/definition_form.html",
        {"definition": definition, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


def _steps_of(formset: Any) -> list[dict[str, Any]]:
    """The formset's steps by number, blank and deleted rows left out; a step drawn in no
    column is drawn in its actor's."""
    steps = [
        {**f.cleaned_data, "lanes": f.cleaned_data.get("lanes") or [f.cleaned_data["actor"]]}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
    return sorted(steps, key=lambda s: s["number"])


@admin_only
def definition_create(request: AuthedRequest) -> HttpResponse:
    """A new SOP of the agency (not a version of one it has): number, name, how often it
    runs, identity boxes and steps. Its cycles run on the same engine as the default SOPs."""
    form = NewDefinitionForm(request.POST or None, prefix="sop")
    formset = NewStepFormSet(request.POST or None, prefix="steps")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {
            **_identity(form.cleaned_data),
            "number": form.cleaned_data["number"],
            "cadence": form.cleaned_data["cadence"],
            "steps": _steps_of(formset),
        }
        try:
            with transaction.atomic():
                new = services.definition_create(
                    actor=request.user, agency=agency_of(request.user), data=data
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("SOP baru «%(name)s» disimpan.") % {"name": new.name})
            return redirect("sop:definition_detail", pk=new.pk)
    return render(
        request,
        "sop/definition_form.html",
        {"definition": None, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


def _identity(data: dict[str, Any]) -> dict[str, Any]:
    def split(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    return {
        "name": data["name"],
        "created_on": data.get("created_on"),
        "revised_on": data.get("revised_on"),
        "effective_on": data.get("effective_on"),
        "ratified_by": {
            "jabatan": data["ratified_by_position"],
            "nama": data.get("ratified_by_name", ""),
            "pangkat": data.get("ratified_by_pangkat", ""),
            "golongan": data.get("ratified_by_golongan", ""),
            "nip": data.get("ratified_by_nip", ""),
        },
        **{key: split(data.get(key, "")) for key in LIST_FIELDS},
    }
