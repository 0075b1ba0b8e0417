"""Results per indicator through the real data path, and the results API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from monev.collection.models import Realization
from monev.evaluation.selectors import results_for_quarter
from monev.planning.models import Indicator, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(small_plan: Any) -> Any:
    """Worked example 1 on the plan's output indicator, and example 4 on its IKU."""
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    iku = Indicator.objects.get(code="IK.S1.1.01")
    Realization.objects.create(indicator=iku, year=2026, quarter=3, value=Decimal("58.3"))
    return small_plan


def test_results_follow_the_rules_worked_examples(reported: Any) -> None:
    results = {
        r.indicator.code: r for r in results_for_quarter(reported.agency_id, year=2026, quarter=3)
    }
    output = results["IK.2.17.03.2.01.0004.01"]
    assert (output.realization, output.target, output.achievement) == (
        Decimal(29),
        Decimal(30),
        Decimal("96.67"),
    )
    assert output.rating == "sangat_tinggi" and output.annual_progress == Decimal("72.50")
    # Its sub kegiatan has a pagu and nothing spent: serapan 0 against 96,67 % (RULES §12
    # physical–financial gap, raised on the sub kegiatan's first indicator, this one).
    assert {f.code for f in output.flags} == {"no_evidence", "physical_financial_gap"}
    iku = results["IK.S1.1.01"]
    assert (iku.achievement, iku.rating) == (Decimal("89.69"), "tinggi")


def test_the_results_api_agrees_and_limits_a_bidang_to_its_own(
    reported: Any, personas: Any
) -> None:
    client = APIClient()
    client.force_authenticate(personas["kadis"])
    assert client.get("/api/v1/results/").status_code == 400
    body = client.get("/api/v1/results/", {"year": 2026, "quarter": 3}).json()
    by_id = {r["indicator"]: r for r in body["results"]}
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    assert by_id[output.pk]["achievement_pct"] == 96.67
    assert by_id[output.pk]["rating"] == "sangat_tinggi"
    client.force_authenticate(personas["operator.ukm"])
    assert client.get("/api/v1/results/", {"year": 2026, "quarter": 3}).json()["count"] == 0
    client.force_authenticate(personas["operator.koperasi"])
    assert client.get("/api/v1/results/", {"year": 2026, "quarter": 3}).json()["count"] == 2


def test_results_run_a_constant_number_of_queries(reported: Any) -> None:
    with CaptureQueriesContext(connection) as small:
        results_for_quarter(reported.agency_id, year=2026, quarter=3)
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for n in range(40):
        extra = Indicator.objects.create(
            period=reported,
            node=output.node,
            code=f"IK.Q.{n}",
            name=f"Indikator {n}",
            unit_of_measure="orang",
            responsible_unit=output.responsible_unit,
        )
        Target.objects.create(indicator=extra, year=2026, quarter=None, value=10)
        Realization.objects.create(indicator=extra, year=2026, quarter=3, value=n)
    with CaptureQueriesContext(connection) as large:
        assert len(results_for_quarter(reported.agency_id, year=2026, quarter=3)) == 42
    assert len(large) == len(small)
