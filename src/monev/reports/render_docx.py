"""Render a report document as DOCX with python-docx, for editing in Word or LibreOffice.

A4 is set explicitly (python-docx starts from Letter); chapters use Word's own "Heading 1" and
"Heading 2" styles so the navigation pane and a TOC field work; a TOC field is inserted for
Word to fill; each narrative section sits inside a Word content control (w:sdt) tagged
`section:<id>` and titled, with a bookmark at its start, so an edited DOCX can be read back
section by section after Word or LibreOffice saved it (decision 0012). Charts are PNG
images drawn with Pillow; their numbers are in the tables next to them.
No ORM: the input is the `Document` built from a snapshot.

The same document gives the same bytes, as the PDF does: the core properties and every zip
entry are dated the document's `created` (the version's own date; python-docx's own save
dates the entries at the time of saving), the entries are written in name order with the
same attributes."""

from __future__ import annotations

import base64
from datetime import datetime
from html import escape
from io import BytesIO
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from monev.core.docx_package import saved
from monev.reports.charts import bar_png
from monev.reports.document import (
    Chart,
    Document,
    Heading,
    Section,
    Signature,
    Signatures,
    Table,
)

SECTION_TAG = "section:"
#: The bookmark at the start of each narrative section (Word's names: letters, digits, "_").
BOOKMARK_PREFIX = "monev_"
VERSION_MARK = "/v"


def _page(section: Any, *, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    section.left_margin = Mm(12 if landscape else 25)
    section.right_margin = Mm(12 if landscape else 20)
    section.top_margin = section.bottom_margin = Mm(18 if landscape else 22)


def _field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """Append a Word field (PAGE, NUMPAGES, TOC …) to a paragraph."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run._r.append(element)


def _toc(doc: Any, headings: list[Heading]) -> None:
    """A TOC field whose stored result already lists the chapters (so LibreOffice and a
    reader without field updates see them); Word rebuilds it with page numbers on opening
    (`w:updateFields`)."""

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    first = doc.add_paragraph()
    run = first.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    for element in (char("begin"), instr, char("separate")):
        run._r.append(element)
    last = first
    for i, heading in enumerate(headings):
        last = first if i == 0 else doc.add_paragraph()
        last.paragraph_format.space_after = Pt(2)
        if heading.level == 2:
            last.paragraph_format.left_indent = Mm(8)
        last.add_run(heading.text.replace("\n", " — "))
    last.add_run()._r.append(char("end"))
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    doc.settings.element.append(update)


def _content_control(body_paragraphs: list[Any], key: str, title: str, bookmark_id: int) -> None:
    """Mark a narrative section so that an edited DOCX is read back section by section
    (`docx_read`), with several anchors (decision 0012): the given (consecutive) paragraphs
    wrapped in a block-level content control (w:sdt) tagged `section:<key>` and titled
    (`w:alias`) with the section's title, and a bookmark `monev_<key>` at the start of the
    first paragraph. Word keeps all three; LibreOffice drops the tag but keeps the title
    and the bookmark."""
    first = body_paragraphs[0]._p
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), BOOKMARK_PREFIX + key)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    properties = first.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        first.insert(0, start)
    start.addnext(end)
    sdt = OxmlElement("w:sdt")
    pr = OxmlElement("w:sdtPr")
    alias = OxmlElement("w:alias")
    alias.set(qn("w:val"), title)
    tag = OxmlElement("w:tag")
    tag.set(qn("w:val"), SECTION_TAG + key)
    pr.append(alias)
    pr.append(tag)
    content = OxmlElement("w:sdtContent")
    sdt.append(pr)
    sdt.append(content)
    first.addprevious(sdt)
    for paragraph in body_paragraphs:
        content.append(paragraph._p)


def _run(text: str, size: int, *, bold: bool) -> str:
    """A run of `text` (half-points `size`) as WordprocessingML, a line break for each
    newline (as python-docx's `add_run` writes it)."""
    lines = escape(text, quote=False).split("\n")
    body = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
    weight = "<w:b/>" if bold else '<w:b w:val="0"/>'
    return f'<w:r><w:rPr>{weight}<w:sz w:val="{size}"/></w:rPr>{body}</w:r>'


def _table(doc: Any, t: Table, *, width_mm: float) -> None:
    """A table written as one piece of WordprocessingML and parsed once: building it cell
    by cell through python-docx's objects cost a tenth of a second per hundred rows (every
    property a schema-ordered child lookup), seconds for the ten-times report."""
    caption = doc.add_paragraph(t.caption, style="Caption")
    caption.paragraph_format.keep_with_next = True
    size_pt = 6.5 if t.landscape else 7.5 if t.small else 9
    size = round(size_pt * 2)
    # Narrow cell margins (1 mm a side instead of Word's 1.9 mm), as in the PDF: the E.81 has
    # seventeen columns on one landscape line.
    side = int(Mm(1).twips)
    widths = [int(Mm(w).twips) for w in t.column_widths(width_mm, size_pt, padding_mm=2.8)]
    numeric = [j < len(t.numeric) and t.numeric[j] for j in range(len(t.headers))]
    style = doc.styles["Table Grid"].style_id
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{style}"/>'
        '<w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{side}" w:type="dxa"/><w:right w:w="{side}" '
        'w:type="dxa"/></w:tblCellMar><w:tblLook w:firstColumn="1" w:firstRow="1" '
        'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
        "</w:tblPr><w:tblGrid>",
        *[f'<w:gridCol w:w="{w}"/>' for w in widths],
        "</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>",
    ]
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="E8EEF3"/>'
    for text, width in zip(t.headers, widths, strict=True):
        parts.append(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shade}</w:tcPr>'
            f"<w:p>{_run(text, size, bold=True)}</w:p></w:tc>"
        )
    parts.append("</w:tr>")
    right = '<w:pPr><w:jc w:val="right"/></w:pPr>'
    for i, row in enumerate(t.rows):
        bold = i in t.bold_rows
        parts.append("<w:tr>")
        for j, width in enumerate(widths):
            text = row[j] if j < len(row) else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
                f"<w:p>{right if numeric[j] else ''}{_run(text, size, bold=bold)}</w:p></w:tc>"
            )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    caption._p.addnext(parse_xml("".join(parts)))
    doc.add_paragraph()


