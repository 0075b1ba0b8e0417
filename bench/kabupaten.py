"""A kabupaten's worth of agencies for the load benchmark (issue #16 item 4): `add_agencies`
clones the demo agency (DKUKMTK: its units, plan, targets and budgets) into more agencies,
each with reported data for every quarter of the five Renstra years (2025–2029) at its own
pace, and with its own Kepala Dinas. Bulk inserts; the data tokens are bumped at the end.

    from kabupaten import add_agencies
    add_agencies(32)   # with the demo's three agencies: 35
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

YEARS = range(2025, 2030)


def _copy(obj: Any, **changes: Any) -> Any:
    model = type(obj)
    values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    values.pop(model._meta.pk.attname)
    values.update(changes)
    return model(**values)


def add_agencies(count: int) -> int:
    """Add `count` agencies cloned from DKUKMTK; return how many realisations were added."""
    from django.db import transaction
    from monev.evaluation.freshness import results_changed

    from monev.accounts.models import RoleAssignment, User
    from monev.collection.models import BudgetRealization, Realization
    from monev.organization.models import Agency, Unit
    from monev.planning.choices import Level
    from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target

    source = Agency.objects.get(short_name="DKUKMTK")
    period = RenstraPeriod.objects.get(agency=source)
    units = list(Unit.objects.filter(agency=source).order_by("parent_id", "pk"))
    nodes = list(PlanNode.objects.filter(period=period))
    indicators = list(Indicator.objects.filter(period=period))
    targets = list(Target.objects.filter(indicator__period=period))
    budgets = {b.node_id: b for b in Budget.objects.filter(node__period=period, year=2026)}
    kadis = User.objects.get(username="kadis")
    added = 0
    for k in range(1, count + 1):
        pace = Decimal("0.70") + Decimal(k % 9) * Decimal("0.05")  # 70 % … 110 % of target
        with transaction.atomic():
            agency = _copy(source, name=f"Perangkat Daerah Uji {k:02d}", short_name=f"PD{k:02d}")
            agency.save()
            unit_map: dict[int | None, int | None] = {None: None}
            for unit in units:  # parents first (ordered by parent, then pk)
                made = _copy(unit, agency_id=agency.pk, parent_id=unit_map.get(unit.parent_id))
                made.save()
                unit_map[unit.pk] = made.pk
            new_period = _copy(period, agency_id=agency.pk)
            new_period.save()
            node_map: dict[int | None, int | None] = {None: None}
            for level in Level:
                batch = [n for n in nodes if n.level == level]
                made_nodes = PlanNode.objects.bulk_create(
                    _copy(
                        n,
                        period_id=new_period.pk,
                        parent_id=node_map[n.parent_id],
                        responsible_unit_id=unit_map.get(n.responsible_unit_id),
                    )
                    for n in batch
                )
                node_map.update(zip([n.pk for n in batch], [n.pk for n in made_nodes], strict=True))
            made_indicators = Indicator.objects.bulk_create(
                _copy(
                    i,
                    period_id=new_period.pk,
                    node_id=node_map[i.node_id],
                    responsible_unit_id=unit_map.get(i.responsible_unit_id),
                )
                for i in indicators
            )
            indicator_map = dict(zip([i.pk for i in indicators], made_indicators, strict=True))
            Target.objects.bulk_create(
                _copy(t, indicator_id=indicator_map[t.indicator_id].pk) for t in targets
            )
            Budget.objects.bulk_create(
                _copy(b, node_id=node_map[node], year=year)
                for node, b in budgets.items()
                for year in YEARS
            )
            annual = {(t.indicator_id, t.year): t.value for t in targets if t.quarter is None}
            rows = []
            for old, indicator in indicator_map.items():
                for year in YEARS:
                    target = annual.get((old, year))
                    if target is None:
                        continue
                    per_quarter = target / 4 if indicator.aggregation == "cumulative" else target
                    factor = pace if indicator.polarity == "positive" else Decimal(2) - pace
                    step = Decimal(1).scaleb(-indicator.decimals)
                    rows += [
                        Realization(
                            indicator=indicator,
                            year=year,
                            quarter=q,
                            value=(per_quarter * factor).quantize(step),
                        )
                        for q in (1, 2, 3, 4)
                    ]
            Realization.objects.bulk_create(rows)
            added += len(rows)
            BudgetRealization.objects.bulk_create(
                BudgetRealization(
                    node_id=node_map[node],
                    year=year,
                    quarter=q,
                    amount=(b.pagu * Decimal("0.22") * pace).quantize(Decimal(1000)),
                )
                for node, b in budgets.items()
                for year in YEARS
                for q in (1, 2, 3, 4)
            )
            head = _copy(kadis, username=f"kadis.pd{k:02d}", agency_id=agency.pk, official_id=None)
            head.save()
            RoleAssignment.objects.create(user=head, role="kepala_dinas")
            results_changed(agency.pk)
    return added
