"""Reading an uploaded plan workbook for a period: its errors or the plan it holds, the
difference with the database and what the user should know before applying. Writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook

from monev.planning.models import RenstraPeriod
from monev.planning.xlsx import schema
from monev.planning.xlsx.checks import locked_target_errors, plan_warnings, reported_data_errors
from monev.planning.xlsx.diff import KindDiff, plan_diff
from monev.planning.xlsx.export import plan_snapshot
from monev.planning.xlsx.schema import ImportError_, PlanData
from monev.planning.xlsx.stages import ImportStage, StageRequest, plan_stages


@dataclass
class PlanImport:
    """The result of reading a workbook for a period: its errors or, when there are none,
    the plan it holds (`data`), the difference with the database (`diff`, by kind) and
    warnings that do not block the import."""

    period: RenstraPeriod
    errors: list[ImportError_] = field(default_factory=list)
    data: PlanData | None = None
    diff: dict[str, KindDiff] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: What the user asked for stages, and the stages the import adds (RULES §11).
    request: StageRequest | None = None
    stages: list[ImportStage] = field(default_factory=list)

    @property
    def staged_years(self) -> set[int]:
        return {s.year for s in self.stages}

    @property
    def ok(self) -> bool:
        return not self.errors and self.data is not None

    @property
    def is_unchanged(self) -> bool:
        return all(d.is_empty for d in self.diff.values())

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return {kind: d.counts for kind, d in self.diff.items()}


def parse_plan(
    data: bytes, *, period: RenstraPeriod, stage: StageRequest | None = None
) -> PlanImport:
    """Return the workbook in `data` checked against `period`, with every error found (the
    sheet, Excel row and column of each), and the stages its changes to a year that has
    begun make (`stage`: kind, reason, first quarter asked on the form). Writes nothing."""
    result = PlanImport(period=period, request=stage)
    book = schema.open_workbook(data, result.errors)
    if book is None or not _same_period(book, period, result.errors):
        return result
    reader = schema.PlanReader(period, result.errors)
    plan = reader.read(book)
    if not result.errors:
        result.data = plan
        before = plan_snapshot(period)
        result.diff = plan_diff(before, plan)
        result.warnings = plan_warnings(period, plan, result.diff)
        result.errors = reported_data_errors(period, result.diff)
        result.errors += locked_target_errors(period, plan)
        result.stages, refused = plan_stages(period, before, plan, stage)
        result.errors += refused
    return result


def _same_period(book: Workbook, period: RenstraPeriod, errors: list[ImportError_]) -> bool:
    """Return False (recording why) when the Meta sheet names another period. A workbook
    without years (the template, or one built by hand) fits any period."""
    meta = dict(schema.iter_meta(book))
    start, end = meta.get("periode_awal"), meta.get("periode_akhir")
    if start in (None, "") and end in (None, ""):
        return True
    numbers = (schema.to_decimal(start), schema.to_decimal(end))
    if None in numbers:
        detail = _("tahun periode tidak terbaca; ekspor ulang berkas dari aplikasi.")
        errors.append(schema.make_error(schema.META_SHEET, None, None, detail))
        return False
    years = tuple(int(n or 0) for n in numbers)
    if years == (period.start_year, period.end_year):
        return True
    detail = _(
        "Berkas ini dibuat untuk periode %(other_start)s–%(other_end)s, bukan untuk periode "
        "%(start)s–%(end)s yang dipilih. Ekspor dari periode ini atau pakai templat kosong."
    ) % {
        "other_start": years[0],
        "other_end": years[1],
        "start": period.start_year,
        "end": period.end_year,
    }
    errors.append(ImportError_(schema.META_SHEET, None, None, detail))
    return False
