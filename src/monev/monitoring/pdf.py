"""Render the Jadwal and the berita acara (snapshots of `monitoring.documents`) as A4 PDFs with
the agency's kop and signature blocks. No ORM here."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from monev.core.formats import EMPTY, document_day
from monev.core.kop import kop as letterhead
from monev.domain.numbers import format_typed
from monev.domain.periods import format_date_long_id
from monev.monitoring.documents import BeritaAcara, Jadwal, Kop, Person


def _style(name: str, size: float = 9, bold: bool = False, **kw: Any) -> ParagraphStyle:
    font = "Helvetica-Bold" if bold else "Helvetica"
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, **kw)


TEXT = _style("text")
CELL = _style("cell", 8)
HEAD = _style("head", 8, bold=True, alignment=TA_CENTER)
CENTER = _style("center", alignment=TA_CENTER)
TITLE = _style("title", 11, bold=True, alignment=TA_CENTER, spaceBefore=6, spaceAfter=6)
H2 = _style("h2", 9.5, bold=True, spaceBefore=8, spaceAfter=3, keepWithNext=1)


#: Page margins, and the padding platypus keeps inside its frame on each side.
MARGIN = 15 * mm
FRAME_PADDING = 6


def _content_width(page_width: float) -> float:
    """The width tables may take: the page less its margins and the frame's padding (a table
    as wide as the margins alone sticks out past the kop's rule)."""
    return page_width - 2 * MARGIN - 2 * FRAME_PADDING


def _p(text: object, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")), style)


def _num(value: Decimal | None) -> str:
    """A value as the blangko shows it: Indonesian grouping, no trailing zeros; "–" for none."""
    return format_typed(value) or EMPTY


class _Letterhead:
    """The kop snapshot in the shape `monev.core.kop.kop` reads (the agency's fields and its
    logo as a file): every letterhead of the app is drawn by that one function."""

    def __init__(self, kop: Kop) -> None:
        self.government, self.name = kop.government, kop.agency
        self.letterhead, self.address = kop.lines, kop.address
        self.phone, self.email = kop.phone, kop.email
        self.logo = _LogoFile(kop.logo) if kop.logo else None


class _LogoFile:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def open(self, _mode: str = "rb") -> BytesIO:
        return BytesIO(self.data)


def _kop(kop: Kop, width: float) -> list[Any]:
    """The letterhead with the agency's logo (DOMAIN §8.1), as on every other letter."""
    return [*letterhead(_Letterhead(kop), width), Spacer(1, 2 * mm)]


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    # splitInRow: a row taller than a page (a finding of thousands of characters) continues
    # on the next page instead of failing the whole document.
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _signature(person: Person | None, *headings: str) -> list[Any]:
    """A signature block: heading lines, room to sign, the name underlined, the NIP."""
    parts: list[Any] = [_p(line, CENTER) for line in headings]
    parts.append(Spacer(1, 18 * mm))
    if person is None:
        return [*parts, _p("(..............................)", CENTER)]
    return [
        *parts,
        Paragraph(f"<u><b>{escape(person.name)}</b></u>", CENTER),
        _p(f"NIP. {person.nip}" if person.nip else "", CENTER),
    ]


def _render(story: list[Any], pagesize: tuple[float, float]) -> bytes:
    buffer = BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
    ).build(story)
    return buffer.getvalue()


def jadwal_pdf(doc: Jadwal) -> bytes:
    """The Jadwal (step 4's output): one row per visit, landscape A4."""
    page = landscape(A4)
    width = _content_width(page[0])
    rows: list[list[Any]] = [
        [
            _p(h, HEAD)
            for h in (
                "No",
                "Bidang",
                "Hari/Tanggal",
                "Waktu",
                "Tempat",
                "Tim Monev",
                "Indikator diverifikasi",
            )
        ]
    ]
    for n, row in enumerate(doc.rows, 1):
        team = "<br/>".join(f"{escape(m.name)} ({escape(m.role)})" for m in row.team)
        rows.append(
            [
                _p(n),
                _p(row.unit),
                _p(format_date_long_id(row.day)),
                _p(f"{row.start}–{row.end} WITA"),
                _p(row.place),
                Paragraph(team, CELL),
                _p(
                    f"{row.indicators} indikator"
                    + (f", {row.flagged} bertanda olah data" if row.flagged else "")
                ),
            ]
        )
    shares = [0.04, 0.17, 0.13, 0.1, 0.16, 0.26, 0.14]
    story = [*_kop(doc.kop, width), _p(doc.title, TITLE), _table(rows, [width * s for s in shares])]
    signer = Table(
        [
            [
                "",
                _signature(
                    doc.signer,
                    f"{doc.kop.city}, {document_day(doc.printed)}",
                    "Menyetujui,",
                    doc.signer.position if doc.signer else "Sekretaris",
                ),
            ]
        ],
        colWidths=[width * 0.6, width * 0.4],
    )
    story += [Spacer(1, 8 * mm), KeepTogether(signer)]
    return _render(story, page)


