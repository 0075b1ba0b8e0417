"""Indonesian formatting in templates (RULES §10), and English when the user switches."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("{{ v|angka:2 }}", Decimal("1234567.891"), "1.234.567,89"),
        ("{{ v|angka }}", 1500, "1.500"),
        ("{{ v|rupiah }}", Decimal("1500000"), "Rp 1.500.000"),
        ("{{ v|rupiah }}", Decimal("-2500"), "-Rp 2.500"),
        ("{{ v|persen }}", Decimal("91.25"), "91,25 %"),
        ("{{ v|persen }}", Decimal("90.995"), "91,00 %"),  # half-up, as RULES §3
        ("{{ v|angka }}", Decimal("12.5"), "13"),
        ("{{ v|persen }}", None, "–"),
        ("{{ v|tanggal }}", date(2026, 11, 25), "25 November 2026"),
        ("{{ v|triwulan }}", 3, "Triwulan III"),
        ("{{ v|romawi }}", 4, "IV"),
        ("{{ v|nip }}", "196811171997031003", "19681117 199703 1 003"),
    ],
)
def test_values_print_the_indonesian_way(source: str, value: object, expected: str) -> None:
    with translation.override("id"):
        assert render(source, v=value) == expected


def test_a_moment_prints_in_wita() -> None:
    moment = datetime(2026, 3, 18, 2, 0, tzinfo=ZoneInfo("UTC"))
    with translation.override("id"), timezone.override("Asia/Makassar"):
        assert render("{{ v|tanggal_waktu }}", v=moment) == "18 Maret 2026 10.00 WITA"


def test_english_users_see_english_numbers_and_quarters() -> None:
    with translation.override("en"):
        assert render("{{ v|angka:2 }}", v=Decimal("1234.5")) == "1,234.50"
        assert render("{{ v|triwulan }}", v=2) == "Quarter II"
