"""The one reader of typed numbers for every form, workbook and API field (issue 21, item 1).

A number is parsed the Indonesian way (RULES §10, `domain.numbers.parse_number`), rounded
half-up to the places its column keeps and refused — with an Indonesian message naming the
value and the limit — when its whole part needs more digits than the column holds. Without
this, SQLite stores 10^14 in an 18-digit, 4-place column and every later read of the row
fails (500 on the form, the dashboard, E.81 and the API); PostgreSQL refuses the save.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monev.domain.numbers import (
    MEASURE,
    MONEY,
    Digits,
    NumberFormatError,
    fit,
    format_typed,
    parse_number,
)

__all__ = ["MEASURE", "MONEY", "Digits", "IndonesianDecimalField", "read_number", "too_large"]


def not_a_number(text: str) -> str:
    return _("«%(text)s» bukan angka. Contoh: 1.234,5 atau 1234.5") % {"text": text}


def too_large(text: str, digits: Digits) -> str:
    """The message for a number beyond what its column holds."""
    return _(
        "Angka «%(text)s» terlalu besar: paling banyak %(digits)s angka sebelum koma "
        "(di bawah %(limit)s)."
    ) % {"text": text, "digits": digits.whole_digits, "limit": format_typed(digits.limit)}


def negative_message() -> str:
    return _("Nilai tidak boleh negatif.")


def checked(
    value: Decimal, text: str, digits: Digits = MEASURE, *, negative: bool = True
) -> Decimal:
    """Return `value` (read from `text`) rounded to the column's places; ValidationError when
    it is negative (and may not be) or too large for the column."""
    if value < 0 and not negative:
        raise ValidationError(negative_message(), code="min_value")
    fitted = fit(value, digits)
    if fitted is None:
        raise ValidationError(too_large(text, digits), code="max_digits")
    return fitted


def read_number(raw: Any, digits: Digits = MEASURE, *, negative: bool = True) -> Decimal | None:
    """Return the number typed as `raw` ("" or None: None), rounded half-up to the places of
    `digits`; ValidationError (Indonesian message) when it is not a number, is negative and
    may not be, or does not fit the column."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    try:
        value = parse_number(text)
    except NumberFormatError:
        raise ValidationError(not_a_number(text), code="invalid") from None
    return checked(value, text, digits, negative=negative)


class IndonesianDecimalField(forms.CharField):
    """A form field for a number typed the Indonesian way ("1.234,5") or plainly ("1234.5")
    (RULES §10), bounded by the column it is stored in (`digits`)."""

    default_error_messages = {"invalid": gettext_lazy("Masukkan angka.")}

    def __init__(
        self,
        *args: Any,
        min_value: Decimal | None = None,
        digits: Digits = MEASURE,
        **kwargs: Any,
    ) -> None:
        self.min_value = min_value
        self.digits = digits
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        number = read_number(text, self.digits)
        if number is not None and self.min_value is not None and number < self.min_value:
            raise forms.ValidationError(negative_message(), code="min_value")
        return number
