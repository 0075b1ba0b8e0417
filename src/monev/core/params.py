"""Reading integer query parameters (`?tahun=`, `?unit=` …) safely: a malformed or
out-of-range value is a 400 with a clear Indonesian message, never a 500 (issue 10, item 8).

`InvalidParameter` is both Django's `BadRequest` (a page answers 400 through handler400) and
DRF's `ValidationError` (an API endpoint answers 400 with the message as JSON), so pages and
API views use the same helpers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import BadRequest
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

#: The largest id a database key holds (a signed 64-bit integer).
ID_MAX = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1900, 9999
_INTEGER = re.compile(r"-?[0-9]{1,19}", re.ASCII)


class InvalidParameter(ValidationError, BadRequest):
    """A query parameter the view cannot use; its message says which and why."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__({name: [message]})
        self.message = message

    def __str__(self) -> str:
        return self.message


def int_param(
    query: Mapping[str, Any],
    name: str,
    *,
    default: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    """The parameter `name` of `query` as an integer in [minimum, maximum]; `default` when it
    is absent or empty; InvalidParameter (400) when it is anything else."""
    raw = query.get(name)
    if raw is None or str(raw).strip() == "":
        return default
    text = str(raw).strip()
    low = minimum if minimum is not None else -ID_MAX
    high = maximum if maximum is not None else ID_MAX
    if _INTEGER.fullmatch(text) is None or not low <= int(text) <= high:
        raise InvalidParameter(
            name,
            _("Parameter «%(name)s» harus bilangan bulat dari %(low)s sampai %(high)s.")
            % {"name": name, "low": low, "high": high},
        )
    return int(text)


def id_param(query: Mapping[str, Any], name: str) -> int | None:
    """An object id (`?unit=`, `?indicator=` …), or None when absent."""
    return int_param(query, name, minimum=1, maximum=ID_MAX)


def year_param(query: Mapping[str, Any], name: str, *, default: int | None = None) -> int | None:
    return int_param(query, name, default=default, minimum=YEAR_MIN, maximum=YEAR_MAX)


def quarter_param(query: Mapping[str, Any], name: str, *, default: int | None = None) -> int | None:
    return int_param(query, name, default=default, minimum=1, maximum=4)


def period_param(query: Mapping[str, Any], name: str, *, yearly: str) -> tuple[int | None, bool]:
    """A period filter: a quarter (1–4) or the word `yearly` for the documents of a year (the
    archive's «tahunan» on the page, `annual` in the API). Returns (quarter, yearly); absent or
    empty is (None, False); anything else is InvalidParameter (400) naming both forms."""
    raw = str(query.get(name) or "").strip()
    if raw == yearly:
        return None, True
    try:
        return quarter_param(query, name), False
    except InvalidParameter:
        raise InvalidParameter(
            name,
            _(
                "Parameter «%(name)s» harus triwulan 1 sampai 4, atau «%(yearly)s» untuk dokumen "
                "tahunan."
            )
            % {"name": name, "yearly": yearly},
        ) from None


def choice_param(query: Mapping[str, Any], name: str, choices: Any) -> str:
    """The parameter `name` as one of `choices` (values), "" when absent or empty;
    InvalidParameter (400) for anything else (a NUL byte, an unknown value)."""
    raw = str(query.get(name) or "").strip()
    if raw and raw not in set(choices):
        raise InvalidParameter(
            name,
            _("Parameter «%(name)s» harus salah satu dari: %(choices)s.")
            % {"name": name, "choices": ", ".join(sorted(choices))},
        )
    return raw


_ID_TEXT = re.compile(r"[0-9]{1,19}", re.ASCII)


def parse_id(raw: Any) -> int | None:
    """Return `raw` (a posted field, a key suffix) as an object id, or None for anything that
    is not one: "abc", "²" (a digit to str.isdigit(), not to int()), 30 digits (beyond a
    database key: SQLite would raise OverflowError), 0 or negative."""
    text = str(raw if raw is not None else "").strip()
    if _ID_TEXT.fullmatch(text) is None:
        return None
    number = int(text)
    return number if 1 <= number <= ID_MAX else None


def parse_small_int(raw: Any, *, low: int = 0, high: int = 10**8) -> int | None:
    """Return `raw` as an integer in [low, high] (ASCII digits only), or None."""
    text = str(raw if raw is not None else "").strip()
    if _INTEGER.fullmatch(text) is None:
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_date_or_none(raw: Any) -> date | None:
    """Return the ISO date `raw` ("2026-10-07"), or None when it is empty or no real date
    ("2026-13-45", year 0): Django's parse_date raises ValueError for a well-formed
    impossible date."""
    try:
        return parse_date(str(raw or "").strip())
    except ValueError:
        return None
