"""The format isian as an XLSX workbook: download, upload with a preview, apply.

Whoever may read the form downloads it. Uploading and applying are for those who fill it (the
Bidang's own users, the Kasubag Program for the Sekretariat) while it is a draft or returned
and before the lock: 404 outside the user's scope, 403 for a missing role, as on the form.
The uploaded file waits in the default storage (imports/) between the preview and "Terapkan";
the session holds its random token, and applying reads and checks it again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monev.collection import policies, selectors, services, xlsx
from monev.collection.models import Submission
from monev.core.access import AuthedRequest
from monev.core.uploads import PendingUpload
from monev.core.views_helpers import show_errors
from monev.core.xlsx import CONTENT_TYPE

#: The workbook waiting between its preview and "Terapkan".
PENDING = PendingUpload("form_upload")


@login_required
def form_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    """Download the form as a workbook pre-filled with what is stored."""
    submission = selectors.submission_for(request.user, pk)
    response = HttpResponse(xlsx.export_form(submission), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{xlsx.filename(submission)}"'
    return response


def _editable(request: AuthedRequest, submission: Submission) -> bool:
    """Raise PermissionDenied unless the user fills this form; return False (with the reason
    as a message) while the form may not change: submitted, accepted or locked."""
    if not policies.may_fill_submission(request.user, submission):
        raise PermissionDenied
    try:
        services.check_editor(request.user, submission)
    except ValidationError as error:
        show_errors(request, error)
        return False
    return True


@login_required
@require_POST
def form_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    """Read an uploaded workbook and show its errors, or what it would change."""
    submission = selectors.submission_for(request.user, pk)
    if not _editable(request, submission):
        return redirect("collection:form", pk=submission.pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Pilih berkas XLSX format isian yang sudah diisi."))
        return redirect("collection:form", pk=submission.pk)
    PENDING.discard(request)
    result = xlsx.parse_form(submission, upload)
    token = ""
    if result.ok and not result.is_unchanged:
        upload.seek(0)
        token = PENDING.keep(request, upload.read(), submission=submission.pk)
    return render(
        request,
        "collection/form_upload_preview.html",
        {"submission": submission, "result": result, "token": token},
        status=200 if result.ok else 400,
    )


@login_required
@require_POST
def form_upload_apply(request: AuthedRequest, pk: int) -> HttpResponse:
    """Save the previewed workbook: it is read and checked again, then saved as a draft
    through the service (refused if the form was saved in between)."""
    submission = selectors.submission_for(request.user, pk)
    if not policies.may_fill_submission(request.user, submission):
        raise PermissionDenied
    data = PENDING.take(request, request.POST.get("token", ""), submission=submission.pk)
    if data is None:
        messages.error(request, _("Unggahan tidak ditemukan atau sudah dipakai. Unggah ulang."))
        return redirect("collection:form", pk=submission.pk)
    result = xlsx.parse_form(submission, data)
    if not result.ok:
        for error in result.errors:
            messages.error(request, error.message)
        return redirect("collection:form", pk=submission.pk)
    try:
        xlsx.apply_form(result, actor=request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(
            request,
            _("Isian dari berkas XLSX disimpan sebagai draf (%(n)d perubahan).")
            % {"n": len(result.changes)},
        )
    return redirect("collection:form", pk=submission.pk)
