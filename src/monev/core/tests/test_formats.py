"""The one formatter (core.formats): numbers with only the places they need, dates and moments
the Indonesian way, stored text (JSON's "24.0000", ISO dates) read back for people."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from monev.core import formats


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("24.0000", "24"),
        ("24.5000", "24,5"),
        (Decimal("1234.5"), "1.234,5"),
        (22, "22"),
        (None, "–"),
        ("", "–"),
        ("bukan", "–"),
    ],
)
def test_number_shows_only_the_places_it_needs(raw, shown):
    assert formats.number(raw) == shown


def test_number_with_fixed_places_rounds_half_up():
    assert formats.number("1234.565", 2) == "1.234,57"
    assert formats.number("24.0000", 0) == "24"


def test_dates_and_moments_in_indonesian():
    assert formats.day(date(2026, 12, 10)) == "10 Desember 2026"
    moment = datetime(2026, 12, 7, 3, 7, tzinfo=UTC)  # 11.07 in Makassar
    assert formats.moment(moment) == "7 Desember 2026 11.07 WITA"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("2026-12-10", "10 Desember 2026"),
        ("2026-12-07T03:07:00+00:00", "7 Desember 2026 11.07 WITA"),
        ("24.0000", "24"),
        ("teks biasa", "teks biasa"),
        ("2026", "2026"),
    ],
)
def test_value_reads_stored_text_back_for_people(raw, shown):
    assert formats.value(raw) == shown


def test_template_filter_nilai_uses_the_formatter():
    out = Template("{{ a|nilai }} → {{ b|nilai }}").render(
        Context({"a": "24.0000", "b": "22.5000"})
    )
    assert out == "24 → 22,5"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (date(2026, 11, 25), "25 November 2026"),
        ("2026-08-17", "17 Agustus 2026"),
        ("2026-10-20T03:00:00+00:00", "20 Oktober 2026"),  # the date of an ISO moment's text
        (None, "–"),
        ("", "–"),
    ],
)
def test_a_document_prints_its_dates_in_indonesian_in_any_language(raw: object, shown: str) -> None:
    with translation.override("en"):
        assert formats.document_day(raw) == shown  # type: ignore[arg-type]
    assert formats.document_day(None, "") == ""


def test_a_rating_has_one_label_a_document_keeps_in_indonesian_and_a_page_translates() -> None:
    assert formats.document_rating("sangat_tinggi") == "Sangat Tinggi"
    assert formats.document_rating("tinggi", "baik") == "Baik"
    assert formats.document_rating("") == formats.document_rating("bukan") == "–"
    assert formats.rating("sedang") == "Sedang"
    with translation.override("en"):
        assert formats.document_rating("sangat_tinggi") == "Sangat Tinggi"
        assert formats.rating("sangat_tinggi") == "Very high"
    rendered = Template("{{ r|predikat }} {{ q|romawi }} {{ n|nip }} {{ e|kosong }}").render(
        Context({"r": "rendah", "q": 3, "n": "196811171997031003", "e": ""})
    )
    assert rendered == "Rendah III 19681117 199703 1 003 –"


def test_quarters_and_nips_print_the_placeholder_for_what_is_not_there() -> None:
    assert (formats.roman(2), formats.roman("x"), formats.roman(None)) == ("II", "–", "–")
    assert (formats.nip(""), formats.nip(None)) == ("–", "–")
    assert formats.EMPTY == "–"
