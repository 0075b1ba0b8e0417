"""Reading the data sheets of a plan workbook into `PlanData`, the plan as plain values keyed
by code, checking every value and reference between sheets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from monev.organization.models import Unit
from monev.planning.choices import PARENT_LEVEL, Aggregation, Level, NegativeVariant, Polarity
from monev.planning.models import RenstraPeriod
from monev.planning.xlsx.cells import (
    RowReader,
    read_sheet,
)
from monev.planning.xlsx.layout import (
    BUDGET_SHEET,
    INDICATOR_SHEET,
    MONEY,
    NODE_SHEETS,
    TARGET_SHEET,
    ImportError_,
)

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
