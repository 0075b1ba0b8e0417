"""Reads of the outside-channel deliveries: the agency's Administrator sees what was sent,
what waits for a retry and what was given up, with the channel's last error."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from monev.core.access import scope_of
from monev.notifications.models import Delivery, DeliveryStatus


def deliveries_visible_to(user: Any) -> QuerySet[Delivery]:
    """The deliveries to the users of the user's agency (every agency for the kabupaten)."""
    return scope_of(user).filter(Delivery.objects).select_related("user__official")


def status_counts(user: Any) -> dict[str, int]:
    """Number of visible deliveries per status (every status present, 0 where none)."""
    counts = dict.fromkeys(DeliveryStatus.values, 0)
    for row in deliveries_visible_to(user).values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts
