"""The "Menunggu tindakan saya" inbox: apps register providers of items waiting for a user.

The foundation registers none; the SOP engine adds the steps a user holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any


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


def register(provider: InboxProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def items_for(user: Any) -> list[InboxItem]:
    """Return every item waiting for `user`, soonest due first (undated last)."""
    items = [item for provider in _providers for item in provider(user)]
    return sorted(items, key=lambda i: (i.due_at is None, i.due_at or datetime.max))


# --- Home page panels -------------------------------------------------------------------------


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: dict[str, Any]


HomePanelProvider = Callable[[Any], HomePanel | None]
_panels: list[HomePanelProvider] = []


def register_panel(provider: HomePanelProvider) -> None:
    if provider not in _panels:
        _panels.append(provider)


def panels_for(user: Any) -> list[HomePanel]:
    """Return the panels other apps show on the user's home page (e.g. running cycles)."""
    return [panel for provider in _panels if (panel := provider(user)) is not None]
