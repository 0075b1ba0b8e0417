"""Step 3's output, "Rekap data kinerja Dinas": generated from the quarter's results (never
uploaded), as an XLSX workbook and as a PDF with the agency's letterhead.

One row per indicator (target, realisation and achievement s/d the quarter, rating, annual
progress, data-quality flags), grouped by Bidang with the Bidang's mean, and the agency's mean
at the end (RULES §3–§5)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from monev.core import formats, xlsx
from monev.core.formats import EMPTY, document_day
from monev.core.kop import kop
from monev.domain.aggregates import GroupSummary, summarize
from monev.domain.numbers import format_number, format_percent
from monev.domain.periods import roman
from monev.evaluation.flags import describe


@dataclass
class Group:
    """One Bidang's indicators and their summary (RULES §5)."""

    name: str
    results: list[Any]
    summary: GroupSummary


@dataclass
class Rekap:
    agency: Any
    year: int
    quarter: int
    groups: list[Group]
    summary: GroupSummary
    printed_on: date

    @property
    def caption(self) -> str:
        return f"Rekap Data Kinerja Dinas Triwulan {roman(self.quarter)} Tahun {self.year}"

    @property
    def title(self) -> str:
        return f"REKAP DATA KINERJA DINAS TRIWULAN {roman(self.quarter)} TAHUN {self.year}"


def build(agency: Any, *, year: int, quarter: int, results: list[Any], today: date) -> Rekap:
    """Group the results by responsible Bidang (in the order of the plan)."""
    from monev.evaluation.store import year_data

    settings = year_data(agency.pk, year).settings  # the agency's cap and bands (RULES §4, §5)
    by_unit: dict[str, list[Any]] = defaultdict(list)
    for result in results:
        by_unit[str(result.indicator.responsible_unit or EMPTY)].append(result)
    groups = [
        Group(
            name, rows, summarize([r.achievement for r in rows], settings.group_cap, settings.bands)
        )
        for name, rows in by_unit.items()
    ]
    summary = summarize([r.achievement for r in results], settings.group_cap, settings.bands)
    return Rekap(agency, year, quarter, groups, summary, today)


def _flags(result: Any) -> str:
    return "; ".join(describe(f.code, f.params) for f in result.flags)


HEADINGS = (
    "No",
    "Kode",
    "Indikator",
    "Satuan",
    "Target s/d TW",
    "Realisasi s/d TW",
    "Capaian (%)",
    "Predikat",
    "Target tahunan",
    "Progres tahunan (%)",
    "Tanda kualitas data",
)


