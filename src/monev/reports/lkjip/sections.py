"""The LKjIP's narrative sections (DOMAIN §8.5): ids, titles, and the text the rules write from
the snapshot — the same rules as the quarterly report's narrative (`monev.domain.narrative`:
IKU status, predikat counts, absorption against achievement, findings and follow-up). Each
is editable in the app like the quarterly report's sections."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.core import formats
from monev.domain import narrative
from monev.domain.narrative import Named
from monev.domain.numbers import format_rupiah
from monev.domain.ratings import Rating
from monev.reports.snapshot import AnnualData, Snapshot

#: Section id → title, in the order of the document (DOMAIN §8.5).
TITLES: dict[str, Any] = {
    "kata_pengantar": gettext_lazy("Kata Pengantar"),
    "ikhtisar": gettext_lazy("Ikhtisar Eksekutif"),
    "latar_belakang": gettext_lazy("Latar Belakang"),
    "tugas_fungsi": gettext_lazy("Kedudukan, Tugas Pokok dan Fungsi"),
    "isu_strategis": gettext_lazy("Isu Strategis"),
    "sistematika": gettext_lazy("Sistematika Penyajian"),
    "renstra": gettext_lazy("Rencana Strategis"),
    "perjanjian_kinerja": gettext_lazy("Perjanjian Kinerja"),
    "capaian_organisasi": gettext_lazy("Capaian Kinerja per Sasaran dan IKU"),
    "perbandingan": gettext_lazy("Perbandingan dengan Tahun Sebelumnya dan Target Renstra"),
    "analisis_penyebab": gettext_lazy("Analisis Penyebab Keberhasilan dan Kegagalan"),
    "efisiensi": gettext_lazy("Efisiensi Penggunaan Sumber Daya"),
    "anggaran": gettext_lazy("Realisasi Anggaran per Program"),
    "kesimpulan": gettext_lazy("Kesimpulan"),
    "langkah": gettext_lazy("Langkah di Masa Mendatang"),
}


def _annual(s: Snapshot) -> AnnualData:
    return s.annual or AnnualData(renstra_name="", renstra_start=s.year, renstra_end=s.year)


def _of_year(text: str) -> str:
    """A sentence of `monev.domain.narrative` (written for a quarter's report) said of the
    year: the LKjIP's period is the year, its data those at the end of TW IV."""
    return text.replace("sampai dengan triwulan ini", "sampai dengan akhir tahun").replace(
        "triwulan ini", "tahun ini"
    )


def _of_year_call(rule: Any, *args: Any) -> str:
    return _of_year(rule(*args))


def _joined(lines: list[str], empty: str) -> str:
    return "\n".join(lines) if lines else empty


def generate(s: Snapshot) -> dict[str, str]:
    """Return the text of every LKjIP section as the rules write it from the snapshot."""
    a = _annual(s)
    agency = s.agency.name
    year = s.year
    ikus = [Named(i.name, i.this_year.achievement) for i in a.indicators]
    counts = [
        (formats.document_rating(r.value), s.summary.by_rating.get(r.value, 0)) for r in Rating
    ]
    units = [
        Named(u.name, u.summary.mean, formats.document_rating(u.summary.rating)) for u in s.units
    ]
    found = [line for i in a.indicators for line in i.findings]
    recs = a.recommendations
    mean = s.summary.mean
    earlier = [
        (i, i.years[-2]) for i in a.indicators if len(i.years) > 1
    ]  # the year before, where the Renstra had one
    better = [i.name for i, last in earlier
              if i.this_year.achievement is not None and last.achievement is not None
              and i.this_year.achievement > last.achievement]  # fmt: skip
    reached_end = [i.name for i in a.indicators
                   if i.end_achievement is not None and i.end_achievement >= 100]  # fmt: skip
    texts = {
        "kata_pengantar": _(
            "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat-Nya "
            "Laporan Kinerja Instansi Pemerintah (LKjIP) %(agency)s Tahun %(year)s dapat "
            "diselesaikan. LKjIP ini merupakan wujud pertanggungjawaban atas pelaksanaan "
            "Perjanjian Kinerja Tahun %(year)s, menyajikan capaian kinerja, realisasi "
            "anggaran, serta permasalahan dan langkah perbaikannya.\n"
            "Kami menyampaikan terima kasih kepada semua pihak yang telah membantu penyusunan "
            "laporan ini."
        )
        % {"agency": agency, "year": year},
        "ikhtisar": " ".join(
            [
                _(
                    "Pada tahun %(year)s capaian kinerja rata-rata %(agency)s sebesar %(mean)s "
                    "dengan predikat %(rating)s, dan serapan anggaran %(absorption)s."
                )
                % {
                    "year": year,
                    "agency": agency,
                    "mean": narrative.percent(mean),
                    "rating": formats.document_rating(s.summary.rating) or "—",
                    "absorption": narrative.percent(s.absorption)
                    if s.absorption is not None
                    else _("belum tercatat"),
                },
                _of_year_call(narrative.iku, ikus),
            ]
        ),
        "latar_belakang": _(
            "Laporan Kinerja Instansi Pemerintah disusun setiap tahun sebagai bagian dari Sistem "
            "Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) menurut Peraturan Menteri PANRB "
            "Nomor 53 Tahun 2014, melalui SOP %(sop)s (%(number)s). Data capaian berasal dari "
            "monitoring dan evaluasi internal Triwulan I sampai dengan IV Tahun %(year)s."
        )
        % {"sop": s.sop_name, "number": s.sop_number, "year": year},
        "tugas_fungsi": _(
            "%(agency)s melaksanakan urusan pemerintahan di bidang koperasi, usaha kecil dan "
            "menengah, serta tenaga kerja, dengan %(units)s%(names)s."
        )
        % {
            "agency": agency,
            "units": narrative.count(len(s.units), "Bidang"),
            "names": f" ({narrative.join_list([u.name for u in s.units])})" if s.units else "",
        },
        "isu_strategis": _joined(
            [n.next_renja for n in a.notes if n.quarter == 4 and not n.unit_name and n.next_renja],
            _("Isu strategis mengacu pada %(renstra)s.") % {"renstra": a.renstra_name or "Renstra"},
        ),
        "sistematika": _(
            "Laporan ini terdiri atas Ikhtisar Eksekutif; BAB I Pendahuluan; BAB II Perencanaan "
            "Kinerja; BAB III Akuntabilitas Kinerja; BAB IV Penutup; dan Lampiran (Perjanjian "
            "Kinerja, Formulir E.81 Triwulan IV, rekomendasi dan tindak lanjutnya)."
        ),
        "renstra": _(
            "%(renstra)s (%(start)s–%(end)s) menetapkan %(sasaran)s dengan %(iku)s. Tahun "
            "%(year)s adalah tahun ke-%(nth)s pelaksanaan Renstra."
        )
        % {
            "renstra": a.renstra_name or _("Renstra"),
            "start": a.renstra_start,
            "end": a.renstra_end,
            "sasaran": narrative.count(len(a.sasaran), "sasaran strategis"),
            "iku": narrative.count(len(a.indicators), "Indikator Kinerja Utama"),
            "year": year,
            "nth": year - a.renstra_start + 1,
        },
        "perjanjian_kinerja": _(
            "Perjanjian Kinerja Tahun %(year)s memuat target %(iku)s dan %(programs)s dengan "
            "anggaran %(pagu)s (Tabel 2.2 dan 2.3; Lampiran I)."
        )
        % {
            "year": year,
            "iku": narrative.count(len(a.indicators), "IKU"),
            "programs": narrative.count(len(a.programs), "program"),
            "pagu": format_rupiah(sum((p.pagu or Decimal(0) for p in a.programs), Decimal(0))),
        },
        "capaian_organisasi": " ".join(
            [
                _of_year_call(narrative.iku, ikus),
                _of_year_call(
                    narrative.rating_counts, len(s.indicators), counts, s.summary.missing
                ),
                _of_year_call(narrative.best_and_weakest, units),
            ]
        ),
        "perbandingan": " ".join(
            [
                (
                    _("Dibandingkan tahun sebelumnya, capaian meningkat pada %(n)s (%(names)s).")
                    % {
                        "n": narrative.count(len(better), "IKU"),
                        "names": narrative.join_list(better),
                    }
                    if better
                    else _(
                        "Dibandingkan tahun sebelumnya, tidak ada IKU yang capaiannya meningkat."
                    )
                )
                if earlier
                else _(
                    "Tahun %(year)s adalah tahun pertama Renstra: belum ada tahun sebelumnya "
                    "dalam periode Renstra untuk dibandingkan."
                )
                % {"year": year},
                _("Terhadap target akhir Renstra (%(end)s), %(n)s telah mencapai 100%% atau lebih.")
                % {"end": a.renstra_end, "n": narrative.count(len(reached_end), "IKU")}
                if reached_end
                else _(
                    "Terhadap target akhir Renstra (%(end)s), belum ada IKU yang mencapai 100%%."
                )
                % {"end": a.renstra_end},
            ]
        ),
        "analisis_penyebab": " ".join(
            [
                _(
                    "Faktor pendorong dan penghambat setiap IKU dihimpun dari catatan analisis "
                    "Triwulan I–IV dan temuan monev (Tabel 3.4)."
                ),
                _of_year_call(
                    narrative.findings,
                    len({(r.quarter, r.unit_name) for r in recs}),
                    len(found),
                    len(recs),
                    sum(1 for r in recs if r.status == "sesuai"),
                    sum(1 for r in recs if r.status == "dalam_proses"),
                ),
            ]
        ),
        "efisiensi": _(
            "Efisiensi (indikatif) dihitung sebagai selisih capaian kinerja program dan serapan "
            "anggarannya dalam poin persentase; nilai positif berarti capaian melampaui serapan. "
            "Ukuran ini indikatif karena belum diatur dalam peraturan."
        )
        + " "
        + _of_year_call(narrative.absorption, mean, s.absorption),
        "anggaran": _(
            "Pagu anggaran tahun %(year)s sebesar %(pagu)s dengan realisasi %(spent)s "
            "(serapan %(absorption)s)."
        )
        % {
            "year": year,
            "pagu": format_rupiah(s.pagu or Decimal(0)),
            "spent": format_rupiah(s.spent or Decimal(0)),
            "absorption": narrative.percent(s.absorption),
        },
        "kesimpulan": _(
            "Capaian kinerja rata-rata %(agency)s Tahun %(year)s sebesar %(mean)s dengan "
            "predikat %(rating)s."
        )
        % {
            "agency": agency,
            "year": year,
            "mean": narrative.percent(mean),
            "rating": formats.document_rating(s.summary.rating) or "—",
        },
        "langkah": _joined(
            [
                f"{n.unit_name or agency}: {n.next_renja}"
                for n in a.notes
                if n.quarter == 4 and n.next_renja
            ],
            _("Menindaklanjuti faktor penghambat dan rekomendasi monev pada tahun berikutnya."),
        ),
    }
    return texts
