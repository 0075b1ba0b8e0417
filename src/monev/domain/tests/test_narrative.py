"""The report's narrative rules, table-tested: zero, one and many; no Bidang and every Bidang
at risk; lists joined the Indonesian way."""

from decimal import Decimal as D

import pytest

from monev.domain import narrative as n
from monev.domain.narrative import Named


@pytest.mark.parametrize(
    ("items", "text"),
    [([], ""), (["A"], "A"), (["A", "B"], "A dan B"), (["A", "B", "C"], "A, B, dan C")],
)
def test_it_joins_lists_the_indonesian_way(items: list[str], text: str) -> None:
    assert n.join_list(items) == text


@pytest.mark.parametrize(
    ("number", "text"),
    [(0, "tidak ada indikator"), (1, "1 (satu) indikator"), (3, "3 (tiga) indikator"),
     (15, "15 (lima belas) indikator"), (41, "41 (empat puluh satu) indikator"),
     (112, "112 (seratus dua belas) indikator")],
)  # fmt: skip
def test_it_counts_with_terbilang_and_says_none_for_zero(number: int, text: str) -> None:
    assert n.count(number, "indikator") == text


def test_rating_counts_zero_one_many() -> None:
    assert "tidak ada indikator" in n.rating_counts(0, [])
    one = n.rating_counts(1, [("Sangat Tinggi", 1), ("Tinggi", 0)])
    assert (
        one
        == "Dari 1 (satu) indikator yang dievaluasi, 1 (satu) indikator berpredikat Sangat Tinggi."
    )
    many = n.rating_counts(5, [("Sangat Tinggi", 3), ("Tinggi", 0), ("Rendah", 2)], missing=1)
    assert (
        "3 (tiga) indikator berpredikat Sangat Tinggi dan 2 (dua) indikator berpredikat Rendah."
        in many
    )
    assert "Tinggi dan" in many and "berpredikat Tinggi," not in many
    assert "Sebanyak 1 (satu) indikator belum memiliki nilai capaian." in many


def test_best_and_weakest_bidang() -> None:
    assert n.best_and_weakest([]).startswith("Belum ada Bidang")
    assert "Bidang Koperasi sebesar 92,10%" in n.best_and_weakest(
        [Named("Bidang Koperasi", D("92.1"), "Sangat Tinggi")]
    )
    text = n.best_and_weakest(
        [
            Named("A", D(80), "Tinggi"),
            Named("B", D(95), "Sangat Tinggi"),
            Named("C", D(60), "Rendah"),
        ]
    )
    assert text.startswith("Capaian rata-rata tertinggi diraih B sebesar 95,00%")
    assert "terendah C sebesar 60,00% (predikat Rendah)" in text


def test_at_risk_none_some_every_bidang() -> None:
    assert "tidak ada indikator yang berisiko" in n.at_risk([], units_total=3, units_at_risk=0)
    some = n.at_risk([Named("X", extra=D(70))], units_total=3, units_at_risk=1)
    assert "1 (satu) indikator berisiko tidak mencapai target: X (proyeksi 70,00%)." in some
    assert "terdapat pada 1 (satu) Bidang" in some
    every = n.at_risk(
        [Named("X", extra=D(70)), Named("Y", extra=D(50))], units_total=2, units_at_risk=2
    )
    assert "X (proyeksi 70,00%) dan Y (proyeksi 50,00%)" in every
    assert "di setiap Bidang" in every


def test_absorption_against_achievement() -> None:
    assert "belum tersedia" in n.absorption(D(90), None)
    assert "sejalan" in n.absorption(D(50), D(48))
    assert "capaian kinerja 20,00 poin persen di atas serapan" in n.absorption(D(70), D(50))
    assert "serapan anggaran 20,00 poin persen di atas capaian" in n.absorption(D(50), D(70))


def test_change_from_previous_quarter_and_year() -> None:
    text = n.change(D(90), D(80), D(95), quarter_name="Triwulan II Tahun 2026")
    assert "naik 10,00 poin persen" in text and "turun 5,00 poin persen" in text
    assert n.change(D(90), None, None, quarter_name="TW I").count(".") == 1
    assert "sama dengan triwulan sebelumnya" in n.change(D(90), D(90), None, quarter_name="TW")


def test_findings_and_follow_up() -> None:
    assert "belum ada kunjungan" in n.findings(0, 0, 0, 0, 0)
    assert "tidak menghasilkan temuan" in n.findings(2, 0, 0, 0, 0)
    text = n.findings(3, 2, 4, 1, 1)
    assert "3 (tiga) Bidang dengan 2 (dua) temuan dan 4 (empat) rekomendasi" in text
    assert (
        "1 (satu) rekomendasi telah ditindaklanjuti, 1 (satu) rekomendasi dalam proses, "
        "dan 2 (dua) rekomendasi belum ditindaklanjuti." in text
    )


def test_sop_timeliness() -> None:
    assert "Belum ada langkah" in n.timeliness(0, 0, [])
    assert (
        n.timeliness(8, 8, []) == "Seluruh 8 (delapan) langkah SOP yang telah selesai tepat waktu."
    )
    late = n.timeliness(8, 6, ["langkah 2", "langkah 6"])
    assert (
        "6 (enam) langkah tepat waktu; yang melewati waktu baku: langkah 2 dan langkah 6." in late
    )


def test_iku_sentences() -> None:
    assert n.iku([]).startswith("Tidak ada Indikator Kinerja Utama")
    text = n.iku([Named("A", D(95)), Named("B", D(80)), Named("C")])
    assert "Dari 3 (tiga) IKU, 1 (satu) IKU mencapai" in text and "B (80,00%)" in text
