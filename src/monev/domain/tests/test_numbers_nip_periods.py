"""RULES §10 (Indonesian numbers), RULES §1 (periods) and the NIP."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monev.domain.nip import NipError, format_nip, validate_nip
from monev.domain.numbers import (
    NumberFormatError,
    format_number,
    format_percent,
    format_rupiah,
    parse_number,
)
from monev.domain.periods import (
    format_date_id,
    quarter_end,
    quarter_label,
    quarter_of,
    quarter_start,
    roman,
    ytd_quarters,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),
        ("12,5", "12.5"),
        ("1234.5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("Rp 1.500.000", "1500000"),
        ("91,25%", "91.25"),
        (" 7 ", "7"),
        ("-3,5", "-3.5"),
        ("1.234.567,89", "1234567.89"),
    ],
)
def test_typed_numbers_are_understood_as_rules_10_says(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "", "1,2,3", "1.23.4", "12,5,0", "Rp", "1..2"])
def test_anything_else_is_a_clear_error(text: str) -> None:
    with pytest.raises(NumberFormatError) as error:
        parse_number(text)
    assert "Angka tidak dikenali" in error.value.message


def test_numbers_print_the_indonesian_way() -> None:
    assert format_number(Decimal("1234567.891")) == "1.234.567,89"
    assert format_rupiah(Decimal("1500000")) == "Rp 1.500.000"
    assert format_percent(Decimal("91.25")) == "91,25 %"
    assert format_number(Decimal("90.995")) == "91,00"  # half-up
    assert format_number(None) == "–"


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_printing_then_parsing_gives_the_number_back(value: Decimal) -> None:
    assert parse_number(format_number(value)) == value


def test_quarters_and_dates() -> None:
    assert [roman(q) for q in (1, 2, 3, 4)] == ["I", "II", "III", "IV"]
    assert quarter_label(3) == "Triwulan III"
    assert quarter_of(date(2026, 11, 25)) == 4
    assert (quarter_start(2026, 2), quarter_end(2026, 2)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert ytd_quarters(3) == (1, 2, 3)
    assert format_date_id(date(2026, 11, 25)) == "25 November 2026"
    with pytest.raises(ValueError):
        roman(5)


def test_a_nip_is_checked_and_printed_grouped() -> None:
    assert validate_nip("19681117 199703 1 003") == "196811171997031003"
    assert format_nip("196811171997031003") == "19681117 199703 1 003"


@pytest.mark.parametrize(
    ("nip", "reason"),
    [
        ("1968111719970310", "18 digit"),
        ("196813171997031003", "tanggal lahir"),
        ("196811171997131003", "TMT"),
        ("196811171997033003", "jenis kelamin"),
        ("19681117199703100X", "18 digit"),
    ],
)
def test_an_invalid_nip_says_what_is_wrong(nip: str, reason: str) -> None:
    with pytest.raises(NipError) as error:
        validate_nip(nip)
    assert reason in error.value.message


def test_a_moment_is_written_in_indonesian_long_form() -> None:
    from datetime import UTC, datetime

    from monev.domain.periods import format_moment_id

    moment = datetime(2026, 12, 7, 3, 53, tzinfo=UTC)
    assert format_moment_id(moment) == "7 Desember 2026 11.53 WITA"
    assert format_moment_id(moment, "Asia/Jakarta") == "7 Desember 2026 10.53 WIB"
