"""The plan as stored, as plain values (`plan_snapshot`), and the plan workbook written from it
(`export_plan`, `export_template`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from monev.core.xlsx import cell_value, workbook_bytes
from monev.planning.models import (
    Budget,
    Indicator,
    PlanNode,
    RenstraPeriod,
    StageBudget,
    StageTarget,
    Target,
)
from monev.planning.xlsx import schema
from monev.planning.xlsx.schema import NO, YES, PlanData, Values


def plan_snapshot(period: RenstraPeriod) -> PlanData:
    """Return the period's plan as stored, in display order (order, then code)."""
    data = PlanData()
    nodes = PlanNode.objects.filter(period=period).select_related("parent", "responsible_unit")
    for node in nodes.order_by("order", "code"):
        data.nodes[node.code] = {
            "tingkat": node.level,
            "nama": node.name,
            "kode_induk": node.parent.code if node.parent else "",
            "kode_unit": node.responsible_unit.code if node.responsible_unit else "",
            "urutan": node.order,
        }
    indicators = Indicator.objects.filter(period=period).select_related("node", "responsible_unit")
    for ind in indicators.order_by("order", "code"):
        data.indicators[ind.code] = {
            "kode_unsur": ind.node.code,
            "nama": ind.name,
            "satuan": ind.unit_of_measure,
            "polaritas": ind.polarity,
            "agregasi": ind.aggregation,
            "varian_negatif": ind.negative_variant,
            "desimal": ind.decimals,
            "iku": ind.is_iku,
            "kode_unit": ind.responsible_unit.code,
            "kondisi_awal": ind.baseline,
            "target_akhir": ind.end_target,
            "definisi": ind.definition,
            "sumber_data": ind.data_source,
            "urutan": ind.order,
        }
    targets = Target.objects.filter(indicator__period=period).select_related("indicator")
    for t in targets.order_by(
        "indicator__order", "indicator__code", "year", F("quarter").asc(nulls_first=True)
    ):
        data.targets[(t.indicator.code, t.year, t.quarter)] = {"nilai": t.value}
    budgets = Budget.objects.filter(node__period=period).select_related("node")
    for b in budgets.order_by("node__order", "node__code", "year"):
        data.budgets[(b.node.code, b.year)] = {
            "pagu": b.pagu,
            **{f"kas_tw{q}": v for q, v in enumerate(b.cash_plan, start=1)},
        }
    _apply_stages(period, data)
    return data


def _apply_stages(period: RenstraPeriod, data: PlanData) -> None:
    """Overlay the period's plan stages (RULES §11) on the murni targets and budgets: the
    workbook holds the plan as it stands now, so an import compares with the last stage."""
    stage_targets = StageTarget.objects.filter(stage__period=period).order_by(
        "stage__year", "stage__number"
    )
    for code, year, quarter, value in stage_targets.values_list(
        "indicator__code", "stage__year", "quarter", "value"
    ):
        data.targets[(code, year, quarter)] = {"nilai": value}
    stage_budgets = StageBudget.objects.filter(stage__period=period).order_by(
        "stage__year", "stage__number"
    )
    for row in stage_budgets.select_related("node", "stage"):
        empty: dict[str, Any] = {"pagu": None, **{f"kas_tw{q}": None for q in (1, 2, 3, 4)}}
        values = data.budgets.setdefault((row.node.code, row.stage.year), empty)
        if row.pagu is not None:
            values["pagu"] = row.pagu
        for q, amount in enumerate(row.cash_plan, start=1):
            if amount is not None:
                values[f"kas_tw{q}"] = amount


# --- Export -------------------------------------------------------------------------------------


