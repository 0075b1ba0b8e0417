"""The Telegram bot's webhook (an alternative to `monev telegram_poll` where the site is reachable
from the internet): Telegram posts each update here with the secret set by `setWebhook`."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from monev.notifications import services

#: Largest update body read (a `/start` message is a few hundred bytes).
MAX_UPDATE_BYTES = 64 * 1024


@csrf_exempt
@require_POST
def telegram_webhook(request: HttpRequest) -> HttpResponse:
    secret = settings.MONEV_TELEGRAM_WEBHOOK_SECRET
    if not secret or not settings.MONEV_TELEGRAM_BOT_TOKEN:
        raise Http404
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return HttpResponse(status=403)
    if int(request.headers.get("Content-Length") or 0) > MAX_UPDATE_BYTES:
        return HttpResponse(status=413)
    try:
        update = json.loads(request.body[:MAX_UPDATE_BYTES])
    except ValueError:
        return HttpResponse(status=400)
    if isinstance(update, dict):
        services.telegram_handle_update(update)
    return JsonResponse({"ok": True})
