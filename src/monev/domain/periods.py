"""Periods (RULES §1): years and triwulan 1–4, written in Roman numerals."""

from __future__ import annotations

from datetime import date, datetime

#: The quarter whose data end the year: its monev cycle closes the year's reporting.
YEAR_END = 4
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def roman(quarter: int) -> str:
    """Return the Roman numeral of a quarter (1 → "I"); ValueError outside 1–4."""
    try:
        return _ROMAN[int(quarter)]
    except (KeyError, TypeError):
        raise ValueError(f"Triwulan harus 1 sampai 4, bukan {quarter!r}") from None


def quarter_label(quarter: int) -> str:
    return f"Triwulan {roman(quarter)}"


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    roman(quarter)
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    roman(quarter)
    month = 3 * quarter
    return date(year, month, 31 if month in (3, 12) else 30)


def ytd_quarters(quarter: int) -> tuple[int, ...]:
    """Return the quarters of "s/d TW q": 1..q."""
    roman(quarter)
    return tuple(range(1, quarter + 1))


def format_date_id(day: date) -> str:
    """Return "25 November 2026"."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def format_date_long_id(day: date) -> str:
    """Return "Rabu, 25 November 2026"."""
    return f"{DAYS_ID[day.weekday()]}, {format_date_id(day)}"


def format_moment_id(moment: datetime, tz: str = "Asia/Makassar") -> str:
    """Return "7 Desember 2026 11.53 WITA": an aware moment in the agency's local time."""
    from zoneinfo import ZoneInfo

    local = moment.astimezone(ZoneInfo(tz))
    zone = {"Asia/Makassar": "WITA", "Asia/Jakarta": "WIB", "Asia/Jayapura": "WIT"}.get(
        tz, local.tzname() or ""
    )
    return f"{format_date_id(local.date())} {local:%H.%M} {zone}".strip()
