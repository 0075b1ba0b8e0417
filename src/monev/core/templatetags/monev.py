"""Template filters for Indonesian numbers, Rupiah, percentages, dates, quarters and NIP.

Loaded as a builtin in every template. Output follows the active language: Indonesian by
default ("1.234.567,89", "Rp 1.500.000", "91,25 %", "25 November 2026", "Triwulan III"),
English when the user switched ("1,234,567.89", "Quarter III").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template
from django.utils.translation import gettext as _

from monev.core import formats

register = template.Library()

EMPTY = formats.EMPTY


@register.filter
def kosong(value: Any) -> str | Any:
    """The value, or the placeholder for an empty one (`core.formats.EMPTY`, "–"):
    {{ official.nip|kosong }}. Like `default`, an empty value is anything false."""
    return value if value else EMPTY


@register.filter
def angka(value: Any, decimals: int | str = 0) -> str:
    """Format a number with grouping: {{ 1234567.891|angka:2 }} → "1.234.567,89"."""
    return formats.number(value, int(decimals))


@register.filter
def nilai(value: Any) -> str:
    """Format a stored value with only the places it needs: "24.0000" → "24", "24.5" → "24,5";
    an ISO date → "10 Desember 2026" (`core.formats.value`)."""
    return formats.value(value)


@register.filter
def rupiah(value: Any) -> str:
    """Format an amount of money: {{ 1500000|rupiah }} → "Rp 1.500.000"."""
    return formats.rupiah(value)


@register.filter
def persen(value: Any, decimals: int | str = 2) -> str:
    """Format a percentage: {{ 91.25|persen }} → "91,25 %"."""
    return formats.percent(value, int(decimals))


@register.filter
def tanggal(value: date | datetime | None) -> str:
    """Format a date: "25 November 2026" (a datetime is shown in the local time zone)."""
    return formats.day(value)


@register.filter
def tanggal_waktu(value: datetime | None) -> str:
    """Format a moment: "25 November 2026 10.30 WITA"-style, in the local time zone."""
    return formats.moment(value)


@register.filter
def romawi(value: Any) -> str:
    """Write a quarter number in Roman numerals: 3 → "III"."""
    return formats.roman(value)


@register.filter
def triwulan(value: Any) -> str:
    """Name a quarter: 3 → "Triwulan III"."""
    numeral = romawi(value)
    if numeral == EMPTY:
        return EMPTY
    return _("Triwulan %(roman)s") % {"roman": numeral}


@register.filter
def nip(value: str | None) -> str:
    """Print a NIP grouped 8-6-1-3: "19681117 199703 1 003"."""
    return formats.nip(value)


@register.filter
def predikat(value: Any) -> str:
    """Name a rating (RULES §4): "sangat_tinggi" → "Sangat Tinggi"."""
    return formats.rating(value)
