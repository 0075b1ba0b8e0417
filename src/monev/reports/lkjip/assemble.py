"""The LKjIP assembled from its snapshot (DOMAIN §8.5, PermenPANRB 53/2014 practice): Kata
Pengantar, Ikhtisar Eksekutif, BAB I–IV, Lampiran (Perjanjian Kinerja, Formulir E.81 TW IV,
recommendations and their follow-up). The same blocks as the quarterly report, so both
renderers, the DOCX read-back and the archive treat it as they treat the quarterly report."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from monev.core import formats
from monev.domain.periods import roman
from monev.monitoring.choices import RecommendationStatus
from monev.reports import kinds
from monev.reports.document.blocks import (
    Block,
    Chart,
    Document,
    Heading,
    Section,
    SignatureColumn,
    Signatures,
    Table,
)
from monev.reports.document.tables import (
    _n,
    e81_footer,
    e81_table,
    legal_basis_table,
    signature_of,
)
from monev.reports.lkjip.sections import _annual
from monev.reports.sections import SectionText
from monev.reports.snapshot import AnnualIndicator, Snapshot


def _status(code: str) -> str:
    try:
        return str(RecommendationStatus(code).label)
    except ValueError:
        return code or "—"


def _head_of_government(government: str) -> str:
    """The PK's Pihak Kedua (SPEC §16): "Pemerintah Kabupaten Balangan" → "Bupati Balangan"."""
    for prefix, head in (("Pemerintah Kabupaten", "Bupati"), ("Pemerintah Kota", "Wali Kota")):
        if government.lower().startswith(prefix.lower()):
            return f"{head}{government[len(prefix) :]}"
    return "Bupati"


def _by_sasaran(indicators: list[AnnualIndicator]) -> list[tuple[str, list[AnnualIndicator]]]:
    groups: dict[str, list[AnnualIndicator]] = {}
    for i in indicators:
        groups.setdefault(i.sasaran_name or "—", []).append(i)
    return list(groups.items())


def pk_table(s: Snapshot, caption: str, anchor: str) -> Table:
    """The Perjanjian Kinerja's table: sasaran strategis · indikator kinerja · satuan · target
    of the year (the PK's own table, from the same snapshot as BAB III)."""
    rows: list[list[str]] = []
    bold: set[int] = set()
    for n, (sasaran, items) in enumerate(_by_sasaran(_annual(s).indicators), start=1):
        bold.add(len(rows))
        rows.append([str(n), sasaran, "", "", ""])
        rows += [
            ["", f"• {i.name}", i.code, i.unit_of_measure, _n(i.this_year.target, i.decimals)]
            for i in items
        ]
    return Table(
        caption=caption,
        headers=[
            "No",
            "Sasaran Strategis / Indikator Kinerja",
            "Kode",
            "Satuan",
            f"Target {s.year}",
        ],
        rows=rows or [["", "—", "", "", ""]],
        numeric=[False, False, False, False, True],
        anchor=anchor,
        bold_rows=bold,
    )


def program_table(s: Snapshot, caption: str, anchor: str) -> Table:
    programs = _annual(s).programs
    total = sum((p.pagu or Decimal(0) for p in programs), Decimal(0))
    return Table(
        caption=caption,
        headers=["No", "Program", "Anggaran (Rp)"],
        rows=[[str(n), f"{p.code} {p.name}", _n(p.pagu, 0)]
              for n, p in enumerate(programs, start=1)]
        + [["", "Jumlah", _n(total or None, 0)]],
        numeric=[False, False, True],
        anchor=anchor,
        bold_rows={len(programs)},
    )  # fmt: skip


