"""The report's narrative sections: their ids, titles and the text the rules write from the
snapshot (`monev.domain.narrative`). An edited section (a `ReportSection`) replaces the
generated text in every later render and is marked as edited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from monev.core import formats
from monev.domain import narrative
from monev.domain.narrative import Named
from monev.domain.numbers import format_rupiah
from monev.domain.periods import roman
from monev.domain.ratings import Rating
from monev.reports import kinds
from monev.reports.snapshot import Snapshot

#: The quarterly report's section id → title, in the order of the document (DOMAIN §8.4).
TITLES: dict[str, Any] = {
    "kata_pengantar": gettext_lazy("Kata Pengantar"),
    "latar_belakang": gettext_lazy("Latar Belakang"),
    "maksud_tujuan": gettext_lazy("Maksud dan Tujuan"),
    "ruang_lingkup": gettext_lazy("Ruang Lingkup"),
    "gambaran_umum": gettext_lazy("Gambaran Umum"),
    "pelaksanaan": gettext_lazy("Jadwal dan Pelaksanaan Monev"),
    "capaian_iku": gettext_lazy("Capaian Kinerja per Sasaran/IKU"),
    "capaian_bidang": gettext_lazy("Capaian Program, Kegiatan dan Sub Kegiatan per Bidang"),
    "anggaran": gettext_lazy("Realisasi Anggaran"),
    "analisis": gettext_lazy("Analisis Capaian"),
    "pendorong": gettext_lazy("Faktor Pendorong"),
    "penghambat": gettext_lazy("Faktor Penghambat"),
    "temuan": gettext_lazy("Temuan Monev dan Tindak Lanjut"),
    "tindak_lanjut": gettext_lazy("Tindak Lanjut Triwulan Berikutnya"),
    "rekomendasi_renja": gettext_lazy("Rekomendasi untuk Renja Berikutnya"),
    "kesimpulan": gettext_lazy("Kesimpulan"),
    "saran": gettext_lazy("Saran"),
}


@dataclass(frozen=True)
class SectionText:
    key: str
    title: str
    text: str
    edited: bool = False


def _quarter_name(s: Snapshot) -> str:
    return _("Triwulan %(q)s Tahun %(y)s") % {"q": roman(s.quarter), "y": s.year}


def _notes(s: Snapshot, attr: str) -> str:
    agency = [n for n in s.notes if not n.unit_name]
    units = [n for n in s.notes if n.unit_name and getattr(n, attr).strip()]
    lines = [getattr(n, attr).strip() for n in agency if getattr(n, attr).strip()]
    lines += [f"{n.unit_name}: {getattr(n, attr).strip()}" for n in units]
    return "\n".join(lines)


def generate(s: Snapshot) -> dict[str, str]:
    """Return the text of every section of the snapshot's document (its kind's sections) as
    the rules write it from the snapshot, always in the document's language
    (`LANGUAGE_CODE`), whatever the language of the page."""
    with override(settings.LANGUAGE_CODE), formats.rating_labels(s.rule_settings.rating_labels):
        return kinds.of(s).generate(s)


def titles_of(s: Snapshot) -> dict[str, Any]:
    """Section id → title of the snapshot's document, in order."""
    return dict(kinds.of(s).titles)