def to_xlsx(rekap: Rekap) -> bytes:
    """Return the rekap as a workbook: one sheet, a heading block, one row per indicator."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"Rekap TW {roman(rekap.quarter)} {rekap.year}"
    bold = Font(bold=True)
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([rekap.agency.name.upper()])
    sheet.append([rekap.title])
    sheet.append([f"Dicetak {document_day(rekap.printed_on)}"])
    sheet.append([])
    sheet.append(list(HEADINGS))
    for cell in sheet[5]:
        cell.font = bold
        cell.border = grid
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="DDEBE3")
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"].font = Font(bold=True, size=12)
    number = 0
    for group in rekap.groups:
        sheet.append([None, None, group.name])
        row = sheet.max_row
        sheet.cell(row, 3).font = bold
        sheet.cell(row, 7, xlsx.cell_value(group.summary.mean)).font = bold
        sheet.cell(row, 7).number_format = xlsx.number_format(2)
        sheet.cell(row, 8, formats.document_rating(group.summary.rating)).font = bold
        for result in group.results:
            number += 1
            decimals = result.indicator.decimals
            sheet.append(
                [
                    number,
                    result.indicator.code,
                    result.indicator.name,
                    result.indicator.unit_of_measure,
                    xlsx.cell_value(result.target),
                    xlsx.cell_value(result.realization),
                    xlsx.cell_value(result.achievement),
                    formats.document_rating(result.rating),
                    xlsx.cell_value(result.annual_target),
                    xlsx.cell_value(result.annual_progress),
                    _flags(result),
                ]
            )
            row = sheet.max_row
            for column in (5, 6, 9):
                sheet.cell(row, column).number_format = xlsx.number_format(decimals)
            for column in (7, 10):
                sheet.cell(row, column).number_format = xlsx.number_format(2)
    sheet.append([None, None, "RATA-RATA CAPAIAN DINAS"])
    row = sheet.max_row
    sheet.cell(row, 3).font = bold
    sheet.cell(row, 7, xlsx.cell_value(rekap.summary.mean)).font = bold
    sheet.cell(row, 7).number_format = xlsx.number_format(2)
    sheet.cell(row, 8, formats.document_rating(rekap.summary.rating)).font = bold
    for line in sheet.iter_rows(min_row=6, max_row=sheet.max_row):
        for cell in line:
            cell.border = grid
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip(
        "ABCDEFGHIJK", (5, 24, 48, 12, 13, 13, 11, 14, 13, 12, 36), strict=True
    ):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "D6"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "5:5"
    return xlsx.workbook_bytes(book)  # user text never becomes a formula


CELL = ParagraphStyle("rk_cell", fontName="Helvetica", fontSize=7, leading=8.5)
NUM = ParagraphStyle("rk_num", CELL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("rk_head", CELL, fontName="Helvetica-Bold", alignment=TA_CENTER)
GROUP = ParagraphStyle("rk_group", CELL, fontName="Helvetica-Bold")
GROUP_NUM = ParagraphStyle("rk_group_num", GROUP, alignment=TA_RIGHT)
TITLE = ParagraphStyle(
    "rk_title", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=TA_CENTER
)
SMALL = ParagraphStyle(
    "rk_small", fontName="Helvetica", fontSize=8, leading=10, alignment=TA_CENTER
)


def _p(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(text), style)


def to_pdf(rekap: Rekap) -> bytes:
    """Return the rekap as an A4 landscape PDF with the letterhead and page numbers."""
    page = landscape(A4)
    margin = 12 * mm
    width = page[0] - 2 * margin
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=10 * mm,
        bottomMargin=12 * mm,
        title=rekap.caption,
        author=rekap.agency.name,
        creator="Monev Kinerja",
        invariant=True,
    )
    rows: list[list[Any]] = [[_p(h, HEAD) for h in HEADINGS[:10]]]
    styles: list[tuple[Any, ...]] = []
    number = 0
    for group in rekap.groups:
        rows.append(
            [
                "",
                "",
                _p(group.name, GROUP),
                "",
                "",
                "",
                _p(format_percent(group.summary.mean), GROUP_NUM),
                _p(formats.document_rating(group.summary.rating), GROUP),
                "",
                "",
            ]
        )
        styles.append(
            ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), colors.HexColor("#eef4f0"))
        )
        for result in group.results:
            number += 1
            decimals = result.indicator.decimals
            rows.append(
                [
                    _p(str(number), NUM),
                    _p(result.indicator.code),
                    _p(result.indicator.name + (f" — {_flags(result)}" if result.flags else "")),
                    _p(result.indicator.unit_of_measure),
                    _p(format_number(result.target, decimals), NUM),
                    _p(format_number(result.realization, decimals), NUM),
                    _p(format_percent(result.achievement), NUM),
                    _p(formats.document_rating(result.rating)),
                    _p(format_number(result.annual_target, decimals), NUM),
                    _p(format_percent(result.annual_progress), NUM),
                ]
            )
    rows.append(
        [
            "",
            "",
            _p("RATA-RATA CAPAIAN DINAS", GROUP),
            "",
            "",
            "",
            _p(format_percent(rekap.summary.mean), GROUP_NUM),
            _p(formats.document_rating(rekap.summary.rating), GROUP),
            "",
            "",
        ]
    )
    fractions = (0.035, 0.125, 0.285, 0.07, 0.075, 0.075, 0.07, 0.09, 0.075, 0.085)
    table = Table(rows, colWidths=[width * f for f in fractions], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde9e2")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                *styles,
            ]
        )
    )
    story = [
        *kop(rekap.agency, width),
        Spacer(1, 4 * mm),
        _p(rekap.title, TITLE),
        _p(
            _("Dihasilkan dari data yang diajukan, %(date)s")
            % {"date": document_day(rekap.printed_on)},
            SMALL,
        ),
        Spacer(1, 4 * mm),
        table,
    ]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(colors.grey)
        canvas.drawString(margin, 6 * mm, rekap.caption)
        canvas.drawRightString(page[0] - margin, 6 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
