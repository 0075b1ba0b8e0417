"""The layout of the format isian workbook and the reading of its cells
(docs/form-workbook.md).

Every table sheet has the lines naming the form in rows 1–5 and its column titles in row
`HEADER_ROW`; data follows. Reading never raises on bad input: every problem becomes an
`ImportError_` (the planning workbook's error type) naming the sheet, the Excel row and the
column, letter and title, with an Indonesian message.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from monev.core import numbers
from monev.core.xlsx import shown
from monev.planning import xlsx_schema as plan_schema
from monev.planning.xlsx_schema import ImportError_

FORMAT_VERSION = "monev-isian/1"
FORM_SHEET, BUDGET_SHEET, NARRATIVE_SHEET, META_SHEET = "Isian", "Anggaran", "Narasi", "Meta"
#: Rows 1–5 name the form; row 7 holds the column titles; data starts on row 8.
HEADER_ROW = 7
#: Largest workbook accepted (bytes); an exported one is a few dozen kilobytes.
MAX_SIZE = 5 * 2**20
YES = "ya"
#: Longest texts read (characters); the database's own limit for the reason.
REASON_LENGTH, NOTE_LENGTH, NARRATIVE_LENGTH = 300, 5_000, 20_000


@dataclass(frozen=True)
class Column:
    """A column of a table sheet. Titles are part of the file format and therefore not
    translated: a workbook uploads whatever language its user reads the site in."""

    title: str
    width: int
    editable: bool = False
    wrap: bool = False


# fmt: off
CODE = Column("Kode", 22)
INDICATOR = Column("Indikator", 46, wrap=True)
MEASURE = Column("Satuan", 11, wrap=True)
ANNUAL_TARGET = Column("Target tahunan", 12)
QUARTER_TARGET = Column("Target TW ini", 12)
BEFORE = Column("Realisasi s/d TW lalu", 13)
VALUE = Column("Realisasi TW ini", 14, editable=True)
NO_DATA = Column("Tidak ada data", 10, editable=True)
REASON = Column("Alasan tidak ada data", 28, editable=True, wrap=True)
NOTE = Column("Catatan", 36, editable=True, wrap=True)
FORM_COLUMNS = (
    CODE, INDICATOR, MEASURE, ANNUAL_TARGET, QUARTER_TARGET, BEFORE, VALUE, NO_DATA, REASON, NOTE
)

SUB_ACTIVITY = Column("Sub kegiatan", 56, wrap=True)
PAGU = Column("Pagu (Rp)", 18)
SPENT_BEFORE = Column("Realisasi s/d TW lalu (Rp)", 18)
SPENT = Column("Realisasi TW ini (Rp)", 18, editable=True)
BUDGET_COLUMNS = (CODE, SUB_ACTIVITY, PAGU, SPENT_BEFORE, SPENT)

TOPIC = Column("Uraian", 26)
TEXT = Column("Isi", 110, editable=True, wrap=True)
NARRATIVE_COLUMNS = (TOPIC, TEXT)
# fmt: on

#: The Bidang-level narratives: Submission field → row label on the "Narasi" sheet.
NARRATIVES = {
    "problems": "Kendala/permasalahan",
    "follow_up": "Tindak lanjut",
    "drivers": "Faktor pendorong",
    "obstacles": "Faktor penghambat",
}


# --- Reading ------------------------------------------------------------------------------------


def make_error(
    sheet: str, row: int | None, column: Column | None, letter: str, detail: str
) -> ImportError_:
    """Return the error with its place spelt out: "Sheet «Isian», baris 12, kolom G
    (Realisasi TW ini): …"."""
    place = {
        "sheet": sheet,
        "row": row,
        "letter": letter,
        "column": column.title if column else "",
        "detail": detail,
    }
    if row is None:
        text = _("Sheet «%(sheet)s»: %(detail)s") % place
    elif column is None:
        text = _("Sheet «%(sheet)s», baris %(row)s: %(detail)s") % place
    else:
        text = _("Sheet «%(sheet)s», baris %(row)s, kolom %(letter)s (%(column)s): %(detail)s")
        text = text % place
    return ImportError_(sheet, row, column.title if column else None, text)


