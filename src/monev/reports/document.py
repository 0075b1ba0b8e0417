"""The report as a sequence of blocks (headings, narrative sections, tables, charts), built
from the snapshot and the section texts. Both renderers walk the same blocks, so the PDF and
the DOCX always carry the same chapters, tables and numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from monev.core import formats
from monev.domain.numbers import format_number, format_percent, format_rupiah
from monev.domain.periods import roman
from monev.domain.ratings import Rating
from monev.monitoring.report_data import BlangkoLine, FindingData, RecommendationData
from monev.reports.sections import SectionText
from monev.reports.snapshot import E81Data, Snapshot


@dataclass
class Heading:
    level: int  # 1 = BAB / Lampiran, 2 = sub chapter
    text: str
    anchor: str


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
        spares WeasyPrint measuring every cell twice)."""
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


#: The columns of a visit's blangko lines (`monev.monitoring.selectors.report_section`):
#: indicator, value reported by the Bidang, value verified by the team, the evidence's
#: verdict, and the value the team proposes instead.
BLANGKO_HEADERS = ("Indikator", "Dilaporkan", "Hasil verifikasi", "Bukti dukung", "Usulan nilai")

#: How the signature block is headed for an acting head (DOMAIN §8.2, Permendagri 1/2023).
SIGNATORY_PREFIX = {"definitif": "", "plt": "Plt. ", "plh": "Plh. "}


def signature_of(s: Snapshot, final: dict[str, Any] | None) -> Signature:
    """The Kepala Dinas' signature block (DOMAIN §8.2): the place-date line (the nomor's date
    on the final document, else the snapshot's report date), the position headed Plt./Plh.
    for an acting head, the name, pangkat (golongan) and the NIP grouped 8 6 1 3."""
    from monev.domain.nip import display_nip

    sig = (final or {}).get("signatory") or {}
    iso = (final or {}).get("number_date") or s.report_date
    title = sig.get("jabatan") or s.head.title or "Kepala Dinas"
    nip = sig.get("nip", s.head.nip) if sig else s.head.nip
    return Signature(
        place_date=f"{s.agency.city}, {formats.document_day(iso, '')}",
        title_lines=[SIGNATORY_PREFIX.get(sig.get("mode", "definitif"), "") + title],
        name=sig.get("name") or s.head.name,
        pangkat=sig.get("pangkat", s.head.pangkat) if sig else s.head.pangkat,
        nip=f"NIP. {display_nip(nip)}" if nip else "",
    )


def _n(value: Decimal | None, decimals: int = 2) -> str:
    return format_number(value, decimals)


def e81_table(e: E81Data) -> Table:
    """Formulir E.81 as one table: a K value on indicator rows, an Rp value on node rows."""
    headers = ["No", "Kode", "Uraian", "Satuan"]
    headers += [f"{heading} ({number})" for _c, heading, number in e.column_labels]
    headers += ["Unit", "Ket."]
    rows: list[list[str]] = []
    bold: set[int] = set()
    for row in e.rows:
        cells = []
        for column in e.columns:
            k, rp = row.cells.get(column, [None, None])
            percent = column in ("14", "renja")
            if row.is_indicator:
                cells.append("" if k is None else _n(k, 2 if percent else row.decimals))
            else:
                cells.append("" if rp is None else _n(rp, 2 if percent else 0))
        if not row.is_indicator:
            bold.add(len(rows))
        rows.append(
            [
                str(row.number or ""),
                row.code,
                row.name,
                row.unit_of_measure,
                *cells,
                row.unit,
                row.remark,
            ]
        )
    rows.append(
        [
            "",
            "",
            "Jumlah",
            "",
            *[
                _n(e.totals.get(c), 2 if c in ("14", "renja") else 0)
                if e.totals.get(c) is not None
                else ""
                for c in e.columns
            ],
            "",
            "",
        ]
    )
    rows.append(
        [
            "",
            "",
            "Rata-rata capaian kinerja (%)",
            "",
            *[""] * (len(e.columns) - 1),
            _n(e.mean),
            "",
            formats.document_rating(e.rating),
        ]
    )
    bold |= {len(rows) - 2, len(rows) - 1}
    return Table(
        caption="Formulir E.81 — Evaluasi terhadap Hasil Renja Perangkat Daerah",
        headers=headers,
        rows=rows,
        numeric=[False] * 4 + [True] * len(e.columns) + [False, False],
        anchor="tabel-e81",
        landscape=True,
        small=True,
        bold_rows=bold,
    )


