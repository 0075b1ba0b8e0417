"""The user's own security pages: API tokens ("Token API saya") and two-factor sign-in."""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from monev.accounts import selectors, services
from monev.accounts.choices import Role
from monev.core import ratelimit
from monev.core.access import AuthedRequest, role_required
from monev.core.forms import StyledFormMixin, apply_errors

#: Wrong second-step codes from one address for one user before a pause (TOTP has 10^6 values).
CODE_RULE = ratelimit.Rule("two-factor-code", 10, 15 * 60)


class TokenCreateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama token"),
        max_length=100,
        help_text=gettext_lazy("Untuk apa token ini, misalnya «Skrip laporan bulanan»."),
    )


class CodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request: AuthedRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only ("abc" would be taken for a URL name by redirect()).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return resolve_url("home")


@login_required
def tokens(request: AuthedRequest) -> HttpResponse:
    """List the user's tokens; on POST create one and show its text once."""
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        _token, created = services.token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenCreateForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "tokens": selectors.tokens_of(request.user),
            "form": form,
            "created": created,
            "idle_days": settings.API_TOKEN_IDLE_DAYS,
            "max_days": settings.API_TOKEN_MAX_DAYS,
        },
        status=400 if request.method == "POST" and created is None else 200,
    )


@require_POST
@login_required
def token_revoke(request: AuthedRequest, key: str) -> HttpResponse:
    token = get_object_or_404(selectors.tokens_of(request.user), token_key=key)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token API dicabut."))
    return redirect("accounts:tokens")


@login_required
def two_factor_setup(request: AuthedRequest) -> HttpResponse:
    """Enrol: scan the QR code, enter a code; the recovery codes are shown once."""
    user = request.user
    if selectors.has_two_factor(user) and not user.is_verified():  # type: ignore[attr-defined]
        return redirect("accounts:two_factor_verify")
    device = services.two_factor_begin(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_confirm(
                user=user, device=device, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            otp_login(request, device)
            return render(
                request,
                "accounts/two_factor_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(border=4, dark="#212529", omitsize=True, title=_("Kode QR")),
            "secret": _base32(device.bin_key),
            "enrolled": selectors.has_two_factor(user),
            "required": selectors.two_factor_required(user),
            "codes_left": selectors.recovery_codes_left(user),
            "next": request.GET.get("next", ""),
        },
        status=400 if request.method == "POST" else 200,
    )


def _base32(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    """The second sign-in step: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified() or not selectors.has_two_factor(user):  # type: ignore[attr-defined]
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    parts = (ratelimit.client_address(request), user.pk)
    if request.method == "POST":
        wait = ratelimit.blocked(CODE_RULE, *parts)
        if wait:
            return ratelimit.refusal(request, wait)
        if form.is_valid():
            device = services.two_factor_verify(user=user, code=form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                ratelimit.reset(CODE_RULE, *parts)
                return redirect(_next_url(request))
            ratelimit.hit(CODE_RULE, *parts)
            form.add_error("code", _("Kode salah atau sudah dipakai."))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@role_required(Role.ADMINISTRATOR)
def two_factor_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(selectors.users_visible_to(request.user), pk=pk)
    services.two_factor_reset(actor=request.user, user=target)
    messages.success(
        request,
        _("Verifikasi dua langkah %(username)s diatur ulang.") % {"username": target.username},
    )
    return redirect("accounts:user_edit", pk=target.pk)
