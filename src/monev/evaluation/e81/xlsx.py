"""Formulir E.81 as an XLSX workbook: the same rows and values as the page, every computed
column written as a value (no formulas to recalculate), formatted for printing on A4 or F4
landscape (fit to the page width, header rows repeated on every page)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from monev.core import formats
from monev.core.xlsx import number_format, workbook_bytes
from monev.evaluation.e81.table import DISPLAY_COLUMNS, E81, PERCENT_COLUMNS, QUARTER_COLUMNS

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
NODE_FILL = PatternFill("solid", fgColor="F3F6FA")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
BOLD = Font(bold=True)
HEADER_ROW = 7  # first header row; rows above hold the title block


def _register_styles(workbook: Workbook) -> None:
    """Named styles of the body rows: a plan node (shaded, bold) or an indicator, as text or
    as a number with 0–4 decimals. One named style per kind is far cheaper than styling
    every cell on its own (a ×10 agency has ~30,000 cells)."""
    for kind, fill, font in (("node", NODE_FILL, BOLD), ("ind", None, Font())):
        text = NamedStyle(name=f"e81_{kind}_text", border=BORDER, alignment=WRAP, font=font)
        if fill is not None:
            text.fill = fill
        workbook.add_named_style(text)
        for decimals in range(5):
            number = NamedStyle(
                name=f"e81_{kind}_num{decimals}",
                border=BORDER,
                font=font,
                number_format=number_format(decimals),
            )
            if fill is not None:
                number.fill = fill
            workbook.add_named_style(number)


#: Paper sizes offered for printing (Excel's codes: 9 = A4, 14 = Folio 8,5 × 13 in ≈ F4).
PAPER = {"a4": 9, "f4": 14}


def export(
    table: E81, *, show_code: bool = True, today: date | None = None, paper: str = "a4"
) -> bytes:
    """Return Formulir E.81 of `table` as XLSX bytes, set up for `paper` in landscape."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "E.81"
    lead = ["No", _("Sasaran")]  # "No" (nomor) is the form's own label in both languages
    if show_code:
        lead.append(_("Kode"))
    lead += [
        _("Program/Kegiatan/Sub Kegiatan"),
        _("Indikator kinerja program (outcome)/kegiatan (output)"),
    ]
    first_pair = len(lead) + 1
    last_col = first_pair + 2 * len(DISPLAY_COLUMNS) + 1
    _title(sheet, table, last_col)
    _header(sheet, table, lead, first_pair, last_col)
    _register_styles(workbook)
    row = HEADER_ROW + 4
    for item in table.rows:
        kind = "node" if not item.is_indicator else "ind"
        values: list[object] = [
            item.number,
            f"{item.level_label} {item.sasaran}" if item.sasaran else None,
        ]
        if show_code:
            values.append(item.code)
        values.append(f"{item.level_label} {item.name}" if item.is_budget_node else None)
        values.append(f"{item.name} ({item.unit_of_measure})" if item.is_indicator else None)
        for col, value in enumerate(values, start=1):
            sheet.cell(row=row, column=col, value=value).style = f"e81_{kind}_text"
        for index, (_column, k, k_decimals, rp, rp_decimals) in enumerate(item.display):
            k_cell = sheet.cell(row=row, column=first_pair + 2 * index)
            rp_cell = sheet.cell(row=row, column=first_pair + 2 * index + 1)
            k_cell.style = f"e81_{kind}_num{k_decimals}"
            rp_cell.style = f"e81_{kind}_num{rp_decimals}"
            if item.is_indicator and k is not None:
                k_cell.value = k
            if not item.is_indicator and rp is not None:
                rp_cell.value = rp
            if _column == 7:
                _mark_murni(k_cell, item.murni_target, k_decimals)
                _mark_murni(rp_cell, item.murni_pagu, 0)
        for col, value in ((last_col - 1, item.unit), (last_col, item.remark)):
            sheet.cell(row=row, column=col, value=value or None).style = f"e81_{kind}_text"
        row += 1
    row = _footer(sheet, table, row, first_pair, last_col)
    _signatures(sheet, table, row + 1, last_col, today or date.today())
    _layout(sheet, show_code, first_pair, last_col, PAPER.get(paper, PAPER["a4"]))
    return workbook_bytes(workbook)


