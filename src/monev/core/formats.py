"""The one formatter of numbers and dates for people (issue #22): pages (through the template
filters in `core/templatetags/monev.py`), the audit log, notifications, e-mails and the text
cells of workbooks all call these functions, so a value reads the same everywhere.

Indonesian by default — "1.234,5", "24", "91,25 %", "Rp 1.500.000", "10 Desember 2026",
"7 Desember 2026 11.07 WITA" — with the marks and month names of the active language when a
user switched to English. The pure arithmetic lives in `monev.domain.numbers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats as django_formats
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext, gettext_noop

from monev.domain import numbers
from monev.domain.nip import display_nip
from monev.domain.numbers import format_number, format_percent, format_rupiah
from monev.domain.periods import format_date_id
from monev.domain.periods import roman as roman_numeral
from monev.domain.ratings import LABELS as RATING_LABELS
from monev.domain.ratings import Rating

#: The placeholder for "no value" (one spelling, from the pure floor).
EMPTY = numbers.EMPTY

#: Abbreviations of Indonesia's three time zones (zoneinfo spells some as "+08").
ZONES = {"Asia/Makassar": "WITA", "Asia/Jakarta": "WIB", "Asia/Jayapura": "WIT"}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DECIMAL_TEXT = re.compile(r"^-?\d+\.\d+$")


def to_decimal(value: Any) -> Decimal | None:
    """The number in `value` (a Decimal, int, float or its text), None when there is none."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def marks() -> dict[str, str]:
    """The grouping and decimal marks of the active language ("." and "," in Indonesian)."""
    return {
        "grouping": str(django_formats.get_format("THOUSAND_SEPARATOR")),
        "decimal_mark": str(django_formats.get_format("DECIMAL_SEPARATOR")),
    }


def number(value: Any, decimals: int | None = None) -> str:
    """A number for people: "1.234.567,89" with `decimals` places; without `decimals`, only
    the places the value needs ("24.0000" → "24", "24.5000" → "24,5", "1234.5" → "1.234,5")."""
    amount = to_decimal(value)
    if amount is None:
        return EMPTY
    if decimals is None:
        exponent = amount.normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(amount, int(decimals), **marks())


def percent(value: Any, decimals: int = 2) -> str:
    """A percentage: "91,25 %"."""
    amount = to_decimal(value)
    if amount is None:
        return EMPTY
    return format_percent(amount, int(decimals), **marks())


def rupiah(value: Any) -> str:
    """An amount of money: "Rp 1.500.000"."""
    amount = to_decimal(value)
    if amount is None:
        return EMPTY
    return format_rupiah(amount, grouping=marks()["grouping"])


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def day(value: date | datetime | None) -> str:
    """A date: "10 Desember 2026" (a moment is taken in the local time zone)."""
    if not value:
        return EMPTY
    if isinstance(value, datetime):
        value = _local(value)
    return str(django_formats.date_format(value, "j F Y"))


def document_day(value: date | datetime | str | None, empty: str = EMPTY) -> str:
    """A date as the documents print it — the report, the SOP, the berita acara, the archive
    sheet: "10 Desember 2026" in Indonesian whatever the language of the page that asked
    (they are Indonesian documents, DOMAIN §8); an ISO date or moment text is read first
    (snapshots keep them so); `empty` for none."""
    if not value:
        return empty
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    elif isinstance(value, datetime):
        value = _local(value).date()
    return format_date_id(value)


#: The predikat labels are `monev.domain.ratings.LABELS`; marked here so that makemessages
#: keeps them as msgids (`rating` translates them for a page in English).
_RATING_MSGIDS = (  # gettext_noop by its name: xgettext knows no alias
    gettext_noop("Sangat Tinggi"),
    gettext_noop("Tinggi"),
    gettext_noop("Sedang"),
    gettext_noop("Rendah"),
    gettext_noop("Sangat Rendah"),
    gettext_noop("Sangat Baik"),
    gettext_noop("Baik"),
    gettext_noop("Cukup"),
    gettext_noop("Kurang"),
    gettext_noop("Sangat Kurang"),
)


#: The agency's label set of the predikat (RULES §4, a setting) for what is being rendered:
#: a page (set per request from the agency's settings) or a report (from its snapshot).
#: Either a set's name or a callable returning it (read only when a predikat is printed).
_RATING_LABELS: ContextVar[str | Callable[[], str]] = ContextVar(
    "rating_labels", default="permendagri"
)


def active_rating_labels() -> str:
    chosen = _RATING_LABELS.get()
    name = chosen() if callable(chosen) else chosen
    return name if name in RATING_LABELS else "permendagri"


@contextmanager
def rating_labels(chosen: str | Callable[[], str]) -> Iterator[None]:
    """Print every predikat inside with the label set `chosen` (RULES §4 setting)."""
    token = _RATING_LABELS.set(chosen)
    try:
        yield
    finally:
        _RATING_LABELS.reset(token)


def document_rating(value: Rating | str | None, labels: str | None = None) -> str:
    """The predikat of a rating (RULES §4) as the documents print it: "sangat_tinggi" →
    "Sangat Tinggi" (the label of `labels`, by default the active set; Indonesian whatever
    the page's language); the placeholder for none or an unknown code."""
    try:
        key = Rating(str(value)) if value else None
    except ValueError:
        key = None
    return EMPTY if key is None else RATING_LABELS[labels or active_rating_labels()][key]


def rating(value: Rating | str | None, labels: str | None = None) -> str:
    """The predikat of a rating for a page: `document_rating` in the active language."""
    label = document_rating(value, labels)
    return label if label == EMPTY else gettext(label)


def roman(value: Any) -> str:
    """A quarter in Roman numerals: 3 → "III"; the placeholder for what is no number."""
    try:
        return roman_numeral(int(value))
    except (TypeError, ValueError):
        return EMPTY


def nip(value: str | None) -> str:
    """A NIP grouped 8-6-1-3: "19681117 199703 1 003"; the placeholder for none."""
    return display_nip(value) if value else EMPTY


def zone_name(moment: datetime) -> str:
    """ "WITA" for a moment in Asia/Makassar; the zone's own abbreviation elsewhere."""
    key = str(getattr(moment.tzinfo, "key", "") or "")
    return ZONES.get(key, moment.tzname() or "")


def moment(value: datetime | None) -> str:
    """A moment: "7 Desember 2026 11.07 WITA", in the local time zone."""
    if not value:
        return EMPTY
    local = _local(value)
    return f"{day(local)} {local:%H.%M} {zone_name(local)}".strip()


def time_of_day(value: datetime) -> str:
    """The hour of a moment in the local time zone: "11.07"."""
    return f"{_local(value):%H.%M}"


def value(raw: Any, decimals: int | None = None) -> str:
    """Any stored value for people: numbers, dates and moments (also their ISO or "24.0000"
    text, as JSON keeps them) formatted as above, anything else as its text."""
    if raw is None or raw == "":
        return EMPTY
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, datetime):
        return moment(raw)
    if isinstance(raw, date):
        return day(raw)
    if isinstance(raw, int | float | Decimal):
        return number(raw, decimals)
    text = str(raw)
    if _ISO_DATE.match(text):
        parsed_day = parse_date(text)
        return day(parsed_day) if parsed_day else text
    if _ISO_MOMENT.match(text):
        try:
            parsed = parse_datetime(text)
        except ValueError:
            parsed = None
        return moment(parsed) if parsed else text
    if _DECIMAL_TEXT.match(text):
        return number(text, decimals)
    return text
