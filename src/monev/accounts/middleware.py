"""The second sign-in step: a signed-in user with two factors must enter a code first."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from monev.accounts import selectors


class TwoFactorMiddleware:
    """After the password: users with a device verify a code; users whose role must have two
    factors (TWO_FACTOR_REQUIRED_ROLES) enrol first. Until then only these pages open.

    Installed after django-otp's OTPMiddleware, which tells whether the session is verified.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        verified = getattr(user, "is_verified", lambda: True)()
        if user.is_authenticated and not verified and not self._open(request.path):
            if selectors.has_two_factor(user):
                return self._to("accounts:two_factor_verify", request)
            if selectors.two_factor_required(user):
                return self._to("accounts:two_factor_setup", request)
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        open_paths = (
            reverse("accounts:two_factor_verify"),
            reverse("accounts:two_factor_setup"),
            reverse("accounts:logout"),
            reverse("accounts:login"),
            settings.STATIC_URL,
            "/i18n/",
            "/favicon.ico",
        )
        return path.startswith(open_paths)

    @staticmethod
    def _to(name: str, request: HttpRequest) -> HttpResponse:
        return HttpResponseRedirect(
            reverse(name) + "?" + urlencode({"next": request.get_full_path()})
        )
