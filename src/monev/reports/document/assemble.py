"""The report assembled: chapters, sections, tables and charts in the order of DOMAIN §8.4, from
the snapshot, the section texts and the final document details."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from monev.core import formats
from monev.domain.periods import roman
from monev.domain.ratings import Rating
from monev.reports import kinds
from monev.reports.document.blocks import Block, Chart, Document, Heading, Section, Table
from monev.reports.document.tables import (
    BLANGKO_HEADERS,
    _dispute,
    _n,
    _recommendations,
    blangko_row,
    choice_label,
    e81_footer,
    e81_table,
    file_size,
    findings_table,
    legal_basis_table,
    quarters_text,
    signature_of,
)
from monev.reports.sections import SectionText
from monev.reports.snapshot import Snapshot


def build(
    s: Snapshot, sections: list[SectionText], final: dict[str, Any] | None = None
) -> Document:
    """Return the document's blocks as the snapshot's kind assembles them (the quarterly
    report: `build_quarterly`; the LKjIP: `reports.lkjip.assemble`); `final` (number,
    number_date, signatory) makes it the final document of step 12. The predikat print with
    the label set of the settings the snapshot was made with."""
    with formats.rating_labels(s.rule_settings.rating_labels):
        return kinds.of(s).assemble(s, sections, final)


def build_quarterly(
    s: Snapshot, sections: list[SectionText], final: dict[str, Any] | None = None
) -> Document:
    """The quarterly report's blocks in the outline of DOMAIN §8.4."""
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
    blocks.append(legal_basis_table(s.legal_basis))
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
            headers=["No", "Bidang", "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)",
                     "Deviasi thd. anggaran kas (%)", "Efisiensi indikatif (poin)"],
            rows=[
                [str(n), u.name, _n(u.pagu, 0), _n(u.spent, 0), _n(u.absorption),
                 _n(u.deviation), _n(u.efficiency)]
                for n, u in enumerate(s.units, start=1)
            ]
            + [["", "Jumlah", _n(s.pagu, 0), _n(s.spent, 0), _n(s.absorption),
                _n(s.deviation), _n(s.efficiency)]],
            numeric=[False, False, True, True, True, True, True],
            anchor="tabel-3-4",
            bold_rows={len(s.units)},
        )
    )  # fmt: skip
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

    blocks.append(Heading(1, "LAMPIRAN I\nFORMULIR E.81", "lampiran-1", landscape=True))
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
    kind = kinds.of(s)
    return Document(
        title="LAPORAN MONITORING DAN EVALUASI INTERNAL CAPAIAN KINERJA",
        subtitle=f"{q_label.upper()} TAHUN {s.year}",
        quarter_label=q_label,
        year=s.year,
        agency=s.agency.name,
        government=s.agency.government,
        blocks=blocks,
        identifier=kind.identifier(s.agency.short_name, s.year, s.quarter, s.cycle_id),
        created=datetime.fromisoformat(s.frozen_at),
        number=(final or {}).get("number", ""),
        number_date=formats.document_day((final or {}).get("number_date", ""), ""),
    )
