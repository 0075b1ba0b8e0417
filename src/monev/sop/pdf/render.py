"""The printed SOP as PDF bytes: the identity sheet, then the flowchart pages, numbered "Halaman
n dari m"."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
)

from monev.sop.document import SopDocument
from monev.sop.pdf.flowchart import _flowchart
from monev.sop.pdf.identity import _identity_sheet
from monev.sop.pdf.styles import FRAME_H, FRAME_W, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE


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
