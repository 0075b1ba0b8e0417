"""The Lembar Disposisi of a cycle, generated from the Sekretaris' disposition when the cycle
was opened (who, when, what): the classic Indonesian disposition sheet under the agency's
letterhead — from, date, subject, to whom it goes, what is asked, the note, the signature."""

from __future__ import annotations

from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from monev.core.formats import document_day
from monev.core.kop import kop
from monev.domain.nip import display_nip
from monev.domain.periods import roman
from monev.sop import selectors
from monev.sop.models import Cycle

TEXT = ParagraphStyle("dp_text", fontName="Helvetica", fontSize=10, leading=13)
BOLD = ParagraphStyle("dp_bold", TEXT, fontName="Helvetica-Bold")
TITLE = ParagraphStyle(
    "dp_title", fontName="Helvetica-Bold", fontSize=13, leading=16, alignment=TA_CENTER
)
SIGN = ParagraphStyle("dp_sign", TEXT, alignment=TA_CENTER)

#: What the sheet asks of the addressee; the first is ticked (the cycle's step 1 follows).
REQUESTS = (
    "Tindak lanjuti / proses lebih lanjut",
    "Siapkan bahan",
    "Koordinasikan / konfirmasikan",
    "Tanggapan dan saran",
    "Untuk diketahui",
)


def _p(text: str, style: ParagraphStyle = TEXT) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _pair(label: str, value: str) -> Paragraph:
    return Paragraph(f"{escape(label)}<br/><b>{escape(value)}</b>", TEXT)


def _checklist(width: float) -> Table:
    """The requests, each with a drawn box; the first (follow up) ticked."""
    box = 4 * mm
    rows = [[_p("X" if n == 0 else "", SIGN), _p(text)] for n, text in enumerate(REQUESTS)]
    table = Table(rows, colWidths=[box, width - box], rowHeights=[box + 2] * len(rows))
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    commands += [("BOX", (0, n), (0, n), 0.6, colors.black) for n in range(len(rows))]
    table.setStyle(TableStyle(commands))
    return table


def render_disposition_pdf(cycle: Cycle) -> bytes:
    """Return the cycle's Lembar Disposisi as an A4 portrait PDF."""
    agency = cycle.agency
    opened = timezone.localtime(cycle.opened_at)
    sender = cycle.opened_by
    official = getattr(sender, "official", None) if sender else None
    first = cycle.runs.filter(number=1).order_by("round").first()
    holders = selectors.holders_of(first) if first else []
    role = first.step.get_actor_display() if first else "Kasubag Program"
    width = A4[0] - 40 * mm
    half = width / 2
    subject = (
        f"Pelaksanaan monitoring dan evaluasi kinerja Triwulan {roman(cycle.quarter)} "
        f"Tahun {cycle.year} ({cycle.definition.name})"
    )
    addressees = [f"{role}"] + [f"Sdr. {h.full_name}" for h in holders]
    to_cell = [_p("Diteruskan kepada Sdr.:", BOLD)] + [
        _p(f"{n}. {text}") for n, text in enumerate(addressees, 1)
    ]
    ask_cell = [_p("Dengan hormat harap:", BOLD), _checklist(half - 12)]
    rows = [
        [
            [
                _pair("Surat dari", official.position if official else "Sekretaris"),
                _pair("Tanggal", document_day(opened.date())),
            ],
            [
                _pair(
                    "Diterima tanggal",
                    f"{document_day(opened.date())} {opened:%H.%M} {opened.tzname() or ''}",
                ),
                _pair("No. Agenda", f"MONEV/{cycle.year}/TW-{roman(cycle.quarter)}"),
                _pair("Sifat", "Biasa"),
            ],
        ],
        [[_p("Hal:", BOLD), _p(subject)], ""],
        [to_cell, ask_cell],
        [[_p("Isi disposisi / catatan:", BOLD), Spacer(1, 2 * mm), _p(cycle.disposition)], ""],
    ]
    # splitInRow: a long disposition continues on the next page instead of failing the PDF
    table = Table(
        rows, colWidths=[half, half], minRowHeights=[0, 0, 45 * mm, 55 * mm], splitInRow=1
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("SPAN", (0, 1), (1, 1)),
                ("SPAN", (0, 3), (1, 3)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    signature = [
        _p(f"{agency.city}, {document_day(opened.date())}", SIGN),
        _p(f"{official.position if official else 'Sekretaris'},", SIGN),
        Spacer(1, 18 * mm),
        Paragraph(f"<u><b>{escape(sender.full_name if sender else '–')}</b></u>", SIGN),
    ]
    if official and official.nip:
        signature.append(_p(f"NIP. {display_nip(official.nip)}", SIGN))
    sign_table = Table([["", signature]], colWidths=[half, half])
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=12 * mm,
        bottomMargin=15 * mm,
        title=f"Lembar Disposisi {cycle}",
        author=agency.name,
        creator="Monev Kinerja",
        invariant=True,
    ).build(
        [
            *kop(agency, width),
            Spacer(1, 6 * mm),
            _p("LEMBAR DISPOSISI", TITLE),
            Spacer(1, 5 * mm),
            table,
            Spacer(1, 8 * mm),
            sign_table,
        ]
    )
    return buffer.getvalue()
