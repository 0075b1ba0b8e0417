"""The Administrator's page of the agency seal (SPEC §15): the seal in use, and the upload of
a PKCS#12 with its passphrase (typed once, never kept: the key is stored re-encrypted)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from monev.core.access import AuthedRequest
from monev.signing import providers, selectors, services

MAX_BYTES = 256 * 1024


class SealForm(forms.Form):
    pkcs12 = forms.FileField(label=gettext_lazy("Berkas PKCS#12 (.p12/.pfx)"))
    passphrase = forms.CharField(
        label=gettext_lazy("Passphrase berkas"),
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        required=False,
    )


@sensitive_post_parameters("passphrase")
@login_required
def seal_page(request: AuthedRequest) -> HttpResponse:
    if not services.may_manage_seal(request.user):
        raise PermissionDenied
    form = SealForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["pkcs12"]
        try:
            if upload.size > MAX_BYTES:
                raise ValidationError(_("Berkas PKCS#12 terlalu besar."))
            services.seal_upload(
                actor=request.user, data=upload.read(),
                passphrase=form.cleaned_data.get("passphrase") or "",
            )  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("signing:seal")
        messages.success(request, _("Segel elektronik instansi disimpan."))
        return redirect("signing:seal")
    seal = selectors.active_seal(request.user.agency_id)
    return render(
        request,
        "signing/seal.html",
        # a refused form comes back with its errors and the typed subject; the key file and
        # its passphrase are asked again (a secret is not kept between requests)
        {"form": form, "seal": seal, "bsre": providers.bsre_configured()},
    )
