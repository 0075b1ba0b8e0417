"""Reads of organisation data, always scoped to the user's agency."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from monev.organization.models import Agency, Official, Unit


def agency_of(user: Any) -> Agency:
    """Return the user's agency, or 404 when the user belongs to none."""
    return get_object_or_404(Agency, pk=user.agency_id)


def units_visible_to(user: Any) -> QuerySet[Unit]:
    """Return the units a user may see: every unit of their own agency."""
    return Unit.objects.filter(agency_id=user.agency_id)


def unit_tree(units: QuerySet[Unit]) -> list[tuple[Unit, int]]:
    """Return units in tree order (parents before children) with their depth; one query."""
    rows = list(
        units.select_related("parent").annotate(
            official_count=Count("officials", distinct=True),
            child_count=Count("children", distinct=True),
        )
    )
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.pk for u in rows}
    for unit in rows:
        parent = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(parent, []).append(unit)
    ordered: list[tuple[Unit, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(by_parent.get(parent, []), key=lambda u: (u.order, u.name)):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def unit_search(user: Any, *, q: str = "", kind: str = "") -> QuerySet[Unit]:
    units = units_visible_to(user)
    if q:
        units = units.filter(Q(name__icontains=q) | Q(code__icontains=q))
    if kind:
        units = units.filter(kind=kind)
    return units


def officials_visible_to(user: Any) -> QuerySet[Official]:
    return Official.objects.filter(agency_id=user.agency_id).select_related("unit")


def official_search(
    user: Any, *, q: str = "", unit: str = "", golongan: str = ""
) -> QuerySet[Official]:
    officials = officials_visible_to(user)
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        match = Q(name__icontains=q) | Q(position__icontains=q)
        if digits:
            match |= Q(nip__contains=digits)
        officials = officials.filter(match)
    if unit:
        officials = officials.filter(unit_id=unit)
    if golongan:
        officials = officials.filter(golongan=golongan)
    return officials.order_by("name")
