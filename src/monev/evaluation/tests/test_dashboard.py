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
