"""Print an SOP in the Indonesian SOP-AP layout (Permendagri 52/2011, PermenPANRB 35/2012).

Page 1 is the identity sheet (Bagian Identitas): letterhead, Nomor SOP, dates, Disahkan Oleh with
the signature block, Nama SOP, and the six boxes Dasar Hukum … Pencatatan dan Pendataan. The
following pages are the flowchart table (Bagian Flowchart): No, Uraian Prosedur, one swimlane
column per Pelaksana, Mutu Baku (Kelengkapan, Waktu, Output) and Keterangan, with the symbols
drawn in the lanes: terminator, process, decision, arrows and off-page connectors — the five
symbols the regulation allows, nothing else.

The flowchart is drawn on the canvas, not with a platypus Table, because the symbols and arrows
must sit at exact row positions: rows are measured first (wrapped Paragraphs), paginated, then
each page is one flowable that draws grid, text, arrows and symbols. Everything comes from the
SopDocument, so an edited SOP (more steps, other actors, other times) prints the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from io import BytesIO
from itertools import pairwise
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from monev.domain.nip import display_nip
from monev.domain.periods import format_date_id
from monev.sop.document import SopDocument, SopStep

PAGE = landscape(A4)
MARGIN_X = 12 * mm
MARGIN_TOP = 10 * mm
MARGIN_BOTTOM = 12 * mm  # room for the footer line
FRAME_W = PAGE[0] - 2 * MARGIN_X
FRAME_H = PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM

LINE = 0.6  # grid line width
INK = 0.9  # symbol and arrow line width
PAD = 3.0  # cell padding
ARROW_LEN = 5.0
ARROW_HALF = 2.4
RAIL = 5.0  # distance of a loop-back rail from its lane border
TITLE_H = 18.0  # the band above the flowchart table


def _style(name: str, size: float = 8, bold: bool = False, **kw: Any) -> ParagraphStyle:
    font = "Helvetica-Bold" if bold else "Helvetica"
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.2, **kw)


CELL = _style("cell")
CELL_C = _style("cell_c", alignment=TA_CENTER)
HEAD = _style("head", bold=True, alignment=TA_CENTER)
ID_TEXT = _style("id_text", 9)
ID_LABEL = _style("id_label", 9, bold=True)
ID_CENTER = _style("id_center", 9, alignment=TA_CENTER)
AGENCY = _style("agency", 12, bold=True, alignment=TA_CENTER, spaceBefore=2)
ADDRESS = _style("address", 8, alignment=TA_CENTER, spaceBefore=4)
BOX_TITLE = _style("box_title", 9, bold=True, spaceAfter=2)
ITEM = _style(
    "item", 8.5, leftIndent=14, bulletIndent=0, bulletFontName="Helvetica", bulletFontSize=8.5,
    spaceAfter=1.5, alignment=TA_LEFT,
)  # fmt: skip
SHEET_TITLE = _style("sheet_title", 12, bold=True, alignment=TA_CENTER, spaceAfter=6)


# --- Formatting ------------------------------------------------------------------------------


def format_date(value: date | None) -> str:
    """Return an Indonesian long date ("25 November 2026"), or "–" for an empty date."""
    if value is None:
        return "–"
    return format_date_id(value)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


# --- Identity sheet --------------------------------------------------------------------------


class _LogoPlaceholder(Flowable):
    """A shield outline where the printed sheet carries the regional emblem (lambang daerah)."""

    def __init__(self, size: float = 24 * mm) -> None:
        super().__init__()
        self.size = size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.size

    def draw(self) -> None:
        c, s = self.canv, self.size
        x0 = (self.width - s * 0.8) / 2
        w = s * 0.8
        path = c.beginPath()
        path.moveTo(x0, s)
        path.lineTo(x0 + w, s)
        path.lineTo(x0 + w, s * 0.45)
        path.curveTo(x0 + w, s * 0.2, x0 + w * 0.75, s * 0.08, x0 + w / 2, 0)
        path.curveTo(x0 + w * 0.25, s * 0.08, x0, s * 0.2, x0, s * 0.45)
        path.close()
        c.setStrokeColor(colors.grey)
        c.setDash(2, 2)
        c.setLineWidth(0.8)
        c.drawPath(path, stroke=1, fill=0)
        c.setDash()
        c.setFillColor(colors.grey)
        c.setFont("Helvetica", 7)
        c.drawCentredString(self.width / 2, s * 0.5, "LOGO")


def _numbered(items: Sequence[str]) -> list[Flowable]:
    if not items:
        return [_p("–", ITEM)]
    return [Paragraph(escape(text), ITEM, bulletText=f"{i}.") for i, text in enumerate(items, 1)]


def _signature(doc: SopDocument) -> list[Flowable]:
    """Return the Disahkan Oleh block: jabatan, room to sign, nama, pangkat (golongan), NIP."""
    who = doc.ratified_by
    rank = " ".join(
        part for part in (who.pangkat, f"({who.golongan})" if who.golongan else "") if part
    )
    parts: list[Flowable] = [_p(who.jabatan or "–", ID_CENTER), Spacer(1, 15 * mm)]
    if who.nama:
        parts.append(Paragraph(f"<u><b>{escape(who.nama)}</b></u>", ID_CENTER))
    if rank:
        parts.append(_p(rank, ID_CENTER))
    if who.nip:
        parts.append(_p(f"NIP. {display_nip(who.nip)}", ID_CENTER))
    return parts


def _logo(data: bytes, size: float = 24 * mm) -> Flowable:
    """The agency's logo (lambang daerah) centred above the agency lines; the emblem's
    outline when there is none or it is no picture reportlab can draw."""
    if data:
        try:
            image = Image(BytesIO(data), width=size, height=size, kind="proportional")
            image.hAlign = "CENTER"
            return image
        except (OSError, ValueError):
            pass
    return _LogoPlaceholder(size)


def _identity_sheet(doc: SopDocument, logo: bytes = b"") -> list[Flowable]:
    left_w, label_w = FRAME_W * 0.5, FRAME_W * 0.16
    value_w = FRAME_W - left_w - label_w
    letterhead: list[Flowable] = [_logo(logo), Spacer(1, 3 * mm)]
    # One size for all agency lines, the largest (≤ 12 pt) at which the longest fits one line.
    room = left_w - 12
    longest = max((stringWidth(line, "Helvetica-Bold", 1) for line in doc.agency_lines), default=1)
    size = max(9.0, min(12.0, room / longest))
    agency = ParagraphStyle("agency_fit", AGENCY, fontSize=size, leading=size * 1.25)
    letterhead += [_p(line, agency) for line in doc.agency_lines]
    if doc.address:
        letterhead.append(_p(doc.address, ADDRESS))
    rows: list[list[Any]] = [
        [letterhead, _p("Nomor SOP", ID_LABEL), _p(doc.number or "–", ID_TEXT)],
        ["", _p("Tanggal Pembuatan", ID_LABEL), _p(format_date(doc.created_on), ID_TEXT)],
        ["", _p("Tanggal Revisi", ID_LABEL), _p(format_date(doc.revised_on), ID_TEXT)],
        ["", _p("Tanggal Efektif", ID_LABEL), _p(format_date(doc.effective_on), ID_TEXT)],
        ["", _p("Disahkan Oleh", ID_LABEL), _signature(doc)],
        ["", _p("Nama SOP", ID_LABEL), Paragraph(f"<b>{escape(doc.name)}</b>", ID_TEXT)],
    ]
    head = Table(rows, colWidths=[left_w, label_w, value_w])
    head.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), LINE, colors.black),
                ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                ("SPAN", (0, 0), (0, -1)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (2, 4), (2, 4), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    pairs = [
        (("Dasar Hukum", doc.legal_basis), ("Kualifikasi Pelaksana", doc.qualifications)),
        (("Keterkaitan", doc.related_sops), ("Peralatan/Perlengkapan", doc.equipment)),
        (("Peringatan", doc.warnings), ("Pencatatan dan Pendataan", doc.records)),
    ]
    box_rows = [
        [[_p(f"{title}:", BOX_TITLE), *_numbered(items)] for title, items in pair] for pair in pairs
    ]
    # splitInRow lets a very long box (an edited SOP's Dasar Hukum …) continue on the next page.
    boxes = Table(box_rows, colWidths=[left_w, FRAME_W - left_w], splitInRow=1)
    boxes.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                ("INNERGRID", (0, 0), (-1, -1), LINE, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    # The boxes table hangs under the header table; its top border doubles the header's bottom.
    return [_p("STANDAR OPERASIONAL PROSEDUR (SOP)", SHEET_TITLE), head, boxes]


# --- Flowchart: columns and rows -------------------------------------------------------------


@dataclass(frozen=True)
class _Columns:
    """Column edges of the flowchart table: No, Uraian, lanes…, Kelengkapan, Waktu, Output, Ket."""

    edges: tuple[float, ...]
    lanes: int

    @classmethod
    def for_actors(cls, count: int) -> _Columns:
        count = max(count, 1)
        number_w, time_w = 24.0, 48.0
        # Lanes get ~44% of the width, at least 20 mm each unless that would squeeze the text
        # columns below 40% of the page.
        lane_w = min(31 * mm, max(20 * mm, FRAME_W * 0.44 / count))
        lane_w = min(lane_w, FRAME_W * 0.6 / count)
        rest = FRAME_W - number_w - time_w - lane_w * count
        notes_w = max(52.0, rest * 0.14)  # "Keterangan" stays on one line
        text = rest - notes_w
        widths = [
            number_w, text * 0.42, *[lane_w] * count, text * 0.29, time_w, text * 0.29, notes_w,
        ]  # fmt: skip
        edges = [0.0]
        for w in widths:
            edges.append(edges[-1] + w)
        return cls(tuple(edges), count)

    def left(self, col: int) -> float:
        return self.edges[col]

    def right(self, col: int) -> float:
        return self.edges[col + 1]

    def width(self, col: int) -> float:
        return self.edges[col + 1] - self.edges[col]

    def lane_col(self, lane: int) -> int:
        return 2 + lane

    def lane_center(self, lane: int) -> float:
        col = self.lane_col(lane)
        return (self.left(col) + self.right(col)) / 2

    @property
    def lane_w(self) -> float:
        return self.width(2)

    @property
    def text_cols(self) -> tuple[int, ...]:
        """Return the columns after the lanes: Kelengkapan, Waktu, Output, Keterangan."""
        first = 2 + self.lanes
        return (first, first + 1, first + 2, first + 3)


@dataclass(frozen=True)
class _Sizes:
    """Symbol sizes for a lane width: narrow enough to leave room for loop-back rails."""

    box_w: float
    box_h: float = 20.0
    term_h: float = 18.0
    dia_w: float = 40.0
    dia_h: float = 28.0
    conn_w: float = 18.0
    conn_h: float = 18.0

    @classmethod
    def for_lane(cls, lane_w: float) -> _Sizes:
        box_w = min(60.0, lane_w - 2 * (RAIL + 6))
        # The diamond leaves ~15 pt between its side corner and the rail for the "Tidak" label.
        dia_w = max(28.0, min(40.0, lane_w - 2 * (RAIL + 17)))
        return cls(box_w=box_w, dia_w=min(dia_w, box_w))

    def height(self, symbol: str) -> float:
        return {"terminator": self.term_h, "decision": self.dia_h}.get(symbol, self.box_h)


@dataclass(frozen=True)
class _Connector:
    """An off-page connector in a connector row.

    role "flow": the flow continues on the next page (or comes from the previous one);
    "loop_out": a decision's "Tidak" branch leaves this page towards step `step`;
    "loop_in": the branch arrives on this page and enters step `step`.
    """

    label: str
    lane: int
    role: str = "flow"
    step: int = 0
    decision: int = 0


@dataclass
class _Row:
    """One body row: a step, or an off-page connector row that opens or closes a page."""

    height: float
    step: SopStep | None = None
    cells: dict[int, Paragraph] = field(default_factory=dict)
    connectors: list[_Connector] = field(default_factory=list)


CONNECTOR_ROW_H = 30.0


def _step_row(step: SopStep, cols: _Columns, sizes: _Sizes) -> _Row:
    first = cols.text_cols[0]
    cells = {
        0: _p(f"{step.number}.", CELL_C),
        1: _p(step.description, CELL),
        first: _p(step.inputs, CELL),
        first + 1: _p(step.time_label, CELL_C),
        first + 2: _p(step.output, CELL),
        first + 3: _p(step.notes, CELL),
    }
    text_h = max(p.wrap(cols.width(c) - 2 * PAD, 10_000)[1] for c, p in cells.items())
    # Room above and below the symbol for the arrow bends and the Ya/Tidak labels.
    symbol_h = sizes.height(step.symbol) + 2 * (13 if step.symbol == "decision" else 11)
    return _Row(height=max(text_h + 2 * PAD, symbol_h), step=step, cells=cells)


@dataclass(frozen=True)
class _Header:
    """The three header rows of the flowchart table, measured for the actor labels."""

    labels: tuple[Paragraph, ...]
    h1: float
    h2: float
    h3: float = 12.0

    @property
    def height(self) -> float:
        return self.h1 + self.h2 + self.h3


def _header(doc: SopDocument, cols: _Columns) -> _Header:
    labels = tuple(_p(a.label, HEAD) for a in doc.actors) or (_p("–", HEAD),)
    h2 = max(
        [p.wrap(cols.lane_w - 2 * PAD, 1000)[1] for p in labels]
        + [_p("Kelengkapan", HEAD).wrap(cols.width(cols.text_cols[0]) - 2 * PAD, 1000)[1]]
    )
    return _Header(labels=labels, h1=15.0, h2=max(h2 + 2 * PAD, 15.0))


def _paginate(rows: list[_Row], steps: Sequence[SopStep], body_h: float) -> list[tuple[int, int]]:
    """Return (first, end) row ranges per page, each leaving room for its connector rows.

    A decision's loop (step → no_goto) is kept on one page when the whole span fits, so the
    "Tidak" arrow can be drawn; only a longer loop falls back to a pair of connectors.
    """
    index = {s.number: i for i, s in enumerate(steps)}
    spans = [
        (min(i, index[s.no_goto]), max(i, index[s.no_goto]))
        for i, s in enumerate(steps)
        if s.symbol == "decision" and s.no_goto in index and s.no_goto != s.number
    ]
    pages: list[tuple[int, int]] = []
    first = 0
    while first < len(rows):
        used = CONNECTOR_ROW_H if first else 0.0
        end = first
        while end < len(rows):
            tail = CONNECTOR_ROW_H if end + 1 < len(rows) else 0.0
            if end > first and used + rows[end].height + tail > body_h:
                break
            used += rows[end].height
            end += 1
        if end < len(rows):
            for lo, hi in sorted(spans):
                span_h = sum(r.height for r in rows[lo : hi + 1]) + 2 * CONNECTOR_ROW_H
                if first < lo < end <= hi and span_h <= body_h:
                    end = lo
                    break
        pages.append((first, end))
        first = end
    return pages


def _connector_label(n: int) -> str:
    """Return the n-th connector label: A … Z, then A1 … Z1, A2 …"""
    letter, round_ = chr(ord("A") + n % 26), n // 26
    return f"{letter}{round_}" if round_ else letter


# --- Flowchart: geometry helpers (top-down page coordinates) ---------------------------------

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x0, y0 (top), x1, y1 (bottom)


def _hits_rect(a: Point, b: Point, r: Rect) -> bool:
    """Return whether the axis-parallel segment a–b passes through the inside of rect r."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return x0 < r[2] - 1 and x1 > r[0] + 1 and y0 < r[3] - 1 and y1 > r[1] + 1


