"""Opening an uploaded plan workbook and reading its cells typed: every problem becomes an
`ImportError_` naming the sheet, the Excel row and the column header (never an exception).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from monev.core import numbers
from monev.core.files import check_workbook
from monev.core.xlsx import shown as _shown
from monev.domain.numbers import NumberFormatError, parse_number
from monev.planning.xlsx.layout import (
    MAX_COLUMNS,
    MEASURE,
    META_SHEET,
    NO,
    SHEETS,
    YES,
    ImportError_,
    make_error,
)

# --- Opening and reading sheets -----------------------------------------------------------------

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z0-9:$]+)\"")


def _declared_size_only(sheet: ReadOnlyWorksheet) -> None:
    """Read a streamed sheet's declared `<dimension>` from the first 64 KB of its part.

    openpyxl's own `_get_size` parses a sheet that declares no dimension to its very end to
    find that out (its iterparse sees `</sheetData>` only after every row): 12 s of CPU for a
    4.8 MB upload (issue 21). The readers here reset the dimensions and stream every row
    anyway (`find_sheet`, `bounded_rows`)."""
    with sheet._get_source() as source:
        head = source.read(1 << 16)
    match = _DIMENSION.search(head)
    if match is None:
        return
    try:
        bounds = range_boundaries(match[1].decode().replace("$", ""))
    except ValueError:
        return
    if None not in bounds:
        sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = bounds


ReadOnlyWorksheet._get_size = _declared_size_only


def open_workbook(data: bytes, errors: list[ImportError_]) -> Workbook | None:
    """Return the workbook in `data`, or None after recording why it cannot be read."""
    if not data:
        errors.append(make_error(None, None, None, _("Berkas kosong (0 bait); tidak ada isi.")))
        return None
    # Bounded before loading: sheet dimensions, cell counts and uncompressed sizes (a small
    # file may declare a million cells); then openpyxl streams the sheets (read-only mode).
    refusal = check_workbook(data)
    if refusal is not None:
        errors.append(make_error(None, None, None, refusal))
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            return load_workbook(BytesIO(data), data_only=True, read_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, KeyError …) for foreign files
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            hint = _("format Excel lama .xls")
        elif data.startswith(b"PK"):
            hint = _("arsip ZIP yang bukan buku kerja Excel")
        else:
            hint = _("isinya bukan buku kerja Excel")
        detail = _(
            "Berkas bukan XLSX yang dapat dibaca (%(hint)s). Simpan sebagai «Excel Workbook "
            "(.xlsx)» atau pakai templat dari aplikasi, lalu unggah lagi."
        ) % {"hint": hint}
        errors.append(make_error(None, None, None, detail))
        return None


def bounded_rows(
    rows: Iterator[tuple[Any, ...]], title: str, errors: list[ImportError_], first: int = 1
) -> Iterator[tuple[Any, ...]]:
    """Yield the rows of a streamed sheet up to the row limit; past it, record an error and
    stop (a sheet may hold more rows than its declared dimension says)."""
    limit = settings.MONEV_XLSX_MAX_ROWS
    for count, row in enumerate(rows, start=first):
        if count > limit:
            detail = _("sheet berisi lebih dari %(max)s baris; buku kerja tidak dibaca.") % {
                "max": limit
            }
            errors.append(make_error(title, None, None, detail))
            return
        yield row


def find_sheet(book: Workbook, title: str) -> Worksheet | ReadOnlyWorksheet | None:
    """Return the sheet called `title` (case and spaces ignored), or None."""
    wanted = title.replace(" ", "").lower()
    for name in book.sheetnames:
        if name.replace(" ", "").lower() == wanted:
            sheet = book[name]
            if isinstance(sheet, ReadOnlyWorksheet):
                # Streamed sheets trust the declared dimension, which other programs may get
                # wrong; read every row instead (bounded by the part size and `bounded_rows`).
                sheet.reset_dimensions()
            return sheet if isinstance(sheet, Worksheet | ReadOnlyWorksheet) else None
    return None


def _header_key(value: Any) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(book: Workbook, title: str, errors: list[ImportError_]) -> list[RowReader] | None:
    """Return a reader per non-empty data row of sheet `title`, or None (after recording the
    errors) when the sheet or one of its columns is missing."""
    sheet = find_sheet(book, title)
    if sheet is None:
        detail = _("sheet tidak ada dalam berkas. Nama sheet tidak boleh diubah.")
        errors.append(make_error(title, None, None, detail))
        return None
    # At most MAX_COLUMNS columns: a streamed row is padded up to its last cell, and one
    # cell in column XFD would make every row 16 384 cells long.
    rows = bounded_rows(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), title, errors)
    header = next(rows, ())
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        positions.setdefault(_header_key(value), index)
    missing = [c.name for c in SHEETS[title] if c.name not in positions]
    for name in missing:
        detail = _("kolom tidak ada di baris judul; judul kolom tidak boleh diubah.")
        errors.append(make_error(title, 1, name, detail))
    if missing:
        return None
    readers = []
    for number, row in enumerate(rows, start=2):
        cells = {
            c.name: row[positions[c.name]] if positions[c.name] < len(row) else None
            for c in SHEETS[title]
        }
        if not all(_is_blank(v) for v in cells.values()):
            readers.append(RowReader(title, number, cells, errors))
    return readers


def iter_meta(book: Workbook) -> Iterator[tuple[str, Any]]:
    """Yield the (key, value) pairs of the hidden "Meta" sheet; nothing when it is absent."""
    sheet = find_sheet(book, META_SHEET)
    if sheet is None:
        return
    for row in sheet.iter_rows(min_row=2, max_col=2, values_only=True):
        if row and row[0] is not None:
            yield str(row[0]).strip(), row[1] if len(row) > 1 else None


# --- Typed cell reading -------------------------------------------------------------------------


class RowReader:
    """Typed access to the cells of one data row. A failed read records an error, marks the
    row as failed and returns None; an empty optional cell also reads as None (or "")."""

    def __init__(
        self, sheet: str, row: int, cells: dict[str, Any], errors: list[ImportError_]
    ) -> None:
        self.sheet, self.row, self.cells, self.errors = sheet, row, cells, errors
        self.failed = False

    def fail(self, column: str | None, detail: str) -> None:
        self.failed = True
        self.errors.append(make_error(self.sheet, self.row, column, detail))

    def _present(self, column: str, required: bool) -> Any:
        value = self.cells[column]
        if _is_blank(value):
            if required:
                self.fail(column, _("wajib diisi."))
            return None
        return value

    def text(self, column: str, *, required: bool = False, max_length: int = 400) -> str:
        """Return the cell as trimmed text ("" when empty); numbers become their digits."""
        value = self._present(column, required)
        if value is None:
            return ""
        text = _shown(value)
        if len(text) > max_length:
            detail = _("teks terlalu panjang (%(n)s karakter; paling banyak %(max)s).")
            self.fail(column, detail % {"n": len(text), "max": max_length})
        return text

    def number(
        self,
        column: str,
        *,
        required: bool = False,
        digits: numbers.Digits = MEASURE,
        negative: bool = True,
    ) -> Decimal | None:
        """Return the cell as a Decimal rounded half-up to the places of `digits` (what the
        database keeps), refused beyond its digits like every number field (core.numbers);
        text such as "1.234,5" is read as an Indonesian number."""
        raw = self._present(column, required)
        if raw is None:
            return None
        value = to_decimal(raw)
        if value is None:
            self.fail(column, _("«%(value)s» bukan angka.") % {"value": _shown(raw)})
            return None
        if value < 0 and not negative:
            self.fail(column, _("nilai tidak boleh negatif (%(value)s).") % {"value": _shown(raw)})
            return None
        fitted = numbers.fit(value, digits)
        if fitted is None:
            self.fail(column, numbers.too_large(_shown(raw), digits))
            return None
        return fitted

    def integer(
        self,
        column: str,
        *,
        required: bool = False,
        low: int | None = None,
        high: int | None = None,
        range_message: str = "",
    ) -> int | None:
        """Return the cell as a whole number within `low`..`high` (inclusive)."""
        raw = self._present(column, required)
        if raw is None:
            return None
        value = to_decimal(raw)
        if value is None or value != value.to_integral_value():
            self.fail(column, _("«%(value)s» bukan bilangan bulat.") % {"value": _shown(raw)})
            return None
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            detail = range_message or _("«%(value)s» harus antara %(low)s dan %(high)s.")
            self.fail(column, detail % {"value": number, "low": low, "high": high})
            return None
        return number

    def choice(self, column: str, allowed: Sequence[str], *, default: str) -> str | None:
        """Return the allowed value the cell names (case ignored); `default` when empty."""
        raw = self._present(column, False)
        if raw is None:
            return default
        if isinstance(raw, bool):
            raw = YES if raw else NO
        for option in allowed:
            if _shown(raw).lower() == option.lower():
                return option
        detail = _("«%(value)s» bukan pilihan yang sah; isi salah satu: %(allowed)s.")
        self.fail(column, detail % {"value": _shown(raw), "allowed": ", ".join(allowed)})
        return None

    def flag(self, column: str) -> bool | None:
        """Return True for "ya", False for "tidak" or an empty cell."""
        value = self.choice(column, (YES, NO), default=NO)
        return None if value is None else value == YES


def to_decimal(value: Any) -> Decimal | None:
    """Return the number a cell holds (never through float text for typed numbers), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        # repr() is the shortest text that reads back as the same float: 12.5, not 12.4999…
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return parse_number(value)
        except (NumberFormatError, InvalidOperation):
            return None
    return None
