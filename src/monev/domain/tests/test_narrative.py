"""The report's narrative rules, table-tested with whole sentences: zero, one and many; no
Bidang, one Bidang and every Bidang at risk; lists joined the Indonesian way."""

from decimal import Decimal as D

import pytest

from monev.domain import narrative as n
from monev.domain.narrative import Named


@pytest.mark.parametrize(
    ("items", "text"),
    [([], ""), (["A"], "A"), (["A", "B"], "A dan B"), (["A", "B", "C"], "A, B, dan C"),
     (["A", "", "C"], "A dan C")],
)  # fmt: skip
def test_it_joins_lists_the_indonesian_way(items: list[str], text: str) -> None:
    assert n.join_list(items) == text


@pytest.mark.parametrize(
    ("number", "text"),
    [(0, "tidak ada indikator"), (1, "1 (satu) indikator"), (3, "3 (tiga) indikator"),
     (11, "11 (sebelas) indikator"), (15, "15 (lima belas) indikator"),
     (41, "41 (empat puluh satu) indikator"), (100, "100 (seratus) indikator"),
     (112, "112 (seratus dua belas) indikator"), (1000, "1000 (seribu) indikator"),
     (2026, "2026 (dua ribu dua puluh enam) indikator")],
)  # fmt: skip
def test_it_counts_with_terbilang_and_says_none_for_zero(number: int, text: str) -> None:
    assert n.count(number, "indikator") == text


@pytest.mark.parametrize(
    ("total", "counts", "missing", "text"),
    [
        (0, [], 0, "Pada triwulan ini tidak ada indikator kinerja yang dapat dinilai."),
        (1, [("Sangat Tinggi", 1), ("Tinggi", 0)], 0,
         "Dari 1 (satu) indikator yang dievaluasi, 1 (satu) indikator berpredikat Sangat "
         "Tinggi."),
        (5, [("Sangat Tinggi", 3), ("Tinggi", 0), ("Rendah", 2)], 0,
         "Dari 5 (lima) indikator yang dievaluasi, 3 (tiga) indikator berpredikat Sangat "
         "Tinggi dan 2 (dua) indikator berpredikat Rendah."),
        (6, [("Sangat Tinggi", 3), ("Tinggi", 1), ("Rendah", 1)], 1,
         "Dari 6 (enam) indikator yang dievaluasi, 3 (tiga) indikator berpredikat Sangat "
         "Tinggi, 1 (satu) indikator berpredikat Tinggi, dan 1 (satu) indikator berpredikat "
         "Rendah. Sebanyak 1 (satu) indikator belum memiliki nilai capaian."),
        (2, [("Sangat Tinggi", 0)], 2,
         "Dari 2 (dua) indikator yang dievaluasi, belum ada yang dapat diberi predikat. "
         "Sebanyak 2 (dua) indikator belum memiliki nilai capaian."),
    ],
)  # fmt: skip
def test_rating_counts(total: int, counts: list[tuple[str, int]], missing: int, text: str) -> None:
    assert n.rating_counts(total, counts, missing=missing) == text


@pytest.mark.parametrize(
    ("units", "text"),
    [
        ([], "Belum ada Bidang yang memiliki nilai capaian pada triwulan ini."),
        ([Named("Bidang A")], "Belum ada Bidang yang memiliki nilai capaian pada triwulan ini."),
        ([Named("Bidang Koperasi", D("92.1"), "Sangat Tinggi")],
         "Capaian rata-rata Bidang Koperasi sebesar 92,10% (predikat Sangat Tinggi)."),
        ([Named("A", D(80), "Tinggi"), Named("B", D(95), "Sangat Tinggi"),
          Named("C", D(60), "Rendah"), Named("D")],
         "Capaian rata-rata tertinggi diraih B sebesar 95,00% (predikat Sangat Tinggi), "
         "sedangkan yang terendah C sebesar 60,00% (predikat Rendah)."),
        ([Named("A", D(90), "Tinggi"), Named("B", D(90), "Tinggi")],
         "Seluruh 2 (dua) Bidang mencapai rata-rata yang sama, yaitu 90,00% (predikat "
         "Tinggi)."),
    ],
)  # fmt: skip
def test_best_and_weakest_bidang(units: list[Named], text: str) -> None:
    assert n.best_and_weakest(units) == text