def _crossings(a: Point, b: Point, c: Point, d: Point) -> int:
    """Return 1 if two axis-parallel segments cross, 5 if they run on top of each other."""
    ax0, ax1 = sorted((a[0], b[0]))
    ay0, ay1 = sorted((a[1], b[1]))
    cx0, cx1 = sorted((c[0], d[0]))
    cy0, cy1 = sorted((c[1], d[1]))
    if ax0 == ax1 and cx0 == cx1:  # both vertical
        return 5 if abs(ax0 - cx0) < 2 and ay0 < cy1 and cy0 < ay1 else 0
    if ay0 == ay1 and cy0 == cy1:  # both horizontal
        return 5 if abs(ay0 - cy0) < 2 and ax0 < cx1 and cx0 < ax1 else 0
    inside = ax0 <= cx1 and cx0 <= ax1 and ay0 <= cy1 and cy0 <= ay1
    return 1 if inside else 0


@dataclass
class _Placed:
    """A symbol placed on the page."""

    kind: str  # terminator | process | decision | connector
    rect: Rect
    label: str = ""
    connector: _Connector | None = None

    @property
    def cx(self) -> float:
        return (self.rect[0] + self.rect[2]) / 2

    @property
    def cy(self) -> float:
        return (self.rect[1] + self.rect[3]) / 2


