from collections.abc import Callable

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
