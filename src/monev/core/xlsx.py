"""What every XLSX workbook of the app shares: its content type, how a value goes into a cell,
the number format for a count of decimals, and `workbook_bytes`, the one way a workbook is
saved — it makes sure no text becomes a formula (CSV/formula injection, OWASP)."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

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


#: A text starting with one of these is a formula (or becomes one when edited) in Excel,
#: LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def make_text(cell: Cell) -> None:
    """Keep a formula-like text in `cell` as text: a string cell with Excel's quote prefix
    (shown without the quote; Excel does not evaluate it, not even after an edit)."""
    cell.data_type = "s"
    cell.quotePrefix = True


def workbook_bytes(book: Workbook) -> bytes:
    """Save `book` and return its bytes. Every text cell that starts like a formula (`=`,
    `+`, `-`, `@`, tab, carriage return) is written as text; numbers stay numbers. The app
    writes no formulas of its own, so no cell of any export is a formula."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, Cell) and is_formula_like(cell.value):
                    make_text(cell)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
