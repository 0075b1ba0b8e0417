"""The Perjanjian Kinerja page of a year (SPEC §16 step 1): the Kepala Dinas' PK and each
Bidang's with every version and its PDF and DOCX, the notice that a newer plan stage calls for
a new version, the Kasubag Program's button that makes it, and the Kepala Dinas' signing of
the latest version (`annual.signing`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from monev.annual import policies, selectors, services, signing
from monev.core.access import AuthedRequest
from monev.core.files import download
from monev.core.params import YEAR_MAX, YEAR_MIN
from monev.organization.models import Agency
from monev.signing.providers import bsre_configured


def _year_or_404(year: int) -> int:
    """A year the app knows (`core.params`); anything else is not a page."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    return year


@login_required
def overview(request: AuthedRequest) -> HttpResponse:
    """Kinerja tahunan: each year of the agency with its annual cycle and current step, the
    Kepala Dinas' PK versions (signed or not) and the LKjIP with its archive entry."""
    agency_id = request.user.agency_id
    if not agency_id or not policies.may_view_pk(request.user, agency_id):
        raise PermissionDenied
    return render(request, "annual/overview.html", {"rows": selectors.years_overview(agency_id)})


@login_required
def pk_page(request: AuthedRequest, year: int) -> HttpResponse:
    agency_id = request.user.agency_id
    if not agency_id or not policies.may_view_pk(request.user, agency_id):
        raise PermissionDenied
    data = selectors.year_pk(agency_id, _year_or_404(year))
    signatures = selectors.signatures_of(data.head)
    return render(
        request,
        "annual/pk.html",
        {
            "year": year,
            "pk": data,
            "signatures": signatures,
            "can_create": policies.may_create_pk(request.user, agency_id),
            "can_sign": data.latest is not None
            and data.latest.pk not in signatures
            and policies.may_sign_pk(request.user, agency_id),
            "bsre": bsre_configured(),
        },
    )


@login_required
@require_POST
def pk_create(request: AuthedRequest, year: int) -> HttpResponse:
    agency_id = request.user.agency_id
    if not agency_id or not policies.may_create_pk(request.user, agency_id):
        raise PermissionDenied
    agency = get_object_or_404(Agency, pk=agency_id)
    try:
        made = services.pk_create(actor=request.user, agency=agency, year=_year_or_404(year))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Perjanjian Kinerja %(year)s versi %(number)s dibuat (%(count)s dokumen).")
            % {"year": year, "number": made[0].number, "count": len(made)},
        )
    return redirect("annual:pk", year=year)


@login_required
@require_POST
@sensitive_post_parameters("passphrase")
def pk_sign(request: AuthedRequest, pk: int) -> HttpResponse:
    """The Kepala Dinas signs the latest version of their PK (BSrE, else the agency seal)."""
    version = get_object_or_404(selectors.versions_visible_to(request.user), pk=pk)
    if not policies.may_sign_pk(request.user, version.agreement.agency_id):
        raise PermissionDenied
    try:
        signing.pk_sign(
            actor=request.user,
            version=version,
            nik=request.POST.get("nik", ""),
            passphrase=request.POST.get("passphrase", ""),
            use_seal=bool(request.POST.get("segel")),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Perjanjian Kinerja ditandatangani."))
    return redirect("annual:pk", year=version.agreement.year)


@login_required
def pk_download(request: AuthedRequest, pk: int, kind: str) -> HttpResponseBase:
    version = get_object_or_404(selectors.versions_visible_to(request.user), pk=pk)
    return download(request, **selectors.version_file(version, kind))
