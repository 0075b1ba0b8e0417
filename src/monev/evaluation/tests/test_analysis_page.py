"""Step 7's page shows the analysis beside the notes: ratings, lagging indicators, the
projection, the Bidang's drivers and obstacles; and says the agency's note feeds E.81."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from monev.collection.models import Realization, Submission
from monev.planning.models import Indicator

pytestmark = pytest.mark.django_db


def test_the_analysis_is_shown_beside_the_notes(
    small_plan: Any, sop_cycle: Any, personas: dict[str, Any]
) -> None:
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    iku = Indicator.objects.get(code="IK.S1.1.01")
    for quarter, value in ((1, 2), (2, 3), (3, 1)):  # 6 of 30 → 20 % Sangat Rendah
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    Realization.objects.create(indicator=iku, year=2026, quarter=3, value=Decimal("58.3"))
    Submission.objects.create(
        cycle=sop_cycle,
        unit=personas["kabid.koperasi"].unit,
        drivers="Dukungan pengurus",
        obstacles="RAT terlambat",
        status="diterima",  # submitted and accepted: the values count (RULES §2)
    )
    client = Client()
    client.force_login(personas["kasubag"])
    page = client.get(f"/hasil/siklus/{sop_cycle.pk}/analisis/").content.decode()
    panel = page[page.index('data-testid="analysis-panel"') :]
    assert "Sebaran predikat" in panel
    lagging = panel[panel.index('data-testid="lagging"') : panel.index('data-testid="projection"')]
    assert "Jumlah koperasi yang diperiksa dan diawasi" in lagging and "20,00 %" in lagging
    assert "Persentase koperasi aktif" not in lagging  # 89,69 % Tinggi
    projection = panel[panel.index('data-testid="projection"') :]
    assert "Jumlah koperasi yang diperiksa dan diawasi" in projection  # at risk
    narratives = panel[panel.index('data-testid="narratives"') :]
    assert "Dukungan pengurus" in narratives and "RAT terlambat" in narratives
    assert 'data-testid="e81-footer-hint"' in page and "baris penutup Formulir E.81" in page
