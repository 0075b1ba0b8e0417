"""After the blangko: the team submits it, the Kepala Bidang answers, the Kasubag Program
reopens it; the berita acara PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.core.access import AuthedRequest
from monev.core.params import parse_id
from monev.core.views_helpers import show_errors
from monev.monitoring import documents, pdf, selectors, services
from monev.monitoring.views._common import pdf_response


@login_required
@require_POST
def visit_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    try:
        services.visit_submit(actor=request.user, visit=found)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Blangko monev diajukan kepada Kepala Bidang."))
    return redirect("monitoring:visit", pk=found.pk)


@login_required
@require_POST
def visit_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    disputes = {
        number: request.POST.get(f"reason-{key.split('-', 1)[1]}", "")
        for key in request.POST
        if key.startswith("dispute-") and (number := parse_id(key.split("-", 1)[1])) is not None
    }
    try:
        services.visit_answer(
            actor=request.user, visit=found, disputes=disputes, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Tanggapan Kepala Bidang disimpan."))
    return redirect("monitoring:visit", pk=found.pk)


@login_required
@require_POST
def visit_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    try:
        services.visit_reopen(actor=request.user, visit=found, note=request.POST.get("note", ""))
    except ValidationError as error:
        show_errors(request, error)
    return redirect("monitoring:visit", pk=found.pk)


@login_required
def berita_acara(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.visit_for(request.user, pk)
    data = pdf.berita_acara_pdf(documents.berita_acara(found))
    return pdf_response(data, f"berita-acara-monev-{found.pk}.pdf")
