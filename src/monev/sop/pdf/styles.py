"""The page, the measures and the paragraph styles of the printed SOP (Permendagri 52/2011
layout)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Paragraph,
)

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


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


# --- Identity sheet --------------------------------------------------------------------------