def build(
    s: Snapshot, sections: list[SectionText], final: dict[str, Any] | None = None
) -> Document:
    """Return the LKjIP's blocks in the outline of DOMAIN §8.5."""
    a = _annual(s)
    by_key = {t.key: t for t in sections}
    blocks: list[Block] = [Section(by_key["kata_pengantar"])]
    year = s.year

    def chapter(number: str, title: str, anchor: str) -> None:
        blocks.append(Heading(1, f"BAB {number}\n{title}", anchor))

    def sub(number: str, key: str) -> None:
        blocks.append(Heading(2, f"{number} {by_key[key].title}", f"sub-{key}"))
        blocks.append(Section(by_key[key]))

    blocks.append(Heading(1, "IKHTISAR EKSEKUTIF", "ikhtisar"))
    blocks.append(Section(by_key["ikhtisar"]))
    blocks.append(
        Table(
            caption="Ringkasan capaian Indikator Kinerja Utama",
            headers=["Indikator", "Target", "Realisasi", "Capaian (%)", "Predikat"],
            rows=[[i.name, _n(i.this_year.target, i.decimals),
                   _n(i.this_year.realization, i.decimals), _n(i.this_year.achievement),
                   formats.document_rating(i.this_year.rating)] for i in a.indicators]
            or [["—", "", "", "", ""]],
            numeric=[False, True, True, True, False],
            anchor="tabel-ikhtisar",
        )
    )  # fmt: skip

    chapter("I", "PENDAHULUAN", "bab-1")
    sub("1.1", "latar_belakang")
    sub("1.2", "tugas_fungsi")
    blocks.append(Heading(2, "1.3 Dasar Hukum", "sub-dasar-hukum"))
    blocks.append(legal_basis_table(s.legal_basis))
    sub("1.4", "isu_strategis")
    sub("1.5", "sistematika")

    chapter("II", "PERENCANAAN KINERJA", "bab-2")
    sub("2.1", "renstra")
    blocks.append(
        Table(
            caption=f"Tabel 2.1 Indikator Kinerja Utama {a.renstra_name}",
            headers=["No", "Indikator", "Satuan", "Kondisi awal",
                     f"Target akhir ({a.renstra_end})"],
            rows=[[str(n), i.name, i.unit_of_measure, _n(i.baseline, i.decimals),
                   _n(i.end_target, i.decimals)] for n, i in enumerate(a.indicators, start=1)]
            or [["", "—", "", "", ""]],
            numeric=[False, False, False, True, True],
            anchor="tabel-2-1",
        )
    )  # fmt: skip
    sub("2.2", "perjanjian_kinerja")
    blocks.append(pk_table(s, f"Tabel 2.2 Perjanjian Kinerja Tahun {year}", "tabel-2-2"))
    blocks.append(program_table(s, "Tabel 2.3 Program dan anggaran", "tabel-2-3"))

    chapter("III", "AKUNTABILITAS KINERJA", "bab-3")
    blocks.append(Heading(2, "A. Capaian Kinerja Organisasi", "sub-3-a"))
    sub("3.1", "capaian_organisasi")
    rows: list[list[str]] = []
    bold: set[int] = set()
    for sasaran, items in _by_sasaran(a.indicators):
        bold.add(len(rows))
        rows.append([sasaran, "", "", "", "", ""])
        rows += [
            [
                f"• {i.name}",
                i.unit_of_measure,
                _n(i.this_year.target, i.decimals),
                _n(i.this_year.realization, i.decimals),
                _n(i.this_year.achievement),
                formats.document_rating(i.this_year.rating),
            ]
            for i in items
        ]
    blocks.append(
        Table(
            caption=f"Tabel 3.1 Capaian kinerja per sasaran dan IKU Tahun {year}",
            headers=["Sasaran / Indikator", "Satuan", "Target", "Realisasi", "Capaian (%)",
                     "Predikat"],
            rows=rows or [["—", "", "", "", "", ""]],
            numeric=[False, False, True, True, True, False],
            anchor="tabel-3-1",
            bold_rows=bold,
        )
    )  # fmt: skip
    blocks.append(
        Chart(
            caption=f"Gambar 3.1 Capaian IKU Tahun {year} (%)",
            bars=[(i.code, i.this_year.achievement) for i in a.indicators],
            anchor="gambar-3-1",
            reference=Decimal(100),
        )
    )
    sub("3.2", "perbandingan")
    blocks.append(
        Table(
            caption=f"Tabel 3.2 Capaian IKU tahun {a.renstra_start}–{year} (periode Renstra)",
            headers=["Indikator", "Tahun", "Target", "Realisasi", "Capaian (%)", "Predikat"],
            rows=[[i.name if n == 0 else "", str(f.year), _n(f.target, i.decimals),
                   _n(f.realization, i.decimals), _n(f.achievement),
                   formats.document_rating(f.rating)]
                  for i in a.indicators for n, f in enumerate(i.years)]
            or [["—", "", "", "", "", ""]],
            numeric=[False, False, True, True, True, False],
            anchor="tabel-3-2",
        )
    )  # fmt: skip
    blocks.append(
        Table(
            caption=f"Tabel 3.3 Realisasi {year} terhadap target akhir Renstra ({a.renstra_end})",
            headers=["Indikator", "Satuan", "Kondisi awal", "Target akhir Renstra",
                     f"Realisasi {year}", "Capaian thd. target akhir (%)"],
            rows=[[i.name, i.unit_of_measure, _n(i.baseline, i.decimals),
                   _n(i.end_target, i.decimals), _n(i.this_year.realization, i.decimals),
                   _n(i.end_achievement)] for i in a.indicators]
            or [["—", "", "", "", "", ""]],
            numeric=[False, False, True, True, True, True],
            anchor="tabel-3-3",
        )
    )  # fmt: skip
    sub("3.3", "analisis_penyebab")
    blocks.append(
        Table(
            caption="Tabel 3.4 Faktor pendorong, penghambat dan temuan monev per IKU",
            headers=["Indikator", "Faktor pendorong", "Faktor penghambat", "Temuan monev"],
            rows=[[i.name, "\n".join(i.drivers) or "—", "\n".join(i.obstacles) or "—",
                   "\n".join(i.findings) or "—"] for i in a.indicators]
            or [["—", "", "", ""]],
            numeric=[False] * 4,
            anchor="tabel-3-4",
            small=True,
        )
    )  # fmt: skip
    sub("3.4", "efisiensi")
    blocks.append(
        Table(
            caption="Tabel 3.5 Efisiensi penggunaan sumber daya per program (indikatif)",
            headers=["Program", "Capaian (%)", "Serapan (%)", "Efisiensi indikatif (poin)"],
            rows=[[f"{p.code} {p.name}", _n(p.achievement), _n(p.absorption),
                   _n(p.efficiency)] for p in a.programs]
            or [["—", "", "", ""]],
            numeric=[False, True, True, True],
            anchor="tabel-3-5",
        )
    )  # fmt: skip
    blocks.append(Heading(2, "B. Realisasi Anggaran", "sub-3-b"))
    sub("3.5", "anggaran")
    blocks.append(
        Table(
            caption=f"Tabel 3.6 Realisasi anggaran per program Tahun {year}",
            headers=["No", "Program", "Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)"],
            rows=[[str(n), f"{p.code} {p.name}", _n(p.pagu, 0), _n(p.spent, 0),
                   _n(p.absorption)] for n, p in enumerate(a.programs, start=1)]
            + [["", "Jumlah", _n(s.pagu, 0), _n(s.spent, 0), _n(s.absorption)]],
            numeric=[False, False, True, True, True],
            anchor="tabel-3-6",
            bold_rows={len(a.programs)},
        )
    )  # fmt: skip

    chapter("IV", "PENUTUP", "bab-4")
    sub("4.1", "kesimpulan")
    sub("4.2", "langkah")
    blocks.append(signature_of(s, final))

    blocks.append(Heading(1, f"LAMPIRAN I\nPERJANJIAN KINERJA TAHUN {year}", "lampiran-1"))
    blocks.append(pk_table(s, f"Perjanjian Kinerja Tahun {year}", "lampiran-pk"))
    blocks.append(program_table(s, "Program dan anggaran", "lampiran-pk-program"))
    head = s.head
    blocks.append(
        Signatures(
            [
                SignatureColumn(
                    heading="Pihak Kedua,", title=_head_of_government(s.agency.government),
                    name="………………………………",
                ),
                SignatureColumn(
                    heading="Pihak Pertama,", title=head.title or "Kepala Dinas",
                    name=head.name or "………………………………", pangkat=head.pangkat,
                    nip=f"NIP. {head.nip}" if head.nip else "",
                ),
            ]
        )
    )  # fmt: skip
    blocks.append(
        Heading(1, "LAMPIRAN II\nFORMULIR E.81 TRIWULAN IV", "lampiran-2", landscape=True)
    )
    blocks.append(e81_table(s.e81))
    blocks += e81_footer(s)
    blocks.append(Heading(1, "LAMPIRAN III\nREKOMENDASI MONEV DAN TINDAK LANJUTNYA", "lampiran-3"))
    blocks.append(
        Table(
            caption=f"Rekomendasi monev Tahun {year} dan status tindak lanjutnya",
            headers=["No", "TW", "Bidang", "Temuan", "Rekomendasi", "Status", "Tindak lanjut"],
            rows=[[str(n), roman(r.quarter), r.unit_name, r.finding, r.recommendation,
                   _status(r.status), r.follow_up or "—"]
                  for n, r in enumerate(a.recommendations, start=1)]
            or [["", "", "", "Tidak ada rekomendasi monev tahun ini.", "", "", ""]],
            numeric=[False] * 7,
            anchor="tabel-rekomendasi",
            small=True,
        )
    )  # fmt: skip
    kind = kinds.of(s)
    return Document(
        title="LAPORAN KINERJA INSTANSI PEMERINTAH",
        subtitle=f"TAHUN {year}",
        running_title=kind.label(year, None),
        quarter_label=f"Tahun {year}",
        year=year,
        agency=s.agency.name,
        government=s.agency.government,
        blocks=blocks,
        identifier=kind.identifier(s.agency.short_name, year, None, s.cycle_id),
        created=datetime.fromisoformat(s.frozen_at),
        number=(final or {}).get("number", ""),
        number_date=formats.document_day((final or {}).get("number_date", ""), ""),
    )
