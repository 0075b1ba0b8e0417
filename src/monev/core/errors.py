"""Error pages (400, 403, 404, 500) in Indonesian inside the site layout, and a log filter that
writes a permission refusal as one line instead of a traceback."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: a malformed request, e.g. a query parameter out of range (its message shown when
    it is one of ours, `core.params.InvalidParameter`)."""
    from monev.core.params import InvalidParameter

    text = (
        exception.message
        if isinstance(exception, InvalidParameter)
        else _("Permintaan ini tidak dapat diproses. Periksa alamatnya, lalu coba lagi.")
    )
    return render(
        request,
        "error_page.html",
        {
            "status_code": 400,
            "error_icon": "exclamation-triangle",
            "error_title": _("Permintaan tidak valid"),
            "error_text": text,
        },
        status=400,
    )


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the user is signed in but their role does not open this page."""
    return render(
        request,
        "error_page.html",
        {
            "status_code": 403,
            "error_icon": "shield-lock",
            "error_title": _("Akses ditolak"),
            "error_text": _(
                "Peran Anda tidak memberi akses ke halaman ini. Bila Anda merasa seharusnya "
                "bisa membukanya, hubungi Administrator."
            ),
        },
        status=403,
    )


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: no such page, or an object outside the user's scope (not revealed)."""
    return render(
        request,
        "error_page.html",
        {
            "status_code": 404,
            "error_icon": "signpost-split",
            "error_title": _("Halaman tidak ditemukan"),
            "error_text": _(
                "Alamat ini tidak ada atau tidak tersedia untuk Anda. Periksa alamatnya, atau "
                "mulai lagi dari Beranda."
            ),
        },
        status=404,
    )


def server_error_page(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """500: Django's own handler renders 500.html with an empty context (no request context
    that could fail again)."""
    return server_error(request, template_name="500.html")


class OneLinePermissionDenied(logging.Filter):
    """Drop the traceback of a logged PermissionDenied: a refusal is an expected event,
    worth one line ("Forbidden (Permission denied): /path"), not a stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
