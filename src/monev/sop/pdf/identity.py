"""Page 1 of the printed SOP: the identity sheet (Bagian Identitas) with its letterhead, Nomor
SOP, dates, signature block, Nama SOP and the six boxes."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    Image,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from monev.core.formats import EMPTY, document_day
from monev.domain.nip import display_nip
from monev.sop.document import SopDocument
from monev.sop.pdf.styles import (
    ADDRESS,
    AGENCY,
    BOX_TITLE,
    FRAME_W,
    ID_CENTER,
    ID_LABEL,
    ID_TEXT,
    ITEM,
    LINE,
    SHEET_TITLE,
    _p,
)


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
        return [_p(EMPTY, ITEM)]
    return [Paragraph(escape(text), ITEM, bulletText=f"{i}.") for i, text in enumerate(items, 1)]


def _signature(doc: SopDocument) -> list[Flowable]:
    """Return the Disahkan Oleh block: jabatan, room to sign, nama, pangkat (golongan), NIP."""
    who = doc.ratified_by
    rank = " ".join(
        part for part in (who.pangkat, f"({who.golongan})" if who.golongan else "") if part
    )
    parts: list[Flowable] = [_p(who.jabatan or EMPTY, ID_CENTER), Spacer(1, 15 * mm)]
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
        [letterhead, _p("Nomor SOP", ID_LABEL), _p(doc.number or EMPTY, ID_TEXT)],
        ["", _p("Tanggal Pembuatan", ID_LABEL), _p(document_day(doc.created_on), ID_TEXT)],
        ["", _p("Tanggal Revisi", ID_LABEL), _p(document_day(doc.revised_on), ID_TEXT)],
        ["", _p("Tanggal Efektif", ID_LABEL), _p(document_day(doc.effective_on), ID_TEXT)],
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
