"""The layout of the plan workbook and the typed reading of its cells (docs/plan-workbook.md).

`SHEETS` lists every data sheet with its columns: the exporter writes from it, the
"Petunjuk" sheet is generated from it, and the importer checks headers against it. Reading
never raises on bad input: every problem becomes an `ImportError_` naming the sheet, the
Excel row number and the column header, with an Indonesian message.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
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
from monev.organization.models import Unit
from monev.planning.choices import PARENT_LEVEL, Aggregation, Level, NegativeVariant, Polarity
from monev.planning.models import RenstraPeriod

#: Sheet of each plan level, top to bottom.
NODE_SHEETS: dict[str, str] = {
    Level.TUJUAN: "Tujuan",
    Level.SASARAN: "Sasaran",
    Level.PROGRAM: "Program",
    Level.KEGIATAN: "Kegiatan",
    Level.SUB_KEGIATAN: "SubKegiatan",
}
INDICATOR_SHEET = "Indikator"
TARGET_SHEET = "Target"
BUDGET_SHEET = "Anggaran"
GUIDE_SHEET = "Petunjuk"
META_SHEET = "Meta"
FORMAT_VERSION = "monev-rencana/1"

YES, NO = "ya", "tidak"
#: Columns read from a data sheet (the widest has 15); columns past it are ignored.
MAX_COLUMNS = 40
#: What the database keeps: measures (targets, baseline) and money (Rp) — core.numbers.
MEASURE, MONEY = numbers.MEASURE, numbers.MONEY


@dataclass(frozen=True)
class Column:
    """One column of a data sheet: its header, width, number format and explanation."""

    name: str
    width: int
    help: str
    required: bool = False
    number_format: str = "General"
    choices: tuple[str, ...] = ()


# fmt: off
CODE, WHOLE, RUPIAH = "@", "0", "#,##0"  # number formats: text, whole number, Rupiah
_POLARITY, _AGGREGATION = tuple(Polarity.values), tuple(Aggregation.values)
_VARIANT, _FLAG, _QUARTER = tuple(NegativeVariant.values), (YES, NO), ("1", "2", "3", "4")
_ORDER_HELP = "Urutan tampil, bilangan bulat (kosong = 0)."

_NODE = (
    Column("kode", 22, "Kode unik dalam periode (di bawah sasaran: kode Kepmendagri).", True, CODE),
    Column("nama", 60, "Nama unsur rencana.", True),
    Column("kode_induk", 22, "Kode unsur tingkat di atasnya; Tujuan: kosong.", False, CODE),
    Column("kode_unit", 14, "Kode unit penanggung jawab; boleh kosong.", False, CODE),
    Column("urutan", 8, _ORDER_HELP, False, WHOLE),
)
_INDICATOR = (
    Column("kode", 26, "Kode unik indikator dalam periode.", True, CODE),
    Column("kode_unsur", 22, "Kode unsur rencana (sheet mana pun) pemilik indikator.", True, CODE),
    Column("nama", 60, "Nama indikator.", True),
    Column("satuan", 12, "Satuan (%, orang, koperasi, dokumen …).", True),
    Column("polaritas", 11, "positive: makin tinggi makin baik; negative: sebaliknya.", False,
           choices=_POLARITY),
    Column("agregasi", 11, "cumulative: jumlah triwulan; last: nilai triwulan terakhir; "
           "average: rata-rata triwulan.", choices=_AGGREGATION),
    Column("varian_negatif", 8, "Rumus indikator negatif: A = (2T − R) / T × 100; B = T / R × 100.",
           choices=_VARIANT),
    Column("desimal", 8, "Jumlah angka desimal yang ditampilkan, 0–4 (kosong = 0).", False, WHOLE),
    Column("iku", 6, "ya = Indikator Kinerja Utama; tidak atau kosong = bukan.", choices=_FLAG),
    Column("kode_unit", 14, "Kode unit penanggung jawab indikator.", True, CODE),
    Column("kondisi_awal", 13, "Kondisi awal (baseline); angka, boleh kosong."),
    Column("target_akhir", 13, "Target akhir periode Renstra; angka, boleh kosong."),
    Column("definisi", 50, "Definisi operasional / rumus."),
    Column("sumber_data", 30, "Sumber data."),
    Column("urutan", 8, _ORDER_HELP, False, WHOLE),
)
_TARGET = (
    Column("kode_indikator", 26, "Kode indikator di sheet Indikator.", True, CODE),
    Column("tahun", 8, "Tahun, di dalam periode Renstra.", True, WHOLE),
    Column("triwulan", 9, "Kosong = target tahunan; 1–4 = triwulan.", False, WHOLE, _QUARTER),
    Column("nilai", 14, "Nilai target, angka ≥ 0.", True),
)
_BUDGET = (
    Column("kode_sub_kegiatan", 22, "Kode di sheet SubKegiatan.", True, CODE),
    Column("tahun", 8, "Tahun, di dalam periode Renstra.", True, WHOLE),
    Column("pagu", 18, "Pagu (Rp), angka ≥ 0.", True, RUPIAH),
    *(Column(f"kas_tw{q}", 16, f"Anggaran kas TW {q} (Rp), ≥ 0; boleh kosong.", False, RUPIAH)
      for q in (1, 2, 3, 4)),
)

# fmt: on

#: Every data sheet and its columns, in workbook order.
SHEETS: dict[str, tuple[Column, ...]] = {
    **{sheet: _NODE for sheet in NODE_SHEETS.values()},
    INDICATOR_SHEET: _INDICATOR,
    TARGET_SHEET: _TARGET,
    BUDGET_SHEET: _BUDGET,
}

#: General rules printed at the top of the "Petunjuk" sheet.
GUIDE_RULES = (
    "Berkas ini adalah SELURUH rencana periode: saat diunggah, unsur, indikator, target, dan "
    "anggaran yang tidak ada di berkas akan DIHAPUS, yang baru ditambahkan, yang berubah diubah.",
    "Kode adalah kunci: baris dengan kode yang sama dengan data yang ada memperbarui data itu "
    "(riwayat realisasi indikator tetap tersimpan). Mengganti kode berarti hapus + tambah.",
    "Jangan mengganti nama sheet atau judul kolom (baris 1). Urutan kolom boleh diubah; kolom "
    "tambahan diabaikan. Baris kosong diabaikan.",
    "Angka diketik sebagai angka. Teks angka juga diterima: 1.234,5 atau 1234.5 atau Rp 1.500.000.",
    "Sebelum disimpan, aplikasi menampilkan pratinjau perubahan; jika ada kesalahan tidak ada "
    "yang disimpan dan setiap kesalahan disebut dengan sheet, baris, dan kolomnya.",
    "Berkas hasil ekspor hanya dapat diunggah ke periode yang sama (lihat baris 1 sheet ini).",
)

#: What each sheet holds, for the "Petunjuk" sheet.
SHEET_HELP: dict[str, str] = {
    "Tujuan": "Tujuan Renstra (tingkat teratas; kode_induk kosong).",
    "Sasaran": "Sasaran; kode_induk = kode Tujuan.",
    "Program": "Program (mis. 2.17.03); kode_induk = kode Sasaran.",
    "Kegiatan": "Kegiatan (mis. 2.17.03.2.01); kode_induk = kode Program.",
    "SubKegiatan": "Sub kegiatan (mis. 2.17.03.2.01.0004); kode_induk = kode Kegiatan.",
    INDICATOR_SHEET: "Indikator kinerja pada unsur mana pun; IKU biasanya pada Sasaran/Tujuan.",
    TARGET_SHEET: "Target per indikator per tahun: tahunan (triwulan kosong) dan per triwulan.",
    BUDGET_SHEET: "Pagu dan anggaran kas per sub kegiatan per tahun.",
}


# --- Errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportError_:  # the trailing underscore keeps the builtin ImportError usable
    """One problem of an uploaded workbook. `row` is the Excel row number, `column` the header
    name; both are None for a problem of the whole sheet or file. `message` is the complete
    Indonesian sentence shown to the user (it names the sheet, row and column itself)."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        return self.message