def export_plan(period: RenstraPeriod) -> bytes:
    """Return the period's plan as an XLSX workbook (Petunjuk, one sheet per kind, Meta)."""
    title = _("Rencana kinerja %(agency)s — %(name)s, tahun %(start)s–%(end)s") % {
        "name": period.name,
        "start": period.start_year,
        "end": period.end_year,
        "agency": period.agency.name,
    }
    meta = {"periode_awal": period.start_year, "periode_akhir": period.end_year}
    return _workbook_bytes(plan_snapshot(period), title, {**meta, "nama_periode": period.name})


def export_template() -> bytes:
    """Return the empty workbook: same sheets and columns, no rows, usable for any period."""
    title = _("Templat rencana kinerja (kosong) — dapat diunggah ke periode mana pun")
    meta = {"periode_awal": None, "periode_akhir": None, "nama_periode": None}
    return _workbook_bytes(PlanData(), title, meta)


def _sheet_rows(data: PlanData) -> dict[str, list[Values]]:
    """Return the rows of every data sheet, each row keyed by column name."""
    rows: dict[str, list[Values]] = {
        sheet: [{"kode": code, **v} for code, v in data.nodes.items() if v["tingkat"] == level]
        for level, sheet in schema.NODE_SHEETS.items()
    }
    rows[schema.INDICATOR_SHEET] = [{"kode": code, **v} for code, v in data.indicators.items()]
    rows[schema.TARGET_SHEET] = [
        {"kode_indikator": code, "tahun": year, "triwulan": quarter, **v}
        for (code, year, quarter), v in data.targets.items()
    ]
    rows[schema.BUDGET_SHEET] = [
        {"kode_sub_kegiatan": code, "tahun": year, **v} for (code, year), v in data.budgets.items()
    ]
    return rows


def _workbook_bytes(data: PlanData, title: str, meta: dict[str, Any]) -> bytes:
    book = Workbook()
    guide = book.active
    assert isinstance(guide, Worksheet)
    _write_guide(guide, title)
    for sheet, rows in _sheet_rows(data).items():
        _write_sheet(book.create_sheet(sheet), sheet, rows)
    info = book.create_sheet(schema.META_SHEET)
    info.append(["kunci", "nilai"])
    for row in [("format", schema.FORMAT_VERSION), *meta.items()]:
        info.append(list(row))
    info.sheet_state = "hidden"
    return workbook_bytes(book)


def _cell(value: Any) -> Any:
    """Return what a cell holds for a plan value: numbers stay numbers (whole ones as int)."""
    if isinstance(value, bool):
        return YES if value else NO
    return cell_value(value)


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")


def _write_sheet(sheet: Worksheet, title: str, rows: list[Values]) -> None:
    columns = schema.SHEETS[title]
    sheet.append([c.name for c in columns])
    for row in rows:
        sheet.append([_cell(row.get(c.name)) for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].number_format = column.number_format
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = column.number_format
        if column.choices:
            allowed = '"{}"'.format(",".join(column.choices))
            # A warning, not a stop: the import checks the value anyway, with a clear message.
            check = DataValidation(
                type="list", formula1=allowed, allow_blank=True, errorStyle="warning"
            )
            check.showErrorMessage = True
            check.error = _("Isi salah satu: %(allowed)s") % {"allowed": ", ".join(column.choices)}
            check.add(f"{letter}2:{letter}1048576")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}"


def _write_guide(sheet: Worksheet, title: str) -> None:
    sheet.title = schema.GUIDE_SHEET
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for number, rule in enumerate(schema.GUIDE_RULES, start=1):
        sheet.append([f"{number}.", rule])
    sheet.append([])
    sheet.append(["Sheet", "Kolom", "Wajib", "Keterangan", "Nilai yang diizinkan"])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = HEADER_FONT
    for name, columns in schema.SHEETS.items():
        sheet.append([name, "", "", schema.SHEET_HELP[name], ""])
        sheet.cell(row=sheet.max_row, column=1).font = HEADER_FONT
        for c in columns:
            sheet.append(["", c.name, YES if c.required else "", c.help, ", ".join(c.choices)])
    for letter, width in zip("ABCDE", (14, 20, 8, 90, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
