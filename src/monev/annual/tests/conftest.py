"""An annual cycle (SPEC §16) for the annual app's tests: a yearly SOP made here with its
first two steps (the seed of the annual SOP is another change), opened for 2026."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

# The agency seal of the signing tests (a test CA made in this run), for signing the PK.
from monev.signing.tests.conftest import seal, test_ca, trust_roots  # noqa: F401

OPENED = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


@pytest.fixture
def annual_cycle(personas: dict[str, Any]) -> Any:
    from monev.sop.choices import StepKey
    from monev.sop.models import Cycle, SopDefinition, SopStep, StepRun

    agency = personas["kasubag"].agency
    definition = SopDefinition.objects.create(
        agency=agency,
        number="SOP/LKJ/01",
        name="Penyusunan Laporan Kinerja Tahunan",
        cadence="tahunan",
        ratified_by_position="Kepala Dinas",
    )
    first = SopStep.objects.create(
        definition=definition, number=1, key=StepKey.PERJANJIAN_KINERJA,
        description="Menyusun Perjanjian Kinerja tahun berjalan", actor="kasubag_program",
        symbol="terminator", time_value=5, time_unit="hari", output="Perjanjian Kinerja",
    )  # fmt: skip
    SopStep.objects.create(
        definition=definition, number=2, description="Mengumpulkan data capaian kinerja",
        actor="kasubag_program", symbol="process", time_value=3, time_unit="hari",
    )  # fmt: skip
    cycle = Cycle.objects.create(
        agency=agency, year=2026, quarter=None, definition=definition,
        disposition="Susun Perjanjian Kinerja 2026.", opened_by=personas["kadis"],
        opened_at=OPENED,
    )  # fmt: skip
    StepRun.objects.create(
        cycle=cycle, step=first, number=1, started_at=OPENED, due_at=OPENED + timedelta(days=7)
    )
    return cycle
