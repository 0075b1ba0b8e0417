"""Guards: the cycle list, the home page, the inbox and the cycles API run the same number of
queries for one cycle as for eight (and whatever step each cycle stands at)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monev.core import inbox
from monev.sop import services
from monev.sop.models import Cycle
from monev.sop.tests.test_engine import _run_to, at, attach

pytestmark = pytest.mark.django_db


def _open(personas: Any, agency: Any, year: int, quarter: int) -> Cycle:
    """Open a cycle on 2027-01-07, after every quarter the test opens has ended."""
    return services.cycle_open(
        actor=personas["sekretaris"],
        agency=agency,
        year=year,
        quarter=quarter,
        disposition="Mulai",
        now=at(2027, 1, 7, 8, 0),
    )


def _count(call: Callable[[], Any]) -> int:
    call()  # warm caches (sessions, content types, the user's roles)
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def _measure(personas: Any) -> dict[str, int]:
    sekretaris = personas["sekretaris"]
    client = Client()
    client.force_login(sekretaris)
    api = Client()
    api.force_login(sekretaris)
    return {
        "cycle_list": _count(lambda: client.get(reverse("sop:cycle_list"))),
        "home": _count(lambda: client.get(reverse("home"))),
        "inbox": _count(lambda: inbox.items_for(type(sekretaris).objects.get(pk=sekretaris.pk))),
        "api_cycles": _count(lambda: api.get(reverse("api:cycles"))),
    }


def test_pages_run_a_constant_number_of_queries_whatever_the_number_of_cycles(
    personas: Any, sop_definition: Any
) -> None:
    agency = sop_definition.agency
    moment = at(2027, 1, 8, 9, 0)
    first = _open(personas, agency, 2025, 1)
    step4 = _run_to(first, 4, personas, moment)  # waiting for the Sekretaris' approval
    attach(step4, personas["kasubag"])
    services.step_complete(actor=personas["kasubag"], run=step4, now=moment)
    small = _measure(personas)
    more = [
        _open(personas, agency, year, quarter)
        for year, quarter in [(2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)]
    ]
    _run_to(more[0], 11, personas, moment)  # with the Sekretaris (verifikasi)
    _run_to(more[1], 6, personas, moment)
    _open(personas, agency, 2026, 4)
    large = _measure(personas)
    assert Cycle.objects.count() == 8
    assert large == small
