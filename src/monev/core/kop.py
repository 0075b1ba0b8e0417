"""The letterhead (kop surat) of the agency on a generated PDF: emblem, the government and the
agency in capitals, the extra letterhead lines, the address line, and the double rule under it
— the classic Indonesian official-letter head, drawn with reportlab for portrait A4 documents."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

GOVERNMENT = ParagraphStyle(
    "kop_gov", fontName="Helvetica-Bold", fontSize=12, leading=15, alignment=TA_CENTER
)
AGENCY = ParagraphStyle(
    "kop_agency", fontName="Helvetica-Bold", fontSize=13, leading=16, alignment=TA_CENTER
)
LINE = ParagraphStyle("kop_line", fontName="Helvetica", fontSize=9, leading=11, alignment=TA_CENTER)


class _Emblem(Flowable):
    """A shield outline where the printed sheet carries the regional emblem (no logo stored)."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.width = self.height = size

    def draw(self) -> None:
        c, s = self.canv, self.width
        path = c.beginPath()
        path.moveTo(s * 0.1, s)
        path.lineTo(s * 0.9, s)
        path.lineTo(s * 0.9, s * 0.45)
        path.curveTo(s * 0.9, s * 0.2, s * 0.7, s * 0.08, s * 0.5, 0)
        path.curveTo(s * 0.3, s * 0.08, s * 0.1, s * 0.2, s * 0.1, s * 0.45)
        path.close()
        c.setStrokeColor(colors.grey)
        c.setDash(2, 2)
        c.drawPath(path, stroke=1, fill=0)
        c.setDash()


class _DoubleRule(Flowable):
    """The thick-and-thin double line under an Indonesian letterhead."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, 4

    def draw(self) -> None:
        self.canv.setLineWidth(2)
        self.canv.line(0, 3, self.width, 3)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 0, self.width, 0)


def _emblem(agency: Any, size: float) -> Flowable:
    logo = getattr(agency, "logo", None)
    if logo:
        try:
            with logo.open("rb") as handle:
                data = handle.read()
            from io import BytesIO

            from django.conf import settings

            from monev.core import images

            if not images.within(data, settings.MONEV_LOGO_MAX_PIXELS):
                return _Emblem(size)  # a logo kept before the limit: never decoded

            return Image(BytesIO(data), width=size, height=size, kind="proportional")
        except (OSError, ValueError):
            pass
    return _Emblem(size)


def kop(agency: Any, width: float) -> list[Flowable]:
    """Return the letterhead flowables of `agency` for a frame `width` points wide."""
    size = 22 * mm
    room = width - 2 * (size + 4 * mm) - 4
    name = agency.name.upper()
    fit = max(8.0, min(13.0, room / max(stringWidth(name, "Helvetica-Bold", 1), 1)))
    agency_style = ParagraphStyle("kop_agency_fit", AGENCY, fontSize=fit, leading=fit * 1.25)
    lines = [Paragraph(escape(agency.government.upper()), GOVERNMENT)]
    lines.append(Paragraph(escape(name), agency_style))
    lines += [Paragraph(escape(text), LINE) for text in agency.letterhead]
    contact = ", ".join(
        part
        for part in (
            agency.address.replace("\n", " "),
            f"Telp. {agency.phone}" if agency.phone else "",
            f"Surel: {agency.email}" if agency.email else "",
        )
        if part
    )
    if contact and not agency.letterhead:  # the letterhead lines carry the address already
        lines.append(Paragraph(escape(contact), LINE))
    head = Table(
        [[_emblem(agency, size), lines, ""]],
        colWidths=[size + 4 * mm, width - 2 * (size + 4 * mm), size + 4 * mm],
    )
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [head, _DoubleRule()]
