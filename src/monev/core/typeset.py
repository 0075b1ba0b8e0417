"""Typst, the engine of every PDF the app makes (docs/decisions/0025): markup is written as
text (every value a Typst string literal, `lit`), compiled in-process by the `typst` package
into PDF, PDF/A-3b when asked, with the document's files (logos, the archive's attachments,
the QR code) beside the markup in a scratch directory.

Fonts: only the installed Debian fonts (Liberation, DejaVu) under `FONT_DIRS`, never the
system's whole font list, so two machines with them give the same bytes and nothing is
fetched at run time. The creation date comes from the document (`created`): one input, one
output, byte for byte."""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: Where the documents' fonts are (Debian's fonts-liberation and fonts-dejavu-core).
FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/dejavu",
)

#: The documents' serif (body) and sans (marks, QR label) families, with their fallbacks.
SERIF = '("Liberation Serif", "DejaVu Serif")'
SANS = '("DejaVu Sans", "Liberation Sans")'


def lit(text: object) -> str:
    """Return `text` as a Typst string literal (shown as plain text: no markup, no smart
    quotes; a line break in it breaks the line)."""
    value = str(text)
    if value.isascii() and value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return (
        '"'
        + value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace("\t", " ")
        + '"'
    )


def date_literal(at: datetime) -> str:
    """A Typst `datetime` of `at` in UTC (the PDF's creation date), to the second."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC)
    return (
        f"datetime(year: {at.year}, month: {at.month}, day: {at.day}, "
        f"hour: {at.hour}, minute: {at.minute}, second: {at.second})"
    )


@functools.cache
def _fonts() -> Any:
    import typst

    dirs = [d for d in FONT_DIRS if Path(d).is_dir()]
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=dirs)


def compile_pdf(
    markup: str,
    *,
    files: Mapping[str, bytes] | None = None,
    created: datetime,
    pdf_a: bool = False,
) -> bytes:
    """Return the PDF of `markup`; `files` (name → bytes) are readable from it by name
    (`image("logo.png")`, `pdf.attach("data.json")`); `pdf_a` makes it PDF/A-3b."""
    import typst

    with tempfile.TemporaryDirectory(prefix="monev-typst-") as root:
        base = Path(root)
        for name, data in (files or {}).items():
            (base / name).write_bytes(data)
        (base / "main.typ").write_text(markup, encoding="utf-8")
        at = created.astimezone(UTC) if created.tzinfo else created.replace(tzinfo=UTC)
        compiler = typst.Compiler(root=root, font_paths=_fonts(), ignore_system_fonts=True)
        pdf = compiler.compile(
            str(base / "main.typ"),
            format="pdf",
            pdf_standards=["a-3b"] if pdf_a else [],
            timestamp=int(at.timestamp()),
        )
    assert isinstance(pdf, bytes)
    return pdf


#: The letters' common style (Lembar Disposisi, jadwal, berita acara): Liberation Sans (the
#: metrics of Helvetica/Arial), the kop surat, a ruled table with a repeated, shaded header
#: row, a centred signature block. Each document sets its own page.
LETTER = """
#set text(font: ("Liberation Sans", "DejaVu Sans"), size: 9pt, lang: "id")
#set par(justify: false, leading: 0.45em, spacing: 0.8em)
#let kop(logo, government, agency, lines) = {
  grid(columns: (26mm, 1fr, 26mm), align: (left + horizon, center + horizon, right),
    if logo != none { image(logo, width: 22mm) } else {
      box(width: 22mm, height: 22mm, stroke: (paint: gray, dash: "dashed"))
    },
    {
      set par(leading: 0.3em)
      text(size: 12pt, weight: "bold", government)
      linebreak()
      // the agency's name on one line: its size fitted to the room (8–13 pt)
      layout(room => {
        let full = measure(text(size: 13pt, weight: "bold", agency)).width
        let fit = if full > room.width { calc.max(8, 13 * room.width / full * 0.98) } else { 13 }
        text(size: fit * 1pt, weight: "bold", agency)
      })
      for line in lines { linebreak(); text(size: 9pt, line) }
    },
    [])
  v(1mm)
  line(length: 100%, stroke: 2pt)
  v(-2.3mm)
  line(length: 100%, stroke: 0.6pt)
  v(2mm)
}
#let title(body) = align(center, block(above: 3mm, below: 3mm,
  text(size: 11pt, weight: "bold", body)))
