"""Reads of the audit log."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from monev.core.access import scope_of
from monev.core.models import AuditEntry


def audit_entries_visible_to(user: Any) -> QuerySet[AuditEntry]:
    return scope_of(user).filter(AuditEntry.objects).select_related("content_type")


def audit_search(
    user: Any,
    *,
    q: str = "",
    actor: str = "",
    action: str = "",
    content_type: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = audit_entries_visible_to(user)
    if q:
        entries = entries.filter(Q(object_repr__icontains=q) | Q(note__icontains=q))
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if content_type:
        entries = entries.filter(content_type_id=content_type)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries
