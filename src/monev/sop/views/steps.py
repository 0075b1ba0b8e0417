"""Step actions of a cycle's timeline: attach a document, complete, approve, return; download
a step's document."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.core import files
from monev.core.access import AuthedRequest, require_role
from monev.core.views_helpers import show_errors
from monev.domain.sop_flow import Action
from monev.sop import selectors, services
from monev.sop.choices import StepStatus
from monev.sop.forms import DocumentForm, ReturnForm, StepNoteForm
from monev.sop.models import StepRun
from monev.sop.views.cycles import detail_context

#: Each action's form: which form class and prefix carries its note, and the success message.
ACTION_FORMS: dict[str, tuple[str, type[Any], str | None]] = {
    Action.COMPLETE: ("note", StepNoteForm, None),
    Action.APPROVE: ("approve", StepNoteForm, "approve"),
    Action.RETURN_APPROVAL: ("refuse", ReturnForm, "refuse"),
    Action.RETURN: ("return", ReturnForm, "return"),
}


def _run_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    """Apply a step action named by the URL; a refusal re-renders the page with what the user
    typed and the reason (status 400)."""
    run = selectors.run_for(request.user, pk)
    target = reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}"
    name, form_class, prefix = ACTION_FORMS[action]
    form = form_class(request.POST, prefix=prefix)
    form.is_valid()  # the service decides; the form only carries the typed note back
    note = request.POST.get(f"{prefix}-note" if prefix else "note", "")
    override = request.POST.get("override_reason", "")
    try:
        acted = services.step_act(
            actor=request.user, run=run, action=action, note=note, override_reason=override
        )
    except ValidationError as error:
        show_errors(request, error)
        cycle = selectors.cycle_for(request.user, run.cycle_id)
        context = detail_context(request, cycle, forms={name: form, "override_reason": override})
        return render(request, "sop/cycle_detail.html", context, status=400)
    messages.success(request, _action_message(action, acted))
    return redirect(target)


def _action_message(action: str, run: StepRun) -> str:
    if action == Action.COMPLETE and run.status == StepStatus.MENUNGGU_PERSETUJUAN:
        return _("Langkah %(n)s diajukan untuk persetujuan.") % {"n": run.number}
    if action == Action.COMPLETE:
        return _("Langkah %(n)s selesai.") % {"n": run.number}
    if action == Action.APPROVE:
        return _("Langkah %(n)s disetujui.") % {"n": run.number}
    if action == Action.RETURN_APPROVAL:
        return _("Langkah %(n)s dikembalikan kepada pemegangnya dengan catatan.") % {
            "n": run.number
        }
    return _("Dikembalikan ke langkah %(n)s untuk diperbaiki.") % {"n": run.number}


@login_required
@require_POST
def run_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    run = selectors.run_for(request.user, pk)
    require_role(request.user, run.holder_role)
    target = reverse("sop:cycle_detail", args=[run.cycle_id]) + f"#langkah-{run.number}"
    form = DocumentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(_("Pilih berkas dokumen output yang akan dilampirkan."))
        services.document_attach(actor=request.user, run=run, upload=form.cleaned_data["file"])
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Dokumen output dilampirkan."))
    return redirect(target)


@login_required
@require_POST
def run_complete(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, Action.COMPLETE)


@login_required
@require_POST
def run_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, Action.APPROVE)


@login_required
@require_POST
def run_return_approval(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, Action.RETURN_APPROVAL)


@login_required
@require_POST
def run_return(request: AuthedRequest, pk: int) -> HttpResponse:
    return _run_action(request, pk, Action.RETURN)


@login_required
def document_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    document = get_object_or_404(selectors.documents_visible_to(request.user), pk=pk)
    return files.download(
        request,
        name=document.file.name,
        sha256=document.sha256,
        content_type=document.content_type,
        filename=document.original_name,
    )
