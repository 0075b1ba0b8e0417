"""The open-cycle form offers the next quarter that can be opened, never one already open
(issue #23: it defaulted to the quarter whose cycle was running)."""

from __future__ import annotations

from datetime import date, time
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monev.sop import selectors
from monev.sop.models import Cycle, WorkCalendarSetting

pytestmark = pytest.mark.django_db


def _allow_early(agency: Any) -> None:
    WorkCalendarSetting.objects.update_or_create(
        agency=agency,
        defaults={
            "workdays": [0, 1, 2, 3, 4],
            "day_start": time(7, 30),
            "day_end": time(16, 0),
            "allow_early_cycle_open": True,
        },
    )


def _open(agency: Any, year: int, quarter: int, sekretaris: Any) -> None:
    Cycle.objects.create(
        agency=agency,
        year=year,
        quarter=quarter,
        definition=agency.sop_definitions.first(),
        disposition="Mulai",
        opened_by=sekretaris,
        opened_at=timezone.now(),
    )


def test_the_offer_skips_quarters_already_opened(sop_cycle: Cycle, personas: Any) -> None:
    agency = sop_cycle.agency  # Triwulan III 2026 is open
    december = date(2026, 12, 7)
    # Triwulan III is open: Triwulan IV is next (it opens on 1 January unless early opening
    # is allowed, which the form says).
    assert selectors.next_openable_quarter(agency, december) == (2026, 4)
    assert selectors.opens_on(agency, 2026, 4, december) == date(2027, 1, 1)
    _allow_early(agency)
    assert selectors.opens_on(agency, 2026, 4, december) is None
    _open(agency, 2026, 4, personas["sekretaris"])
    assert selectors.next_openable_quarter(agency, december) == (2027, 1)
    # In January the ended Triwulan IV is open already: the next one is offered.
    assert selectors.next_openable_quarter(agency, date(2027, 1, 5)) == (2027, 1)


def test_without_cycles_the_last_ended_quarter_is_offered(sop_definition: Any) -> None:
    agency = sop_definition.agency
    assert selectors.next_openable_quarter(agency, date(2026, 10, 7)) == (2026, 3)
    assert selectors.next_openable_quarter(agency, date(2027, 2, 1)) == (2026, 4)


def test_the_form_preselects_the_offer_not_the_open_quarter(
    sop_cycle: Cycle, personas: Any
) -> None:
    _allow_early(sop_cycle.agency)
    client = Client()
    client.force_login(personas["sekretaris"])
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 10, 20)):
        page = client.get(reverse("sop:cycle_open")).content.decode()
    assert 'value="4" selected' in page and 'value="3" selected' not in page
    assert 'value="2026"' in page and "dapat dibuka mulai" not in page  # early allowed
    WorkCalendarSetting.objects.filter(agency=sop_cycle.agency).update(allow_early_cycle_open=False)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 10, 20)):
        page = client.get(reverse("sop:cycle_open")).content.decode()
    assert 'value="4" selected' in page
    assert "Triwulan IV 2026 dapat dibuka mulai Jumat, 1 Januari 2027" in page
