"""The signing forms of step 12 (SPEC §15): a paraf or the Kepala Dinas' signature (which
ratifies), the later TTE over a seal, and the signed PDF's download. The passphrase is read
from the POST once and passed on: never echoed back, never put in the session or a message
(`sensitive_post_parameters` keeps it out of error reports too)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from monev.core import files
from monev.core.access import AuthedRequest
from monev.core.params import parse_small_int
from monev.reports import selectors, services
from monev.signing.choices import Kind
from monev.signing.models import Signature

ANCHOR = "tanda-tangan"


def _back(cycle_id: int) -> HttpResponse:
    return redirect(reverse("reports:report", args=[cycle_id]) + f"#{ANCHOR}")


@sensitive_post_parameters("passphrase")
@login_required
@require_POST
def sign(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """Add the next signature (paraf, or the Kepala Dinas' signature that ratifies)."""
    cycle = selectors.cycle_for(request.user, cycle_id)
    if not any(request.user.has_role(step.role) for step in selectors.SIGNING_ORDER):
        raise PermissionDenied  # a role that never signs (whose turn it is: the service)
    report = selectors.report_of(cycle)
    if report is None:
        raise Http404
    post = request.POST
    use_seal = post.get("provider") == "segel"
    step = None
    try:
        version = services.latest_version(report)
        step = services.signing_state(report, version).get("next")
        if step is not None and step.kind == Kind.PENGESAHAN and post.get("confirm") != "1":
            raise ValidationError(_("Centang pernyataan pengesahan sebelum menandatangani."))
        row = services.report_sign(
            actor=request.user, report=report,
            version_number=parse_small_int(post.get("version", ""), low=0, high=99999) or 0,
            nik=post.get("nik", ""), passphrase=post.get("passphrase", ""),
            use_seal=use_seal, note=post.get("note", "")[:2000],
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(getattr(error, "messages", [])) or str(error) or _("Tidak diizinkan.")
        messages.error(request, text)
        if step is not None and step.kind == Kind.PENGESAHAN:
            return redirect("reports:ratify_confirm", cycle_id=cycle.pk)
        return _back(cycle.pk)
    if row.kind == Kind.PENGESAHAN:
        messages.success(request, _("Laporan ditandatangani dan disahkan."))
    else:
        messages.success(request, _("Paraf dibubuhkan pada dokumen akhir."))
    return _back(cycle.pk)


@sensitive_post_parameters("passphrase")
@login_required
@require_POST
def tte(request: AuthedRequest, cycle_id: int) -> HttpResponse:
    """The Kepala Dinas adds the BSrE TTE to a report ratified with the seal."""
    cycle = selectors.cycle_for(request.user, cycle_id)
    if not request.user.has_role(selectors.SIGNING_ORDER[-1].role):
        raise PermissionDenied  # the pengesahan's signer only
    report = selectors.report_of(cycle)
    if report is None:
        raise Http404
    try:
        services.tte_complete(actor=request.user, report=report, nik=request.POST.get("nik", ""),
                              passphrase=request.POST.get("passphrase", ""))  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(cycle.pk)
    messages.success(request, _("TTE BSrE ditambahkan pada dokumen yang disahkan."))
    return _back(cycle.pk)


@login_required
def signed_download(request: AuthedRequest, signature_id: int) -> HttpResponseBase:
    """The PDF as it was after one signature: whoever may download its version (404
    outside the user's scope, as a version's own download)."""
    row = get_object_or_404(Signature, pk=signature_id)
    selectors.version_for(request.user, row.object_id)  # a signature signs a ReportVersion
    return files.download(
        request, name=row.file.name, sha256=row.sha256, content_type="application/pdf",
        filename=f"laporan-bertanda-tangan-{row.sequence}.pdf",
    )  # fmt: skip
