"""The Administrator's page of deliveries (sent, waiting, given up; send again), and the
Telegram bot's webhook (an alternative to `monev telegram_poll` where the site is reachable
from the internet): Telegram posts each update here with the secret set by `setWebhook`."""

from __future__ import annotations

import hmac
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from monev.core.access import AuthedRequest
from monev.core.forms import StyledFormMixin
from monev.core.views_helpers import paginate
from monev.notifications import policies, selectors, services
from monev.notifications.channels import CHANNELS
from monev.notifications.models import DeliveryStatus

CHANNEL_CHOICES = [(key, channel.label) for key, channel in CHANNELS.items()]

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


class DeliveryFilter(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Semua")), *DeliveryStatus.choices],
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Saluran"),
        required=False,
        choices=[("", gettext_lazy("Semua")), *CHANNEL_CHOICES],
    )


@login_required
def delivery_list(request: AuthedRequest) -> HttpResponse:
    """The agency's notifications sent by e-mail, Telegram or WhatsApp (the Administrator):
    which were sent, which wait for a retry, which were given up and why."""
    if not policies.may_manage_deliveries(request.user):
        raise PermissionDenied
    filters = DeliveryFilter(request.GET or None)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    rows = selectors.deliveries_visible_to(request.user)
    if data.get("status"):
        rows = rows.filter(status=data["status"])
    if data.get("channel"):
        rows = rows.filter(channel=data["channel"])
    return render(
        request,
        "notifications/delivery_list.html",
        {
            "page_obj": paginate(request, rows, 50),
            "filters": filters,
            "counts": selectors.status_counts(request.user),
        },
    )


@login_required
@require_POST
def delivery_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    if not policies.may_manage_deliveries(request.user):
        raise PermissionDenied
    delivery = get_object_or_404(selectors.deliveries_visible_to(request.user), pk=pk)
    try:
        services.delivery_retry(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Notifikasi untuk %(user)s dikirim ulang melalui %(channel)s.")
            % {"user": delivery.user, "channel": delivery.channel},
        )
    return redirect(f"{reverse('notifications:delivery_list')}?status=failed")