def _mark_murni(cell: Any, murni: Decimal | None, decimals: int) -> None:
    """Note the murni value on a cell the stage in force changed (RULES §11); the number
    itself stays a number."""
    if murni is not None:
        text = f"({_('murni')}: {formats.number(murni, decimals)})"
        cell.comment = Comment(text, "monev")


def _title(sheet: Worksheet, table: E81, last_col: int) -> None:
    lines = [
        _("Formulir E.81"),
        _("Evaluasi terhadap hasil Renja Perangkat Daerah lingkup Kabupaten/Kota").upper(),
        f"{_('Renja Perangkat Daerah')} {table.agency.name} {table.agency.government}"
        + (f" — {table.unit_name}" if table.unit_name else ""),
        f"{_('Periode pelaksanaan')}: {table.year} ({_('s/d')} "
        f"{_('Triwulan')} {formats.roman(table.quarter)})",
    ]
    if table.stage_label:  # RULES §11: say which stage, and where the murni values are
        lines.append(
            _("Tahap rencana: %(stage)s; nilai murni yang berubah dicatat pada kolom 7.")
            % {"stage": table.stage_label}
        )
    for index, text in enumerate(lines, start=1):
        sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=last_col)
        cell = sheet.cell(row=index, column=1, value=text)
        cell.alignment = Alignment(horizontal="center")
        cell.font = Font(bold=index <= 2, size=12 if index <= 2 else 11)


def _header(sheet: Worksheet, table: E81, lead: list[str], first_pair: int, last_col: int) -> None:
    top = HEADER_ROW
    for col, label in enumerate(lead, start=1):
        sheet.merge_cells(start_row=top, start_column=col, end_row=top + 2, end_column=col)
        sheet.cell(row=top, column=col, value=label)
    quarters_at = DISPLAY_COLUMNS.index(8)
    for index, (column, label, numbering) in enumerate(table.column_labels):
        col = first_pair + 2 * index
        if column in QUARTER_COLUMNS:
            sheet.merge_cells(
                start_row=top + 1, start_column=col, end_row=top + 1, end_column=col + 1
            )
            sheet.cell(row=top + 1, column=col, value=label)
        else:
            sheet.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col + 1)
            sheet.cell(row=top, column=col, value=label)
        sheet.cell(row=top + 2, column=col, value="K")
        sheet.cell(row=top + 2, column=col + 1, value="Rp")
        sheet.merge_cells(start_row=top + 3, start_column=col, end_row=top + 3, end_column=col + 1)
        sheet.cell(row=top + 3, column=col, value=numbering)
    quarter_col = first_pair + 2 * quarters_at
    sheet.merge_cells(
        start_row=top, start_column=quarter_col, end_row=top, end_column=quarter_col + 7
    )
    sheet.cell(row=top, column=quarter_col, value=table.quarters_label)
    for col, label in ((last_col - 1, _("Unit PD penanggung jawab")), (last_col, _("Keterangan"))):
        sheet.merge_cells(start_row=top, start_column=col, end_row=top + 2, end_column=col)
        sheet.cell(row=top, column=col, value=label)
    numbers = ["1", "2", *([""] if len(lead) == 5 else []), "3", "4"]
    for col, text in enumerate(numbers, start=1):
        sheet.cell(row=top + 3, column=col, value=text or None)
    sheet.cell(row=top + 3, column=last_col - 1, value="15")
    sheet.cell(row=top + 3, column=last_col, value="16")
    for r in range(top, top + 4):
        for col in range(1, last_col + 1):
            cell = sheet.cell(row=r, column=col)
            cell.alignment = CENTER
            cell.border = BORDER
            cell.fill = HEADER_FILL
            cell.font = Font(bold=r < top + 3, italic=r == top + 3, size=9)


