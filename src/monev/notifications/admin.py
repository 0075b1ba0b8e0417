"""Deliveries in Django's admin, read only: what went out through which channel, what failed and
why (retries are `monev send_reminders`' work)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from monev.notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ("created_at", "user", "channel", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("subject", "user__username", "address")
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
