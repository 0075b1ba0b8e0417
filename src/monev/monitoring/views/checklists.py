"""Checklist templates of the blangko: the list and the editor (Kasubag Program, administrator)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from monev.core.access import AuthedRequest, role_required
from monev.core.forms import apply_errors
from monev.domain import checklist
from monev.monitoring import selectors, services
from monev.monitoring.forms import ChecklistForm
from monev.monitoring.views._common import EDITORS
from monev.organization.selectors import agency_of


@role_required(*EDITORS)
def checklist_list(request: AuthedRequest) -> HttpResponse:
    agency = agency_of(request.user)
    services.default_checklist(agency)
    templates = selectors.templates_visible_to(request.user).prefetch_related("versions")
    return render(request, "monitoring/checklist_list.html", {"templates": templates})


@role_required(*EDITORS)
def checklist_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    template = (
        get_object_or_404(selectors.templates_visible_to(request.user), pk=pk) if pk else None
    )
    current = template.current if template else None
    initial = {
        "name": template.name if template else "",
        "text": checklist.to_text(checklist.from_data(current.sections))
        if current
        else checklist.DEFAULT_TEXT,
    }
    form = ChecklistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.checklist_save(
                actor=request.user,
                agency=agency_of(request.user),
                name=form.cleaned_data["name"],
                text=form.cleaned_data["text"],
                template=template,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Templat disimpan (versi %(n)s).") % {"n": version.number})
            return redirect("monitoring:checklist_list")
    return render(request, "monitoring/checklist_edit.html", {"form": form, "template": template})
