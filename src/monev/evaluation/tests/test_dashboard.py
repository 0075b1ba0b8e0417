"""The analysis dashboard: its numbers agree with the results API, a Bidang sees its own
detail with the agency totals, and the page runs a constant number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from monev.collection.models import Realization
from monev.domain.aggregates import group_mean
from monev.planning.models import Indicator, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(small_plan: Any, sop_cycle: Any) -> Any:
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    iku = Indicator.objects.get(code="IK.S1.1.01")
    Realization.objects.create(indicator=iku, year=2026, quarter=3, value=Decimal("58.3"))
    return small_plan


def test_the_dashboard_agrees_with_the_results_api(reported: Any, personas: Any) -> None:
    client = Client()
    client.force_login(personas["kadis"])
    page = client.get("/hasil/dasbor/", {"tahun": 2026, "triwulan": 3}).content.decode()
    api = APIClient()
    api.force_authenticate(personas["kadis"])
    results = api.get("/api/v1/results/", {"year": 2026, "quarter": 3}).json()["results"]
    mean = group_mean([Decimal(str(r["achievement_pct"])) for r in results if r["achievement_pct"]])
    assert mean == Decimal("93.18")  # (96.67 + 89.69) / 2
    assert "93,18 %" in page and "Sangat Tinggi" in page
    assert "Bidang Koperasi" in page and "2.17.03" in page


def test_a_bidang_sees_its_own_detail_and_the_agency_totals(reported: Any, personas: Any) -> None:
    client = Client()
    client.force_login(personas["operator.ukm"])
    page = client.get("/hasil/dasbor/", {"tahun": 2026, "triwulan": 3}).content.decode()
    assert "93,18 %" in page  # the agency mean
    assert "Jumlah koperasi yang diperiksa" not in page and "Bidang Koperasi" not in page


def test_the_dashboard_runs_a_constant_number_of_queries(reported: Any, personas: Any) -> None:
    client = Client()
    client.force_login(personas["kadis"])
    client.get("/hasil/dasbor/", {"tahun": 2026, "triwulan": 3})
    with CaptureQueriesContext(connection) as small:
        client.get("/hasil/dasbor/", {"tahun": 2026, "triwulan": 3})
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for n in range(30):
        extra = Indicator.objects.create(
            period=reported,
            node=output.node,
            code=f"IK.D.{n}",
            name=f"Indikator {n}",
            unit_of_measure="orang",
            responsible_unit=output.responsible_unit,
        )
        Target.objects.create(indicator=extra, year=2026, quarter=None, value=10)
        Realization.objects.create(indicator=extra, year=2026, quarter=3, value=n)
    with CaptureQueriesContext(connection) as large:
        client.get("/hasil/dasbor/", {"tahun": 2026, "triwulan": 3})
    assert len(large) == len(small)


def test_a_unit_without_data_for_the_quarter_is_belum_ada_data_and_left_out(
    reported: Any, personas: Any
) -> None:
    """RULES §5 (issue #23: "Sekretariat 100,00 % Sangat Tinggi" for a unit that sent
    nothing): the Sekretariat's cumulative indicator carries TW I into s/d TW III, but it has no
    value counted for TW III itself."""
    from monev.organization.models import Unit

    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    sek = Indicator.objects.create(
        period=output.period,
        node=output.node,
        code="IK.SEK.01",
        name="Jumlah dokumen perencanaan",
        unit_of_measure="dokumen",
        responsible_unit=Unit.objects.get(code="SEK"),
    )
    for quarter in (None, 1, 2, 3, 4):
        Target.objects.create(indicator=sek, year=2026, quarter=quarter, value=Decimal(1))
    Realization.objects.create(indicator=sek, year=2026, quarter=1, value=Decimal(5))
    client = Client()
    client.force_login(personas["kadis"])
    page = client.get("/hasil/dasbor/", {"tahun": 2026, "triwulan": 3}).content.decode()
    row = page[page.index("Sekretariat</a>") :]
    row = row[: row.index("</tr>")]
    assert "belum ada data" in row and "Sangat Tinggi" not in row and "100,00 %" not in row
    assert "93,18 %" in page  # the agency mean without the Sekretariat
    assert "1 dari 2 unit belum ada data triwulan ini" in page
    from monev.evaluation.dashboard import build

    data = build(personas["kadis"].agency_id, year=2026, quarter=3)
    assert [r.name for r in data.by_unit if r.no_data] == ["Sekretariat"]
    sek_row = next(r for r in data.by_unit if r.no_data)
    assert sek_row.summary.mean is None and sek_row.summary.rating is None
    assert sek_row.summary.count == 1  # its indicator is still counted as one without value
    assert data.agency.mean == Decimal("93.18") and data.units_without_data == 1
    # At TW I the Sekretariat has a value of TW I itself, and counts.
    first = build(personas["kadis"].agency_id, year=2026, quarter=1)
    assert first.units_without_data == 0 and not any(r.no_data for r in first.by_unit)