@dataclass
class _Path:
    points: list[Point]
    arrow: bool = True


@dataclass
class _Label:
    at: Point  # baseline start (top-down)
    text: str
    size: float = 6.5


# --- Flowchart: one page ---------------------------------------------------------------------


class _FlowchartPage(Flowable):
    """One page of the flowchart table: title band, header rows, body rows, symbols, arrows."""

    def __init__(
        self,
        doc: SopDocument,
        cols: _Columns,
        sizes: _Sizes,
        header: _Header,
        rows: list[_Row],
    ) -> None:
        super().__init__()
        self.doc, self.cols, self.sizes, self.header, self.rows = doc, cols, sizes, header, rows
        self.lane_of = {a.key: i for i, a in enumerate(doc.actors)}
        self.height = TITLE_H + header.height + sum(r.height for r in rows)
        self.width = FRAME_W
        self.shown_h = self.height

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        # A single step taller than a whole page (absurdly long text) overflows the bottom
        # margin rather than failing the whole document with a LayoutError.
        self.shown_h = min(self.height, ah)
        return self.width, self.shown_h

    # Coordinates: x from the left, y from the top of the flowable; flipped when drawing.
    def _y(self, y: float) -> float:
        return self.height - y

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.translate(0, self.shown_h - self.height)  # an overflowing page keeps its top
        self._draw_title()
        top = TITLE_H
        self._draw_header(top)
        body_top = top + self.header.height
        tops, y = [], body_top
        for row in self.rows:
            tops.append(y)
            y += row.height
        self._draw_grid(top, body_top, tops)
        for row, row_top in zip(self.rows, tops, strict=True):
            self._draw_cells(row, row_top)
        symbols, joins = self._place(tops)
        paths, labels = self._route(tops, symbols, joins)
        c.setLineWidth(INK)
        c.setStrokeColor(colors.black)
        for path in paths + joins:
            self._draw_path(path)
        for placed in [s for group in symbols for s in group]:
            self._draw_symbol(placed)
        for label in labels:
            c.setFillColor(colors.black)
            c.setFont("Helvetica", label.size)
            c.drawString(label.at[0], self._y(label.at[1]), label.text)
        c.restoreState()

    def _draw_title(self) -> None:
        c = self.canv
        number = f"Nomor SOP: {self.doc.number}"
        title = f"SOP: {self.doc.name}"
        room = FRAME_W - stringWidth(number, "Helvetica", 8) - 12
        size = max(6.0, min(10.0, room / max(stringWidth(title, "Helvetica-Bold", 1), 1)))
        c.setFont("Helvetica-Bold", size)
        c.drawString(0, self._y(11), title)
        c.setFont("Helvetica", 8)
        c.drawRightString(FRAME_W, self._y(11), number)

    def _text(self, p: Paragraph, x0: float, x1: float, y0: float, y1: float) -> None:
        """Draw a paragraph centred vertically in the cell (x0, y0)–(x1, y1)."""
        _, h = p.wrap(x1 - x0 - 2 * PAD, 10_000)
        p.drawOn(self.canv, x0 + PAD, self._y((y0 + y1) / 2 + h / 2))

    def _draw_header(self, top: float) -> None:
        cols, hd = self.cols, self.header
        lanes = list(range(2, 2 + cols.lanes))
        t1, t2 = cols.text_cols[0], cols.text_cols[3]
        y1, y2, y3 = top + hd.h1, top + hd.h1 + hd.h2, top + hd.height
        c = self.canv
        c.setFillColor(colors.Color(0.9, 0.9, 0.9))
        c.rect(0, self._y(y2), FRAME_W, y2 - top, stroke=0, fill=1)
        c.setFillColor(colors.black)
        spanning = [(0, "No"), (1, "Uraian Prosedur"), (t2, "Keterangan")]
        for col, text in spanning:
            self._text(_p(text, HEAD), cols.left(col), cols.right(col), top, y2)
        self._text(_p("Pelaksana", HEAD), cols.left(lanes[0]), cols.right(lanes[-1]), top, y1)
        self._text(_p("Mutu Baku", HEAD), cols.left(t1), cols.right(t1 + 2), top, y1)
        for lane, label in zip(lanes, self.header.labels, strict=False):
            self._text(label, cols.left(lane), cols.right(lane), y1, y2)
        for col, text in zip(range(t1, t1 + 3), ("Kelengkapan", "Waktu", "Output"), strict=True):
            self._text(_p(text, HEAD), cols.left(col), cols.right(col), y1, y2)
        c.setFont("Helvetica", 7)
        for col in range(len(cols.edges) - 1):
            c.drawCentredString(
                (cols.left(col) + cols.right(col)) / 2, self._y(y3 - 3.8), str(col + 1)
            )

    def _draw_grid(self, top: float, body_top: float, tops: list[float]) -> None:
        c, cols, hd = self.canv, self.cols, self.header
        c.setLineWidth(LINE)
        c.setStrokeColor(colors.black)
        bottom = self.height
        c.rect(0, self._y(bottom), FRAME_W, bottom - top, stroke=1, fill=0)
        t1 = cols.text_cols[0]
        spanning = {0, 1, cols.text_cols[3]}
        for col in range(1, len(cols.edges) - 1):
            # Between lanes and between Mutu Baku columns the line starts under row 1.
            inner = 2 < col < 2 + cols.lanes or t1 < col < t1 + 3
            start = top + hd.h1 if inner else top
            c.line(cols.edges[col], self._y(start), cols.edges[col], self._y(bottom))
        y1 = top + hd.h1
        for col in range(len(cols.edges) - 1):
            if col not in spanning:
                c.line(cols.left(col), self._y(y1), cols.right(col), self._y(y1))
        for y in (top + hd.h1 + hd.h2, body_top, *tops[1:]):
            c.line(0, self._y(y), FRAME_W, self._y(y))
        c.setLineWidth(1.2)
        c.line(0, self._y(body_top), FRAME_W, self._y(body_top))

    def _draw_cells(self, row: _Row, top: float) -> None:
        for col, p in row.cells.items():
            self._text(p, self.cols.left(col), self.cols.right(col), top, top + row.height)

    # --- placing symbols ---------------------------------------------------------------------

    def _rect(self, lane: int, cy: float, w: float, h: float) -> Rect:
        cx = self.cols.lane_center(lane)
        return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)

    def _place(self, tops: list[float]) -> tuple[list[list[_Placed]], list[_Path]]:
        """Return the symbols of each row (main first) and the lines joining a step's lanes."""
        sz = self.sizes
        symbols: list[list[_Placed]] = []
        joins: list[_Path] = []
        for row, top in zip(self.rows, tops, strict=True):
            cy = top + row.height / 2
            if row.step is None:
                symbols.append(self._place_connectors(row, cy))
                continue
            step = row.step
            lanes = [self.lane_of[k] for k in step.lanes or (step.actor,) if k in self.lane_of]
            lanes = lanes or [0]  # a document built by hand may name no known actor
            main_kind = step.symbol
            w = sz.dia_w if main_kind == "decision" else sz.box_w
            label = ""
            if main_kind == "terminator":
                label = "Mulai" if step.number == self.doc.steps[0].number else "Selesai"
            group = [_Placed(main_kind, self._rect(lanes[0], cy, w, sz.height(main_kind)), label)]
            group += [
                _Placed("process", self._rect(lane, cy, sz.box_w, sz.box_h)) for lane in lanes[1:]
            ]
            symbols.append(group)
            ordered = sorted(group, key=lambda s: s.cx)
            for a, b in pairwise(ordered):
                joins.append(_Path([(a.rect[2], cy), (b.rect[0], cy)], arrow=False))
        return symbols, joins

    def _place_connectors(self, row: _Row, cy: float) -> list[_Placed]:
        """Return a connector row's pentagons, the flow one first; two in a lane sit apart."""
        sz, shift = self.sizes, self.cols.lane_w / 4
        placed = []
        for conn in sorted(row.connectors, key=lambda c: c.role != "flow"):
            shared = sum(1 for other in row.connectors if other.lane == conn.lane) > 1
            rect = self._rect(conn.lane, cy - 2, sz.conn_w, sz.conn_h)
            if shared:
                # The flow keeps to the right, a loop branch to the left (towards its rail).
                dx = shift if conn.role == "flow" else -shift
                rect = (rect[0] + dx, rect[1], rect[2] + dx, rect[3])
            placed.append(_Placed("connector", rect, conn.label, conn))
        return placed

    # --- routing arrows ----------------------------------------------------------------------

    def _route(
        self, tops: list[float], symbols: list[list[_Placed]], joins: list[_Path]
    ) -> tuple[list[_Path], list[_Label]]:
        paths: list[_Path] = []
        labels: list[_Label] = []
        for i in range(len(self.rows) - 1):
            src, dst = symbols[i][0], symbols[i + 1][0]
            row_bottom = tops[i] + self.rows[i].height
            bend = (src.rect[3] + row_bottom) / 2
            pts: list[Point] = [(src.cx, src.rect[3])]
            if abs(src.cx - dst.cx) > 0.5:
                pts += [(src.cx, bend), (dst.cx, bend)]
            pts.append((dst.cx, dst.rect[1]))
            paths.append(_Path(pts))
            if src.kind == "decision":
                size = 6.5
                turns_left = dst.cx < src.cx - 0.5
                w = stringWidth("Ya", "Helvetica", size)
                x = src.cx + 2.5 if turns_left else src.cx - 2.5 - w
                labels.append(_Label((x, src.rect[3] + size), "Ya", size))
        # Loop branches avoid what is drawn already, the earlier loops included.
        drawn = paths + joins
        for i, row in enumerate(self.rows):
            if row.step is not None and row.step.symbol == "decision" and row.step.no_goto:
                self._route_no(i, symbols, drawn, labels)
        self._route_loop_in(symbols, drawn)
        return [p for p in drawn if p.arrow], labels

    def _find(self, symbols: list[list[_Placed]], step: int, role: str) -> _Placed | None:
        """Return the main symbol of step number `step` (role "step"), or this page's
        connector of role `role` ("loop_out") that carries decision `step`'s branch away."""
        for row, group in zip(self.rows, symbols, strict=True):
            if role == "step" and row.step is not None and row.step.number == step:
                return group[0]
            for placed in group:
                conn = placed.connector
                if role != "step" and conn and conn.role == role and conn.decision == step:
                    return placed
        return None

    def _route_no(
        self,
        i: int,
        symbols: list[list[_Placed]],
        drawn: list[_Path],
        labels: list[_Label],
    ) -> None:
        """Route a decision's "Tidak" branch along the side of a lane to its no_goto step.

        Both sides are tried; the one that crosses fewer symbols and arrows wins (left on a
        tie). When the target is on another page the branch ends at a loop connector in this
        page's connector row, and the target's page starts from the same connector (drawn by
        `_route_loop_in` on that page).
        """
        step = self.rows[i].step
        assert step is not None and step.no_goto is not None
        dia = symbols[i][0]
        target = self._find(symbols, step.no_goto, "step") or self._find(
            symbols, step.number, "loop_out"
        )
        if target is None or target is dia:
            return
        pts = self._side_route(dia, target, symbols, drawn)
        if pts is None:
            return
        drawn.append(_Path(pts))
        size = 6.5
        room = abs(pts[1][0] - pts[0][0]) - 3
        while size > 5 and stringWidth("Tidak", "Helvetica", size) > room:
            size -= 0.5
        w = stringWidth("Tidak", "Helvetica", size)
        x = pts[0][0] - 1.5 - w if pts[1][0] < pts[0][0] else pts[0][0] + 1.5
        labels.append(_Label((x, dia.cy - 2), "Tidak", size))

    def _route_loop_in(self, symbols: list[list[_Placed]], drawn: list[_Path]) -> None:
        """Draw the arrows from loop connectors that arrive on this page to their steps."""
        for group in symbols:
            for placed in group:
                conn = placed.connector
                if conn is None or conn.role != "loop_in":
                    continue
                target = self._find(symbols, conn.step, "step")
                if target is None:
                    continue
                pts = self._side_route(placed, target, symbols, drawn)
                if pts is not None:
                    drawn.append(_Path(pts))

    def _side_route(
        self,
        source: _Placed,
        target: _Placed,
        symbols: list[list[_Placed]],
        drawn: list[_Path],
    ) -> list[Point] | None:
        """Return the cheapest orthogonal path from source's side, along a rail, to target's."""
        lanes = (self._lane_at(source.cx), self._lane_at(target.cx))
        skip = {id(source), id(target)}
        candidates = []
        for side in ("left", "right"):
            rail = self._rail(side, lanes)
            exit_x = source.rect[0] if side == "left" else source.rect[2]
            entry = target.rect[0] if side == "left" else target.rect[2]
            beyond = rail >= min(entry, exit_x) if side == "left" else rail <= max(entry, exit_x)
            if beyond:
                continue
            pts = [(exit_x, source.cy), (rail, source.cy), (rail, target.cy), (entry, target.cy)]
            candidates.append((self._cost(pts, symbols, drawn, skip), side != "left", pts))
        return min(candidates)[2] if candidates else None

    def _lane_at(self, x: float) -> int:
        cols = self.cols
        for lane in range(cols.lanes):
            col = cols.lane_col(lane)
            if cols.left(col) <= x <= cols.right(col):
                return lane
        return 0

    def _rail(self, side: str, lanes: Sequence[int]) -> float:
        cols = self.cols
        if side == "left":
            return cols.left(cols.lane_col(min(lanes))) + RAIL
        return cols.right(cols.lane_col(max(lanes))) - RAIL

    @staticmethod
    def _cost(
        pts: list[Point], symbols: list[list[_Placed]], others: list[_Path], skip: set[int]
    ) -> int:
        cost = 0
        for a, b in pairwise(pts):
            for group in symbols:
                for s in group:
                    if id(s) not in skip and _hits_rect(a, b, s.rect):
                        cost += 10
            for other in others:
                for c, d in pairwise(other.points):
                    cost += _crossings(a, b, c, d)
        return cost

    # --- drawing -----------------------------------------------------------------------------

    def _draw_path(self, path: _Path) -> None:
        c = self.canv
        pts = list(path.points)
        if path.arrow and len(pts) >= 2:
            # Stop the line at the arrowhead's base so the tip stays sharp.
            (x0, y0), (x1, y1) = pts[-2], pts[-1]
            length = max(abs(x1 - x0), abs(y1 - y0))
            if length > 0:
                k = (length - ARROW_LEN) / length
                pts[-1] = (x0 + (x1 - x0) * k, y0 + (y1 - y0) * k)
        p = c.beginPath()
        p.moveTo(pts[0][0], self._y(pts[0][1]))
        for x, y in pts[1:]:
            p.lineTo(x, self._y(y))
        c.drawPath(p, stroke=1, fill=0)
        if path.arrow and len(path.points) >= 2:
            self._arrowhead(path.points[-2], path.points[-1])

    def _arrowhead(self, a: Point, b: Point) -> None:
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = max(abs(dx), abs(dy)) or 1.0
        ux, uy = dx / length, dy / length
        bx, by = b[0] - ux * ARROW_LEN, b[1] - uy * ARROW_LEN
        c = self.canv
        p = c.beginPath()
        p.moveTo(b[0], self._y(b[1]))
        p.lineTo(bx - uy * ARROW_HALF, self._y(by + ux * ARROW_HALF))
        p.lineTo(bx + uy * ARROW_HALF, self._y(by - ux * ARROW_HALF))
        p.close()
        c.setFillColor(colors.black)
        c.drawPath(p, stroke=0, fill=1)

    def _draw_symbol(self, s: _Placed) -> None:
        c = self.canv
        x0, y0, x1, y1 = s.rect
        w, h = x1 - x0, y1 - y0
        c.setFillColor(colors.white)
        c.setStrokeColor(colors.black)
        c.setLineWidth(INK)
        if s.kind == "terminator":
            c.roundRect(x0, self._y(y1), w, h, h / 2, stroke=1, fill=1)
        elif s.kind == "process":
            c.rect(x0, self._y(y1), w, h, stroke=1, fill=1)
        else:
            p = c.beginPath()
            if s.kind == "decision":
                pts = [(s.cx, y0), (x1, s.cy), (s.cx, y1), (x0, s.cy)]
            else:  # off-page connector: a pentagon pointing down
                pts = [(x0, y0), (x1, y0), (x1, y0 + h * 0.6), (s.cx, y1), (x0, y0 + h * 0.6)]
            p.moveTo(pts[0][0], self._y(pts[0][1]))
            for x, y in pts[1:]:
                p.lineTo(x, self._y(y))
            p.close()
            c.drawPath(p, stroke=1, fill=1)
        if s.label:
            c.setFillColor(colors.black)
            bold = s.kind == "connector"
            c.setFont("Helvetica-Bold" if bold else "Helvetica", 7.5)
            mid = y0 + h * 0.3 if s.kind == "connector" else s.cy
            c.drawCentredString(s.cx, self._y(mid + 2.6), s.label)


