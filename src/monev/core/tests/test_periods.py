"""One year/quarter definition (monev.core.periods): the database refuses a quarter outside
1–4 on every model about a quarter, the budget realisation included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

QUARTERLY = [
    "sop.Cycle",
    "collection.Realization",
    "collection.BudgetRealization",
    "planning.Target",
    "archive.ArchiveEntry",
]


@pytest.mark.parametrize("label", QUARTERLY)
def test_every_quarterly_model_has_the_1_to_4_check(label: str) -> None:
    model = apps.get_model(label)
    checks = [c.name for c in model._meta.constraints if c.name.endswith("quarter_1_4")]
    assert len(checks) == 1, label


@pytest.mark.django_db
@pytest.mark.parametrize("quarter", [0, 5])
def test_the_database_refuses_a_budget_realisation_of_quarter_outside_1_to_4(
    small_plan: Any, quarter: int
) -> None:
    from monev.collection.models import BudgetRealization
    from monev.planning.models import PlanNode

    node = PlanNode.objects.filter(period__name="Renstra 2025–2029").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetRealization.objects.create(node=node, year=2026, quarter=quarter, amount=Decimal(1))
    BudgetRealization.objects.create(node=node, year=2026, quarter=4, amount=Decimal(1))
