"""The report forms' dates: what the date field sends (tttt-bb-hh), or what a user types as
the hint says (hh-bb-tttt, hh/bb/tttt); anything else is refused with the hint."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from monev.reports.views import _date


@pytest.mark.parametrize("typed", ["2026-12-05", "05-12-2026", "05/12/2026", " 2026-12-05 "])
def test_a_date_as_sent_or_typed(typed: str) -> None:
    assert _date(typed, "held_on") == date(2026, 12, 5)


@pytest.mark.parametrize("typed", ["", "31-02-2026", "2026-12-05x", "5 Desember 2026", "9" * 5000])
def test_anything_else_is_refused_with_the_hint(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _date(typed, "held_on")
    assert "hh-bb-tttt" in str(refused.value.message_dict["held_on"])
