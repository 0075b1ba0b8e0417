"""The blangko offline: the service worker, and one change sent after the page was offline."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from monev.monitoring import selectors, sync


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The blangko's service worker, from the app's own URL so its scope covers the visits."""
    scope = reverse("monitoring:service_worker").rsplit("/", 1)[0] + "/"
    response = render(
        request,
        "monitoring/service-worker.js",
        {"scope": scope},
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = scope
    return response


@require_POST
def visit_sync(request: HttpRequest, pk: int) -> JsonResponse:
    """One change of the blangko sent by the page after it was offline (`monitoring.sync`):
    JSON in, JSON out with an Indonesian `error` the page shows beside the change it keeps."""
    if not request.user.is_authenticated:
        return JsonResponse(
            {"error": _("Sesi Anda berakhir. Masuk lagi; perubahan tetap tersimpan di perangkat.")},
            status=401,
        )
    try:
        found = selectors.visit_for(request.user, pk)
    except Http404:
        return JsonResponse({"error": _("Kunjungan tidak ditemukan.")}, status=404)
    try:
        change = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        change = None
    try:
        outcome = sync.apply_change(actor=request.user, visit=found, change=change)
    except PermissionDenied:
        return JsonResponse(
            {"error": _("Hanya tim kunjungan ini yang dapat mengisi blangkonya.")}, status=403
        )
    except sync.BlangkoClosed as closed:
        return JsonResponse({"error": " ".join(closed.messages)}, status=409)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {"result": outcome.result, "id": outcome.pk, "skipped": list(outcome.skipped)}
    )