def file_size(size: int) -> str:
    """Return a file's size as people read it: "31 B", "12,3 KB", "4,5 MB"."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{_n(Decimal(size) / 1024, 1)} KB"
    return f"{_n(Decimal(size) / (1024 * 1024), 1)} MB"


def quarters_text(quarters: list[int]) -> str:
    """Return quarters as the report prints them: "I, II, III"."""
    return ", ".join(roman(q) for q in sorted(quarters))


def choice_label(choice: Any) -> str:
    """The label of a choice frozen as its enum ("" for none), in the active language."""
    return str(choice.label) if choice is not None else ""


def _status(r: RecommendationData) -> str:
    return choice_label(r.status)


def blangko_row(line: BlangkoLine) -> list[str]:
    """A blangko line as Lampiran II prints it (`BLANGKO_HEADERS`): values with the
    indicator's decimal places, an empty cell where none was written."""

    def shown(value: Decimal | None) -> str:
        return "" if value is None else _n(value, line.decimals)

    return [line.indicator_name, shown(line.reported), shown(line.verified),
            choice_label(line.verdict), shown(line.proposed)]  # fmt: skip


def _dispute(f: FindingData) -> str:
    return f"Dibantah: {f.dispute_reason}" if f.disputed else "—"


def _finding_cell(f: FindingData) -> str:
    """A finding as Tabel 4.1 states it: the text, then its category and indicator."""
    about = "; ".join(
        part
        for part in (
            choice_label(f.category),
            f"indikator {f.indicator_name}" if f.indicator_name else "",
        )
        if part
    )
    return f"{f.text}\n({about})" if about else f.text


def _numbered(items: list[str]) -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))


def _recommendations(f: FindingData) -> str:
    return _numbered([r.text for r in f.recommendations])


#: The row of Tabel 4.1 that separates the quarter's findings from the recommendations of
#: earlier quarters carried into it.
CARRIED_HEADING = "Rekomendasi triwulan sebelumnya yang belum selesai"


def findings_table(s: Snapshot) -> Table:
    """Tabel 4.1: every finding of the quarter, with or without a recommendation (its
    category, indicator, the Kepala Bidang's dispute, the recommendations that answer it with
    their SIPTL status and follow-up), then the open recommendations carried over from earlier
    quarters with their status (SPEC §11)."""
    rows: list[list[str]] = []
    for v in s.monitoring.visits:
        for f in v.findings:
            recs = f.recommendations
            rows.append(
                [str(len(rows) + 1), v.unit_name, _finding_cell(f), _dispute(f),
                 _recommendations(f) or "Tanpa rekomendasi",
                 _numbered([_status(r) for r in recs]) or "—",
                 _numbered([r.follow_up for r in recs]) or "—"]
            )  # fmt: skip
    bold: set[int] = set()
    if s.monitoring.carried:
        bold.add(len(rows))
        rows.append(["", CARRIED_HEADING, "", "", "", "", ""])
        for n, c in enumerate(s.monitoring.carried, start=len(rows)):
            r = c.recommendation
            origin = f"Temuan TW {roman(c.quarter)} {c.year}"
            rows.append(
                [str(n), c.unit_name, f"{_finding_cell(c.finding)}\n[{origin}]",
                 _dispute(c.finding), f"{r.text}\n(batas waktu {formats.document_day(r.due, '')})",
                 _status(r), r.follow_up or "Belum dilaporkan triwulan ini"]
            )  # fmt: skip
    return Table(
        caption="Tabel 4.1 Temuan, rekomendasi dan tindak lanjut",
        headers=["No", "Bidang", "Temuan", "Tanggapan Bidang", "Rekomendasi", "Status",
                 "Tindak lanjut"],
        rows=rows,
        numeric=[False] * 7,
        anchor="tabel-4-1",
        small=True,
        bold_rows=bold,
    )  # fmt: skip


