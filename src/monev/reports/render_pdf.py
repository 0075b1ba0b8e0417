"""Render a report document as PDF with Typst (docs/decisions/0025): cover with the kop
surat, kata pengantar, daftar isi with page numbers, BAB I–V, the lampiran with Formulir E.81
on landscape pages, running headers (the report's title, the chapter), "Halaman x dari y"
footers, SVG charts, bookmarks and named destinations for every heading. No ORM: the input is
the `Document` built from a snapshot.

The same document gives the same bytes: the creation date is the document's (`created`, from
the snapshot or the version), the fonts are the installed Liberation/DejaVu files. The
archive (`monev.archive.pdfa`) asks for PDF/A-3b with its attachments and a QR footer."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from monev.core.typeset import SANS, SERIF, compile_pdf, date_literal, lit, signature_mark
from monev.reports.charts import bar_svg
from monev.reports.document import (
    Chart,
    Document,
    Heading,
    Section,
    Signature,
    Signatures,
    Table,
)

SLASH_JOINED = "/\u2060"  # a slash and a word joiner: no line break after the slash

#: The width of the text on a portrait page and on a landscape one, in mm.
PORTRAIT_WIDTH_MM = 210 - 20 - 25
LANDSCAPE_WIDTH_MM = 297 - 12 - 12
#: An SVG chart's width: 600 CSS pixels (0.75 pt each), as the HTML renderer drew it.
CHART_WIDTH_PT = 450


@dataclass(frozen=True)
class Attachment:
    """A file embedded in the PDF/A-3 as an associated file (ISO 32000-2, 7.11.3)."""

    name: str
    data: bytes
    relationship: str  # Source, Data, Supplement, Alternative, Unspecified
    description: str
    mime: str


@dataclass(frozen=True)
class Dress:
    """What the archive adds to every page and to the file: the QR code (SVG bytes, bottom
    left), the printed code and verification address (bottom right), the attachments."""

    qr_svg: bytes = b""
    label: str = ""
    address: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    #: a sentence printed small at the foot of every page (the BSrE sentence, DOMAIN §13)
    footer_note: str = ""


PREAMBLE = """
#let mark-text(body) = text(font: SANS, size: 9pt, weight: "bold", fill: rgb("#b00020"), body)
#let chapter-at(n) = {
  let marks = query(<chapter>)
  let on = marks.filter(m => m.location().page() == n)
  if on.len() > 0 { on.first().value } else {
    let before = marks.filter(m => m.location().page() < n)
    if before.len() > 0 { before.last().value } else { "" }
  }
}
// room along the lower edge for the BSrE sentence, under the footer
#let NOTE-ROOM = if FOOTER-NOTE != "" { 10mm } else { 0mm }
#set page(paper: "a4", margin: (top: 22mm, bottom: 22mm + NOTE-ROOM, left: 25mm, right: 20mm),
  header-ascent: 40%, footer-descent: 35%,
  header: context {
    let n = here().page()
    set text(size: 8pt, fill: rgb("#555"))
    grid(columns: (1fr, auto, 1fr), align: (left, center, right),
      if n > 1 { DOC-TITLE }, if DRAFT != "" { mark-text(DRAFT) },
      if n > 1 { chapter-at(n) })
  },
  footer: context {
    let n = here().page()
    set text(size: 8pt, fill: rgb("#333"))
    grid(columns: (1fr, auto, 1fr), align: (left + horizon, center + horizon, right + horizon),
      if HAS-QR { image("qr.svg", width: 14mm) },
      if n > 1 { "Halaman " + str(n) + " dari " + str(counter(page).final().first()) },
      if ARCHIVE-LABEL != "" {
        text(font: SANS, size: 6.5pt, fill: rgb("#333"), ARCHIVE-LABEL) })
  },
  // the BSrE sentence (DOMAIN §13): along the page's lower edge, under the footer
  foreground: if FOOTER-NOTE != "" {
    place(bottom + center, dy: -2.5mm, block(width: 100% - 40mm,
      align(center, par(justify: false, first-line-indent: 0pt, leading: 0.3em,
        text(font: SANS, size: 5.5pt, fill: rgb("#333"), FOOTER-NOTE)))))
  })
