"""Applying a checked plan import: all or nothing, audited, primary keys kept by code."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from monev.accounts.models import User
from monev.core import audit
from monev.core.services import delete_audited
from monev.organization.models import Unit
from monev.planning import policies, services
from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target
from monev.planning.xlsx import schema
from monev.planning.xlsx.checks import locked_target_errors, reported_data_errors
from monev.planning.xlsx.diff import plan_diff
from monev.planning.xlsx.export import plan_snapshot
from monev.planning.xlsx.parse import PlanImport
from monev.planning.xlsx.schema import ImportError_, PlanData, Values
from monev.planning.xlsx.stages import ImportStage, plan_stages

TargetKey = schema.TargetKey
BudgetKey = schema.BudgetKey
AUDIT_NOTE = "Impor rencana dari XLSX"


# --- Applying -----------------------------------------------------------------------------------


class PlanImportRefused(ValueError):
    """apply_plan was given an import with errors."""


@transaction.atomic
def apply_plan(plan_import: PlanImport, *, actor: User) -> None:
    """Make the period's plan equal to the workbook: create, update in place (by code, so
    primary keys survive) and delete, with an audit entry per object, all or nothing.

    Raises PlanImportRefused if the import has errors, PermissionDenied if `actor` may not
    edit this agency's plan (`actor=None` is the system, e.g. a management command).
    """
    if plan_import.errors or plan_import.data is None:
        raise PlanImportRefused(_("Berkas masih memiliki kesalahan; tidak ada yang disimpan."))
    period = RenstraPeriod.objects.select_for_update().get(pk=plan_import.period.pk)
    if actor is not None and (
        not policies.may_edit_plan(actor) or actor.agency_id != period.agency_id
    ):
        raise PermissionDenied
    before = plan_snapshot(period)
    held = reported_data_errors(period, plan_diff(before, plan_import.data))
    held += locked_target_errors(period, plan_import.data)
    stages, refused = plan_stages(period, before, plan_import.data, plan_import.request)
    held += refused
    if [(s.year, s.first_quarter) for s in stages] != [
        (s.year, s.first_quarter) for s in plan_import.stages
    ]:  # a quarter locked since the preview moves a stage's first quarter
        held.append(ImportError_(None, None, None, _("Tahap rencana berubah sejak pratinjau.")))
    if held:  # data reported (or a quarter locked) since the preview
        raise PlanImportRefused(" ".join(e.message for e in held))
    with audit.batch():  # thousands of entries: one bulk insert, chained in order
        writer = _PlanWriter(period, actor)
        writer.write(plan_import.data, staged={s.year for s in stages})
    for stage in stages:  # after the writer: the stage may name a new indicator or node
        _create_stage(period, actor, stage)


def _create_stage(period: RenstraPeriod, actor: User, stage: ImportStage) -> None:
    indicators = dict(Indicator.objects.filter(period=period).values_list("code", "pk"))
    nodes = dict(PlanNode.objects.filter(period=period).values_list("code", "pk"))
    services.stage_create(
        actor=actor,
        period=period,
        year=stage.year,
        kind=stage.kind,
        first_quarter=stage.first_quarter,
        reason=stage.reason,
        targets={(indicators[code], q): v for (code, q), v in stage.targets.items()},
        budgets={nodes[code]: fields for code, fields in stage.budgets.items()},
    )


class _PlanWriter:
    """Writes a PlanData over the stored plan: top-down creates and updates, then deletions
    bottom-up (targets and budgets, indicators, then nodes from the deepest level)."""

    def __init__(self, period: RenstraPeriod, actor: User) -> None:
        self.period, self.actor = period, actor
        self.current = plan_snapshot(period)
        self.units = dict(Unit.objects.filter(agency_id=period.agency_id).values_list("code", "pk"))
        self.nodes = {n.code: n for n in PlanNode.objects.filter(period=period)}
        self.indicators = {i.code: i for i in Indicator.objects.filter(period=period)}
        self.pending: dict[type[models.Model], dict[int, models.Model]] = {}
        self.pending_fields: dict[type[models.Model], set[str]] = {}

    def write(self, plan: PlanData, staged: set[int]) -> None:
        """Write `plan`; the targets and budgets of the `staged` years are left to their new
        stage (RULES §11), never written over the murni plan."""
        for level in schema.NODE_SHEETS:
            for code, values in plan.nodes.items():
                if values["tingkat"] == level:
                    self._put(self.nodes, code, self.current.nodes, values, self._node_fields)
        for code, values in plan.indicators.items():
            self._put(
                self.indicators, code, self.current.indicators, values, self._indicator_fields
            )
        targets = Target.objects.filter(indicator__period=self.period).select_related("indicator")
        stored_targets = {
            (t.indicator.code, t.year, t.quarter): t for t in targets if t.year not in staged
        }
        plan_targets = {k: v for k, v in plan.targets.items() if k[1] not in staged}
        for target_key, values in plan_targets.items():
            self._put(stored_targets, target_key, self.current.targets, values, self._target_fields)
        budgets = Budget.objects.filter(node__period=self.period).select_related("node")
        stored_budgets = {(b.node.code, b.year): b for b in budgets if b.year not in staged}
        plan_budgets = {k: v for k, v in plan.budgets.items() if k[1] not in staged}
        for budget_key, values in plan_budgets.items():
            self._put(stored_budgets, budget_key, self.current.budgets, values, self._budget_fields)
        self._flush()
        self._delete(stored_targets, plan_targets)
        self._delete(stored_budgets, plan_budgets)
        self._delete(self.indicators, plan.indicators)
        depth = {level: n for n, level in enumerate(schema.NODE_SHEETS)}
        removed = sorted(
            (n for code, n in self.nodes.items() if code not in plan.nodes),
            key=lambda n: depth[n.level],
            reverse=True,
        )
        self._delete({n.code: n for n in removed}, {})

    def _put(
        self,
        stored: dict[Any, Any],
        key: Any,
        current: dict[Any, Values],
        values: Values,
        to_fields: Callable[[Any, Values], tuple[type[models.Model], dict[str, Any]]],
    ) -> None:
        """Create the object of `key`, or update it when its values differ from the stored.

        No `full_clean` here, unlike core.services: parse_plan has checked every value and
        reference, the database checks the constraints, and full_clean's per-object
        constraint queries made a 3,000-target import take 17 s instead of 3 s.
        """
        if current.get(key) == values:
            return
        model, fields = to_fields(key, values)
        if key not in stored:
            stored[key] = model(**fields)
            stored[key].save()
            audit.record_create(self.actor, stored[key], note=AUDIT_NOTE)
            return
        instance = stored[key]
        before = audit.snapshot(instance)
        changed = {name for name, value in fields.items() if getattr(instance, name) != value}
        for name, value in fields.items():
            setattr(instance, name, value)
        if model in (Target, Budget):  # leaves, thousands of them: one bulk update at the end
            self.pending.setdefault(model, {})[instance.pk] = instance
            self.pending_fields.setdefault(model, set()).update(changed)
        else:
            instance.save()
        audit.record_update(self.actor, instance, before, note=AUDIT_NOTE)

    def _flush(self) -> None:
        """Write the collected target and budget updates in bulk. A bulk update sends no
        signals, so the agency's data token is replaced here (decision 0008)."""
        from monev.core.freshness import results_changed

        for model, rows in self.pending.items():
            if not self.pending_fields[model]:
                continue
            model._default_manager.bulk_update(
                list(rows.values()), sorted(self.pending_fields[model]), batch_size=500
            )
        if self.pending:
            results_changed(self.period.agency_id)
        self.pending.clear()

    def _delete(self, stored: dict[Any, Any], keep: Iterable[Any]) -> None:
        kept = set(keep)
        for key in [k for k in stored if k not in kept]:
            delete_audited(actor=self.actor, instance=stored.pop(key), note=AUDIT_NOTE)

    def _node_fields(self, code: str, v: Values) -> tuple[type[models.Model], dict[str, Any]]:
        return PlanNode, {
            "period": self.period,
            "code": code,
            "level": v["tingkat"],
            "name": v["nama"],
            "parent": self.nodes[v["kode_induk"]] if v["kode_induk"] else None,
            "responsible_unit_id": self.units.get(v["kode_unit"]),
            "order": v["urutan"],
        }

    def _indicator_fields(self, code: str, v: Values) -> tuple[type[models.Model], dict[str, Any]]:
        return Indicator, {
            "period": self.period,
            "code": code,
            "node": self.nodes[v["kode_unsur"]],
            "name": v["nama"],
            "unit_of_measure": v["satuan"],
            "polarity": v["polaritas"],
            "aggregation": v["agregasi"],
            "negative_variant": v["varian_negatif"],
            "decimals": v["desimal"],
            "is_iku": v["iku"],
            "responsible_unit_id": self.units[v["kode_unit"]],
            "baseline": v["kondisi_awal"],
            "end_target": v["target_akhir"],
            "definition": v["definisi"],
            "data_source": v["sumber_data"],
            "order": v["urutan"],
        }

    def _target_fields(
        self, key: TargetKey, v: Values
    ) -> tuple[type[models.Model], dict[str, Any]]:
        code, year, quarter = key
        indicator = self.indicators[code]
        return Target, {
            "indicator": indicator,
            "year": year,
            "quarter": quarter,
            "value": v["nilai"],
        }

    def _budget_fields(
        self, key: BudgetKey, v: Values
    ) -> tuple[type[models.Model], dict[str, Any]]:
        code, year = key
        cash = {f"cash_q{q}": v[f"kas_tw{q}"] for q in (1, 2, 3, 4)}
        return Budget, {"node": self.nodes[code], "year": year, "pagu": v["pagu"], **cash}