def render(
    doc_data: Document, *, logo: str = "", kop_lines: list[str] | None = None, version: int = 0
) -> bytes:
    """Return the DOCX bytes of the document; `version` (the number of the version it will
    be) is written into the identifier, so that an uploaded DOCX names its report and
    version (`identity`)."""
    doc = new_docx()
    _page(doc.sections[0])
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Serif"
    normal.font.size = Pt(11)
    core = doc.core_properties
    core.title = f"{doc_data.title} {doc_data.subtitle}"
    core.author = doc_data.agency
    core.identifier = (
        f"{doc_data.identifier}{VERSION_MARK}{version}" if version else doc_data.identifier
    )
    created = doc_data.created.replace(tzinfo=None, microsecond=0)
    core.created = core.modified = created
    core.last_printed = datetime(2000, 1, 1)
    core.revision = 1
    # The cover has no page number (a first-page footer left empty), as in the PDF.
    doc.sections[0].different_first_page_header_footer = True
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Halaman ")
    _field(footer, "PAGE", "1")
    footer.add_run(" dari ")
    _field(footer, "NUMPAGES", "1")
    if doc_data.draft_mark:  # a draft is marked on every page, the cover included
        for header in (doc.sections[0].header, doc.sections[0].first_page_header):
            mark = header.paragraphs[0]
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = mark.add_run(doc_data.draft_mark)
            run.bold = True
            run.font.size = Pt(10)
            run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)

    # Word prints PNG and JPEG; an SVG logo (drawn in the PDF) is left out here.
    raster = logo.startswith(("data:image/png;", "data:image/jpeg;"))
    logo_bytes = base64.b64decode(logo.split(",", 1)[1]) if raster else b""
    _styles(doc)
    # Cover with the kop surat (DOMAIN §8.1): the logo beside the letterhead, when there is one.
    if logo_bytes:
        kop = doc.add_table(rows=1, cols=2)
        kop.autofit = False
        for column, width in zip(kop.columns, (Mm(25), Mm(140)), strict=True):
            column.width = width
            column.cells[0].width = width
        kop.rows[0].cells[0].paragraphs[0].add_run().add_picture(BytesIO(logo_bytes), width=Mm(20))
        right: Any = kop.rows[0].cells[1]
        top = right.paragraphs[0]
    else:  # the letterhead goes straight into the body
        right = doc
        top = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    gov = top.add_run(doc_data.government.upper())
    gov.bold = True
    gov.font.size = Pt(13)
    for text, bold in [
        (doc_data.agency.upper(), True),
        *[(line, False) for line in kop_lines or []],
    ]:
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(text)
        r.bold = bold
        r.font.size = Pt(12 if bold else 8.5)
    rule = doc.add_paragraph()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "double"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{k}"), v)
    border.append(bottom)
    rule._p.get_or_add_pPr().append(border)
    for text, size, space in (
        (doc_data.title, 17, 60),
        (doc_data.subtitle, 14, 6),
        *(
            [(f"Nomor: {doc_data.number}", 12, 18), (f"Tanggal: {doc_data.number_date}", 12, 2)]
            if doc_data.number
            else []
        ),
        ("logo", 0, 30),
        (doc_data.agency.upper(), 13, 30 if logo_bytes else 120),
        (doc_data.government.upper(), 12, 2),
        (str(doc_data.year), 12, 2),
    ):
        if text == "logo":  # the emblem in the middle of the cover, as in the PDF
            if logo_bytes:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_before = Pt(space)
                p.add_run().add_picture(BytesIO(logo_bytes), width=Mm(32))
            continue
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(space)
        r = p.add_run(text)
        r.bold = True
        r.font.size = Pt(size)

    first = True
    landscape = False
    for block in doc_data.blocks:
        if first and isinstance(block, Section):
            p = doc.add_paragraph("KATA PENGANTAR", style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.page_break_before = True
            _section(doc, block)
            p = doc.add_paragraph("DAFTAR ISI", style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.page_break_before = True
            _toc(doc, [b for b in doc_data.blocks if isinstance(b, Heading)])
            first = False
            continue
        if isinstance(block, Heading):
            new_section = block.level == 1 and block.landscape != landscape
            if new_section:
                landscape = block.landscape
                section = doc.add_section(WD_SECTION.NEW_PAGE)
                section.different_first_page_header_footer = False  # only the cover has none
                _page(section, landscape=landscape)
            heading = doc.add_heading(block.text.replace("\n", " — "), level=block.level)
            if block.level == 1:
                heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
                # A chapter starts a page by its own paragraph property, not by a break in
                # a paragraph before it: that paragraph would make an empty page of its own
                # whenever the previous page is full.
                heading.paragraph_format.page_break_before = not new_section
        elif isinstance(block, Section):
            _section(doc, block)
        elif isinstance(block, Table):
            _table(doc, block, width_mm=273 if landscape else 165)
        elif isinstance(block, Chart):
            caption = doc.add_paragraph(block.caption, style="Caption")
            caption.paragraph_format.keep_with_next = True
            doc.add_paragraph().add_run().add_picture(
                BytesIO(bar_png(block.bars, block.reference)), width=Mm(150)
            )
        elif isinstance(block, Signature):
            _signature(doc, block)
        elif isinstance(block, Signatures):
            _signatures(doc, block, width_mm=273 if landscape else 165)
    return saved(doc, created)


def _styles(doc: Any) -> None:
    """Word's own Title and Heading styles (kept for the navigation pane and the TOC), in the
    report's serif black instead of the template's blue theme fonts."""
    for name, size, centered in (("Title", 13, True), ("Heading 1", 13, True),
                                 ("Heading 2", 11.5, False)):  # fmt: skip
        style = doc.styles[name]
        style.font.name = "Liberation Serif"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            if fonts is not None and fonts.get(qn(f"w:{attribute}")) is not None:
                del fonts.attrib[qn(f"w:{attribute}")]
        borders = style.element.get_or_add_pPr().find(qn("w:pBdr"))
        if borders is not None:
            borders.getparent().remove(borders)
        style.paragraph_format.space_before = Pt(0 if centered else 10)
        style.paragraph_format.space_after = Pt(12 if centered else 4)
        if centered:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _section(doc: Any, block: Section) -> None:
    paragraphs: list[Any] = []
    for line in block.section.text.splitlines() or [""]:
        if not line.strip() and paragraphs:
            continue
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.first_line_indent = Mm(10)
        paragraphs.append(p)
    # Bookmark ids are unique in a document: one per section, counted as they are written.
    bookmark_id = len(doc.element.body.findall(".//" + qn("w:bookmarkStart"))) + 1
    _content_control(paragraphs, block.section.key, block.section.title, bookmark_id)


def _signature(doc: Any, s: Signature) -> None:
    lines = [(s.place_date, False, False), *[(f"{t},", False, False) for t in s.title_lines]]
    lines += [("", False, False), ("", False, False), ("", False, False)]
    lines += [(s.name, True, True), (s.pangkat, False, False), (s.nip, False, False)]
    for text, bold, underline in lines:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Mm(85)
        p.paragraph_format.space_after = Pt(0)
        r = p.add_run(text)
        r.bold = bold
        r.underline = underline


def _signatures(doc: Any, s: Signatures, *, width_mm: float) -> None:
    """Signature blocks side by side in a borderless table (the foot of Formulir E.81)."""
    table = doc.add_table(rows=1, cols=len(s.columns))
    table.autofit = False
    width = Mm(width_mm / len(s.columns))
    for cell, column in zip(table.rows[0].cells, s.columns, strict=True):
        cell.width = width
        lines = [(column.heading, False), (column.title, False)]
        lines += [("", False)] * 3
        lines += [(column.name, True), (column.pangkat, False), (column.nip, False)]
        for i, (text, name) in enumerate(lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(text)
            run.bold = run.underline = name