#set text(font: SERIF, size: 11pt, lang: "id", fill: rgb("#111"))
#set par(justify: true, first-line-indent: (amount: 10mm, all: true), spacing: 3mm,
  leading: 0.6em)
#show heading.where(level: 1): it => block(width: 100%, below: 8mm,
  align(center, text(size: 13pt, it.body)))
#show heading.where(level: 2): it => block(above: 6mm, below: 2mm, text(size: 11.5pt, it.body))
#let plain(body) = { set par(justify: false, first-line-indent: 0pt, spacing: 0.65em); body }
#let caption(body) = block(sticky: true, above: 4mm, below: 1.5mm,
  text(size: 9.5pt, weight: "bold", body))
#let tbl(caption-text, size, inset, columns, aligns, ..cells) = {
  set par(justify: false, first-line-indent: 0pt, leading: 0.6em)
  caption(caption-text)
  block(above: 0mm, below: 5mm, {
    set text(size: size)
    table(columns: columns, align: aligns, inset: inset, stroke: 0.6pt + rgb("#444"),
      fill: (x, y) => if y == 0 { rgb("#e8eef3") }, ..cells)
  })
}
#let figure-block(caption-text, svg) = {
  set par(justify: false, first-line-indent: 0pt)
  caption(caption-text)
  block(breakable: false, above: 0mm, below: 5mm,
    image(svg, format: "svg", width: CHART-WIDTH))
}
#let hd(body) = table.cell(align: left + top, strong(body))
#let toc-entry(level, target, title) = block(above: 0.8em, below: 0.8em,
  link(target, box(width: 100%, {
    h(if level == 2 { 8mm } else { 0mm })
    title
    " "
    box(width: 1fr, repeat[.])
    context str(counter(page).at(target).first())
  })))
"""


def _paragraphs(text: str) -> str:
    return "".join(f"#{lit(line)}\n\n" for line in text.splitlines() if line.strip())


def _numeric(t: Table, column: int) -> bool:
    return column < len(t.numeric) and t.numeric[column]


def _table(t: Table) -> str:
    if t.landscape:
        widths = t.column_widths(LANDSCAPE_WIDTH_MM, 6.3, padding_mm=1.8)
        size, inset = "6.3pt", "(x: 0.8mm, y: 0.6mm)"
    else:
        size = "7.5pt" if t.small else "9pt"
        widths = t.column_widths(PORTRAIT_WIDTH_MM, 7.5 if t.small else 9, padding_mm=3.3)
        inset = "(x: 1.5mm, y: 1.2mm)"
    columns = "(" + ", ".join(f"{w:.2f}fr" for w in widths) + ",)"
    aligns = (
        "("
        + ", ".join("right + top" if _numeric(t, j) else "left + top" for j in range(len(widths)))
        + ",)"
    )
    head = ", ".join(f"hd({lit(h.replace('/', SLASH_JOINED))})" for h in t.headers)
    rows = []
    for i, row in enumerate(t.rows):
        if i in t.bold_rows:
            rows.append(", ".join(f"strong({lit(c)})" for c in row))
        else:
            rows.append(", ".join(lit(c) for c in row))
    body = ",\n".join(rows)
    label = f" <{t.anchor}>" if t.anchor else ""
    return (
        f"#tbl({lit(t.caption)}, {size}, {inset}, {columns}, {aligns},\n"
        f"table.header({head}),\n{body}){label}\n"
    )


def _signature(s: Signature) -> str:
    lines = "".join(f"#{lit(line + ',')} \\\n" for line in s.title_lines)
    return (
        "#block(breakable: false, above: 10mm, pad(left: 50%, plain[\n"
        f"{signature_mark()}#{lit(s.place_date)} \\\n{lines}#v(22mm)\n"
        f"#underline(strong({lit(s.name)})) \\\n#{lit(s.pangkat)} \\\n#{lit(s.nip)}\n]))\n"
    )


def _signatures(s: Signatures) -> str:
    columns = ", ".join(
        f"plain[#{lit(c.heading)} \\\n#{lit(c.title)} \\\n#v(20mm)\n"
        f"#underline(strong({lit(c.name)})) \\\n#{lit(c.pangkat)} \\\n#{lit(c.nip)}]"
        for c in s.columns
    )
    return (
        f"#block(breakable: false, above: 8mm, grid(columns: {len(s.columns)} * (1fr,),"
        f" align: center + top, {columns}))\n"
    )


def _chapter(title: str) -> str:
    return f"#metadata({lit(title.replace(chr(10), ' '))}) <chapter>\n"


def _logo_file(logo: str) -> tuple[str, bytes] | None:
    """The logo's file name and bytes from its data URI ("data:image/png;base64,…")."""
    if not logo.startswith("data:") or ";base64," not in logo:
        return None
    head, data = logo[5:].split(";base64,", 1)
    extension = {"image/svg+xml": "svg", "image/jpeg": "jpg", "image/gif": "gif"}.get(head, "png")
    return f"logo.{extension}", base64.b64decode(data)


