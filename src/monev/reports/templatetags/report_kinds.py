"""The page label of a cycle's report document, by its kind (`monev.reports.kinds`):
"Monev Triwulan III 2025" for a quarter's cycle, "LKjIP 2025" for an annual one."""

from __future__ import annotations

from typing import Any

from django import template

from monev.reports import kinds

register = template.Library()


@register.filter
def cycle_label(cycle: Any) -> str:
    """The cycle as the report pages name it, in the page's language."""
    return kinds.for_cycle(cycle).page_label(cycle.year, cycle.quarter)


@register.filter
def document_name(cycle: Any) -> str:
    """The short name of the cycle's report document ("Laporan Monev", "LKjIP")."""
    return kinds.for_cycle(cycle).short_name


@register.filter
def document_title(cycle: Any) -> str:
    """The report page's heading for the cycle's document."""
    return str(kinds.for_cycle(cycle).page_title)


@register.filter
def cycle_period(cycle: Any) -> str:
    """The period the cycle's report covers ("Triwulan III 2025", "Tahun 2025")."""
    return kinds.for_cycle(cycle).page_period(cycle.year, cycle.quarter)