def berita_acara_pdf(doc: BeritaAcara) -> bytes:
    """The berita acara of one visit (step 5's document), portrait A4."""
    width = _content_width(A4[0])
    story: list[Any] = [*_kop(doc.kop, width), _p(doc.title, TITLE)]
    story.append(
        _p(
            f"Pada hari ini, {format_date_long_id(doc.day)}, pukul {doc.time} WITA, bertempat di "
            f"{doc.place}, Tim Monitoring dan Evaluasi Kinerja telah melaksanakan monitoring dan "
            f"evaluasi kinerja pada {doc.unit} dengan hasil sebagai berikut.",
            TEXT,
        )
    )
    story.append(_p("A. Tim Monev", H2))
    team = [[_p(h, HEAD) for h in ("No", "Nama", "NIP", "Jabatan", "Dalam tim")]]
    team += [
        [_p(i), _p(m.name), _p(m.nip), _p(m.position), _p(m.role)]
        for i, m in enumerate(doc.team, 1)
    ]
    story.append(_table(team, [width * s for s in (0.06, 0.3, 0.22, 0.27, 0.15)]))
    story.append(_p("B. Verifikasi data kinerja", H2))
    checked = [
        [
            _p(h, HEAD)
            for h in (
                "No",
                "Indikator",
                "Dilaporkan",
                "Hasil verifikasi",
                "Bukti dukung",
                "Usulan koreksi",
            )
        ]
    ]
    for i, line in enumerate(doc.indicators, 1):
        checked.append(
            [
                _p(i),
                _p(f"{line.code} {line.name} ({line.unit_of_measure})"),
                _p(_num(line.reported)),
                _p(_num(line.verified)),
                _p(f"{line.verdict}{': ' + line.reason if line.reason else ''}" or EMPTY),
                _p(_num(line.proposed)),
            ]
        )
    story.append(_table(checked, [width * s for s in (0.05, 0.37, 0.11, 0.12, 0.23, 0.12)]))
    story.append(_p("C. Daftar periksa", H2))
    items = [[_p(h, HEAD) for h in ("Bagian", "Butir", "Jawaban")]]
    items += [[_p(s), _p(i), _p(a)] for s, i, a in doc.checklist]
    story.append(_table(items, [width * s for s in (0.25, 0.5, 0.25)]))
    story.append(_p("D. Temuan", H2))
    findings = [
        [_p(h, HEAD) for h in ("No", "Temuan", "Kategori", "Indikator", "Tanggapan Bidang")]
    ]
    findings += [
        [_p(i), _p(t), _p(c), _p(ind or EMPTY), _p(f"Dibantah: {d}" if d else "Disetujui")]
        for i, (t, c, ind, d) in enumerate(doc.findings, 1)
    ] or [[_p(EMPTY), _p("Tidak ada temuan."), "", "", ""]]
    story.append(_table(findings, [width * s for s in (0.05, 0.4, 0.15, 0.2, 0.2)]))
    story.append(_p("E. Rekomendasi", H2))
    recs = [
        [_p(h, HEAD) for h in ("No", "Rekomendasi", "Temuan", "Penanggung jawab", "Batas waktu")]
    ]
    recs += [
        [_p(i), _p(t), _p(f"No. {n}" if n else EMPTY), _p(u), _p(document_day(d))]
        for i, (t, u, d, n) in enumerate(doc.recommendations, 1)
    ] or [[_p(EMPTY), _p("Tidak ada rekomendasi."), "", "", ""]]
    story.append(_table(recs, [width * s for s in (0.05, 0.47, 0.1, 0.2, 0.18)]))
    if doc.summary:
        story += [_p("F. Kesimpulan tim", H2), _p(doc.summary, TEXT)]
    story += [Spacer(1, 3 * mm), _p(doc.answer, TEXT), Spacer(1, 3 * mm)]
    story.append(
        _p("Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.", TEXT)
    )
    signatures = Table(
        [
            [
                _signature(
                    doc.head,
                    "\u00a0",
                    "Mengetahui,",
                    doc.head.position if doc.head else "Kepala Bidang",
                ),
                _signature(
                    doc.leader,
                    f"{doc.kop.city}, {document_day(doc.day)}",
                    "Ketua Tim Monev,",
                    "\u00a0",
                ),
            ]
        ],
        colWidths=[width / 2, width / 2],
    )
    story += [Spacer(1, 6 * mm), KeepTogether(signatures)]
    return _render(story, A4)
