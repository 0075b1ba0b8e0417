"""The demo's annual SOP (issue #27 item 5, `monev.demo.annual`): 2025's cycle finished through
the real services — PK 2025 signed by the Kepala Dinas, the LKjIP 2025 ratified by signing and
archived, its archive entry verifiable — and 2026's cycle open with PK 2026 signed, step 2
waiting for TW IV 2026's monev cycle.

The rendered demo (signatures, LKjIP archived) is checked by `test_deferred_finals`, which
loads it as `monev demo` does and, once the worker has run, asserts what follows here: a second
synchronous rendered load (~45 s CPU) reached the same rows through the same services."""

from __future__ import annotations

import pytest

from monev.annual import selectors as pk_selectors
from monev.sop import selectors
from monev.sop.choices import CycleStatus, StepKey
from monev.sop.models import Cycle

pytestmark = pytest.mark.django_db


def _annual(year: int) -> Cycle:
    return Cycle.objects.select_related("agency").get(
        agency__short_name="DKUKMTK", year=year, quarter__isnull=True
    )


def _assert_open_2026() -> None:
    from monev.evaluation.annual import recap_blockers

    cycle = _annual(2026)
    assert cycle.status != CycleStatus.SELESAI
    run = selectors.current_run(cycle)
    assert run is not None and run.step.key == StepKey.REKAP_TAHUNAN
    assert recap_blockers(run) == ["Siklus monev Triwulan IV 2026 belum selesai."]
    # it waits, it is not late: its 3 days run from when TW IV 2026's cycle is finished
    timing = selectors.run_timing(selectors.work_calendar(cycle.agency), run)
    assert (timing.status, timing.late_minutes, timing.due_at) == ("menunggu", 0, None)


def _assert_finished_2025() -> None:
    from monev.archive.models import ArchiveEntry
    from monev.archive.services import entry_check
    from monev.reports.models import Report
    from monev.signing.selectors import signatures_of

    cycle = _annual(2025)
    assert cycle.status == CycleStatus.SELESAI
    assert selectors.current_run(cycle) is None
    report = Report.objects.get(cycle=cycle)
    assert report.status == "diarsipkan"
    assert [s.kind for s in signatures_of(report.final_version)] == [
        "paraf", "paraf", "pengesahan",
    ]  # fmt: skip
    entry = ArchiveEntry.objects.get(report=report)
    assert entry.year == 2025 and entry.quarter is None
    assert entry.version_id == report.final_version_id
    assert entry_check(entry).intact
    # Steps 2–9 after TW IV 2025 (2025 was reported before the app: no monev cycle of it).
    runs = {r.number: r for r in cycle.runs.select_related("step")}
    assert runs[1].completed_at.year == 2025
    assert all(runs[n].completed_at.year == 2026 for n in range(2, 10))


def _assert_pks_signed() -> None:
    agency_id = _annual(2025).agency_id
    for year in (2025, 2026):
        latest = pk_selectors.latest_head_version(agency_id, year)
        assert latest is not None and latest.created_at.year == year
        signature = pk_selectors.signature_of(latest)
        assert signature is not None and signature.kind == "pengesahan"


def test_without_rendering_the_annual_steps_are_done_by_hand(loaded_demo: str) -> None:
    """The suite's demo renders no reports and has no seal: the PKs are made but unsigned, the
    steps done by hand, the 2025 cycle finished all the same."""
    assert _annual(2025).status == CycleStatus.SELESAI
    _assert_open_2026()
    agency_id = _annual(2026).agency_id
    for year in (2025, 2026):
        latest = pk_selectors.latest_head_version(agency_id, year)
        assert latest is not None and pk_selectors.signature_of(latest) is None
