"""Indonesian national holidays and cuti bersama, from the maintained `holidays` library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _category(years: tuple[int, ...], category: str) -> dict[date, str]:
    calendar = holidays.country_holidays("ID", years=years, categories=(category,), language="id")
    return dict(sorted(calendar.items()))


def national_holidays(years: Iterable[int]) -> dict[date, str]:
    """Return the public holidays (libur nasional) of the given years by date."""
    return dict(_category(tuple(sorted(set(years))), "public"))


def cuti_bersama_suggestions(years: Iterable[int]) -> dict[date, str]:
    """Return the library's government-category dates (cuti bersama), as suggestions only:
    the agency confirms them, since the yearly SKB can change."""
    return dict(_category(tuple(sorted(set(years))), "government"))
