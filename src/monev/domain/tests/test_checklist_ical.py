"""Checklist templates as text, and the iCalendar invitation of a visit."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from monev.domain import checklist, ical


def test_the_default_template_parses_and_round_trips_through_text() -> None:
    sections = checklist.parse(checklist.DEFAULT_TEXT)
    assert sections[0].title == "Kelengkapan dokumen dan data"
    kinds = {i.kind for s in sections for i in s.items}
    assert kinds == {"yes_no", "text", "number", "choice"}
    assert checklist.parse(checklist.to_text(sections)) == sections
    assert checklist.from_data(checklist.to_data(sections)) == sections


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("ya_tidak Tanpa bagian", 1),
        ("# A\nangka", 2),
        ("# A\nbenda Sesuatu", 2),
        ("# A\npilihan Kondisi: Baik", 2),
        ("# A\n#", 2),
        ("# Hanya judul", 1),
    ],
)
def test_a_bad_line_is_named(text: str, line: int) -> None:
    with pytest.raises(checklist.ChecklistError) as error:
        checklist.parse(text)
    assert error.value.line == line


def test_answers_are_checked_by_kind_and_required_items_are_listed() -> None:
    sections = checklist.parse("# A\nya_tidak* Ada\nangka Jumlah\npilihan* K: Baik; Kurang\nteks T")
    yes, number, choice, _text = sections[0].items
    assert checklist.clean_answer(yes, " ya ") == "ya"
    assert checklist.clean_answer(number, "1.250,5") == "1.250,5"
    assert checklist.clean_answer(number, "Rp 1.500.000") == "Rp 1.500.000"  # RULES §10
    for item, raw in ((yes, "mungkin"), (number, "dua"), (number, "1.5.0,0,0"), (choice, "Sedang")):
        with pytest.raises(ValueError):
            checklist.clean_answer(item, raw)
    assert [i.key for i in checklist.missing_required(sections, {"1.1": "ya"})] == ["1.3"]


def test_the_invitation_is_rfc5545_with_utc_times_escaped_text_and_folded_lines() -> None:
    wita = ZoneInfo("Asia/Makassar")
    text = ical.calendar(
        [
            ical.Event(
                uid="monev-visit-1@x",
                start=datetime(2026, 10, 12, 9, 0, tzinfo=wita),
                end=datetime(2026, 10, 12, 12, 0, tzinfo=wita),
                summary="Monev Bidang Koperasi; TW III, 2026",
                location="Ruang rapat",
                description="Tim: " + "Muhammad Ridwan Hakim, S.T. (ketua), " * 4,
                attendees=(("Drs. Khairil Anwar", "kabid@x.id"),),
            )
        ],
        stamp=datetime(2026, 10, 8, 1, 0, tzinfo=UTC),
    )
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "DTSTART:20261012T010000Z" in lines and "DTEND:20261012T040000Z" in lines
    assert "SUMMARY:Monev Bidang Koperasi\\; TW III\\, 2026" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)  # the long description is folded
