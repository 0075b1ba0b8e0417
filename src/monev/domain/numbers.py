"""Indonesian numbers (RULES §10): parsing typed text and formatting for documents."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN_COMMA = re.compile(r"^\d+,\d+$")
_PLAIN_DOT = re.compile(r"^\d+(\.\d+)?$")


class NumberFormatError(ValueError):
    """Text that is not a number; `message` says so in Indonesian."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.message = f"Angka tidak dikenali: «{text}»"
        super().__init__(self.message)


def parse_number(text: str) -> Decimal:
    """Return the number typed as `text`: "1.234,5" → 1234.5; "1.234" → 1234; "12,5" → 12.5;
    "1234.5" → 1234.5; "1,234.5" → 1234.5; "Rp 1.500.000" → 1500000; "91,25%" → 91.25.

    Dots followed by exactly three digits are thousands separators; a single comma is the
    decimal mark. Anything else raises NumberFormatError.
    """
    raw = str(text)
    cleaned = raw.strip().replace("\u00a0", " ")
    cleaned = re.sub(r"^(rp\.?)\s*", "", cleaned, flags=re.IGNORECASE)
    cleaned = cleaned.rstrip("%").strip().replace(" ", "")
    negative = cleaned.startswith("-")
    if negative:
        cleaned = cleaned[1:]
    if _THOUSANDS_DOT.match(cleaned):
        normal = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(cleaned) and "." in cleaned:
        normal = cleaned.replace(",", "")
    elif _PLAIN_COMMA.match(cleaned):
        normal = cleaned.replace(",", ".")
    elif _PLAIN_DOT.match(cleaned):
        normal = cleaned
    else:
        raise NumberFormatError(raw)
    try:
        value = Decimal(normal)
    except InvalidOperation:
        raise NumberFormatError(raw) from None
    return -value if negative else value


@dataclass(frozen=True)
class Digits:
    """What a database number column holds: `max_digits` in all, `places` after the mark
    (Django's DecimalField(max_digits, decimal_places))."""

    max_digits: int
    places: int

    @property
    def whole_digits(self) -> int:
        return self.max_digits - self.places

    @property
    def limit(self) -> Decimal:
        """The smallest magnitude that no longer fits (10^14 for 18 digits, 4 places)."""
        return Decimal(10) ** self.whole_digits


_SQLITE_READ = Context(prec=15)

#: Measures (targets, realisations, baselines: 18 digits, 4 places) and money (Rp, 2 places).
MEASURE = Digits(18, 4)
MONEY = Digits(18, 2)


def fit(value: Decimal, digits: Digits) -> Decimal | None:
    """Return `value` rounded half-up to `digits.places` (RULES §3, what the column keeps),
    or None when its whole part needs more digits than the column holds (also once kept
    as a double, as SQLite does) — such a value
    cannot be stored (PostgreSQL) or read back (SQLite keeps it, then every read fails).
    A non-finite value (NaN, infinity) never fits."""
    if not value.is_finite() or abs(value) >= digits.limit:
        return None  # checked first: quantizing 10^40 would overflow the context
    rounded = value.quantize(Decimal(1).scaleb(-digits.places), rounding=ROUND_HALF_UP)
    # SQLite keeps a fractional number as a double and reads it back to 15 significant
    # digits: 99 999 999 999 999,98 comes back as 10^14 and no longer fits; refused too.
    kept = _SQLITE_READ.create_decimal_from_float(float(rounded))
    if abs(rounded) >= digits.limit or abs(kept) >= digits.limit:
        return None
    return rounded


#: The placeholder for "no value", the one spelling of it (`monev.core.formats.EMPTY`).
EMPTY = "–"


def format_number(
    value: Decimal | int | None,
    decimals: int = 2,
    *,
    grouping: str = ".",
    decimal_mark: str = ",",
) -> str:
    """Return "1.234.567,89" (Indonesian grouping, rounded half-up, RULES §3); "–" for None.

    The one number formatter of the project: templates, documents and workbooks call it
    (templates pass the marks of the active language, e.g. "," and "." in English)."""
    if value is None:
        return EMPTY
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{abs(number):,.{decimals}f}".replace(",", "_").replace(".", decimal_mark)
    text = text.replace("_", grouping)
    return f"-{text}" if number < 0 else text


def format_rupiah(value: Decimal | int | None, *, grouping: str = ".") -> str:
    """Return "Rp 1.500.000" (whole rupiah); "–" for None."""
    if value is None:
        return EMPTY
    text = format_number(abs(Decimal(value)), 0, grouping=grouping)
    return f"-Rp {text}" if Decimal(value) < 0 else f"Rp {text}"


def format_percent(
    value: Decimal | int | None,
    decimals: int = 2,
    *,
    grouping: str = ".",
    decimal_mark: str = ",",
) -> str:
    """Return "91,25 %"; "–" for None."""
    if value is None:
        return EMPTY
    return f"{format_number(value, decimals, grouping=grouping, decimal_mark=decimal_mark)} %"


def format_typed(value: Decimal | int | None) -> str:
    """Return a number shown back in a form field the way an Indonesian user types it:
    thousands dots, decimal comma, no trailing zeros (5400000 → "5.400.000", 1234.5 →
    "1.234,5"); "" for None. parse_number reads it back to the same value (RULES §10)."""
    if value is None:
        return ""
    whole, _dot, fraction = format_plain(value).partition(",")
    sign, digits = ("-", whole[1:]) if whole.startswith("-") else ("", whole)
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    grouped = sign + ".".join(groups)
    return f"{grouped},{fraction}" if fraction else grouped


def format_plain(value: Decimal | int | None) -> str:
    """Return a number as typed back into a form field: no grouping, no trailing zeros,
    comma as decimal mark (1200.5000 → "1200,5"); "" for None. parse_number reads it back."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")