def is_blank(value: Any) -> bool:
    """Return True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


class RowReader:
    """Typed reading of one row of a table sheet; a failed read records an error."""

    def __init__(
        self,
        sheet: str,
        number: int,
        columns: tuple[Column, ...],
        values: tuple[Any, ...],
        errors: list[ImportError_],
    ) -> None:
        self.sheet, self.row, self.columns, self.errors = sheet, number, columns, errors
        self.cells = {c: values[i] if i < len(values) else None for i, c in enumerate(columns)}

    def fail(self, column: Column | None, detail: str) -> None:
        letter = get_column_letter(self.columns.index(column) + 1) if column else ""
        self.errors.append(make_error(self.sheet, self.row, column, letter, detail))

    def text(self, column: Column, max_length: int) -> str:
        value = self.cells[column]
        if is_blank(value):
            return ""
        text = shown(value)
        if len(text) > max_length:
            detail = _("teks terlalu panjang (%(n)s karakter; paling banyak %(max)s).")
            self.fail(column, detail % {"n": len(text), "max": max_length})
        return text

    def number(self, column: Column, *, digits: numbers.Digits) -> Decimal | None:
        """Return the cell as a Decimal rounded half-up to the places of `digits`: numeric
        cells as they are, text as an Indonesian number (RULES §10); None when empty or wrong,
        or beyond the column's digits (core.numbers, like every number field)."""
        raw = self.cells[column]
        if is_blank(raw):
            return None
        value = plan_schema.to_decimal(raw)
        if value is None:
            detail = _("«%(value)s» bukan angka. Contoh: 1.234,5 atau 1234.5.")
            self.fail(column, detail % {"value": shown(raw)})
            return None
        if value < 0:
            self.fail(column, _("nilai tidak boleh negatif (%(value)s).") % {"value": shown(raw)})
            return None
        fitted = numbers.fit(value, digits)
        if fitted is None:
            self.fail(column, numbers.too_large(shown(raw), digits))
        return fitted

    def flag(self, column: Column) -> bool:
        raw = self.cells[column]
        if isinstance(raw, bool):
            return raw
        if is_blank(raw) or shown(raw).lower() == "tidak":
            return False
        if shown(raw).lower() == YES:
            return True
        detail = _("«%(value)s» tidak dikenali; isi «ya» bila tidak ada data, atau kosongkan.")
        self.fail(column, detail % {"value": shown(raw)})
        return False


def read_table(
    book: Workbook, title: str, columns: tuple[Column, ...], errors: list[ImportError_]
) -> list[RowReader] | None:
    """Return a reader per non-empty row below the titles of sheet `title`, or None (after
    recording the errors) when the sheet is missing or a column title was changed."""
    sheet = plan_schema.find_sheet(book, title)
    if sheet is None:
        detail = _("sheet tidak ada dalam berkas. Nama sheet tidak boleh diubah.")
        errors.append(make_error(title, None, None, "", detail))
        return None
    header = next(
        sheet.iter_rows(
            min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=len(columns), values_only=True
        ),
        (),
    )
    wrong = False
    for index, column in enumerate(columns):
        found = header[index] if index < len(header) else None
        if str(found or "").strip() != column.title:
            detail = _(
                "judul kolom diubah menjadi «%(found)s»; seharusnya «%(title)s». Judul kolom "
                "di baris %(row)s tidak boleh diubah."
            ) % {"found": shown(found or ""), "title": column.title, "row": HEADER_ROW}
            letter = get_column_letter(index + 1)
            errors.append(make_error(title, HEADER_ROW, column, letter, detail))
            wrong = True
    if wrong:
        return None
    rows = plan_schema.bounded_rows(
        sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=len(columns), values_only=True),
        title,
        errors,
        first=HEADER_ROW + 1,
    )
    return [
        RowReader(title, number, columns, values, errors)
        for number, values in enumerate(rows, start=HEADER_ROW + 1)
        if not all(is_blank(v) for v in values)
    ]


def keyed_rows(
    rows: list[RowReader], key_column: Column, known: dict[str, str], what: str
) -> dict[str, RowReader]:
    """Return the rows by their key (code or label), recording an error for an empty, repeated
    or unknown key. `known` maps each expected key to its name; `what` names a row in
    messages ("indikator", "sub kegiatan")."""
    found: dict[str, RowReader] = {}
    for row in rows:
        key = row.text(key_column, 200)
        if not key:
            row.fail(key_column, _("kosong; isi baris ini tidak dapat dikenali."))
        elif key in found:
            detail = _("«%(key)s» sudah ada di baris %(row)s; satu baris untuk setiap %(what)s.")
            row.fail(key_column, detail % {"key": key, "row": found[key].row, "what": what})
        elif key not in known:
            detail = _(
                "«%(key)s» bukan %(what)s format isian ini. Jangan mengubah kode; unduh ulang "
                "format isian bila rencana berubah."
            )
            row.fail(key_column, detail % {"key": key, "what": what})
        else:
            found[key] = row
    return found


def missing_rows(
    sheet: str, found: dict[str, RowReader], known: dict[str, str], what: str
) -> list[ImportError_]:
    """Return an error for each expected key that no row holds (a deleted row)."""
    detail = _(
        "baris %(what)s «%(key)s» (%(name)s) tidak ada. Baris tidak boleh dihapus; kosongkan "
        "isiannya saja."
    )
    return [
        make_error(sheet, None, None, "", detail % {"what": what, "key": key, "name": name})
        for key, name in known.items()
        if key not in found
    ]
