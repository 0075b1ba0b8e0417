"""Render a Perjanjian Kinerja snapshot as DOCX with python-docx, in the PDF's layout: the kop,
the agreement and both signature blocks; the table of targets and of programs with the
signatures again; the rencana aksi as its lampiran. No ORM here. The same version gives the
same bytes (`monev.core.docx_package.saved`)."""

from __future__ import annotations

from datetime import date, datetime, time
from io import BytesIO
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from monev.annual import texts
from monev.annual.snapshot import Party, PkSnapshot
from monev.core import images
from monev.core.docx_package import saved
from monev.core.typeset import contact_line, image_name

FONT = "Liberation Sans"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT


def _paragraph(
    doc: Any, text: str = "", *, size: float = 10, bold: bool = False, align: Any = None,
    after: float = 4,
) -> Any:  # fmt: skip
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if align is not None:
        p.alignment = align
    for i, line in enumerate(text.split("\n")):
        run = p.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        if i < len(text.split("\n")) - 1:
            run.add_break()
    return p


def _rule(doc: Any) -> None:
    """The kop's double rule under the letterhead."""
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(6)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "thinThickSmallGap"), ("sz", "18"), ("space", "1"),
                       ("color", "000000")):  # fmt: skip
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)


def _widths(table: Any, widths_mm: list[float]) -> None:
    """Fix the columns' widths: Word reads the cells' widths, LibreOffice the table grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _kop(doc: Any, snap: PkSnapshot, logo: bytes) -> None:
    kop = snap.letterhead
    raster = image_name("logo", logo).endswith((".png", ".jpg")) if logo else False
    table = doc.add_table(rows=1, cols=3)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [25, 120, 25])
    if raster and images.within(logo, 4_000_000):
        table.rows[0].cells[0].paragraphs[0].add_run().add_picture(BytesIO(logo), width=Mm(20))
    middle = table.rows[0].cells[1]
    contact = contact_line(kop.address, kop.phone, kop.email)
    lines = [(kop.government.upper(), 12, True), (kop.agency.upper(), 12, True)] + [
        (line, 8.5, False) for line in (kop.lines or ([contact] if contact else []))
    ]
    first = middle.paragraphs[0]
    for i, (text, size, bold) in enumerate(lines):
        p = first if i == 0 else middle.add_paragraph()
        p.alignment = CENTER
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)
    _rule(doc)


def _heading(doc: Any, snap: PkSnapshot) -> None:
    _paragraph(doc, texts.title(snap), size=11, bold=True, align=CENTER, after=0)
    _paragraph(doc, texts.subtitle(snap), size=11, bold=True, align=CENTER, after=10)


def _who(doc: Any, party: Party) -> None:
    table = doc.add_table(rows=2, cols=3)
    for row, (label, value) in zip(
        table.rows, (("Nama", texts.dotted(party.name)), ("Jabatan", party.position)), strict=True
    ):
        for cell, text in zip(row.cells, (label, ":", value), strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(10)
    _widths(table, [22, 5, 143])


def _headings(cell: Any, headings: list[str]) -> None:
    p = cell.paragraphs[0]
    p.alignment = CENTER
    for heading in headings:
        p.add_run(heading).add_break()
    for _ in range(4):  # room to sign
        p.add_run().add_break()


def _names(cell: Any, party: Party) -> None:
    p = cell.paragraphs[0]
    p.alignment = CENTER
    name = p.add_run(texts.dotted(party.name))
    name.bold = name.underline = bool(party.name)
    for line in (party.pangkat, f"NIP. {party.nip}" if party.nip else ""):
        if line:
            name.add_break()
            name = p.add_run(line)


def _signatures(doc: Any, snap: PkSnapshot) -> None:
    """Both parties side by side, a row for the headings and one for the names (aligned)."""
    doc.add_paragraph()
    table = doc.add_table(rows=2, cols=2)
    _widths(table, [85, 85])
    (left, right), (left_name, right_name) = (row.cells for row in table.rows)
    _headings(left, ["", "PIHAK KEDUA,", snap.second.position + ","])
    _headings(right, [texts.place_date(snap), "PIHAK PERTAMA,", snap.first.position + ","])
    _names(left_name, snap.second)
    _names(right_name, snap.first)


def _grid(doc: Any, headers: list[str], rows: list[list[str]], widths: list[float],
          right: set[int], size: float = 8.5, center: frozenset[int] = frozenset({0})
          ) -> Any:  # fmt: skip
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        shade = OxmlElement("w:shd")
        for key, value in (("val", "clear"), ("color", "auto"), ("fill", "E8EEF5")):
            shade.set(qn(f"w:{key}"), value)
        cell._tc.get_or_add_tcPr().append(shade)
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        cell.paragraphs[0].alignment = CENTER
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for j, (cell, text) in enumerate(zip(cells, values, strict=True)):
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(size)
            if j in right:
                cell.paragraphs[0].alignment = RIGHT
            elif j in center:
                cell.paragraphs[0].alignment = CENTER
    _widths(table, widths)
    return table


def _targets(doc: Any, snap: PkSnapshot) -> None:
    rows: list[list[str]] = []
    spans: list[tuple[int, int]] = []
    for sasaran, group in texts.sasaran_groups(snap.rows):
        spans.append((len(rows) + 1, len(group)))
        for i, row in enumerate(group):
            rows.append([str(len(rows) + 1), sasaran if i == 0 else "", row.indicator,
                         row.unit_of_measure, texts.value(row.target, row.decimals)])  # fmt: skip
    table = _grid(doc, texts.TARGET_HEADERS, rows, [9, 48, 65, 24, 24], {4},
                  center=frozenset({0, 3}))  # fmt: skip
    for start, length in spans:  # the sasaran's cell spans its indicators, as in the PDF
        if length > 1:
            merged = table.cell(start, 1).merge(table.cell(start + length - 1, 1))
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)


def _programs(doc: Any, snap: PkSnapshot) -> None:
    rows = [[str(n), f"{p.code} {p.name}", texts.money(p.pagu)]
            for n, p in enumerate(snap.programs, 1)]  # fmt: skip
    rows.append(["Jumlah", "", texts.money(snap.total_pagu)])
    table = _grid(doc, texts.PROGRAM_HEADERS, rows, [9, 121, 40], {2}, center=frozenset())
    last = table.rows[-1].cells
    merged = last[0].merge(last[1])
    for extra in merged.paragraphs[1:]:  # the emptied second cell's paragraph
        extra._p.getparent().remove(extra._p)
    merged.paragraphs[0].alignment = RIGHT
    for cell in (last[0], last[2]):
        for run in cell.paragraphs[0].runs:
            run.bold = True


def render_docx(snap: PkSnapshot, *, logo: bytes = b"") -> bytes:
    """Return the PK as an A4 portrait DOCX; the same version gives the same bytes, as its PDF
    does: the core properties and every zip entry are dated the version's own date."""
    doc = new_docx()
    dated = datetime.combine(date.fromisoformat(snap.dated), time())
    doc.core_properties.created = doc.core_properties.modified = dated
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(12), Mm(18)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    footer = section.footer.paragraphs[0]
    footer.alignment = RIGHT
    footer.add_run(texts.footer(snap)).font.size = Pt(7)

    _kop(doc, snap, logo)
    _heading(doc, snap)
    _paragraph(doc, texts.OPENING, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _who(doc, snap.first)
    _paragraph(doc, texts.first_party_line())
    _who(doc, snap.second)
    _paragraph(doc, texts.second_party_line())
    for text in texts.promises():
        _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _signatures(doc, snap)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(doc, snap)
    _targets(doc, snap)
    doc.add_paragraph()
    _programs(doc, snap)
    _signatures(doc, snap)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _paragraph(doc, "LAMPIRAN: RENCANA AKSI " + texts.title(snap), size=11, bold=True,
               align=CENTER, after=0)  # fmt: skip
    _paragraph(doc, texts.subtitle(snap), size=9.5, align=CENTER, after=8)
    rows = [
        [str(n), row.indicator, row.unit_of_measure, texts.value(row.target, row.decimals)]
        + [texts.value(q, row.decimals) for q in row.quarters]
        for n, row in enumerate(snap.rows, 1)
    ]
    _grid(doc, texts.PLAN_HEADERS, rows, [9, 65, 20, 20, 14, 14, 14, 14], {3, 4, 5, 6, 7},
          size=8, center=frozenset({0, 2}))  # fmt: skip
    return saved(doc, dated)