#: The rows under the table of Formulir E.81 (as on the E.81 page), from the agency's
#: analysis note of the quarter (SOP step 7).
E81_FOOTER = (
    ("drivers", "Faktor pendorong keberhasilan pencapaian kinerja"),
    ("obstacles", "Faktor penghambat pencapaian kinerja"),
    ("next_quarter", "Tindak lanjut yang diperlukan dalam triwulan berikutnya"),
    ("next_renja", "Tindak lanjut yang diperlukan dalam Renja PD berikutnya"),
)


def e81_footer(s: Snapshot) -> list[Block]:
    """The end of Formulir E.81 as the E.81 page prints it: the predikat, the four rows of the
    agency's analysis note, and the *Disusun* (Kepala Dinas) and *Dievaluasi* (Bappeda)
    signature blocks with place and date."""
    note = next((n for n in s.notes if not n.unit_name), None)
    rows = [["Predikat kinerja", formats.document_rating(s.e81.rating) or "—"]]
    rows += [[label, (getattr(note, key, "") if note else "") or "—"] for key, label in E81_FOOTER]
    place_date = f"{s.agency.city}, {formats.document_day(s.report_date, '')}"
    return [
        Table(
            caption="Formulir E.81 — predikat, faktor pendorong, penghambat dan tindak lanjut",
            headers=["Uraian", "Keterangan"],
            rows=rows,
            numeric=[False, False],
            anchor="tabel-e81-catatan",
            landscape=True,
        ),
        Signatures(
            [
                SignatureColumn(
                    heading=f"{label}, {place_date}",
                    title=signer.title or "………………………………",
                    name=signer.name or "………………………………",
                    pangkat=signer.pangkat,
                    nip=f"NIP. {signer.nip}" if signer.nip else "NIP. ………………………………",
                )
                for label, signer in (
                    ("Disusun", s.e81.prepared_by),
                    ("Dievaluasi", s.e81.evaluated_by),
                )
            ]
        ),
    ]