X, Y, Z = Named("X", extra=D(70)), Named("Y", extra=D(50)), Named("Z", extra=D("80.5"))
NONE_AT_RISK = "Berdasarkan proyeksi akhir tahun, tidak ada indikator yang berisiko tidak "
NONE_AT_RISK += "mencapai target."
EVERY = " Risiko ini terdapat di setiap Bidang, sehingga percepatan perlu dilakukan secara "
EVERY += "menyeluruh."


@pytest.mark.parametrize(
    ("indicators", "units_total", "units_at_risk", "text"),
    [
        # no indicator, so no Bidang at risk (with or without Bidang)
        ([], 3, 0, NONE_AT_RISK),
        ([], 0, 0, NONE_AT_RISK),
        # one indicator in one of three Bidang
        ([X], 3, 1,
         "Berdasarkan proyeksi akhir tahun, 1 (satu) indikator berisiko tidak mencapai target: "
         "X (proyeksi 70,00%). Risiko ini terdapat pada 1 (satu) Bidang."),
        # many indicators in two of three Bidang
        ([X, Y, Z], 3, 2,
         "Berdasarkan proyeksi akhir tahun, 3 (tiga) indikator berisiko tidak mencapai target: "
         "X (proyeksi 70,00%), Y (proyeksi 50,00%), dan Z (proyeksi 80,50%). Risiko ini "
         "terdapat pada 2 (dua) Bidang."),
        # every Bidang at risk
        ([X, Y], 2, 2,
         "Berdasarkan proyeksi akhir tahun, 2 (dua) indikator berisiko tidak mencapai target: "
         "X (proyeksi 70,00%) dan Y (proyeksi 50,00%)." + EVERY),
        # an agency of one Bidang: that Bidang, not "every Bidang"
        ([X], 1, 1,
         "Berdasarkan proyeksi akhir tahun, 1 (satu) indikator berisiko tidak mencapai target: "
         "X (proyeksi 70,00%). Risiko ini terdapat pada 1 (satu) Bidang."),
        # indicators without a Bidang (none recorded)
        ([X], 0, 0,
         "Berdasarkan proyeksi akhir tahun, 1 (satu) indikator berisiko tidak mencapai target: "
         "X (proyeksi 70,00%)."),
    ],
)  # fmt: skip
def test_at_risk_zero_one_many_and_every_bidang(
    indicators: list[Named], units_total: int, units_at_risk: int, text: str
) -> None:
    assert n.at_risk(indicators, units_total=units_total, units_at_risk=units_at_risk) == text


@pytest.mark.parametrize(
    ("indicators", "text"),
    [
        ([], "Tidak ada Indikator Kinerja Utama (IKU) yang dievaluasi pada triwulan ini."),
        ([Named("A", D(95))],
         "Dari 1 (satu) IKU, 1 (satu) IKU mencapai capaian 91,00% atau lebih."),
        ([Named("A", D(80))],
         "Dari 1 (satu) IKU, tidak ada IKU yang mencapai capaian 91,00% atau lebih; yang belum "
         "mencapainya: A (80,00%)."),
        ([Named("A", D(95)), Named("B", D(80)), Named("C", D("90.99")), Named("D")],
         "Dari 4 (empat) IKU, 1 (satu) IKU mencapai capaian 91,00% atau lebih; yang belum "
         "mencapainya: B (80,00%) dan C (90,99%). Sebanyak 1 (satu) IKU belum memiliki nilai "
         "capaian."),
    ],
)  # fmt: skip
def test_iku_sentences(indicators: list[Named], text: str) -> None:
    assert n.iku(indicators) == text


