"""The plan as one XLSX workbook: export, validated import with a preview, and applying it.

The workbook is the whole plan of a Renstra period (docs/plan-workbook.md). Codes are the
keys, so an object whose code stays keeps its primary key (and the realizations linked to
it). The flow is

    export_plan(period) → bytes → parse_plan(bytes, period=…) → PlanImport (errors, diff)
                                → apply_plan(plan_import, actor=…)

`parse_plan` never writes; `apply_plan` is all-or-nothing and audited. Both work on a
`PlanData`: the plan as plain values keyed by code, with the workbook's column names as
field names, so the database side (`plan_snapshot`) and the workbook side compare directly.

Modules by sub-area: `layout` (sheets and columns), `cells` (opening and typed reading),
`reader` (the data sheets into PlanData), `schema` (those three in one namespace),
`export`, `diff`, `checks` (reported data, locked quarters), `parse`, `stages` (changes in a
year with a locked quarter become a plan stage, RULES §11) and `apply`.
"""

from monev.planning.xlsx.apply import PlanImportRefused, apply_plan
from monev.planning.xlsx.checks import locked_target_errors, reported_data_errors
from monev.planning.xlsx.diff import ChangedItem, FieldChange, KindDiff, plan_diff
from monev.planning.xlsx.export import export_plan, export_template, plan_snapshot
from monev.planning.xlsx.parse import PlanImport, parse_plan

__all__ = [
    "ChangedItem",
    "FieldChange",
    "KindDiff",
    "PlanImport",
    "PlanImportRefused",
    "apply_plan",
    "export_plan",
    "export_template",
    "locked_target_errors",
    "parse_plan",
    "plan_diff",
    "plan_snapshot",
    "reported_data_errors",
]
