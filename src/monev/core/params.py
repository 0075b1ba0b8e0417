"""Reading integer query parameters (`?tahun=`, `?unit=` …) safely: a malformed or
out-of-range value is a 400 with a clear Indonesian message, never a 500 (issue 10, item 8).

`InvalidParameter` is both Django's `BadRequest` (a page answers 400 through handler400) and
DRF's `ValidationError` (an API endpoint answers 400 with the message as JSON), so pages and
API views use the same helpers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import BadRequest
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
