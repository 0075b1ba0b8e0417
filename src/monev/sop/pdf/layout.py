"""The flowchart table measured before it is drawn: its columns, the height of each row, the
pages it breaks into, and the geometry helpers of its arrows (top-down page coordinates)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import (
    Paragraph,
)

from monev.core.formats import EMPTY
from monev.sop.document import SopDocument, SopStep
from monev.sop.pdf.styles import CELL, CELL_C, FRAME_W, HEAD, PAD, RAIL, _p


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
    labels = tuple(_p(a.label, HEAD) for a in doc.actors) or (_p(EMPTY, HEAD),)
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
