"""Reads of organisation data, always scoped to the user's agency."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from monev.core.access import scope_of
from monev.domain.rule_settings import DEFAULTS, RuleSettings
from monev.organization.models import Agency, AgencySettings, Official, Unit


def agency_of(user: Any) -> Agency:
    """Return the user's agency, or 404 when the user belongs to none."""
    return get_object_or_404(Agency, pk=scope_of(user).agency_id)


def subtree_ids(unit_id: int | None, agency_id: int | None = None) -> frozenset[int]:
    """Return the unit and every unit under it (e.g. Bidang Tenaga Kerja and its UPTD BLK);
    empty for None. One query over the unit's agency (two when `agency_id`, the unit's
    agency, is not given)."""
    if not unit_id:
        return frozenset()
    if agency_id is None:
        agency_id = Unit.objects.filter(pk=unit_id).values_list("agency_id", flat=True).first()
    if agency_id is None:
        return frozenset()
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.filter(agency_id=agency_id).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = {unit_id}, [unit_id]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return frozenset(found)


def own_units(user: Any) -> frozenset[int]:
    """The units a user with a Bidang role acts on: their own unit and the units under it
    (cached on the user object for the request)."""
    cached = getattr(user, "_own_units", None)
    if cached is None:
        unit = getattr(user, "unit", None)
        cached = subtree_ids(unit.pk, unit.agency_id) if unit is not None else frozenset()
        user._own_units = cached
    return cached


def bidang_scope(user: Any) -> frozenset[int] | None:
    """The one place where Bidang scope is decided: None for a user whose roles reach the
    whole agency; for a Bidang-only user (Kepala/Operator Bidang) the ids of their Bidang and
    of every unit under it, nothing else."""
    return own_units(user) if user.is_bidang_only else None


def in_own_units(user: Any, unit_id: int | None) -> bool:
    """True when `unit_id` is the user's unit or under it."""
    return unit_id is not None and unit_id in own_units(user)


def units_visible_to(user: Any) -> QuerySet[Unit]:
    """Return the units a user may see: every unit of their own agency."""
    return scope_of(user).filter(Unit.objects)


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
    return scope_of(user).filter(Official.objects).select_related("unit")


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


def logo_bytes(agency: Agency) -> bytes:
    """Return the agency's stored logo as bytes for a letterhead; b"" when it has none or its
    file is gone (the letterhead then prints the emblem's outline)."""
    if not agency.logo:
        return b""
    try:
        with agency.logo.open("rb") as handle:
            return bytes(handle.read())
    except OSError:
        return b""


def rule_settings(agency_id: int | None) -> RuleSettings:
    """The agency's settings of the *(setting)* rules (RULES §4, §5, §12); RULES' defaults
    where the Administrator has saved none (one query)."""
    if agency_id is None:
        return DEFAULTS
    found = AgencySettings.objects.filter(agency_id=agency_id).first()
    return found.as_rules() if found is not None else DEFAULTS


def settings_row(agency: Agency) -> AgencySettings:
    """The agency's settings row to edit: the stored one, or an unsaved one with defaults."""
    return AgencySettings.objects.filter(agency=agency).first() or AgencySettings(agency=agency)
