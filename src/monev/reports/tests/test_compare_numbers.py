"""The numbers a section states, as the comparison counts them: figures with Rp and %, each
as often as it occurs; a number that names a part of the document is no figure."""

from __future__ import annotations

import pytest

from monev.reports.compare import numbers_in


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("Capaian 96,67 % dari target 30.", ["30", "96,67%"]),
        ("Realisasi Rp 30.500.000 atau 61 %.", ["61%", "Rp30.500.000"]),
        ("Lihat Tabel 3.2 dan Gambar 1 pada BAB 3, Lampiran 2, halaman 14.", []),
        ("Tabel 3.2 memuat 12 indikator; 12 indikator tercapai.", ["12", "12"]),
        ("Sebanyak 2 Bidang (lihat tabel 4) tertinggal.", ["2"]),
        ("Tidak ada angka.", []),
    ],
)
def test_figures_are_counted_and_references_are_not(text: str, figures: list[str]) -> None:
    assert sorted(numbers_in(text).elements()) == figures
