"""The consolidated view (SPEC §14) as a workbook: one row per agency, ranked as on the page,
with the page's columns and words (the year's Perjanjian Kinerja and LKjIP included)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from monev.core import formats, xlsx
from monev.evaluation.consolidated import Consolidated, report_label


def export(data: Consolidated, *, printed_on: date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"Kinerja PD TW {formats.roman(data.quarter)} {data.year}"
    headings = [
        _("Peringkat"),
        _("Perangkat Daerah"),
        _("Rata-rata capaian (%)"),
        _("Predikat"),
        _("Indikator"),
        _("Pagu (Rp)"),
        _("Realisasi anggaran (Rp)"),
        _("Serapan anggaran (%)"),
        _("Status laporan"),
        _("Perjanjian Kinerja"),
        _("LKjIP"),
        _("Langkah SOP selesai"),
        _("Tepat waktu (%)"),
    ]
    sheet.append([_("KINERJA PERANGKAT DAERAH")])
    sheet.append(
        [_("Triwulan %(q)s Tahun %(y)s") % {"q": formats.roman(data.quarter), "y": data.year}]
    )
    sheet.append([_("Dicetak %(date)s") % {"date": formats.day(printed_on)}])
    sheet.append([])
    sheet.append(headings)
    bold = Font(bold=True)
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cell in sheet[5]:
        cell.font = bold
        cell.border = grid
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="DDEBE3")
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"].font = Font(bold=True, size=12)
    for row in data.rows:
        summary = row.results
        sheet.append(
            [
                row.rank,
                row.agency.name,
                xlsx.cell_value(summary.mean),
                formats.rating(row.rating) if row.rating else None,
                summary.indicators,
                xlsx.cell_value(summary.pagu),
                xlsx.cell_value(summary.spent),
                xlsx.cell_value(summary.absorption),
                report_label(row.report_status),
                row.pk_shown,
                row.lkjip_label,
                row.steps_done,
                xlsx.cell_value(row.sop_on_time_pct),
            ]
        )
        line = sheet.max_row
        for column in (3, 8, 13):
            sheet.cell(line, column).number_format = xlsx.number_format(2)
        for column in (6, 7):
            sheet.cell(line, column).number_format = xlsx.number_format(0)
    sheet.append([None, _("RATA-RATA KABUPATEN"), xlsx.cell_value(data.mean)])
    sheet.cell(sheet.max_row, 2).font = bold
    sheet.cell(sheet.max_row, 3).font = bold
    sheet.cell(sheet.max_row, 3).number_format = xlsx.number_format(2)
    for line in sheet.iter_rows(min_row=6, max_row=sheet.max_row):
        for cell in line:
            cell.border = grid
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip(
        "ABCDEFGHIJKLM", (10, 48, 14, 14, 11, 18, 18, 14, 16, 24, 14, 12, 12), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C6"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return xlsx.workbook_bytes(book)
