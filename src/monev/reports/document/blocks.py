"""The blocks the report is made of (headings, narrative sections, tables, charts, signatures)
and the document that holds them; both renderers walk them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from monev.reports.sections import SectionText


@dataclass
class Heading:
    level: int  # 1 = BAB / Lampiran, 2 = sub chapter
    text: str
    anchor: str
    #: A chapter (level 1) on landscape pages, until the next chapter that is not (Formulir
    #: E.81's seventeen columns).
    landscape: bool = False


@dataclass
class Section:
    """A narrative section: a Word content control tagged `section:<key>` in the DOCX."""

    section: SectionText


#: Advance widths (em) of a Times-like serif (Liberation Serif, the documents' font): enough
#: to size a table's columns without a font at hand; bold is a little wider.
_NARROW = frozenset(".,:;'!|iljtfI ")
_WIDE = frozenset("mwMW%@")
BOLD = 1.08


def text_em(text: str) -> float:
    """The width of `text` in em, estimated from its characters' classes."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.28
        elif ch in _WIDE:
            em += 0.9
        elif ch.isdigit():
            em += 0.5
        elif ch.isupper():
            em += 0.7
        else:
            em += 0.46
    return em


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    anchor: str = ""
    landscape: bool = False
    small: bool = False
    bold_rows: set[int] = field(default_factory=set)

    def column_weights(self) -> list[float]:
        """Relative column widths from the content: a column is as wide as its longest
        cell up to 30 characters (a code stays on one line), a column of longer texts grows
        by a quarter of the excess up to 120 characters (so it wraps, but stays the widest),
        and it is never narrower than its longest header word. Both renderers share the
        width out by these weights (the PDF as a fixed table layout, the DOCX as cell
        widths), so neither has to measure every cell."""
        weights = []
        for j, header in enumerate(self.headers):
            cells = [row[j] for row in self.rows if j < len(row)]
            longest = max((len(c) for c in cells), default=0)
            text = longest if longest <= 30 else 30 + (min(longest, 120) - 30) / 4
            word = max((len(w) for w in header.split()), default=0)
            weights.append(max(text, word * 1.5 + 1, 5) + 2)  # bold header, padding
        return weights

    def column_widths(
        self, width_mm: float, size_pt: float, padding_mm: float = 4.5
    ) -> list[float]:
        """Column widths (mm) of a table `width_mm` wide in `size_pt` type: each column
        gets room for its longest word (header words bold, a numeric cell whole), so nothing
        breaks inside a word; the rest of the line goes to the text columns by the content
        weights. The DOCX sets them on its cells, the PDF as a fixed table layout (which
        spares the engine measuring every cell first)."""
        em_mm = size_pt * 25.4 / 72
        numeric = [j < len(self.numeric) and self.numeric[j] for j in range(len(self.headers))]
        minimum = []
        for j, header in enumerate(self.headers):
            cells = [row[j] for row in self.rows if j < len(row)]
            # The widest word (header words bold); a number is one word (it never wraps).
            words = [w for c in cells for w in ([c] if numeric[j] else c.split())]
            ems = max(
                [text_em(w) * BOLD for w in header.split()] + [text_em(w) for w in words],
                default=1.0,
            )
            minimum.append(ems * em_mm + padding_mm)
        if sum(minimum) >= width_mm:
            return [width_mm * m / sum(minimum) for m in minimum]
        weights = [w if not numeric[j] or all(numeric) else 0.0
                   for j, w in enumerate(self.column_weights())]  # fmt: skip
        spare = width_mm - sum(minimum)
        return [m + spare * w / sum(weights) for m, w in zip(minimum, weights, strict=True)]


@dataclass
class Chart:
    caption: str
    bars: list[tuple[str, Decimal | None]]
    anchor: str = ""
    series_label: str = "%"
    reference: Decimal | None = None  # a line, e.g. the 91 % of "Sangat Tinggi"


@dataclass
class Signature:
    place_date: str
    title_lines: list[str]
    name: str
    pangkat: str
    nip: str


@dataclass
class SignatureColumn:
    """One of several signature blocks side by side: the heading line (what the signer does,
    place and date), the position, the name, pangkat and NIP."""

    heading: str
    title: str
    name: str
    pangkat: str = ""
    nip: str = ""


@dataclass
class Signatures:
    """Signature blocks side by side, as at the foot of Formulir E.81 (DOMAIN §8.2: *Disusun*
    by the Kepala Dinas, *Dievaluasi* by the Bappeda)."""

    columns: list[SignatureColumn]


Block = Heading | Section | Table | Chart | Signature | Signatures


@dataclass
class Document:
    title: str
    subtitle: str
    quarter_label: str
    year: int
    agency: str
    government: str
    blocks: list[Block]
    identifier: str  # pinned into the PDF so one snapshot gives the same bytes
    created: datetime
    number: str = ""  # nomor naskah of the final document (step 12); empty for a draft
    number_date: str = ""  # its date, as printed ("15 Oktober 2026")
    draft_mark: str = ""  # "DRAF — Versi n" on every page of a draft; empty on the final
    #: The running header of every page after the cover ("Laporan Monev Triwulan III Tahun
    #: 2025", "LKjIP Tahun 2025"); empty: "Laporan Monev" and the subtitle.
    running_title: str = ""