# --- Flowchart: the pages --------------------------------------------------------------------


def _flowchart(doc: SopDocument) -> list[Flowable]:
    """Return one flowable per flowchart page, with off-page connectors where a page breaks."""
    cols = _Columns.for_actors(len(doc.actors))
    sizes = _Sizes.for_lane(cols.lane_w)
    header = _header(doc, cols)
    steps = list(doc.steps)
    if not steps:
        return [_FlowchartPage(doc, cols, sizes, header, [])]
    rows = [_step_row(s, cols, sizes) for s in steps]
    body_h = FRAME_H - TITLE_H - header.height - 2
    pages = _paginate(rows, steps, body_h)
    lane_of = {a.key: i for i, a in enumerate(doc.actors)}
    page_of = {s.number: n for n, (first, end) in enumerate(pages) for s in steps[first:end]}
    # Connector rows: the flow's connector at each break, in the lane of the step before it.
    opening: dict[int, list[_Connector]] = {}
    closing: dict[int, list[_Connector]] = {}
    for n, (_, end) in enumerate(pages[:-1]):
        conn = _Connector(_connector_label(n), lane_of.get(steps[end - 1].main_lane, 0))
        closing[n] = [conn]
        opening[n + 1] = [conn]
    # A "Tidak" loop that _paginate could not keep on one page leaves through a connector row
    # of the decision's page and re-enters through the facing row of the target's page.
    labels = len(pages) - 1
    for step in steps:
        if step.symbol != "decision" or step.no_goto not in page_of or step.no_goto == step.number:
            continue
        here, there = page_of[step.number], page_of[step.no_goto]
        if here == there:
            continue
        label = _connector_label(labels)
        labels += 1
        target = next(s for s in steps if s.number == step.no_goto)
        out = _Connector(label, lane_of.get(step.main_lane, 0), "loop_out", 0, step.number)
        back = _Connector(label, lane_of.get(target.main_lane, 0), "loop_in", target.number)
        if there < here:  # back up: out through the top row, in through the bottom row
            opening[here].append(out)
            closing[there].append(back)
        else:
            closing[here].append(out)
            opening[there].append(back)
    flowables: list[Flowable] = []
    for n, (first, end) in enumerate(pages):
        page_rows: list[_Row] = []
        if n in opening:
            page_rows.append(_Row(CONNECTOR_ROW_H, connectors=opening[n]))
        page_rows += rows[first:end]
        if n in closing:
            page_rows.append(_Row(CONNECTOR_ROW_H, connectors=closing[n]))
        flowables.append(_FlowchartPage(doc, cols, sizes, header, page_rows))
        if n + 1 < len(pages):
            flowables.append(PageBreak())
    return flowables