def _cover(doc: Document, logo: str | None, kop_lines: list[str]) -> str:
    kop = "".join(f" \\\n#text(size: 8.5pt, {lit(line)})" for line in kop_lines)
    texts = (
        f'#text(size: 13pt, weight: "bold", {lit(doc.government.upper())}) \\\n'
        f'#text(size: 12pt, weight: "bold", {lit(doc.agency.upper())}){kop}'
    )
    if logo:
        head = (
            f"#grid(columns: (20mm, 1fr), column-gutter: 4mm, align: (center + horizon, "
            f"center + horizon), image({lit(logo)}, width: 20mm), plain[{texts}])\n"
        )
    else:
        head = f"#align(center, plain[{texts}])\n"
    number = (
        f"#v(6mm)\n#text(size: 12pt, plain[#{lit('Nomor: ' + doc.number)} \\\n"
        f"#{lit('Tanggal: ' + doc.number_date)}])\n"
        if doc.number
        else ""
    )
    picture = f"#v(20mm)\n#image({lit(logo)}, width: 32mm)\n" if logo else ""
    return (
        head + "#v(-2mm)\n#line(length: 100%, stroke: 1pt)\n#v(-4.2mm)\n"
        "#line(length: 100%, stroke: 1pt)\n"
        "#align(center, plain[\n#v(30mm)\n"
        # The title is the first bookmark (not in the daftar isi), styled as the cover's.
        '#[#show heading: it => text(size: 17pt, weight: "bold", it.body)\n'
        f"#heading(level: 1, outlined: false, bookmarked: true, {lit(doc.title)})]\n#v(6mm)\n"
        f'#text(size: 14pt, weight: "bold", {lit(doc.subtitle)})\n{number}{picture}'
        f'#v(60mm)\n#text(size: 13pt, weight: "bold", '
        f"{lit(doc.agency.upper() + chr(10) + doc.government.upper() + chr(10) + str(doc.year))})\n"
        "])\n"
    )


