"""The one formatter of numbers, percentages, rupiah and NIP (RULES §10)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from monev.domain.nip import display_nip
from monev.domain.numbers import (
    format_number,
    format_percent,
    format_plain,
    format_rupiah,
    format_typed,
    parse_number,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [(Decimal("1200.5000"), "1200,5"), (Decimal(1500), "1500"), (Decimal("0.25"), "0,25")],
)
def test_a_form_gets_back_a_plain_number_that_parses_to_the_same_value(
    value: Decimal, text: str
) -> None:
    assert format_plain(value) == text
    assert parse_number(text) == value
    assert format_plain(None) == ""


def test_other_marks_serve_the_english_interface() -> None:
    english = {"grouping": ",", "decimal_mark": "."}
    assert format_number(Decimal("1234567.891"), 2, **english) == "1,234,567.89"
    assert format_percent(Decimal("91.25"), **english) == "91.25 %"
    assert format_rupiah(Decimal(1500000), grouping=",") == "Rp 1,500,000"
    assert format_number(Decimal("1234567.891")) == "1.234.567,89"


def test_display_nip_groups_a_valid_nip_and_leaves_other_text() -> None:
    assert display_nip("196811171997031003") == "19681117 199703 1 003"
    assert display_nip("12345") == "12345"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("5400000"), "5.400.000"),
        (Decimal("1234.50"), "1.234,5"),
        (Decimal("-1234567.25"), "-1.234.567,25"),
        (Decimal("999"), "999"),
        (Decimal("0.5"), "0,5"),
    ],
)
def test_a_number_is_typed_back_in_indonesian_form_and_reads_back_the_same(
    value: Decimal, text: str
) -> None:
    assert format_typed(value) == text
    assert parse_number(text) == value
    assert format_typed(None) == ""
