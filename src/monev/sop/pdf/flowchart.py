"""The flowchart pages (Bagian Flowchart): each page one flowable that draws the grid, the
texts, the five symbols the regulation allows and the arrows between them."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
)

from monev.sop.document import SopDocument
from monev.sop.pdf.layout import (
    CONNECTOR_ROW_H,
    Point,
    Rect,
    _Columns,
    _Connector,
    _connector_label,
    _crossings,
    _Header,
    _header,
    _hits_rect,
    _Label,
    _paginate,
    _Path,
    _Placed,
    _Row,
    _Sizes,
    _step_row,
)
from monev.sop.pdf.styles import (
    ARROW_HALF,
    ARROW_LEN,
    FRAME_H,
    FRAME_W,
    HEAD,
    INK,
    LINE,
    PAD,
    RAIL,
    TITLE_H,
    _p,
)


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
