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
