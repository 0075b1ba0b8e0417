"""The main navigation: each app registers its entries with the roles that may use them.

The menu shows only what the user's roles allow; the views check the same roles on the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str] = field(default_factory=frozenset)  # empty = every signed-in user
    group: str | Promise = ""
    order: int = 100

    def allowed(self, roles: Iterable[str]) -> bool:
        return not self.roles or bool(self.roles.intersection(roles))


_items: dict[str, NavItem] = {}
#: The entries of each role set with their URLs resolved (every page's frame reads them; the
#: URLs depend only on the URL configuration and the script prefix; the labels stay lazy).
_resolved: dict[tuple[Any, ...], tuple[dict[str, object], ...]] = {}
#: Counts the registrations: what is kept from the entries (the rendered navigation bar,
#: `core.templatetags.frame`) is keyed by it.
generation = 0


def register(item: NavItem) -> None:
    global generation
    _items[item.key] = item
    _resolved.clear()
    generation += 1


def items_for(roles: Iterable[str]) -> list[dict[str, object]]:
    """Return the navigation entries for a set of roles, sorted, with resolved URLs."""
    role_set = frozenset(roles)
    key = (role_set, get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    entries = _resolved.get(key)
    if entries is None:
        entries = _resolved[key] = tuple(
            {
                "key": i.key,
                "label": i.label,
                "url": reverse(i.url_name),
                "icon": i.icon,
                "group": i.group,
            }
            for i in sorted(_items.values(), key=lambda i: (i.order, i.key))
            if i.allowed(role_set)
        )
    return [dict(entry) for entry in entries]