@pytest.mark.parametrize(
    ("achievement", "absorbed", "text"),
    [
        (D(90), None, "Data realisasi anggaran belum tersedia untuk triwulan ini."),
        (None, D(40), "Serapan anggaran sampai dengan triwulan ini sebesar 40,00%."),
        (D(50), D(48),
         "Serapan anggaran sampai dengan triwulan ini sebesar 48,00%, sedangkan capaian kinerja "
         "rata-rata 50,00%; serapan anggaran sejalan dengan capaian kinerja."),
        (D(70), D(50),
         "Serapan anggaran sampai dengan triwulan ini sebesar 50,00%, sedangkan capaian kinerja "
         "rata-rata 70,00%; capaian kinerja 20,00 poin persen di atas serapan anggaran."),
        (D(50), D(70),
         "Serapan anggaran sampai dengan triwulan ini sebesar 70,00%, sedangkan capaian kinerja "
         "rata-rata 50,00%; serapan anggaran 20,00 poin persen di atas capaian kinerja."),
    ],
)  # fmt: skip
def test_absorption_against_achievement(achievement: D, absorbed: D, text: str) -> None:
    assert n.absorption(achievement, absorbed) == text


@pytest.mark.parametrize(
    ("current", "previous", "last_year", "text"),
    [
        (None, D(80), D(70), "Capaian rata-rata triwulan ini belum dapat dihitung."),
        (D(90), None, None, "Capaian rata-rata TW II sebesar 90,00%."),
        (D(90), D(80), D(95),
         "Capaian rata-rata TW II sebesar 90,00%. Dibandingkan triwulan sebelumnya (80,00%), "
         "capaian naik 10,00 poin persen. Dibandingkan triwulan yang sama tahun lalu (95,00%), "
         "capaian turun 5,00 poin persen."),
        (D(90), D(90), None,
         "Capaian rata-rata TW II sebesar 90,00%. Capaian ini sama dengan triwulan sebelumnya "
         "(90,00%)."),
    ],
)  # fmt: skip
def test_change_from_previous_quarter_and_year(
    current: D, previous: D, last_year: D, text: str
) -> None:
    assert n.change(current, previous, last_year, quarter_name="TW II") == text


@pytest.mark.parametrize(
    ("numbers", "text"),
    [
        ((0, 0, 0, 0, 0), "Pada triwulan ini belum ada kunjungan monev lapangan yang dicatat."),
        ((2, 0, 0, 0, 0), "Monev lapangan dilakukan pada 2 (dua) Bidang dan tidak menghasilkan "
                          "temuan."),
        ((1, 1, 1, 1, 0),
         "Monev lapangan dilakukan pada 1 (satu) Bidang dengan 1 (satu) temuan dan 1 (satu) "
         "rekomendasi. Dari rekomendasi tersebut, 1 (satu) rekomendasi telah ditindaklanjuti."),
        ((3, 2, 4, 1, 1),
         "Monev lapangan dilakukan pada 3 (tiga) Bidang dengan 2 (dua) temuan dan 4 (empat) "
         "rekomendasi. Dari rekomendasi tersebut, 1 (satu) rekomendasi telah ditindaklanjuti, "
         "1 (satu) rekomendasi dalam proses, dan 2 (dua) rekomendasi belum ditindaklanjuti."),
        ((2, 3, 3, 0, 0),
         "Monev lapangan dilakukan pada 2 (dua) Bidang dengan 3 (tiga) temuan dan 3 (tiga) "
         "rekomendasi. Dari rekomendasi tersebut, 3 (tiga) rekomendasi belum ditindaklanjuti."),
    ],
)  # fmt: skip
def test_findings_and_follow_up(numbers: tuple[int, int, int, int, int], text: str) -> None:
    assert n.findings(*numbers) == text


@pytest.mark.parametrize(
    ("done", "on_time", "late", "text"),
    [
        (0, 0, [], "Belum ada langkah SOP yang selesai pada siklus ini."),
        (1, 1, [], "1 (satu) langkah SOP telah selesai dan tepat waktu."),
        (8, 8, [], "Seluruh 8 (delapan) langkah SOP yang telah selesai tepat waktu."),
        (8, 6, ["langkah 2", "langkah 6"],
         "Dari 8 (delapan) langkah SOP yang telah selesai, 6 (enam) langkah tepat waktu; yang "
         "melewati waktu baku: langkah 2 dan langkah 6."),
        (1, 0, ["langkah 1"],
         "Dari 1 (satu) langkah SOP yang telah selesai, tidak ada langkah yang tepat waktu; yang "
         "melewati waktu baku: langkah 1."),
    ],
)  # fmt: skip
def test_sop_timeliness(done: int, on_time: int, late: list[str], text: str) -> None:
    assert n.timeliness(done, on_time, late) == text
