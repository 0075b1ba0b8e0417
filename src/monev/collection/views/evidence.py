"""Evidence files of a form: upload one to an indicator, download or preview one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.collection import policies, selectors, services
from monev.core import files
from monev.core.access import AuthedRequest
from monev.core.views_helpers import show_errors


@login_required
@require_POST
def evidence_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    """Attach one evidence file to an indicator of the form. The format isian's script sends
    a file here as soon as it is chosen in an indicator card (`X-Requested-With: fetch`,
    answered in JSON), so a later refused save cannot lose it; the form below the cards posts
    here too (answered with the page)."""
    submission = selectors.submission_for(request.user, pk)
    if not policies.may_fill_submission(request.user, submission):
        raise PermissionDenied
    fetched = request.headers.get("X-Requested-With") == "fetch"
    lines, _budget = selectors.form_rows(submission)
    by_pk = {str(line.indicator.pk): line.indicator for line in lines}
    indicator = by_pk.get(request.POST.get("indicator", ""))
    upload = request.FILES.get("file")
    if indicator is None or upload is None:
        text = _("Pilih indikator dan berkas bukti dukung.")
        if fetched:
            return JsonResponse({"ok": False, "message": text}, status=400)
        messages.error(request, text)
        return redirect("collection:form", pk=submission.pk)
    try:
        evidence = services.evidence_attach(
            actor=request.user, submission=submission, indicator=indicator, upload=upload
        )
    except ValidationError as error:
        if fetched:
            return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
        show_errors(request, error)
    else:
        if fetched:
            return JsonResponse(
                {
                    "ok": True,
                    "message": _("Bukti dukung «%(name)s» sudah diunggah dan tersimpan.")
                    % {"name": evidence.original_name},
                    "name": evidence.original_name,
                    "url": reverse("collection:evidence_download", args=[evidence.pk]),
                }
            )
        messages.success(request, _("Bukti dukung dilampirkan."))
    return redirect("collection:form", pk=submission.pk)


@login_required
def evidence_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """Download (or, with ?lihat=1, preview a PDF or image) after the permission check."""
    evidence = get_object_or_404(selectors.evidence_visible_to(request.user), pk=pk)
    inline = request.GET.get("lihat") == "1" and evidence.kind in {
        "pdf",
        "png",
        "jpeg",
        "gif",
        "webp",
    }
    return files.download(
        request,
        name=evidence.file.name,
        sha256=evidence.sha256,
        content_type=evidence.content_type,
        filename=evidence.original_name,
        inline=inline,
    )