# --- Document --------------------------------------------------------------------------------


class _NumberedCanvas(Canvas):
    """A canvas that prints "Halaman x dari y" once the page count is known."""

    def __init__(self, *args: Any, footer: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont("Helvetica", 7)
            self.setFillColor(colors.grey)
            y = MARGIN_BOTTOM - 7 * mm
            self.drawString(MARGIN_X, y, self._footer)
            self.drawRightString(PAGE[0] - MARGIN_X, y, f"Halaman {self._pageNumber} dari {total}")
            self.restoreState()
            super().showPage()
        super().save()


def render_sop_pdf(doc: SopDocument, *, logo: bytes = b"") -> bytes:
    """Return the SOP as a PDF (A4 landscape): identity sheet (with the agency's `logo`,
    PNG or JPEG bytes, when given), then the flowchart pages."""
    buffer = BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"SOP {doc.name}",
        subject=doc.number,
        author=" ".join(doc.agency_lines),
        creator="Monev Kinerja",
        invariant=True,  # the same SOP gives the same bytes (archive checksums stay stable)
    )
    frame = Frame(
        MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H, leftPadding=0, rightPadding=0,
        topPadding=0, bottomPadding=0, id="body",
    )  # fmt: skip
    template.addPageTemplates([PageTemplate(id="sop", frames=[frame])])
    story: list[Flowable] = [*_identity_sheet(doc, logo), PageBreak(), *_flowchart(doc)]
    footer = f"SOP {doc.number} · Versi {doc.version}"
    maker: Callable[..., Canvas] = partial(_NumberedCanvas, footer=footer)
    template.build(story, canvasmaker=maker)
    return buffer.getvalue()
