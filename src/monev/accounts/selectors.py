"""Reads of users, scoped to the reader's agency."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from monev.accounts.models import RoleAssignment, User


def users_visible_to(user: Any) -> QuerySet[User]:
    return User.objects.filter(agency_id=user.agency_id)


def user_search(user: Any, *, q: str = "", role: str = "", unit: str = "") -> QuerySet[User]:
    users = (
        users_visible_to(user)
        .select_related("official__unit")
        .prefetch_related(
            Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role"))
        )
    )
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(official__name__icontains=q) | Q(email__icontains=q)
        )
    if role:
        users = users.filter(role_assignments__role=role)
    if unit:
        users = users.filter(official__unit_id=unit)
    return users.order_by("username").distinct()