#let h2(body) = block(sticky: true, above: 4mm, below: 1.5mm,
  text(size: 9.5pt, weight: "bold", body))
#let ruled(widths, head, ..cells) = {
  set text(size: 8pt)
  table(columns: widths, stroke: 0.5pt, inset: (x: 3pt, y: 3pt), align: left + top,
    fill: (x, y) => if y == 0 { rgb("#e8eef5") },
    table.header(..head.map(h => align(center, strong(h)))), ..cells)
}
#let signature(headings, name, nip) = block(breakable: false, align(center, {
  for h in headings { h; linebreak() }
  v(18mm)
  if name == none { "(..............................)" } else {
    underline(strong(name))
    if nip != "" { linebreak(); "NIP. " + nip }
  }
}))
"""


def kop_call(*, logo: str | None, government: str, agency: str, lines: list[str]) -> str:
    """The `#kop(…)` call of `LETTER`: the agency's letterhead, the logo file's name (or
    the emblem's dashed outline when it has none)."""
    return (
        f"#kop({lit(logo) if logo else 'none'}, {lit(government.upper())}, "
        f"{lit(agency.upper())}, ({''.join(lit(line) + ', ' for line in lines)}))\n"
    )


#: The title of the PDF bookmark that marks a signature block (`signature_mark`): where a
#: visible electronic signature goes is found on the marked pages only (`signing.appearance`).
SIGNATURE_MARK = "Tanda tangan"


def signature_mark() -> str:
    """A bookmark to the signature block it is placed in, invisible on the page (a hidden
    heading taking no room, outside the daftar isi and without a number)."""
    return (
        "#place(hide(heading(level: 3, numbering: none, outlined: false, bookmarked: true)"
        f"[{SIGNATURE_MARK}]))"
    )


def array(values: list[str]) -> str:
    """A Typst array of string literals."""
    return "(" + "".join(lit(v) + ", " for v in values) + ")"


def fractions(shares: list[float] | tuple[float, ...]) -> str:
    """Column widths as Typst fractions."""
    return "(" + "".join(f"{s:.3f}fr, " for s in shares) + ")"


def image_name(stem: str, data: bytes) -> str:
    """A file name for an image's bytes with the extension of its format (Typst reads the
    format from it)."""
    head = data[:256].lstrip()
    if data.startswith(b"\x89PNG"):
        extension = "png"
    elif data.startswith(b"\xff\xd8"):
        extension = "jpg"
    elif data.startswith(b"GIF8"):
        extension = "gif"
    elif head.startswith((b"<svg", b"<?xml")):
        extension = "svg"
    elif data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        extension = "webp"
    else:
        extension = "png"
    return f"{stem}.{extension}"


def letterhead(
    *,
    government: str,
    agency: str,
    lines: list[str],
    contact: str,
    logo: bytes,
    files: dict[str, bytes],
) -> str:
    """The `#kop(…)` of a letter (DOMAIN §8.1): the logo put in `files` (never decoded when
    it is beyond the pixel limit: the emblem's outline instead), the contact line when no
    letterhead lines carry the address already."""
    from django.conf import settings

    from monev.core import images

    name = None
    if logo and images.within(logo, settings.MONEV_LOGO_MAX_PIXELS):
        name = image_name("logo", logo)
        files[name] = logo
    shown = list(lines) or ([contact] if contact else [])
    return kop_call(logo=name, government=government, agency=agency, lines=shown)


def contact_line(address: str, phone: str, email: str) -> str:
    """Return a letterhead's contact line: the address on one line, then "Telp. …" and
    "Surel: …" where given, joined by commas; empty when none is."""
    return ", ".join(
        part
        for part in (
            address.replace("\n", " "),
            f"Telp. {phone}" if phone else "",
            f"Surel: {email}" if email else "",
        )
        if part
    )


def agency_letterhead(agency: Any, files: dict[str, bytes]) -> str:
    """`letterhead` of an `Agency` (its stored logo read once)."""
    logo = b""
    if getattr(agency, "logo", None):
        try:
            with agency.logo.open("rb") as handle:
                logo = handle.read()
        except (OSError, ValueError):
            logo = b""
    contact = contact_line(agency.address, agency.phone, agency.email)
    return letterhead(
        government=agency.government, agency=agency.name, lines=list(agency.letterhead),
        contact=contact, logo=logo, files=files,
    )  # fmt: skip