def build(
    s: Snapshot, sections: list[SectionText], final: dict[str, Any] | None = None
) -> Document:
    """Return the document's blocks in the outline of DOMAIN §8.4; `final` (number,
    number_date, signatory) makes it the final document of step 12."""
    by_key = {t.key: t for t in sections}
    q_label = f"Triwulan {roman(s.quarter)}"
    blocks: list[Block] = [Section(by_key["kata_pengantar"])]

    def chapter(number: str, title: str, anchor: str) -> None:
        blocks.append(Heading(1, f"BAB {number}\n{title}", anchor))

    def sub(number: str, key: str) -> None:
        blocks.append(Heading(2, f"{number} {by_key[key].title}", f"sub-{key}"))
        blocks.append(Section(by_key[key]))

    chapter("I", "PENDAHULUAN", "bab-1")
    sub("1.1", "latar_belakang")
    blocks.append(Heading(2, "1.2 Dasar Hukum", "sub-dasar-hukum"))
    blocks.append(
        Table(
            caption="Dasar hukum",
            headers=["No", "Peraturan"],
            rows=[[str(i), line] for i, line in enumerate(s.legal_basis, start=1)] or [["", "—"]],
            numeric=[False, False],
        )
    )
    sub("1.3", "maksud_tujuan")
    sub("1.4", "ruang_lingkup")

    chapter("II", "GAMBARAN UMUM DAN PELAKSANAAN MONEV", "bab-2")
    sub("2.1", "gambaran_umum")
    sub("2.2", "pelaksanaan")
    blocks.append(
        Table(
            caption="Tabel 2.1 Jadwal pelaksanaan SOP monev",
            headers=["Langkah", "Uraian", "Pelaksana", "Mulai", "Batas waktu", "Selesai", "Ket."],
            rows=[
                [
                    f"{t.number}" + (f" ({t.round})" if t.round > 1 else ""),
                    t.description,
                    t.actor,
                    formats.document_day(t.started_at, ""),
                    formats.document_day(t.due_at, ""),
                    formats.document_day(t.completed_at, "") or "berjalan",
                    {True: "tepat waktu", False: "terlambat", None: "—"}[t.on_time],
                ]
                for t in s.timeline
            ],
            numeric=[False] * 7,
            anchor="tabel-2-1",
            small=True,
        )
    )

    chapter("III", "HASIL MONITORING DAN EVALUASI", "bab-3")
    sub("3.1", "capaian_iku")
    ikus = [i for i in s.indicators if i.is_iku]
    blocks.append(
        Table(
            caption="Tabel 3.1 Capaian Indikator Kinerja Utama",
            headers=["No", "Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)", "Predikat"],
            rows=[
                [str(n), i.name, i.unit_of_measure, _n(i.target, i.decimals),
                 _n(i.realization, i.decimals), _n(i.achievement),
                 formats.document_rating(i.rating)]
                for n, i in enumerate(ikus, start=1)
            ],
            numeric=[False, False, False, True, True, True, False],
            anchor="tabel-3-1",
        )
    )  # fmt: skip
    sub("3.2", "capaian_bidang")
    rating_headers = [formats.document_rating(r.value) for r in Rating]
    blocks.append(
        Table(
            caption="Tabel 3.2 Capaian kinerja per Bidang",
            headers=["No", "Bidang", "Indikator", "Rata-rata (%)", "Predikat", *rating_headers],
            rows=[
                [str(n), u.name, str(u.summary.count), _n(u.summary.mean),
                 formats.document_rating(u.summary.rating),
                 *[str(u.summary.by_rating.get(r.value, 0)) for r in Rating]]
                for n, u in enumerate(s.units, start=1)
            ]
            + [["", s.agency.short_name, str(s.summary.count), _n(s.summary.mean),
                formats.document_rating(s.summary.rating),
                *[str(s.summary.by_rating.get(r.value, 0)) for r in Rating]]],
            numeric=[False, False, True, True, False, *[True] * 5],
            anchor="tabel-3-2",
            bold_rows={len(s.units)},
        )
    )  # fmt: skip
    blocks.append(
        Chart(
            caption="Gambar 3.1 Capaian rata-rata per Bidang (%)",
            bars=[(u.name, u.summary.mean) for u in s.units],
            anchor="gambar-3-1",
            reference=Decimal(91),
        )
    )
    blocks.append(
        Table(
            caption="Tabel 3.3 Capaian per indikator",
            headers=["Kode", "Indikator", "Bidang", "Target", "Realisasi", "Capaian (%)",
                     "Predikat", "Proyeksi (%)"],
            rows=[
                [i.code, i.name, i.unit_name, _n(i.target, i.decimals),
                 _n(i.realization, i.decimals), _n(i.achievement),
                 formats.document_rating(i.rating), _n(i.projection) + (" ⚠" if i.at_risk else "")]
                for i in s.indicators
            ],
            numeric=[False, False, False, True, True, True, False, True],
            anchor="tabel-3-3",
            small=True,
        )
    )  # fmt: skip
    sub("3.3", "anggaran")
    blocks.append(
        Table(
            caption="Tabel 3.4 Realisasi anggaran per Bidang",
            headers=["No", "Bidang", "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)"],
            rows=[
                [str(n), u.name, _n(u.pagu, 0), _n(u.spent, 0), _n(u.absorption)]
                for n, u in enumerate(s.units, start=1)
            ]
            + [["", "Jumlah", _n(s.pagu, 0), _n(s.spent, 0), _n(s.absorption)]],
            numeric=[False, False, True, True, True],
            anchor="tabel-3-4",
            bold_rows={len(s.units)},
        )
    )
    sub("3.4", "analisis")
    blocks.append(
        Table(
            caption="Tabel 3.5 Capaian rata-rata per triwulan (%)",
            headers=["Triwulan", f"Tahun {s.year}", f"Tahun {s.year - 1}"],
            rows=[
                [roman(t.quarter), _n(t.mean), _n(last.mean if last else None)]
                for t, last in zip(s.trend, s.trend_last_year + [None] * len(s.trend), strict=False)
            ],
            numeric=[False, True, True],
            anchor="tabel-3-5",
        )
    )
    blocks.append(
        Chart(
            caption=f"Gambar 3.2 Capaian rata-rata per triwulan tahun {s.year} (%)",
            bars=[(f"TW {roman(t.quarter)}", t.mean) for t in s.trend],
            anchor="gambar-3-2",
        )
    )

    chapter("IV", "PERMASALAHAN DAN TINDAK LANJUT", "bab-4")
    sub("4.1", "pendorong")
    sub("4.2", "penghambat")
    sub("4.3", "temuan")
    findings = findings_table(s)
    if findings.rows:
        blocks.append(findings)
    if s.flags:
        blocks.append(
            Table(
                caption="Tabel 4.2 Tanda kualitas data dan penjelasannya",
                headers=["Indikator", "Bidang", "Tanda", "Penjelasan"],
                rows=[[f.indicator_name, f.unit_name, f.label, f.note or "—"] for f in s.flags],
                numeric=[False] * 4,
                anchor="tabel-4-2",
                small=True,
            )
        )
    sub("4.4", "tindak_lanjut")
    sub("4.5", "rekomendasi_renja")

    chapter("V", "PENUTUP", "bab-5")
    sub("5.1", "kesimpulan")
    sub("5.2", "saran")
    blocks.append(signature_of(s, final))

    blocks.append(Heading(1, "LAMPIRAN I\nFORMULIR E.81", "lampiran-1"))
    blocks.append(e81_table(s.e81))
    blocks += e81_footer(s)
    blocks.append(Heading(1, "LAMPIRAN II\nBLANGKO MONEV PER BIDANG", "lampiran-2"))
    if not s.monitoring.visits:
        blocks.append(
            Table(
                caption="Blangko monev",
                headers=["Keterangan"],
                rows=[["Belum ada blangko monev lapangan yang dicatat untuk triwulan ini."]],
                numeric=[False],
            )
        )
    for v in s.monitoring.visits:
        frozen = v.frozen_rows  # the text of a snapshot of schema 1–2, printed as it was
        if v.blangko or (frozen and all(len(r) == len(BLANGKO_HEADERS) for r in frozen)):
            headers = list(BLANGKO_HEADERS)
            rows = [blangko_row(line) for line in v.blangko] or frozen
            numeric = [False, True, True, False, True]
        else:  # no blangko lines: the visit's findings
            rows = frozen or [[f.text] for f in v.findings] or [["—"]]
            width = max(len(r) for r in rows)
            headers = ["Uraian"] + [""] * (width - 1)
            numeric = [False] * width
        blocks.append(
            Table(
                caption=f"Blangko monev {v.unit_name} ({formats.document_day(v.date, '')})",
                headers=headers,
                rows=rows,
                numeric=numeric,
                small=True,
            )
        )
        blocks.append(
            Table(
                caption=f"Temuan dan rekomendasi {v.unit_name}",
                headers=["No", "Temuan", "Kategori", "Indikator", "Tanggapan Kepala Bidang",
                         "Rekomendasi"],
                rows=[
                    [str(n), f.text, choice_label(f.category) or "—", f.indicator_name or "—",
                     _dispute(f), _recommendations(f) or "—"]
                    for n, f in enumerate(v.findings, start=1)
                ] or [["", "Tidak ada temuan.", "", "", "", ""]],
                numeric=[False] * 6,
                small=True,
            )
        )  # fmt: skip
    blocks.append(Heading(1, "LAMPIRAN III\nDAFTAR BUKTI DUKUNG", "lampiran-3"))
    blocks.append(
        Table(
            caption="Daftar bukti dukung",
            headers=["No", "Indikator", "Bidang", "Berkas", "Jenis", "Triwulan", "Ukuran"],
            rows=[
                [str(n), e.indicator_code, e.unit_name, e.name, e.kind.upper(),
                 quarters_text(e.quarters or ([e.quarter] if e.quarter else [])),
                 file_size(e.size)]
                for n, e in enumerate(s.evidence, start=1)
            ] or [["", "—", "", "Belum ada bukti dukung", "", "", ""]],
            numeric=[False, False, False, False, False, False, True],
            anchor="tabel-bukti",
            small=True,
        )
    )  # fmt: skip
    return Document(
        title="LAPORAN MONITORING DAN EVALUASI INTERNAL CAPAIAN KINERJA",
        subtitle=f"{q_label.upper()} TAHUN {s.year}",
        quarter_label=q_label,
        year=s.year,
        agency=s.agency.name,
        government=s.agency.government,
        blocks=blocks,
        identifier=f"monev-{s.agency.short_name}-{s.year}-{s.quarter}-{s.cycle_id}",
        created=datetime.fromisoformat(s.frozen_at),
        number=(final or {}).get("number", ""),
        number_date=formats.document_day((final or {}).get("number_date", ""), ""),
    )


__all__ = ["Block", "Document", "build", "format_percent", "format_rupiah"]
