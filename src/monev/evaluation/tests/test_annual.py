"""Steps 2 and 3 of the annual SOP (SPEC §16): step 2 waits for the monev cycle of TW IV, its
page is the year's recap per IKU (the LKjIP's BAB III computation); step 3's page lists per
IKU the four quarters' analysis notes and findings."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monev.evaluation import annual
from monev.evaluation.models import AnalysisNote
from monev.reports.tests.annual import annual_cycle
from monev.sop import handlers
from monev.sop.choices import StepKey
from monev.sop.models import Cycle
from monev.sop.testing import run_of

pytestmark = pytest.mark.django_db


def test_step_2_waits_for_the_tw_iv_monev_cycle_and_shows_the_year_recap(
    small_plan: Any, personas: Any, sop_cycle: Any
) -> None:
    kasubag = personas["kasubag"]
    cycle = annual_cycle(kasubag.agency, 2026, actor=kasubag)
    from monev.reports.tests.conftest import place_at

    run = place_at(cycle, 2)
    handler = handlers.get(StepKey.REKAP_TAHUNAN)
    assert handler is not None and handler.blockers is not None
    assert handler.blockers(run) == ["Siklus monev Triwulan IV 2026 belum selesai."]
    Cycle.objects.create(
        agency=kasubag.agency, year=2026, quarter=4, definition=sop_cycle.definition,
        disposition="TW IV", opened_at=timezone.now(), status="selesai",
        completed_at=timezone.now(),
    )  # fmt: skip
    assert handler.blockers(run) == []
    assert handler.url is not None and handler.url(run) == reverse(
        "evaluation:annual_recap", args=[cycle.pk]
    )
    client = Client()
    client.force_login(kasubag)
    page = client.get(handler.url(run)).content.decode()
    recap = annual.year_recap(kasubag.agency.pk, 2026)
    assert recap.ikus and recap.first_year == 2025
    for iku in recap.ikus:
        for year, _result in iku.rows:
            assert f'data-indicator="{iku.indicator.code}" data-year="{year}"' in page


def test_step_3_lists_the_quarters_notes_per_iku_and_completes_by_hand(
    small_plan: Any, personas: Any, sop_cycle: Any
) -> None:
    kasubag = personas["kasubag"]
    AnalysisNote.objects.create(
        cycle=sop_cycle, unit=None, drivers="Pendampingan rutin", obstacles="RAT terlambat"
    )
    cycle = annual_cycle(kasubag.agency, 2026, actor=kasubag)
    from monev.reports.tests.conftest import place_at

    place_at(cycle, 3)
    run = run_of(cycle, StepKey.ANALISIS_TAHUNAN)
    handler = handlers.get(StepKey.ANALISIS_TAHUNAN)
    assert handler is not None and handler.blockers is not None and handler.blockers(run) == []
    client = Client()
    client.force_login(kasubag)
    page = client.get(reverse("evaluation:annual_analysis", args=[cycle.pk])).content.decode()
    assert 'data-testid="annual-iku"' in page
    assert "Pendampingan rutin" in page and "RAT terlambat" in page and "TW III" in page


def test_step_2_of_a_year_without_monev_cycles_waits_for_tw_iv_data(
    small_plan: Any, personas: Any
) -> None:
    """A year reported before the app was in use (no monev cycle of it, its data imported:
    the demo's 2025) has no TW IV cycle to wait for: step 2 waits for TW IV's realisations."""
    from decimal import Decimal

    from monev.collection.models import Realization
    from monev.planning.models import Indicator
    from monev.reports.tests.conftest import place_at

    kasubag = personas["kasubag"]
    run = place_at(annual_cycle(kasubag.agency, 2025, actor=kasubag), 2)
    handler = handlers.get(StepKey.REKAP_TAHUNAN)
    assert handler is not None and handler.blockers is not None
    assert handler.blockers(run) == ["Data realisasi Triwulan IV 2025 belum ada."]
    indicator = Indicator.objects.filter(period__agency=kasubag.agency).first()
    assert indicator is not None
    Realization.objects.create(indicator=indicator, year=2025, quarter=4, value=Decimal(1))
    assert handler.blockers(run) == []
