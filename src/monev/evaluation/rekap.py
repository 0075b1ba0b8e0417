"""Step 3's output, "Rekap data kinerja Dinas": generated from the quarter's results (never
uploaded), as an XLSX workbook and as a PDF with the agency's letterhead.

One row per indicator (target, realisation and achievement s/d the quarter, rating, annual
progress, data-quality flags), grouped by Bidang with the Bidang's mean, and the agency's mean
at the end (RULES §3–§5)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from monev.core import formats, xlsx
from monev.core.formats import EMPTY, document_day
from monev.core.typeset import LETTER, agency_letterhead, array, compile_pdf, fractions, lit
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


#: The rekap carries no date of its own in the file: one quarter's results, the same bytes.
FILE_DATE = datetime(2000, 1, 1, tzinfo=UTC)

#: The rekap's table: the group rows (a Bidang, the agency's mean) bold on a tint.
TABLE = """
#let group(cells) = cells.map(c => table.cell(fill: rgb("#eef4f0"), strong(c)))
"""


def to_pdf(rekap: Rekap) -> bytes:
    """Return the rekap as an A4 landscape PDF with the letterhead and page numbers."""
    numeric = (False, False, False, False, True, True, True, False, True, True)
    rows: list[str] = []

    def group(name: str, summary: GroupSummary) -> None:
        cells = ["", "", name, "", "", "", format_percent(summary.mean),
                 formats.document_rating(summary.rating), "", ""]  # fmt: skip
        rows.append(f"..group({array(cells)})")

    number = 0
    for g in rekap.groups:
        group(g.name, g.summary)
        for result in g.results:
            number += 1
            decimals = result.indicator.decimals
            cells = [
                str(number),
                result.indicator.code,
                result.indicator.name + (f" — {_flags(result)}" if result.flags else ""),
                result.indicator.unit_of_measure,
                format_number(result.target, decimals),
                format_number(result.realization, decimals),
                format_percent(result.achievement),
                formats.document_rating(result.rating),
                format_number(result.annual_target, decimals),
                format_percent(result.annual_progress),
            ]
            rows.append(", ".join(lit(c) for c in cells))
    group("RATA-RATA CAPAIAN DINAS", rekap.summary)
    shares = (0.035, 0.125, 0.285, 0.07, 0.075, 0.075, 0.07, 0.09, 0.075, 0.085)
    aligns = "(" + "".join("right, " if n else "left, " for n in numeric) + ")"
    printed = _("Dihasilkan dari data yang diajukan, %(date)s") % {
        "date": document_day(rekap.printed_on)
    }
    files: dict[str, bytes] = {}
    markup = (
        f"#set document(title: {lit(rekap.caption)}, author: {lit(rekap.agency.name)})\n"
        f"{LETTER}{TABLE}"
        '#set page(paper: "a4", flipped: true, margin: (x: 12mm, top: 10mm, bottom: 14mm),\n'
        "  footer: context { set text(size: 7pt, fill: gray)\n"
        f"    grid(columns: (1fr, auto), {lit(rekap.caption)},\n"
        '      "Halaman " + str(here().page())) })\n'
        + agency_letterhead(rekap.agency, files)
        + f"#title({lit(rekap.title)})\n"
        f"#align(center, text(size: 8pt, {lit(printed)}))\n#v(2mm)\n"
        "#{ set text(size: 7pt)\n"
        f"table(columns: {fractions(shares)}, stroke: 0.5pt, inset: (x: 3pt, y: 2pt),\n"
        f'  align: {aligns}, fill: (x, y) => if y == 0 {{ rgb("#dde9e2") }},\n'
        f"  table.header(..{array(list(HEADINGS[:10]))}.map(h => align(center, strong(h)))),\n"
        + ",\n".join(rows)
        + ") }\n"
    )
    return compile_pdf(markup, files=files, created=FILE_DATE)
