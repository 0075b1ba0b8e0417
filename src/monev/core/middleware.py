from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers


class HtmxVaryMiddleware:
    """Mark every response as varying on HX-Request: fragments and pages share URLs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response


class DataTokenMiddleware:
    """Read each agency's data token at most once per request (`core.freshness`): a page
    showing several kept values (its body, its place in the SOP) needs one query, not one
    per value."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from monev.core.freshness import tokens_remembered

        with tokens_remembered():
            return self.get_response(request)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


class ChosenLanguageMiddleware:
    """Activate the language the user chose with the switch (cookie), else Indonesian.

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: many office
    computers run an English browser, and the app must still speak Indonesian by default.
    An API client (paths under /api/) is different: it asks for a language with
    Accept-Language (`id` or `en`), and gets Indonesian when it asks for none.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        if request.path.startswith("/api/"):
            asked = _accepted_language(request.headers.get("Accept-Language", ""), available)
            language = asked or language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response


def _accepted_language(header: str, available: set[str]) -> str | None:
    """Return the first available language of an Accept-Language header, by its q order."""
    from django.utils.translation.trans_real import parse_accept_lang_header

    for code, _q in parse_accept_lang_header(header):
        base = code.lower().split("-")[0]
        if base in available:
            return base
    return None


class SecurityHeadersMiddleware:
    """Send the Content-Security-Policy and the Permissions-Policy with every response.

    The policy allows scripts and style sheets from the app itself only: no inline script
    anywhere (htmx is configured by a meta tag, page scripts live in static/monev/).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class SessionIdleMiddleware:
    """End a signed-in session after SESSION_IDLE_MINUTES without a request, and at the latest
    SESSION_COOKIE_AGE seconds after sign-in (activity does not stretch that limit)."""

    STARTED, SEEN = "monev_started_at", "monev_seen_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.conf import settings
        from django.contrib import messages
        from django.contrib.auth import logout
        from django.contrib.auth.views import redirect_to_login
        from django.shortcuts import resolve_url
        from django.utils.translation import gettext as _

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        session = request.session
        started = int(session.setdefault(self.STARTED, now))
        seen = int(session.get(self.SEEN, now))
        idle = now - seen > settings.SESSION_IDLE_MINUTES * 60
        if idle or now - started > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(request, _("Sesi Anda berakhir. Silakan masuk kembali."))
            if is_htmx(request):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
                return response
            return redirect_to_login(request.get_full_path())
        if now - seen >= 60 or self.SEEN not in session:  # one session write a minute at most
            session[self.SEEN] = now
        return self.get_response(request)


class RequestSizeMiddleware:
    """Refuse (413) a request whose declared body is larger than MONEV_REQUEST_MAX_MB before
    any of it is read: Django would otherwise stream every uploaded byte to a temporary file
    before a view could check the size (issue 21, item 3). Each upload is then held to its own,
    smaller limit by the view that reads it (core.files.read_upload)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        from django.conf import settings
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MONEV_REQUEST_MAX_MB * 2**20
        if length <= limit:
            return self.get_response(request)
        message = _(
            "Kiriman ini berukuran %(mb)s MB; paling besar %(max)s MB. Kirim berkas yang lebih "
            "kecil atau satu per satu."
        ) % {"mb": f"{length / 2**20:.1f}".replace(".", ","), "max": limit // 2**20}
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return render(request, "core/request_too_large.html", {"message": message}, status=413)