def make_error(sheet: str | None, row: int | None, column: str | None, detail: str) -> ImportError_:
    """Return the error with its location spelt out: "Sheet «Target», baris 7, kolom «nilai»: …"."""
    place = {"sheet": sheet, "row": row, "column": column, "detail": detail}
    if sheet is None:
        text = detail
    elif row is None and column is None:
        text = _("Sheet «%(sheet)s»: %(detail)s") % place
    elif row is None:
        text = _("Sheet «%(sheet)s», kolom «%(column)s»: %(detail)s") % place
    elif column is None:
        text = _("Sheet «%(sheet)s», baris %(row)s: %(detail)s") % place
    else:
        text = _("Sheet «%(sheet)s», baris %(row)s, kolom «%(column)s»: %(detail)s") % place
    return ImportError_(sheet, row, column, text)


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


# --- The plan as values, read from the data sheets ---------------------------------------------

Values = dict[str, Any]
TargetKey = tuple[str, int, int | None]  # (indicator code, year, quarter or None = annual)
BudgetKey = tuple[str, int]  # (sub kegiatan code, year)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass
class PlanData:
    """A period's plan as plain values: nodes and indicators by code, targets by (indicator
    code, year, quarter), budgets by (sub kegiatan code, year). Field names are the
    workbook's column names; nodes also carry "tingkat" (their level)."""

    nodes: dict[str, Values] = field(default_factory=dict)
    indicators: dict[str, Values] = field(default_factory=dict)
    targets: dict[TargetKey, Values] = field(default_factory=dict)
    budgets: dict[BudgetKey, Values] = field(default_factory=dict)


