"""Test set-up of an annual cycle (SPEC §16) as the engine makes one: the yearly SOP
*Penyusunan Laporan Kinerja Tahunan* (its steps as SPEC §16 lists them, the report steps
reusing the quarterly report's keys) and a cycle of it with no quarter, at its first step."""

from __future__ import annotations

from copy import deepcopy
from datetime import datetime
from typing import Any

from django.utils import timezone

ANNUAL_NUMBER = "000.8.3.3/006/DKUKMTK-BLG/2024"

#: (number, key, description, actor, no_goto) of the annual SOP's steps (SPEC §16).
STEPS = [
    (1, "perjanjian_kinerja", "Menyusun Perjanjian Kinerja tahun berjalan", "kasubag_program",
     None),
    (2, "rekap_tahunan", "Mengumpulkan data capaian kinerja tahunan (TW I–IV)",
     "kasubag_program", None),
    (3, "analisis_tahunan", "Mengolah dan menganalisa capaian kinerja tahunan",
     "kasubag_program", None),
    (4, "draft_laporan", "Menyusun draft Laporan Kinerja (LKjIP)", "kasubag_program", None),
    (5, "pembahasan", "Membahas draft LKjIP", "kasubag_program", None),
    (6, "perbaikan", "Melakukan perbaikan draft LKjIP", "kasubag_program", None),
    (7, "verifikasi", "Melakukan verifikasi draft LKjIP", "sekretaris", 6),
    (8, "penyusunan_dokumen", "Mengesahkan LKjIP", "kasubag_program", None),
    (9, "penyimpanan", "Menyimpan dan menyampaikan LKjIP", "kasubag_program", None),
]  # fmt: skip


def annual_definition(agency: Any) -> Any:
    """The agency's annual SOP (cadence `tahunan`), made from the seed's step shapes."""
    from monev.sop import services
    from monev.sop.models import SopDefinition
    from monev.sop.seed import DEFAULT_SOP

    found = SopDefinition.objects.filter(agency=agency, cadence="tahunan", is_current=True)
    if found.exists():
        return found.first()
    shapes = {s["key"]: s for s in DEFAULT_SOP["steps"]}
    steps = []
    for number, key, description, actor, no_goto in STEPS:
        shape = deepcopy(shapes.get(key) or shapes["analisis"])
        shape.update(number=number, key=key, description=description, actor=actor,
                     lanes=[actor], no_goto=no_goto)  # fmt: skip
        steps.append(shape)
    data = {**DEFAULT_SOP, "number": ANNUAL_NUMBER,
            "name": "Penyusunan Laporan Kinerja Tahunan", "steps": steps}  # fmt: skip
    definition = services.definition_load_seed(agency=agency, data=data)
    definition.cadence = "tahunan"
    definition.save(update_fields=["cadence"])
    return definition


def annual_cycle(agency: Any, year: int, *, actor: Any = None, at: datetime | None = None) -> Any:
    """The agency's annual cycle of `year` (quarter empty) at step 1, as the engine opens it;
    the one the agency has already when it has one (the demo's 2025 and 2026)."""
    from monev.sop import services
    from monev.sop.models import Cycle

    found = Cycle.objects.filter(
        agency=agency, year=year, quarter__isnull=True, definition__cadence="tahunan"
    ).first()
    if found is not None:  # the demo's own (monev.demo.annual)
        return found
    at = at or timezone.now()
    cycle = Cycle.objects.create(
        agency=agency, year=year, quarter=None, definition=annual_definition(agency),
        disposition="Susun PK dan LKjIP.", opened_by=actor, opened_at=at,
    )  # fmt: skip
    services._start_run(cycle, 1, at)
    return cycle