def to_typst(
    doc: Document,
    *,
    logo: str | None = None,
    kop_lines: list[str] | None = None,
    dress: Dress | None = None,
) -> str:
    """Return the document as Typst markup; `logo` is the name of its file beside it."""
    dress = dress or Dress()
    archive_label = f"{dress.label}\n{dress.address}" if dress.label else ""
    settings = (
        f"#let SERIF = {SERIF}\n#let SANS = {SANS}\n#let CHART-WIDTH = {CHART_WIDTH_PT}pt\n"
        f"#let DOC-TITLE = {lit(doc.running_title or 'Laporan Monev ' + doc.subtitle)}\n"
        f"#let DRAFT = {lit(doc.draft_mark)}\n"
        f"#let HAS-QR = {'true' if dress.qr_svg else 'false'}\n"
        f"#let ARCHIVE-LABEL = {lit(archive_label)}\n"
        f"#let FOOTER-NOTE = {lit(dress.footer_note)}\n"
        f"#set document(title: {lit(doc.title + ' ' + doc.subtitle)}, "
        f"author: {lit(doc.agency)}, date: {date_literal(doc.created)})\n"
    )
    out = [settings, PREAMBLE]
    for a in dress.attachments:
        out.append(
            f"#pdf.attach({lit(a.name)}, relationship: {lit(a.relationship.lower())}, "
            f"mime-type: {lit(a.mime)}, description: {lit(a.description)})\n"
        )
    out.append(_cover(doc, logo, kop_lines or []))
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    toc = "".join(
        f"#toc-entry({h.level}, <{h.anchor}>, {lit(h.text.replace(chr(10), ' '))})\n"
        for h in headings
    )
    first = True
    landscape = False
    for block in doc.blocks:
        if first and isinstance(block, Section):
            out.append(
                '#pagebreak(weak: true)\n#heading(level: 1, "KATA PENGANTAR") <kata-pengantar>\n'
                + _chapter("KATA PENGANTAR")
                + _paragraphs(block.section.text)
                + '#pagebreak(weak: true)\n#heading(level: 1, "DAFTAR ISI") <daftar-isi>\n'
                + _chapter("DAFTAR ISI")
                + f"#plain[\n{toc}]\n"
            )
            first = False
            continue
        if isinstance(block, Heading):
            opened = False
            if block.level == 1 and block.landscape != landscape:
                if landscape:
                    out.append("]\n")
                if block.landscape:
                    margin = "(top: 15mm, bottom: 18mm + NOTE-ROOM, x: 12mm)"
                    out.append(f"#page(flipped: true, margin: {margin})[\n")
                    opened = True
                landscape = block.landscape
            if block.level == 1:
                # A landscape block starts its own page; a break inside it would leave one
                # empty.
                out.append(
                    ("" if opened else "#pagebreak(weak: true)\n")
                    + f"#heading(level: 1, {lit(block.text)}) "
                    f"<{block.anchor}>\n{_chapter(block.text)}"
                )
            else:
                out.append(f"#heading(level: 2, {lit(block.text)}) <{block.anchor}>\n")
        elif isinstance(block, Section):
            out.append(_paragraphs(block.section.text))
        elif isinstance(block, Table):
            out.append(_table(block))
        elif isinstance(block, Chart):
            svg = bar_svg(block.bars, block.reference)
            label = f" <{block.anchor}>" if block.anchor else ""
            out.append(f"#figure-block({lit(block.caption)}, bytes({lit(svg)})){label}\n")
        elif isinstance(block, Signature):
            out.append(_signature(block))
        elif isinstance(block, Signatures):
            out.append(_signatures(block))
    if landscape:
        out.append("]\n")
    return "".join(out)


def render(
    doc: Document,
    *,
    logo: str = "",
    kop_lines: list[str] | None = None,
    dress: Dress | None = None,
    pdf_variant: str = "",
) -> bytes:
    """Return the PDF bytes of the document (reproducible for one document). The archive
    passes `dress` (QR footer, attachments) and `pdf_variant="pdf/a-3b"`."""
    files: dict[str, bytes] = {}
    logo_file = _logo_file(logo)
    if logo_file:
        files[logo_file[0]] = logo_file[1]
    if dress is not None:
        if dress.qr_svg:
            files["qr.svg"] = dress.qr_svg
        files.update({a.name: a.data for a in dress.attachments})
    markup = to_typst(
        doc, logo=logo_file[0] if logo_file else None, kop_lines=kop_lines, dress=dress
    )
    return compile_pdf(
        markup, files=files, created=doc.created, pdf_a=pdf_variant.lower() in ("pdf/a-3b", "a-3b")
    )
