"""Render a report document as PDF with WeasyPrint (HTML and CSS paged media): cover with
the kop surat, kata pengantar, daftar isi with page numbers (target-counter), BAB I–V, the
lampiran with Formulir E.81 on landscape pages (a named page), running headers, "Halaman x
dari y" footers, SVG charts. No ORM: the input is the `Document` built from a snapshot.

The same document gives the same bytes: the PDF identifier and the created/modified dates are
taken from the snapshot, and fonts come from the system (DejaVu/Liberation, embedded)."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import Any

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

CSS = """
@page { size: A4; margin: 22mm 20mm 22mm 25mm;
  @top-right { content: string(chapter); font-size: 8pt; color: #555; }
  @top-left { content: string(doc-title); font-size: 8pt; color: #555; }
  @bottom-center { content: "Halaman " counter(page) " dari " counter(pages);
                   font-size: 8pt; color: #333; } }
@page cover { @top-right { content: none; } @top-left { content: none; }
              @bottom-center { content: none; } }
@page landscape { size: A4 landscape; margin: 15mm 12mm 18mm 12mm; }
html { font-family: "Liberation Serif", "DejaVu Serif", serif; font-size: 11pt;
       line-height: 1.45; color: #111; }
.cover { page: cover; text-align: center; }
.cover h1 { font-size: 17pt; margin: 30mm 0 6mm; string-set: none; break-before: auto; }
.cover .sub { font-size: 14pt; font-weight: bold;
              string-set: doc-title "Laporan Monev " content(); }
.cover .number { font-size: 12pt; margin-top: 6mm; }
.cover .agency { font-size: 13pt; font-weight: bold; margin-top: 60mm; }
.cover img.logo { width: 32mm; margin-top: 20mm; }
.kop { display: flex; align-items: center; border-bottom: 3px double #000;
       padding-bottom: 3mm; text-align: center; }
.kop img { width: 20mm; margin-right: 4mm; }
.kop div { flex: 1; }
.kop .gov { font-size: 13pt; font-weight: bold; }
.kop .name { font-size: 12pt; font-weight: bold; }
.kop .line { font-size: 8.5pt; }
h1 { font-size: 13pt; text-align: center; break-before: page; white-space: pre-line;
     string-set: chapter content(); bookmark-level: 1; margin: 0 0 8mm; }
h2 { font-size: 11.5pt; margin: 6mm 0 2mm; bookmark-level: 2; break-after: avoid; }
h1.front { string-set: chapter content(); }
p { margin: 0 0 3mm; text-align: justify; text-indent: 10mm; }
.toc a { color: #111; text-decoration: none; }
.toc li { list-style: none; }
.toc li.l2 { padding-left: 8mm; }
.toc li a { display: block; }
.toc li a::after { content: leader(".") target-counter(attr(href), page); }
.toc ul { padding: 0; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 2mm 0 5mm;
        font-size: 9pt; }
table.small { font-size: 7.5pt; }
th, td { border: 0.6pt solid #444; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #e8eef3; }
td.num { text-align: right; white-space: nowrap; }
tr.bold td { font-weight: bold; }
caption { caption-side: top; font-weight: bold; font-size: 9.5pt; text-align: left;
          padding-bottom: 1.5mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.landscape { page: landscape; }
.landscape table { font-size: 6.3pt; }
.landscape th, .landscape td { padding: 0.6mm 0.8mm; }
figure { margin: 2mm 0 5mm; break-inside: avoid; }
figcaption { font-weight: bold; font-size: 9.5pt; margin-bottom: 1mm; }
.signature { margin: 10mm 0 0 50%; break-inside: avoid; }
.signature .space { height: 22mm; }
.signature .name { font-weight: bold; text-decoration: underline; }
.signatures { display: flex; margin-top: 8mm; break-inside: avoid; text-align: center; }
.signatures > div { flex: 1; }
.signatures .space { height: 20mm; }
.signatures .name { font-weight: bold; text-decoration: underline; }
td { overflow-wrap: break-word; }
"""


SLASH_JOINED = "/\u2060"  # a slash and a word joiner: no line break after the slash

#: The width of the text on a portrait page (A4 less the margins of `@page`) and on a
#: landscape one (`@page landscape`), in mm.
PORTRAIT_WIDTH_MM = 210 - 20 - 25
LANDSCAPE_WIDTH_MM = 297 - 12 - 12


def _logo(doc_logo: str, cls: str = "logo") -> str:
    return f'<img class="{cls}" src="{escape(doc_logo)}" alt="">' if doc_logo else ""


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())


def _numeric(t: Table, column: int) -> bool:
    return column < len(t.numeric) and t.numeric[column]


def _table(t: Table) -> str:
    cls = ' class="small"' if t.small else ""
    # "s/d" and "Realisasi/Target" stay whole (a word joiner after the slash): the columns
    # are sized by whole words.
    head = "".join(f"<th>{escape(h).replace('/', SLASH_JOINED)}</th>" for h in t.headers)
    rows = []
    for i, row in enumerate(t.rows):
        cells = "".join(
            f'<td class="num">{escape(c)}</td>'
            if _numeric(t, j)
            else f"<td>{escape(c).replace(chr(10), '<br>')}</td>"
            for j, c in enumerate(row)
        )
        rows.append(f'<tr class="bold">{cells}</tr>' if i in t.bold_rows else f"<tr>{cells}</tr>")
    anchor = f' id="{t.anchor}"' if t.anchor else ""
    # A fixed table layout with the columns' widths worked out here: WeasyPrint need not
    # measure every cell's minimum and maximum width first (the E.81 has 1 700 cells).
    if t.landscape:
        widths = t.column_widths(LANDSCAPE_WIDTH_MM, 6.3, padding_mm=1.8)
    else:
        widths = t.column_widths(PORTRAIT_WIDTH_MM, 7.5 if t.small else 9, padding_mm=3.3)
    total = sum(widths) or 1
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths)
    return (
        f"<table{cls}{anchor}><caption>{escape(t.caption)}</caption>"
        f"<colgroup>{cols}</colgroup><thead><tr>{head}</tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _signature(s: Signature) -> str:
    lines = "".join(f"<div>{escape(line)},</div>" for line in s.title_lines)
    return (
        f'<div class="signature"><div>{escape(s.place_date)}</div>{lines}'
        f'<div class="space"></div><div class="name">{escape(s.name)}</div>'
        f"<div>{escape(s.pangkat)}</div><div>{escape(s.nip)}</div></div>"
    )


def draft_css(mark: str) -> str:
    """The draft's mark at the top of every page (the cover and the landscape lampiran
    included), in red: a draft never passes for the final document."""
    if not mark:
        return ""
    text = mark.replace("\\", "").replace('"', "'")
    box = (
        f'@top-center {{ content: "{text}"; color: #b00020; font-weight: bold; font-size: 9pt;'
        " white-space: nowrap;"
        " font-family: 'DejaVu Sans', sans-serif; }"
    )
    return f"\n@page {{ {box} }} @page cover {{ {box} }} @page landscape {{ {box} }}\n"


def _signatures(s: Signatures) -> str:
    columns = "".join(
        f"<div><div>{escape(c.heading)}</div><div>{escape(c.title)}</div>"
        f'<div class="space"></div><div class="name">{escape(c.name)}</div>'
        f"<div>{escape(c.pangkat)}</div><div>{escape(c.nip)}</div></div>"
        for c in s.columns
    )
    return f'<div class="signatures">{columns}</div>'


def to_html(
    doc: Document, *, logo: str = "", kop_lines: list[str] | None = None, extra_css: str = ""
) -> str:
    """Return the document as one HTML page for WeasyPrint; `extra_css` comes after the
    document's own style (the archive adds its QR code footer with it)."""
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    toc = "".join(
        f'<li class="l{h.level}"><a href="#{h.anchor}">{escape(h.text.replace(chr(10), " "))}'
        f"</a></li>"
        for h in headings
    )
    body: list[str] = []
    kop = "".join(f'<div class="line">{escape(line)}</div>' for line in kop_lines or [])
    body.append(
        f'<section class="cover"><div class="kop">{_logo(logo, "kop-logo")}'
        f'<div><div class="gov">{escape(doc.government.upper())}</div>'
        f'<div class="name">{escape(doc.agency.upper())}</div>{kop}</div></div>'
        f"<h1 class='cover-title'>"
        f"{escape(doc.title)}</h1><div class='sub'>{escape(doc.subtitle)}</div>"
        + (
            f"<div class='number'>Nomor: {escape(doc.number)}<br>"
            f"Tanggal: {escape(doc.number_date)}</div>"
            if doc.number
            else ""
        )
        + f"{_logo(logo)}<div class='agency'>{escape(doc.agency.upper())}<br>"
        f"{escape(doc.government.upper())}<br>{doc.year}</div></section>"
    )
    first = True
    for block in doc.blocks:
        if first and isinstance(block, Section):
            body.append(
                f'<h1 class="front" id="kata-pengantar">KATA PENGANTAR</h1>'
                f'<div class="section" data-section="{block.section.key}">'
                f"{_paragraphs(block.section.text)}</div>"
            )
            body.append(
                '<h1 class="front" id="daftar-isi">DAFTAR ISI</h1>'
                f'<nav class="toc"><ul>{toc}</ul></nav>'
            )
            first = False
            continue
        if isinstance(block, Heading):
            if block.anchor == "lampiran-1":
                body.append('<div class="landscape">')
            tag = "h1" if block.level == 1 else "h2"
            body.append(f'<{tag} id="{block.anchor}">{escape(block.text)}</{tag}>')
            if block.anchor == "lampiran-2":
                body.insert(len(body) - 1, "</div>")
        elif isinstance(block, Section):
            body.append(
                f'<div class="section" data-section="{block.section.key}">'
                f"{_paragraphs(block.section.text)}</div>"
            )
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, Chart):
            body.append(
                f'<figure id="{block.anchor}"><figcaption>{escape(block.caption)}</figcaption>'
                f"{bar_svg(block.bars, block.reference)}</figure>"
            )
        elif isinstance(block, Signature):
            body.append(_signature(block))
        elif isinstance(block, Signatures):
            body.append(_signatures(block))
    created = doc.created.replace(microsecond=0).isoformat()
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)} {escape(doc.subtitle)}</title>"
        f'<meta name="author" content="{escape(doc.agency)}">'
        f'<meta name="dcterms.created" content="{created}">'
        f'<meta name="dcterms.modified" content="{created}">'
        '<meta name="generator" content="Monev Kinerja">'
        f"<style>{CSS}{draft_css(doc.draft_mark)}{extra_css}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def render(
    doc: Document,
    *,
    logo: str = "",
    kop_lines: list[str] | None = None,
    extra_css: str = "",
    **pdf_options: Any,
) -> bytes:
    """Return the PDF bytes of the document (reproducible for one snapshot). `pdf_options`
    go to WeasyPrint's `write_pdf` (the archive: `pdf_variant="pdf/a-3b"`, `attachments`)."""
    from weasyprint import HTML

    html = to_html(doc, logo=logo, kop_lines=kop_lines, extra_css=extra_css)
    with collector_paused():
        # No base URL: the document holds no relative link or resource (the logo is a data
        # URI), and with one WeasyPrint turns the daftar isi's "#bab-1" into a
        # "file:///#bab-1" URI action instead of a jump to the named destination.
        pdf = HTML(string=html, base_url=None).write_pdf(
            pdf_identifier=doc.identifier.encode(), **pdf_options
        )
    assert pdf is not None
    return pdf


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while WeasyPrint lays the document out.

    Layout makes millions of short-lived objects, so the collector would run thousands of
    times, each time walking every object the process holds (a worker that loaded Django
    and a day's data holds many): a quarter of the render's time for nothing, as the boxes
    live until the PDF is written. Afterwards one young-generation pass frees the render's
    cycles (about +3 % peak memory). Reentrant: only the outermost pause resumes it."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
