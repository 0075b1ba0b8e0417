"""Checks of an import against what is already reported or locked: reported data is never
deleted with the plan, and a locked quarter's targets, pagu and cash plan never change.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from monev.core.services import protected_by
from monev.planning import services
from monev.planning.models import Indicator, PlanNode, RenstraPeriod
from monev.planning.xlsx import schema
from monev.planning.xlsx.diff import KindDiff
from monev.planning.xlsx.export import plan_snapshot
from monev.planning.xlsx.schema import ImportError_, PlanData
from monev.sop.selectors import locked_quarters


def plan_warnings(period: RenstraPeriod, plan: PlanData, diff: dict[str, KindDiff]) -> list[str]:
    """Return what the user should know before applying: quarterly targets of a cumulative
    indicator that do not add up to the annual target (RULES §2; allowed, as in the form)."""
    found: list[str] = []
    by_indicator: dict[str, dict[tuple[int, int | None], Decimal | None]] = {}
    for (code, year, quarter), values in plan.targets.items():
        by_indicator.setdefault(code, {})[(year, quarter)] = values["nilai"]
    for code, targets in by_indicator.items():
        indicator = Indicator(aggregation=plan.indicators[code]["agregasi"])
        found += [f"«{code}»: {text}" for text in services.target_warnings(indicator, targets)]
    return found


def reported_data_errors(period: RenstraPeriod, diff: dict[str, KindDiff]) -> list[ImportError_]:
    """Return one error per indicator or plan node that the import would delete while it
    holds reported data (realisations, budget realisations; their evidence and corrections
    hang from those), naming the data. Reported data is never deleted with the plan: the
    relations are on_delete=PROTECT, and this check says so before anything is written."""
    doomed: dict[tuple[type[models.Model], int], Any] = {}
    for obj in Indicator.objects.filter(period=period, code__in=diff["indicator"].removed):
        doomed[(Indicator, obj.pk)] = obj
    for node in PlanNode.objects.filter(period=period, code__in=diff["node"].removed):
        doomed[(PlanNode, node.pk)] = node
    held: dict[tuple[type[models.Model], int], list[str]] = {}
    seen: set[tuple[type[models.Model], Any]] = set()
    for obj in doomed.values():
        for row in protected_by(obj):
            if (type(row), row.pk) in seen:
                continue
            seen.add((type(row), row.pk))
            holder = _plan_holder(row)
            # Data hanging from an object the workbook keeps (e.g. an indicator moved to
            # another node) is not lost: only objects really deleted are named.
            if holder in doomed:
                held.setdefault(holder, []).append(getattr(row, "reported_label", str(row)))
    errors = []
    for (model, pk), labels in held.items():
        obj = doomed[(model, pk)]
        kind = _("Indikator") if model is Indicator else obj.get_level_display()
        shown = ", ".join(sorted(labels)[:5])
        if len(labels) > 5:
            shown += _(" dan %(n)s lainnya") % {"n": len(labels) - 5}
        detail = _(
            "%(kind)s «%(code)s — %(name)s» tidak dapat dihapus karena memuat data yang sudah "
            "dilaporkan (%(data)s). Biarkan baris ini di berkas, lalu unggah lagi."
        ) % {"kind": kind, "code": obj.code, "name": obj.name, "data": shown}
        errors.append(ImportError_(None, None, None, detail))
    return errors


def locked_target_errors(period: RenstraPeriod, plan: PlanData) -> list[ImportError_]:
    """Return one error per target the import would add, change or remove in a locked quarter
    (its cycle reached "olah data" or is closed, `sop.selectors.locked_quarters`): such a
    quarter's results are computed, reported and archived from those targets. An annual
    target is locked once every quarter of its year is. Issue 21, item 11."""
    locked = locked_quarters(period.agency_id)
    if not locked:
        return []
    before = plan_snapshot(period).targets
    touched = [
        key
        for key in sorted({*before, *plan.targets}, key=lambda k: (k[0], k[1], k[2] or 0))
        if before.get(key) != plan.targets.get(key)
    ]
    errors = []
    for code, year, quarter in touched:
        closed = (
            (year, quarter) in locked if quarter else all((year, q) in locked for q in (1, 2, 3, 4))
        )
        if not closed:
            continue
        label = schema.target_label((code, year, quarter))
        detail = _(
            "Target «%(target)s» tidak dapat diubah lewat unggahan: data triwulan itu sudah "
            "dikunci (olah data) atau diarsipkan. Kembalikan nilainya seperti semula di "
            "sheet Target, lalu unggah lagi."
        ) % {"target": label}
        errors.append(schema.make_error(schema.TARGET_SHEET, None, None, detail))
    return errors


def _plan_holder(row: models.Model) -> tuple[type[models.Model], int] | None:
    """Return the indicator or plan node that `row` (a protected row) points at."""
    for model_field in row._meta.concrete_fields:
        target = getattr(model_field.remote_field, "model", None)
        if target in (Indicator, PlanNode):
            value = getattr(row, model_field.attname)
            if value is not None:
                return (target, value)
    return None