class PlanReader:
    """Reads the data sheets into a PlanData, recording errors. References between sheets
    are checked after all rows are read; a reference into a sheet that could not be read at
    all (missing sheet or column) is not checked, to avoid one error per row."""

    def __init__(self, period: RenstraPeriod, errors: list[ImportError_]) -> None:
        self.period, self.errors = period, errors
        codes = Unit.objects.filter(agency_id=period.agency_id).values_list("code", flat=True)
        self.units = {code.lower(): code for code in codes}  # "bid-kop" means BID-KOP
        self.plan = PlanData()
        self.node_level: dict[str, str] = {}
        self.broken: set[str] = set()
        self.seen: dict[Any, tuple[str, int]] = {}
        self.year_message = _("tahun %(value)s di luar periode %(low)s–%(high)s.")

    def read(self, book: Workbook) -> PlanData:
        parents: list[tuple[RowReader, str, str]] = []
        for level, sheet in NODE_SHEETS.items():
            for row in self._rows(book, sheet):
                parent = self._node(row, level)
                if parent:
                    parents.append((row, parent, PARENT_LEVEL[Level(level)] or ""))
        for row, parent, parent_level in parents:
            self._check_node_ref(row, "kode_induk", parent, parent_level)
        for row in self._rows(book, INDICATOR_SHEET):
            self._indicator(row)
        for row in self._rows(book, TARGET_SHEET):
            self._target(row)
        for row in self._rows(book, BUDGET_SHEET):
            self._budget(row)
        return self.plan

    def _rows(self, book: Workbook, sheet: str) -> list[RowReader]:
        rows = read_sheet(book, sheet, self.errors)
        if rows is None:
            self.broken.add(sheet)
        return rows or []

    def _unique(self, row: RowReader, column: str | None, key: Any, shown: str) -> bool:
        """Return True if `key` is new; else record that it repeats an earlier row."""
        if key not in self.seen:
            self.seen[key] = (row.sheet, row.row)
            return True
        sheet, number = self.seen[key]
        detail = _("%(key)s sudah dipakai di sheet «%(sheet)s» baris %(row)s.")
        row.fail(column, detail % {"key": shown, "sheet": sheet, "row": number})
        return False

    def _unit(self, row: RowReader, *, required: bool) -> str:
        code = row.text("kode_unit", required=required, max_length=30)
        if code and code.lower() not in self.units:
            known = ", ".join(sorted(self.units.values()))
            detail = _("kode unit «%(code)s» tidak dikenal; yang ada: %(known)s.")
            row.fail("kode_unit", detail % {"code": code, "known": known})
        return self.units.get(code.lower(), code)

    def _node(self, row: RowReader, level: str) -> str:
        """Read a node row; return its parent code (to check once every level is read)."""
        code = row.text("kode", required=True, max_length=40)
        parent = row.text("kode_induk", required=level != Level.TUJUAN, max_length=40)
        if level == Level.TUJUAN and parent:
            row.fail("kode_induk", _("Tujuan tidak memiliki induk; kosongkan kolom ini."))
        values = {
            "tingkat": level,
            "nama": row.text("nama", required=True),
            "kode_induk": parent,
            "kode_unit": self._unit(row, required=False),
            "urutan": self._order(row),
        }
        if code and self._unique(row, "kode", ("node", code), _("kode «%s»") % code):
            self.node_level[code] = level
            self.plan.nodes[code] = values
        return parent if level != Level.TUJUAN else ""

    def _order(self, row: RowReader) -> int:
        message = _("«%(value)s» harus bilangan bulat 0 atau lebih.")
        return row.integer("urutan", low=0, high=2_000_000_000, range_message=message) or 0

    def _check_node_ref(self, row: RowReader, column: str, code: str, level: str) -> None:
        """Record an error unless `code` is a node of `level` (any level when "")."""
        wanted = [NODE_SHEETS[level]] if level else list(NODE_SHEETS.values())
        if self.broken & set(wanted):
            return
        found = self.node_level.get(code)
        places = ", ".join(f"«{s}»" for s in wanted)
        if found is None:
            detail = _("kode «%(code)s» tidak ada di sheet %(sheets)s.")
            row.fail(column, detail % {"code": code, "sheets": places})
        elif level and found != level:
            detail = _("kode «%(code)s» ada di sheet «%(found)s», bukan di sheet %(sheets)s.")
            row.fail(column, detail % {"code": code, "found": NODE_SHEETS[found], "sheets": places})

    def _indicator(self, row: RowReader) -> None:
        code = row.text("kode", required=True, max_length=60)
        node = row.text("kode_unsur", required=True, max_length=40)
        if node:
            self._check_node_ref(row, "kode_unsur", node, "")
        values = {
            "kode_unsur": node,
            "nama": row.text("nama", required=True),
            "satuan": row.text("satuan", required=True, max_length=60),
            "polaritas": row.choice("polaritas", Polarity.values, default=Polarity.POSITIVE),
            "agregasi": row.choice("agregasi", Aggregation.values, default=Aggregation.CUMULATIVE),
            "varian_negatif": row.choice(
                "varian_negatif", NegativeVariant.values, default=NegativeVariant.A
            ),
            "desimal": row.integer("desimal", low=0, high=4) or 0,
            "iku": row.flag("iku"),
            "kode_unit": self._unit(row, required=True),
            "kondisi_awal": row.number("kondisi_awal"),
            "target_akhir": row.number("target_akhir"),
            "definisi": row.text("definisi", max_length=20_000),
            "sumber_data": row.text("sumber_data", max_length=200),
            "urutan": self._order(row),
        }
        if code and self._unique(row, "kode", ("indicator", code), _("kode «%s»") % code):
            self.plan.indicators[code] = values

    def _year(self, row: RowReader) -> int | None:
        start, end = self.period.start_year, self.period.end_year
        message = self.year_message
        return row.integer("tahun", required=True, low=start, high=end, range_message=message)

    def _target(self, row: RowReader) -> None:
        code = row.text("kode_indikator", required=True, max_length=60)
        year = self._year(row)
        quarter = row.integer(
            "triwulan",
            low=1,
            high=4,
            range_message=_("triwulan «%(value)s» tidak sah; kosongkan (target tahunan) atau 1–4."),
        )
        value = row.number("nilai", required=True, negative=False)
        if code and INDICATOR_SHEET not in self.broken and code not in self.plan.indicators:
            detail = _("kode indikator «%(code)s» tidak ada di sheet «%(sheet)s».")
            row.fail("kode_indikator", detail % {"code": code, "sheet": INDICATOR_SHEET})
        if row.failed or year is None:
            return
        key: TargetKey = (code, year, quarter)
        if self._unique(row, None, ("target", *key), _("target %s") % target_label(key)):
            self.plan.targets[key] = {"nilai": value}

    def _budget(self, row: RowReader) -> None:
        code = row.text("kode_sub_kegiatan", required=True, max_length=40)
        if code:
            self._check_node_ref(row, "kode_sub_kegiatan", code, Level.SUB_KEGIATAN)
        year = self._year(row)
        values = {
            name: row.number(
                name,
                required=name == "pagu",
                digits=MONEY,
                negative=False,
            )
            for name in ("pagu", "kas_tw1", "kas_tw2", "kas_tw3", "kas_tw4")
        }
        if row.failed or year is None:
            return
        key: BudgetKey = (code, year)
        if self._unique(row, None, ("budget", *key), _("anggaran %s") % budget_label(key)):
            self.plan.budgets[key] = values


def target_label(key: TargetKey) -> str:
    code, year, quarter = key
    return f"{code} · {year} · " + (f"TW {ROMAN[quarter]}" if quarter else _("tahunan"))


def budget_label(key: BudgetKey) -> str:
    return f"{key[0]} · {key[1]}"
