"""A report keeps the agency settings it was made with (issue 25 item 3) and states the
budget's deviasi and efisiensi (RULES §6) in its budget section."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from monev.collection.models import BudgetRealization, Realization
from monev.organization.models import AgencySettings
from monev.planning.models import Budget, Indicator, PlanNode
from monev.reports import document, sections, services
from monev.reports.snapshot import Snapshot

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)


@pytest.fixture
def reported(small_plan: Any, sop_cycle: Any) -> Any:
    output = Indicator.objects.get(code="IK.2.17.03.2.01.0004.01")
    for quarter, value in ((1, 8), (2, 12), (3, 9)):
        Realization.objects.create(indicator=output, year=2026, quarter=quarter, value=value)
    sub = PlanNode.objects.get(code="2.17.03.2.01.0004")
    Budget.objects.filter(node=sub, year=2026).update(
        pagu=100 * M, cash_q1=15 * M, cash_q2=25 * M, cash_q3=30 * M, cash_q4=30 * M
    )
    BudgetRealization.objects.create(node=sub, year=2026, quarter=3, amount=56 * M)
    return sop_cycle


def _tables(snap: Snapshot) -> str:
    doc = document.build(snap, sections.resolve(snap, {}))
    return "\n".join(
        " | ".join(" ".join(row) for row in [block.headers, *block.rows])
        for block in doc.blocks
        if isinstance(block, document.Table)
    )


def test_the_snapshot_keeps_its_settings_and_re_renders_with_them(
    reported: Any, personas: Any
) -> None:
    AgencySettings.objects.create(agency=reported.agency, rating_labels="baik")
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    snap = services.snapshot_of(report)
    assert snap.settings["rating_labels"] == "baik"
    assert Snapshot.from_json(snap.to_json()) == snap
    before = _tables(snap)
    assert "Sangat Baik" in before and "Sangat Tinggi" not in before
    # The agency changes its settings later: the frozen report still prints as it was made.
    AgencySettings.objects.filter(agency=reported.agency).update(rating_labels="permendagri")
    assert _tables(services.snapshot_of(report)) == before


def test_the_budget_section_states_deviasi_and_efisiensi(reported: Any, personas: Any) -> None:
    report = services.report_freeze(actor=personas["kasubag"], cycle=reported)
    snap = services.snapshot_of(report)
    # Cash plan s/d TW III 70 of 100, spent 56: (70 − 56) / 70 × 100 = 20,00 %.
    assert snap.deviation == Decimal("20.00") and snap.units[0].deviation == Decimal("20.00")
    assert snap.efficiency is not None
    tables = _tables(snap)
    assert "Deviasi thd. anggaran kas (%)" in tables and "20,00" in tables
    assert "Efisiensi indikatif (poin)" in tables


def test_an_older_snapshot_without_settings_renders_with_the_defaults(reported: Any) -> None:
    from monev.reports import builder

    data = builder.build_snapshot(reported)
    older = Snapshot.from_json({k: v for k, v in _plain(data).items() if k != "settings"})
    assert older.settings == {} and older.rule_settings.rating_labels == "permendagri"
    assert "Sangat" in _tables(older)


def _plain(snap: Snapshot) -> dict[str, Any]:
    import json

    return dict(json.loads(snap.to_json()))