def generate_quarterly(s: Snapshot) -> dict[str, str]:
    """The quarterly report's sections as the rules write them (DOMAIN §8.4)."""
    q = _quarter_name(s)
    agency = s.agency.name
    unit_names = [u.name for u in s.units]
    counts = [
        (formats.document_rating(r.value), s.summary.by_rating.get(r.value, 0)) for r in Rating
    ]
    units = [
        Named(u.name, u.summary.mean, formats.document_rating(u.summary.rating)) for u in s.units
    ]
    ikus = [Named(i.name, i.achievement) for i in s.indicators if i.is_iku]
    risky = [Named(i.name, i.achievement, extra=i.projection) for i in s.indicators if i.at_risk]
    visits = s.monitoring.visits
    found = [f for v in visits for f in v.findings]
    recs = [r for f in found for r in f.recommendations]
    done_steps = [t for t in s.timeline if t.completed_at]
    late = [_("langkah %(n)s") % {"n": t.number} for t in done_steps if t.on_time is False]
    units_at_risk = sum(1 for u in s.units if u.at_risk)
    mean = s.summary.mean
    texts = {
        "kata_pengantar": _(
            "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya "
            "Laporan Monitoring dan Evaluasi Internal Capaian Kinerja %(q)s %(agency)s dapat "
            "diselesaikan. Laporan ini menyajikan capaian kinerja, realisasi anggaran, hasil "
            "monev lapangan, serta permasalahan dan tindak lanjutnya, sebagai bahan "
            "pengambilan keputusan pimpinan dan perbaikan kinerja pada triwulan berikutnya.\n"
            "Kami menyampaikan terima kasih kepada semua pihak yang telah membantu penyusunan "
            "laporan ini."
        )
        % {"q": q, "agency": agency},
        "latar_belakang": _(
            "Monitoring dan evaluasi internal capaian kinerja dilaksanakan setiap triwulan "
            "sesuai SOP %(sop)s (%(number)s) untuk memastikan pelaksanaan Rencana "
            "Kerja (Renja) %(agency)s tahun %(year)s berjalan sesuai target, serta sebagai bahan "
            "pengisian Formulir E.81 Permendagri Nomor 86 Tahun 2017."
        )
        % {"sop": s.sop_name, "number": s.sop_number, "agency": agency, "year": s.year},
        "maksud_tujuan": _(
            "Maksud monev ini adalah mengetahui capaian kinerja dan realisasi anggaran sampai "
            "dengan triwulan berjalan; tujuannya mengidentifikasi permasalahan sedini mungkin "
            "dan merumuskan tindak lanjut agar target akhir tahun tercapai."
        ),
        "ruang_lingkup": _(
            "Ruang lingkup monev meliputi capaian %(indicators)s pada %(units)s untuk periode "
            "%(q)s (sampai dengan triwulan ini)."
        )
        % {
            "indicators": narrative.count(len(s.indicators), "indikator"),
            "units": narrative.count(len(unit_names), "Bidang")
            + (f" ({narrative.join_list(unit_names)})" if unit_names else ""),
            "q": q,
        },
        "gambaran_umum": _(
            "%(agency)s melaksanakan urusan pemerintahan di bidang koperasi, usaha kecil dan "
            "menengah, serta tenaga kerja. Renja tahun %(year)s memuat %(programs)s dengan pagu "
            "%(pagu)s."
        )
        % {
            "agency": agency,
            "year": s.year,
            "programs": narrative.count(len(s.programs), "program"),
            "pagu": format_rupiah(s.pagu or Decimal(0)),
        },
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
        "pendorong": _notes(s, "drivers") or _("Belum ada catatan faktor pendorong."),
        "penghambat": _notes(s, "obstacles") or _("Belum ada catatan faktor penghambat."),
        "temuan": narrative.findings(
            len(visits),
            len(found),
            len(recs),
            sum(1 for r in recs if r.status == "sesuai"),
            sum(1 for r in recs if r.status == "dalam_proses"),
        ),
        "tindak_lanjut": _notes(s, "next_quarter") or _("Belum ada rencana tindak lanjut."),
        "rekomendasi_renja": _notes(s, "next_renja") or _("Belum ada rekomendasi untuk Renja."),
        "kesimpulan": _(
            "Capaian kinerja rata-rata %(agency)s sampai dengan %(q)s sebesar %(mean)s dengan "
            "predikat %(rating)s, dan serapan anggaran %(absorption)s. "
        )
        % {
            "agency": agency,
            "q": q,
            "mean": narrative.percent(mean),
            "rating": formats.document_rating(s.summary.rating),
            "absorption": narrative.percent(s.absorption)
            if s.absorption is not None
            else _("belum tercatat"),
        }
        + narrative.at_risk(risky, units_total=len(s.units), units_at_risk=units_at_risk),
        "saran": _(
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
        SectionText(key, str(title), edited.get(key, generated[key]), key in edited)
        for key, title in titles_of(s).items()
    ]
