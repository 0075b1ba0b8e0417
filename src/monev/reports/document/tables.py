"""The tables and signature blocks of the report, each built from the snapshot: Formulir E.81,
Tabel 4.1 of findings and recommendations, the blangko lines, the list of evidence files."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from monev.core import formats
from monev.domain.numbers import format_number
from monev.domain.periods import roman
from monev.monitoring.report_data import BlangkoLine, FindingData, RecommendationData
from monev.reports.document.blocks import Block, Signature, SignatureColumn, Signatures, Table
from monev.reports.snapshot import E81Data, Snapshot

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


#: The E.81 columns holding percentages (the others hold amounts): Renstra, Renja s/d TW q,
#: deviasi and efisiensi (RULES §6).
PERCENT = ("14", "renja", "deviasi", "efisiensi")


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
            percent = column in PERCENT
            if row.is_indicator:
                cells.append("" if k is None else _n(k, 2 if percent else row.decimals))
            else:
                cells.append("" if rp is None else _n(rp, 2 if percent else 0))
            murni = row.murni_target if row.is_indicator else row.murni_pagu
            if column == "7" and murni is not None:  # RULES §11: the murni value beside it
                decimals = row.decimals if row.is_indicator else 0
                cells[-1] += f" (murni: {_n(murni, decimals)})"
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
                _n(e.totals.get(c), 2 if c in PERCENT else 0) if e.totals.get(c) is not None else ""
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
        caption="Formulir E.81 — Evaluasi terhadap Hasil Renja Perangkat Daerah"
        + (f" (tahap rencana: {e.stage_label})" if e.stage_label else ""),
        headers=headers,
        rows=rows,
        numeric=[False] * 4 + [True] * len(e.columns) + [False, False],
        anchor="tabel-e81",
        landscape=True,
        small=True,
        bold_rows=bold,
    )


def legal_basis_table(lines: list[str]) -> Table:
    """The Dasar Hukum table of a report's first chapter: one regulation per row."""
    return Table(
        caption="Dasar hukum",
        headers=["No", "Peraturan"],
        rows=[[str(i), line] for i, line in enumerate(lines, start=1)] or [["", "—"]],
        numeric=[False, False],
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
