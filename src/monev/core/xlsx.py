"""What every XLSX workbook of the app shares: its content type, how a value goes into a cell,
and the number format for a count of decimals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from monev.domain.filetypes import XLSX

CONTENT_TYPE = XLSX.content_type


def cell_value(value: Any) -> Any:
    """Return what a cell holds: numbers stay numbers (whole ones as int), "" is empty."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value


def shown(value: Any) -> str:
    """Return a cell's value as the user typed it, for messages (12.0 → "12")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def number_format(decimals: int) -> str:
    """Excel's format for a grouped number with `decimals` places: "#,##0" or "#,##0.00"."""
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
