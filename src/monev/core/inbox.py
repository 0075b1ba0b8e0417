"""The "Menunggu tindakan saya" inbox: apps register providers of items waiting for a user.

The foundation registers none; the SOP engine adds the steps a user holds.

A provider registered with `kept=True` declares that what it returns follows only from rows
that replace the agency's data token when written (`monev.core.freshness.WATCHED`),
the user (roles, unit) and the clock: its items are then kept per user, data token, minute
and language (`monev.core.store.memo_for_user`), so the home page does
not ask the database again until something changed. A provider reading anything else
registers without `kept` and is called on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from monev.core.store import memo_for_user


@dataclass(frozen=True)
class InboxItem:
    title: str
    url: str
    subtitle: str = ""
    due_at: datetime | None = None
    status: str = ""  # "tepat_waktu", "mendekati_batas", "terlambat"
    status_label: str = ""


InboxProvider = Callable[[Any], list[InboxItem]]
_providers: list[InboxProvider] = []
#: Providers (of items and of panels) whose results may be kept (see the module docstring).
_kept: set[Any] = set()
T = TypeVar("T")


def _kept_call(user: Any, kind: str, providers: list[Any], make: Callable[[Any], T]) -> list[T]:
    """`make(provider)` of each provider in order, those registered `kept` in one kept value."""
    kept = [p for p in providers if p in _kept]
    values: dict[Any, T] = {}
    if kept and getattr(user, "is_authenticated", False):
        key = (kind, *(f"{p.__module__}.{p.__qualname__}" for p in kept))
        values = dict(
            zip(kept, memo_for_user(user, key, lambda: [make(p) for p in kept]), strict=True)
        )
    return [values[p] if p in values else make(p) for p in providers]


def register(provider: InboxProvider, *, kept: bool = False) -> None:
    if provider not in _providers:
        _providers.append(provider)
    if kept:
        _kept.add(provider)


def items_for(user: Any) -> list[InboxItem]:
    """Return every item waiting for `user`, soonest due first (undated last)."""
    lists = _kept_call(user, "inbox", _providers, lambda provider: provider(user))
    items = [item for found in lists for item in found]
    return sorted(items, key=lambda i: (i.due_at is None, i.due_at or datetime.max))


# --- Home page panels -------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: dict[str, Any]


HomePanelProvider = Callable[[Any], HomePanel | None]
_panels: list[HomePanelProvider] = []


def register_panel(provider: HomePanelProvider, *, kept: bool = False) -> None:
    if provider not in _panels:
        _panels.append(provider)
    if kept:
        _kept.add(provider)


def panels_for(user: Any) -> list[HomePanel]:
    """Return the panels other apps show on the user's home page (e.g. running cycles)."""
    panels = _kept_call(user, "panels", _panels, lambda provider: provider(user))
    return [panel for panel in panels if panel is not None]


def home_for(user: Any) -> tuple[list[InboxItem], list[HomePanel]]:
    """The home page's inbox items and panels (`items_for`, `panels_for`), the kept ones of
    both in one kept value (one look at the data token)."""
    found = _kept_call(user, "home", [*_providers, *_panels], lambda provider: provider(user))
    lists, panels = found[: len(_providers)], found[len(_providers) :]
    items = [item for part in lists for item in part]
    return (
        sorted(items, key=lambda i: (i.due_at is None, i.due_at or datetime.max)),
        [panel for panel in panels if panel is not None],
    )
