"""Each recommendation belongs to a finding (issue #20 item 4): the rule of migration 0003 that
links the recommendations stored before, the services and the blangko form that ask for the
finding, and the bound on a finding's length (issue #21 item 5)."""

from __future__ import annotations

import importlib
import uuid
from datetime import date
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from monev.monitoring import services
from monev.monitoring.models import TEXT_MAX_CHARS, Finding, Recommendation
from monev.monitoring.tests.test_flow import approve_plan, plan

pytestmark = pytest.mark.django_db

migration = importlib.import_module("monev.monitoring.migrations.0003_recommendation_finding")


@pytest.mark.parametrize(
    ("findings", "recommendations", "expected"),
    [
        ([], [(10, 5)], {10: (None, "")}),
        ([(1, None)], [(10, None), (11, 9)], {10: (1, "only"), 11: (1, "only")}),
        # written in the order F1, R10, F2, R11, R12: each to the finding written before it
        (
            [(1, 100), (2, 102)],
            [(10, 101), (11, 103), (12, 104)],
            {10: (1, "nearest"), 11: (2, "nearest"), 12: (2, "nearest")},
        ),
        # a recommendation written before every finding: by its position
        ([(1, 100), (2, 102)], [(10, 50)], {10: (1, "position")}),
        # no audit entries: the first to the first, the rest to the last
        (
            [(1, None), (2, None)],
            [(10, None), (11, None), (12, None)],
            {10: (1, "position"), 11: (2, "position"), 12: (2, "position")},
        ),
    ],
)
def test_the_migration_links_by_visit_and_creation_order(
    findings: Any, recommendations: Any, expected: Any
) -> None:
    assert migration.link(findings, recommendations) == expected


@pytest.fixture
def kop(plan_cycle: Any, personas: dict[str, Any]) -> Any:
    visit, _warnings = plan(plan_cycle, personas, "BID-KOP", 12)
    approve_plan(plan_cycle, personas)
    visit.refresh_from_db()
    return visit


def _finding(visit: Any, leader: Any, text: str) -> Finding:
    return services.finding_add(
        actor=leader, visit=visit, text=text, category="data", indicator=None
    )


def test_the_migration_links_stored_recommendations_and_says_what_it_did(
    kop: Any, personas: dict[str, Any], capsys: Any
) -> None:
    leader = personas["kasubag"]
    first = _finding(kop, leader, "Temuan pertama.")
    rec_a = services.recommendation_add(
        actor=leader, visit=kop, text="A", unit=kop.unit, due_date=date(2026, 12, 31),
        finding=first,
    )  # fmt: skip
    second = _finding(kop, leader, "Temuan kedua.")
    rec_b = services.recommendation_add(
        actor=leader, visit=kop, text="B", unit=kop.unit, due_date=date(2026, 12, 31),
        finding=first,
    )  # fmt: skip
    # as stored before the link existed: no finding, and a finding without a client id
    Recommendation.objects.update(finding=None)
    Finding.objects.filter(pk=second.pk).update(client_id=None)
    migration.forwards(apps, None)
    rec_a.refresh_from_db()
    rec_b.refresh_from_db()
    assert rec_a.finding_id == first.pk  # written after the first finding only
    assert rec_b.finding_id == second.pk  # the nearest finding written before it
    assert Finding.objects.get(pk=second.pk).client_id is not None
    out = capsys.readouterr().out
    assert "2 rekomendasi ditautkan" in out and "2 ke temuan terdekat" in out


def test_a_recommendation_must_name_a_finding_of_its_visit(
    kop: Any, personas: dict[str, Any]
) -> None:
    leader = personas["kasubag"]
    with pytest.raises(ValidationError, match="Catat temuannya dahulu"):
        services.recommendation_add(
            actor=leader, visit=kop, text="A", unit=kop.unit, due_date=date(2026, 12, 31),
            finding=None,
        )  # fmt: skip
    finding = _finding(kop, leader, "Temuan.")
    with pytest.raises(ValidationError, match="Pilih temuan"):
        services.recommendation_add(
            actor=leader, visit=kop, text="A", unit=kop.unit, due_date=date(2026, 12, 31),
            finding=None,
        )  # fmt: skip
    # the page's form names the finding by its client id
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("monitoring:visit", args=[kop.pk])).content.decode()
    assert f'<option value="{finding.client_id}">' in page
    client.post(
        reverse("monitoring:recommendation_add", args=[kop.pk]),
        {"text": "Tertibkan arsip.", "unit": kop.unit_id, "due_date": "2026-12-31",
         "finding": str(finding.client_id), "client_id": str(uuid.uuid4())},
    )  # fmt: skip
    recommendation = Recommendation.objects.get(visit=kop)
    assert recommendation.finding == finding
    detail = client.get(reverse("monitoring:recommendation", args=[recommendation.pk]))
    assert (
        "Menindaklanjuti temuan" in detail.content.decode() and "Temuan." in detail.content.decode()
    )
    # a finding with a recommendation is not deleted under it
    with pytest.raises(ValidationError, match="hapus rekomendasinya dahulu"):
        services.finding_delete(actor=leader, finding=finding)
    assert Finding.objects.filter(pk=finding.pk).exists()


def test_a_finding_longer_than_the_limit_is_refused_with_a_clear_message(
    kop: Any, personas: dict[str, Any]
) -> None:
    leader = personas["kasubag"]
    with pytest.raises(ValidationError) as refused:
        _finding(kop, leader, "x" * (TEXT_MAX_CHARS + 1))
    message = " ".join(refused.value.messages)
    assert "Temuan terlalu panjang" in message and "20.000" in message
    assert not Finding.objects.filter(visit=kop).exists()
    assert _finding(kop, leader, "y" * TEXT_MAX_CHARS).text == "y" * TEXT_MAX_CHARS
    # the phone's sync gets the same message
    client = Client()
    client.force_login(leader)
    response = client.post(
        reverse("monitoring:visit_sync", args=[kop.pk]),
        {"kind": "finding", "client_id": str(uuid.uuid4()),
         "fields": {"text": "z" * (TEXT_MAX_CHARS + 5), "category": "data"}},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and "terlalu panjang" in response.json()["error"]
