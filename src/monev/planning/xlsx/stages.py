"""Changes of an import in a year that has begun become a plan stage (RULES §11).

A year "has begun" when one of its quarters is locked or it already has a stage. Its
changed targets, pagu and cash plan are not written over the murni plan: they become a new
*pergeseran* or *perubahan* of that year, applying from its first quarter that is not locked
(or a later one the user chose). Changes before that quarter, and removals, are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from monev.domain.periods import roman
from monev.planning.choices import StageKind
from monev.planning.models import PlanStage, RenstraPeriod
from monev.planning.xlsx import schema
from monev.planning.xlsx.schema import ImportError_, PlanData
from monev.sop.selectors import locked_quarters


@dataclass(frozen=True)
class StageRequest:
    """What the user asked on the upload form: the kind of stage, its reason, and optionally
    its first quarter (default: the year's first quarter that is not locked)."""

    kind: str = StageKind.PERUBAHAN
    reason: str = ""
    first_quarter: int | None = None


@dataclass
class ImportStage:
    """A stage the import will add: its year and first quarter, and what it changes, keyed by
    codes ((indicator code, quarter) → value; sub kegiatan code → {field: value})."""

    year: int
    kind: str
    first_quarter: int
    reason: str
    targets: dict[tuple[str, int | None], Decimal] = field(default_factory=dict)
    budgets: dict[str, dict[str, Decimal]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        text = _("%(kind)s %(year)s, berlaku mulai Triwulan %(quarter)s (Triwulan %(quarter)s–IV)")
        return text % {
            "kind": StageKind(self.kind).label,
            "year": self.year,
            "quarter": roman(self.first_quarter),
        }

    @property
    def kept(self) -> str:
        """The quarters this stage leaves as they are ("Triwulan I–II"), or ""."""
        if self.first_quarter == 1:
            return ""
        last = roman(self.first_quarter - 1)
        return _("Triwulan I–%(last)s") % {"last": last} if last != "I" else _("Triwulan I")


def plan_stages(
    period: RenstraPeriod, before: PlanData, after: PlanData, request: StageRequest | None
) -> tuple[list[ImportStage], list[ImportError_]]:
    """Return the stages the import of `after` over `before` makes, and the changes refused
    in a year that has begun. Targets of locked quarters are refused by
    `checks.locked_target_errors`, not here."""
    request = request or StageRequest()
    locked = locked_quarters(period.agency_id)
    latest: dict[int, int] = {}  # year → first quarter of its last stage
    for year, first_quarter in (
        PlanStage.objects.filter(period=period)
        .order_by("year", "number")
        .values_list("year", "first_quarter")
    ):
        latest[year] = first_quarter
    begun = set(latest) | {y for y, _q in locked}
    changed_years = {
        k[1]
        for k in {*before.targets, *after.targets}
        if before.targets.get(k) != after.targets.get(k)
    }
    changed_years |= {
        k[1]
        for k in {*before.budgets, *after.budgets}
        if before.budgets.get(k) != after.budgets.get(k)
    }
    stages: list[ImportStage] = []
    errors: list[ImportError_] = []
    for year in sorted(changed_years):
        if year not in begun and request.first_quarter is None:
            continue  # the year has not begun: the murni plan is still being written
        locked_here = [q for y, q in locked if y == year]
        # a stage starts after every locked quarter, and not before the year's last stage
        opened = max(max(locked_here, default=0) + 1, latest.get(year, 1))
        first = request.first_quarter or opened
        stage = ImportStage(year, request.kind, min(first, 4), request.reason.strip())
        if opened > 4 or first < opened:
            errors += _budget_errors(before, after, year, range(1, 5), opened > 4)
            if opened <= 4:
                errors.append(
                    _error(
                        None,
                        _(
                            "Tahap tahun %(year)s tidak dapat berlaku mulai Triwulan %(q)s: "
                            "triwulan itu sudah dikunci. Paling awal Triwulan %(open)s."
                        )
                        % {"year": year, "q": roman(first), "open": roman(opened)},
                    )
                )
            continue
        errors += _collect_targets(before, after, year, first, set(locked_here), stage)
        errors += _collect_budgets(before, after, year, first, stage)
        if stage.targets or stage.budgets:
            stages.append(stage)
    if stages and not request.reason.strip():
        errors.append(
            _error(
                None,
                _(
                    "Berkas ini mengubah target atau anggaran tahun yang sudah berjalan; "
                    "perubahan itu dicatat sebagai tahap baru (%(stages)s). Isi «Alasan tahap» "
                    "(mis. Perda APBD Perubahan), lalu periksa berkas lagi."
                )
                % {"stages": "; ".join(s.label for s in stages)},
            )
        )
    return stages, errors


def _error(sheet: str | None, detail: str) -> ImportError_:
    return schema.make_error(sheet, None, None, detail)


def _collect_targets(
    before: PlanData, after: PlanData, year: int, first: int, locked: set[int], stage: ImportStage
) -> list[ImportError_]:
    errors = []
    keys = sorted(
        (k for k in {*before.targets, *after.targets} if k[1] == year),
        key=lambda k: (k[0], k[2] or 0),
    )
    for key in keys:
        code, _year, quarter = key
        old, new = before.targets.get(key), after.targets.get(key)
        if old == new:
            continue
        label = schema.target_label(key)
        if new is None:
            errors.append(
                _error(
                    schema.TARGET_SHEET,
                    _(
                        "Target «%(target)s» tidak dapat dihapus: tahun %(year)s sudah berjalan. "
                        "Biarkan barisnya di sheet Target."
                    )
                    % {"target": label, "year": year},
                )
            )
        elif quarter is not None and quarter < first:
            if quarter not in locked:  # a locked one is named by locked_target_errors
                errors.append(
                    _error(
                        schema.TARGET_SHEET,
                        _(
                            "Target «%(target)s» tidak dapat diubah oleh tahap yang berlaku mulai "
                            "Triwulan %(first)s."
                        )
                        % {"target": label, "first": roman(first)},
                    )
                )
        else:
            stage.targets[(code, quarter)] = new["nilai"]
    return errors


def _collect_budgets(
    before: PlanData, after: PlanData, year: int, first: int, stage: ImportStage
) -> list[ImportError_]:
    errors = []
    for key in sorted(k for k in {*before.budgets, *after.budgets} if k[1] == year):
        old, new = before.budgets.get(key), after.budgets.get(key)
        if old == new:
            continue
        label = schema.budget_label(key)
        if new is None:
            errors.append(
                _error(
                    schema.BUDGET_SHEET,
                    _("Anggaran «%(budget)s» tidak dapat dihapus: tahun %(year)s sudah berjalan.")
                    % {"budget": label, "year": year},
                )
            )
            continue
        old = old or {}
        changes: dict[str, Decimal] = {}
        if new.get("pagu") != old.get("pagu") and new.get("pagu") is not None:
            changes["pagu"] = new["pagu"]
        for q in (1, 2, 3, 4):
            name = f"kas_tw{q}"
            if new.get(name) == old.get(name):
                continue
            if q < first or new.get(name) is None:
                errors.append(
                    _error(
                        schema.BUDGET_SHEET,
                        _(
                            "Anggaran kas Triwulan %(q)s «%(budget)s» tidak dapat diubah oleh "
                            "tahap yang berlaku mulai Triwulan %(first)s."
                        )
                        % {"q": roman(q), "budget": label, "first": roman(first)},
                    )
                )
            else:
                changes[f"cash_q{q}"] = new[name]
        if changes:
            stage.budgets[key[0]] = changes
    return errors


def _budget_errors(
    before: PlanData, after: PlanData, year: int, quarters: Any, all_locked: bool
) -> list[ImportError_]:
    """Budget changes of a year whose every quarter is locked (its targets are named by
    `checks.locked_target_errors`)."""
    if not all_locked:
        return []
    return [
        _error(
            schema.BUDGET_SHEET,
            _(
                "Anggaran «%(budget)s» tidak dapat diubah: semua triwulan tahun %(year)s sudah "
                "dikunci atau diarsipkan."
            )
            % {"budget": schema.budget_label(key), "year": year},
        )
        for key in sorted(k for k in {*before.budgets, *after.budgets} if k[1] == year)
        if before.budgets.get(key) != after.budgets.get(key)
    ]