def _footer(sheet: Worksheet, table: E81, row: int, first_pair: int, last_col: int) -> int:
    """The budget total and the footer rows of the form; return the next free row."""
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=first_pair - 1)
    sheet.cell(row=row, column=1, value=_("Jumlah anggaran")).font = BOLD
    for index, (_column, rp, decimals) in enumerate(table.total_display):
        if rp is not None:
            cell = sheet.cell(row=row, column=first_pair + 2 * index + 1, value=rp)
            cell.number_format = number_format(decimals)
            cell.font = BOLD
    for col in range(1, last_col + 1):
        sheet.cell(row=row, column=col).border = BORDER
    row += 1
    note = table.note
    footer: list[tuple[str, object]] = [
        (_("Rata-rata capaian kinerja (%)"), table.mean),
        (_("Predikat kinerja"), formats.rating(table.rating) if table.rating else None),
        (_("Faktor pendorong keberhasilan pencapaian kinerja"), note.drivers if note else None),
        (_("Faktor penghambat pencapaian kinerja"), note.obstacles if note else None),
        (
            _("Tindak lanjut yang diperlukan dalam triwulan berikutnya"),
            note.next_quarter if note else None,
        ),
        (
            _("Tindak lanjut yang diperlukan dalam Renja PD berikutnya"),
            note.next_renja if note else None,
        ),
    ]
    for label, value in footer:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=first_pair - 1)
        sheet.merge_cells(start_row=row, start_column=first_pair, end_row=row, end_column=last_col)
        sheet.cell(row=row, column=1, value=label).font = BOLD
        cell = sheet.cell(row=row, column=first_pair, value=value or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if label == footer[0][0] and table.mean is not None:
            cell.number_format = "#,##0.00"
            cell.font = BOLD
        for col in range(1, last_col + 1):
            sheet.cell(row=row, column=col).border = BORDER
        text = str(value or "")
        sheet.row_dimensions[row].height = max(15, 15 * (len(text) // 160 + 1))
        row += 1
    return row


def _signatures(sheet: Worksheet, table: E81, row: int, last_col: int, today: date) -> None:
    """The "Disusun" (head of the agency) and "Dievaluasi" (evaluator) blocks."""
    half = last_col // 2
    spans = ((1, half), (half + 1, last_col))
    for (label, signer), (start, end) in zip(table.signers, spans, strict=True):
        lines = [
            f"{label}, {table.agency.city}, {formats.day(today)}",
            signer.title or "………………………………",
            None,
            None,
            None,
            signer.name or "………………………………",
            signer.pangkat or None,
            f"NIP {formats.nip(signer.nip) if signer.nip else '………………………………'}",
        ]
        for offset, text in enumerate(lines):
            sheet.merge_cells(
                start_row=row + offset, start_column=start, end_row=row + offset, end_column=end
            )
            cell = sheet.cell(row=row + offset, column=start, value=text)
            cell.alignment = Alignment(horizontal="center")
            if offset == 5:
                cell.font = Font(bold=True, underline="single")


def _layout(
    sheet: Worksheet, show_code: bool, first_pair: int, last_col: int, paper_size: int
) -> None:
    widths = [5, 22, *([18] if show_code else []), 30, 30]
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    for index, column in enumerate(DISPLAY_COLUMNS):
        k_col = first_pair + 2 * index
        sheet.column_dimensions[get_column_letter(k_col)].width = (
            9 if column in PERCENT_COLUMNS else 10
        )
        sheet.column_dimensions[get_column_letter(k_col + 1)].width = (
            9 if column in PERCENT_COLUMNS else 15
        )
    sheet.column_dimensions[get_column_letter(last_col - 1)].width = 18
    sheet.column_dimensions[get_column_letter(last_col)].width = 14
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 4, column=first_pair)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 3}"
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = paper_size
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.3
    sheet.page_margins.top = sheet.page_margins.bottom = 0.4
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "&P / &N"
