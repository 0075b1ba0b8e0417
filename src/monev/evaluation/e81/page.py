"""Which part of Formulir E.81 the page opens on: the whole table, or one program of a large
plan (the workbook always holds the whole table)."""

from __future__ import annotations

from monev.evaluation.store import year_data
from monev.organization.models import Agency
from monev.organization.selectors import subtree_ids
from monev.planning.choices import Level
from monev.planning.models import Indicator, PlanNode

#: Up to this many indicators the page shows the whole table at once; a larger plan opens
#: on its first program, the whole table one click away (for print) and always in the XLSX.
WHOLE_TABLE_UP_TO = 150
WHOLE = "semua"


def programs(agency: Agency, year: int) -> list[PlanNode]:
    """The programs of the year's plan, in tree order (for choosing one on the page)."""
    return [n for n in year_data(agency.pk, year).nodes.values() if n.level == Level.PROGRAM]


def page_program(agency: Agency, year: int, asked: str | None, unit: int | None) -> str | None:
    """The program the page shows: the one asked for, none for the whole table ("semua"), or
    by default the first program with a visible indicator when the plan is large."""
    if asked == WHOLE:
        return None
    if asked:
        return asked
    data = year_data(agency.pk, year)
    units = subtree_ids(unit)
    visible = [i for i in data.indicators if not unit or i.responsible_unit_id in units]
    if len(visible) <= WHOLE_TABLE_UP_TO:
        return None
    nodes = data.nodes
    for indicator in _visible_sorted(visible, nodes):
        current: PlanNode | None = nodes.get(indicator.node_id)
        while current is not None and current.level != Level.PROGRAM:
            current = nodes.get(current.parent_id) if current.parent_id else None
        if current is not None:
            return current.code
    return None


def _visible_sorted(indicators: list[Indicator], nodes: dict[int, PlanNode]) -> list[Indicator]:
    order = {pk: i for i, pk in enumerate(nodes)}
    return sorted(indicators, key=lambda i: order.get(i.node_id, 0))
