"""The report's narrative sections: their ids, titles and the text the rules write from the
snapshot (`monev.domain.narrative`). An edited section (a `ReportSection`) replaces the
generated text in every later render and is marked as edited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from monev.domain import narrative
from monev.domain.narrative import Named
from monev.domain.numbers import format_rupiah
from monev.domain.periods import roman
from monev.domain.ratings import LABELS, Rating
from monev.reports.snapshot import Snapshot

RATING_LABELS = LABELS["permendagri"]


def rating_label(value: str) -> str:
    return RATING_LABELS[Rating(value)] if value else "–"


#: Section id → title, in the order of the document (DOMAIN §8.4).
TITLES: dict[str, str] = {
    "kata_pengantar": "Kata Pengantar",
    "latar_belakang": "Latar Belakang",
    "maksud_tujuan": "Maksud dan Tujuan",
    "ruang_lingkup": "Ruang Lingkup",
    "gambaran_umum": "Gambaran Umum",
    "pelaksanaan": "Jadwal dan Pelaksanaan Monev",
    "capaian_iku": "Capaian Kinerja per Sasaran/IKU",
    "capaian_bidang": "Capaian Program, Kegiatan dan Sub Kegiatan per Bidang",
    "anggaran": "Realisasi Anggaran",
    "analisis": "Analisis Capaian",
    "pendorong": "Faktor Pendorong",
    "penghambat": "Faktor Penghambat",
    "temuan": "Temuan Monev dan Tindak Lanjut",
    "tindak_lanjut": "Tindak Lanjut Triwulan Berikutnya",
    "rekomendasi_renja": "Rekomendasi untuk Renja Berikutnya",
    "kesimpulan": "Kesimpulan",
    "saran": "Saran",
}


@dataclass(frozen=True)
class SectionText:
    key: str
    title: str
    text: str
    edited: bool = False


def _quarter_name(s: Snapshot) -> str:
    return f"Triwulan {roman(s.quarter)} Tahun {s.year}"


def _notes(s: Snapshot, attr: str) -> str:
    agency = [n for n in s.notes if not n.unit_name]
    units = [n for n in s.notes if n.unit_name and getattr(n, attr).strip()]
    lines = [getattr(n, attr).strip() for n in agency if getattr(n, attr).strip()]
    lines += [f"{n.unit_name}: {getattr(n, attr).strip()}" for n in units]
    return "\n".join(lines)


def generate(s: Snapshot) -> dict[str, str]:
    """Return the text of every section as the rules write it from the snapshot."""
    q = _quarter_name(s)
    agency = s.agency.name
    unit_names = [u.name for u in s.units]
    counts = [(rating_label(r.value), s.summary.by_rating.get(r.value, 0)) for r in Rating]
    units = [Named(u.name, u.summary.mean, rating_label(u.summary.rating)) for u in s.units]
    ikus = [Named(i.name, i.achievement) for i in s.indicators if i.is_iku]
    risky = [Named(i.name, i.achievement, extra=i.projection) for i in s.indicators if i.at_risk]
    visits = s.monitoring.visits
    found = [f for v in visits for f in v.findings]
    recs = [r for f in found for r in f.recommendations]
    done_steps = [t for t in s.timeline if t.completed_at]
    late = [f"langkah {t.number}" for t in done_steps if t.on_time is False]
    units_at_risk = sum(1 for u in s.units if u.at_risk)
    mean = s.summary.mean
    texts = {
        "kata_pengantar": (
            f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya "
            f"Laporan Monitoring dan Evaluasi Internal Capaian Kinerja {q} {agency} dapat "
            f"diselesaikan. Laporan ini menyajikan capaian kinerja, realisasi anggaran, hasil "
            f"monev lapangan, serta permasalahan dan tindak lanjutnya, sebagai bahan "
            f"pengambilan keputusan pimpinan dan perbaikan kinerja pada triwulan berikutnya.\n"
            f"Kami menyampaikan terima kasih kepada semua pihak yang telah membantu penyusunan "
            f"laporan ini."
        ),
        "latar_belakang": (
            f"Monitoring dan evaluasi internal capaian kinerja dilaksanakan setiap triwulan "
            f"sesuai SOP {s.sop_name} ({s.sop_number}) untuk memastikan pelaksanaan Rencana "
            f"Kerja (Renja) {agency} tahun {s.year} berjalan sesuai target, serta sebagai bahan "
            f"pengisian Formulir E.81 Permendagri Nomor 86 Tahun 2017."
        ),
        "maksud_tujuan": (
            "Maksud monev ini adalah mengetahui capaian kinerja dan realisasi anggaran sampai "
            "dengan triwulan berjalan; tujuannya mengidentifikasi permasalahan sedini mungkin "
            "dan merumuskan tindak lanjut agar target akhir tahun tercapai."
        ),
        "ruang_lingkup": (
            "Ruang lingkup monev meliputi capaian "
            f"{narrative.count(len(s.indicators), 'indikator')}"
            f" pada {narrative.count(len(unit_names), 'Bidang')}"
            + (f" ({narrative.join_list(unit_names)})" if unit_names else "")
            + f" untuk periode {q} (sampai dengan triwulan ini)."
        ),
        "gambaran_umum": (
            f"{agency} melaksanakan urusan pemerintahan di bidang koperasi, usaha kecil dan "
            f"menengah, serta tenaga kerja. Renja tahun {s.year} memuat "
            f"{narrative.count(len(s.programs), 'program')} dengan pagu "
            f"{format_rupiah(s.pagu or Decimal(0))}."
        ),
        "pelaksanaan": narrative.timeliness(
            len(done_steps), sum(1 for t in done_steps if t.on_time), late
        ),
        "capaian_iku": narrative.iku(ikus),
        "capaian_bidang": " ".join(
            [
                narrative.rating_counts(len(s.indicators), counts, s.summary.missing),
                narrative.best_and_weakest(units),
            ]
        ),
        "anggaran": narrative.absorption(mean, s.absorption),
        "analisis": " ".join(
            [
                narrative.change(mean, s.previous_quarter, s.previous_year, quarter_name=q),
                narrative.at_risk(risky, units_total=len(s.units), units_at_risk=units_at_risk),
            ]
        ),
        "pendorong": _notes(s, "drivers") or "Belum ada catatan faktor pendorong.",
        "penghambat": _notes(s, "obstacles") or "Belum ada catatan faktor penghambat.",
        "temuan": narrative.findings(
            len(visits),
            len(found),
            len(recs),
            sum(1 for r in recs if r.status == "selesai"),
            sum(1 for r in recs if r.status == "dalam_proses"),
        ),
        "tindak_lanjut": _notes(s, "next_quarter") or "Belum ada rencana tindak lanjut.",
        "rekomendasi_renja": _notes(s, "next_renja") or "Belum ada rekomendasi untuk Renja.",
        "kesimpulan": (
            f"Capaian kinerja rata-rata {agency} sampai dengan {q} sebesar "
            f"{narrative.percent(mean)} dengan predikat {rating_label(s.summary.rating)}, dan "
            f"serapan anggaran {narrative.percent(s.absorption)}. "
            + narrative.at_risk(risky, units_total=len(s.units), units_at_risk=units_at_risk)
        ),
        "saran": (
            "Setiap Bidang agar menindaklanjuti faktor penghambat dan rekomendasi monev pada "
            "triwulan berikutnya, dengan prioritas indikator yang berisiko tidak mencapai "
            "target akhir tahun."
        ),
    }
    return texts


def resolve(s: Snapshot, edited: dict[str, str]) -> list[SectionText]:
    """Return every section in order: the edited text where one exists, else the rules'."""
    generated = generate(s)
    return [
        SectionText(key, title, edited.get(key, generated[key]), key in edited)
        for key, title in TITLES.items()
    ]
