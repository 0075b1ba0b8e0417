"""Fixtures of the monev visits tests: a cycle at step 4 with reported data."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from monev.testing import replayed

WITA = ZoneInfo("Asia/Makassar")


def walk_to(cycle: Any, key: str, personas: dict[str, Any]) -> None:
    """Complete the cycle's steps until the step with `key` runs (steps 1–3 by their rules)."""
    from monev.evaluation.services import flag_resolve, open_flags
    from monev.sop import selectors, services
    from monev.sop.models import Cycle

    while True:
        run = selectors.current_run(Cycle.objects.get(pk=cycle.pk))
        assert run is not None
        if run.step.key == key:
            return
        holder = personas["kasubag"]
        if run.step.key == "olah_data":
            for result, flag, resolution in open_flags(run.cycle):
                if resolution is None:
                    flag_resolve(
                        actor=holder,
                        cycle=run.cycle,
                        indicator=result.indicator,
                        code=flag.code,
                        note="Dicek pada monev lapangan.",
                    )
        services.step_complete(actor=holder, run=run, override_reason="uji")
        if run.step.approver:
            approver = next(u for u in personas.values() if u.has_role(run.step.approver))
            services.step_approve(actor=approver, run=run)


@pytest.fixture
def plan_cycle(sop_cycle: Any, small_plan: Any, personas: dict[str, Any]) -> Any:
    """Triwulan III 2026 at step 4 (rencana monev); see `prepare_plan_cycle`."""
    return replayed("plan_cycle", lambda: prepare_plan_cycle(sop_cycle, small_plan, personas))


def prepare_plan_cycle(sop_cycle: Any, small_plan: Any, personas: dict[str, Any]) -> Any:
    """Walk the cycle to step 4 (rencana monev), with Bidang Koperasi's reported values and a
    second indicator for Bidang Tenaga Kerja."""
    from monev.collection.models import Realization
    from monev.organization.models import Unit
    from monev.planning.models import Indicator, Target

    naker = Unit.objects.get(code="BID-NAKER")
    output = small_plan.indicators.get(code="IK.2.17.03.2.01.0004.01")
    placed = Indicator.objects.create(
        period=small_plan,
        node=output.node,
        code="IK.NAKER.01",
        name="Jumlah pencari kerja yang ditempatkan",
        unit_of_measure="orang",
        responsible_unit=naker,
    )
    Target.objects.create(indicator=placed, year=2026, quarter=3, value=Decimal(50))
    Realization.objects.create(indicator=output, year=2026, quarter=3, value=Decimal(12))
    Realization.objects.create(
        indicator=small_plan.indicators.get(code="IK.S1.1.01"),
        year=2026,
        quarter=3,
        value=Decimal("61.5"),
    )
    Realization.objects.create(indicator=placed, year=2026, quarter=3, value=Decimal(48))
    walk_to(sop_cycle, "rencana_monev", personas)
    return sop_cycle


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of October 2026 in WITA."""
    return datetime(2026, 10, day, hour, minute, tzinfo=WITA)
