"""Writing a Bidang's format isian as an XLSX workbook (docs/form-workbook.md): the Isian,
Anggaran and Narasi sheets with their yellow cells, and the hidden Meta sheet naming the
submission, its version and the plan's fingerprint."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from monev.collection import selectors
from monev.collection.models import Submission
from monev.collection.xlsx.schema import (
    ANNUAL_TARGET,
    BEFORE,
    BUDGET_COLUMNS,
    BUDGET_SHEET,
    CODE,
    FORM_COLUMNS,
    FORM_SHEET,
    FORMAT_VERSION,
    HEADER_ROW,
    META_SHEET,
    NARRATIVE_COLUMNS,
    NARRATIVE_SHEET,
    NARRATIVES,
    NO_DATA,
    PAGU,
    QUARTER_TARGET,
    SPENT,
    SPENT_BEFORE,
    YES,
    Column,
)
from monev.core import formats
from monev.core.xlsx import cell_value, number_format, workbook_bytes
from monev.domain.achievement import ytd_realization
from monev.domain.periods import quarter_label, roman

TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
EDITABLE_FILL = PatternFill("solid", start_color="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def plan_fingerprint(
    lines: list[selectors.IndicatorLine], budget_lines: list[selectors.BudgetLine]
) -> str:
    """Return a short hash of the Bidang's indicator and sub kegiatan codes: it changes when
    the plan gains, loses or renames a row of the form, and only then."""
    indicators = sorted(line.indicator.code for line in lines)
    nodes = sorted(line.node.code for line in budget_lines)
    text = "\n".join([*indicators, "--", *nodes])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def filename(submission: Submission) -> str:
    """Return e.g. "format-isian-BID-KOP-2026-TW-III.xlsx"."""
    cycle = submission.cycle
    return f"format-isian-{submission.unit.code}-{cycle.year}-TW-{roman(cycle.quarter)}.xlsx"


# --- Export -------------------------------------------------------------------------------------


def export_form(submission: Submission) -> bytes:
    """Return the submission's format isian as an XLSX workbook: sheets "Isian" (indicators),
    "Anggaran" (sub kegiatan budget), "Narasi" (the Bidang's narratives) and the hidden
    "Meta", pre-filled with what is stored. Editable cells are yellow and unlocked."""
    lines, budget_lines = selectors.form_rows(submission)
    book = Workbook()
    first = book.active
    assert isinstance(first, Worksheet)
    first.title = FORM_SHEET
    _write_indicators(first, submission, lines)
    _write_budget(book.create_sheet(BUDGET_SHEET), submission, budget_lines)
    _write_narratives(book.create_sheet(NARRATIVE_SHEET), submission)
    cycle = submission.cycle
    meta = book.create_sheet(META_SHEET)
    meta.append(["kunci", "nilai"])
    for pair in (
        ("format", FORMAT_VERSION),
        ("laporan", submission.pk),
        ("kode_unit", submission.unit.code),
        ("nama_unit", submission.unit.name),
        ("tahun", cycle.year),
        ("triwulan", cycle.quarter),
        ("versi", submission.version),
        ("sidik_rencana", plan_fingerprint(lines, budget_lines)),
        ("diunduh", formats.moment(timezone.now())),
    ):
        meta.append(list(pair))
    meta.sheet_state = "hidden"
    book.security = WorkbookProtection(lockStructure=True)  # no renamed or unhidden sheets
    return workbook_bytes(book)


def _start_sheet(
    sheet: Worksheet, submission: Submission, columns: tuple[Column, ...], title: str, hint: str
) -> None:
    """Write the lines naming the form (rows 1–5), the column titles (row 7), widths and the
    print setup (A4 landscape, one page wide, titles repeated on every page)."""
    cycle = submission.cycle
    agency = cycle.agency
    lines = [
        title,
        _("Instansi: %(agency)s") % {"agency": agency.name},
        _("Bidang/unit: %(unit)s") % {"unit": submission.unit.name},
        _("Tahun %(year)s, %(quarter)s")
        % {"year": cycle.year, "quarter": quarter_label(cycle.quarter)},
        hint,
    ]
    last = get_column_letter(len(columns))
    for number, text in enumerate(lines, start=1):
        sheet.cell(row=number, column=1, value=text)
        sheet.merge_cells(f"A{number}:{last}{number}")
    sheet["A1"].font = TITLE_FONT
    sheet["A5"].font = Font(italic=True)
    sheet["A5"].alignment = WRAP
    sheet.row_dimensions[5].height = 45
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.title)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"C{HEADER_ROW + 1}" if len(columns) > 2 else f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    # Protected without a password: it guards against accidental edits, not against intent.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_row(
    sheet: Worksheet, columns: tuple[Column, ...], values: list[Any], formats: dict[Column, str]
) -> None:
    sheet.append([cell_value(v) for v in values])
    row = sheet.max_row
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=index)
        cell.alignment = WRAP if column.wrap else TOP
        if column in formats:
            cell.number_format = formats[column]
        if column.editable:
            cell.fill = EDITABLE_FILL
            cell.protection = Protection(locked=False)


def _write_indicators(
    sheet: Worksheet, submission: Submission, lines: list[selectors.IndicatorLine]
) -> None:
    quarter = submission.cycle.quarter
    hint = _(
        "Isi hanya sel berwarna kuning. Angka boleh diketik 1.234,5 atau 1234.5. Bila data "
        "belum tersedia, kosongkan realisasi, isi «ya» di kolom «Tidak ada data» dan tulis "
        "alasannya. Jangan mengubah judul kolom atau kode, dan jangan menghapus baris."
    )
    title = _("Format isian monitoring dan evaluasi kinerja — realisasi indikator")
    _start_sheet(sheet, submission, FORM_COLUMNS, title, hint)
    for line in lines:
        indicator, stored = line.indicator, line.realization
        previous = dict(enumerate(line.previous, start=1))
        before = ytd_realization(indicator.aggregation, previous, quarter - 1).value
        shown = number_format(indicator.decimals)
        _write_row(
            sheet,
            FORM_COLUMNS,
            [
                indicator.code,
                indicator.name,
                indicator.unit_of_measure,
                line.annual_target,
                line.quarter_target,
                before if quarter > 1 else None,
                stored.value if stored else None,
                YES if stored and stored.no_data else None,
                stored.no_data_reason if stored else None,
                stored.note if stored else None,
            ],
            {ANNUAL_TARGET: shown, QUARTER_TARGET: shown, BEFORE: shown, CODE: "@"},
        )
    if lines:
        letter = get_column_letter(FORM_COLUMNS.index(NO_DATA) + 1)
        # A warning, not a stop: the upload checks the value anyway, with a clear message.
        check = DataValidation(
            type="list", formula1=f'"{YES}"', allow_blank=True, errorStyle="warning"
        )
        check.error = _("Isi «ya» bila tidak ada data, atau kosongkan.")
        check.showErrorMessage = True
        check.add(f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + len(lines)}")
        sheet.add_data_validation(check)


def _write_budget(
    sheet: Worksheet, submission: Submission, budget_lines: list[selectors.BudgetLine]
) -> None:
    hint = _(
        "Isi realisasi anggaran triwulan ini (Rp) di sel berwarna kuning; kosongkan bila belum "
        "ada. Jangan mengubah judul kolom atau kode, dan jangan menghapus baris."
    )
    title = _("Format isian monitoring dan evaluasi kinerja — realisasi anggaran sub kegiatan")
    _start_sheet(sheet, submission, BUDGET_COLUMNS, title, hint)
    rupiah = "#,##0"
    for line in budget_lines:
        _write_row(
            sheet,
            BUDGET_COLUMNS,
            [line.node.code, line.node.name, line.pagu, line.spent_before, line.amount],
            {PAGU: rupiah, SPENT_BEFORE: rupiah, SPENT: rupiah, CODE: "@"},
        )


def _write_narratives(sheet: Worksheet, submission: Submission) -> None:
    hint = _(
        "Tuliskan kendala, tindak lanjut, faktor pendorong, dan faktor penghambat Bidang pada "
        "triwulan ini di kolom «Isi». Jangan mengubah kolom «Uraian»."
    )
    title = _("Format isian monitoring dan evaluasi kinerja — narasi Bidang")
    _start_sheet(sheet, submission, NARRATIVE_COLUMNS, title, hint)
    for name, label in NARRATIVES.items():
        _write_row(sheet, NARRATIVE_COLUMNS, [label, getattr(submission, name)], {})
        sheet.row_dimensions[sheet.max_row].height = 75
