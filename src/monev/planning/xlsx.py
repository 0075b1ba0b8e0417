"""The plan as one XLSX workbook: export, validated import with a preview, and applying it.

The workbook is the whole plan of a Renstra period (docs/plan-workbook.md): importing it
replaces the period's plan. Codes are the keys, so an object whose code stays keeps its
primary key (and the realizations linked to it). The flow is

    export_plan(period) → bytes → parse_plan(bytes, period=…) → PlanImport (errors, diff)
                                → apply_plan(plan_import, actor=…)

`parse_plan` never writes; `apply_plan` is all-or-nothing and audited. Both work on a
`PlanData`: the plan as plain values keyed by code, with the workbook's column names as
field names, so the database side (`plan_snapshot`) and the workbook side compare directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from monev.core import audit
from monev.core.services import delete_audited, protected_by
from monev.core.xlsx import cell_value, workbook_bytes
from monev.domain.numbers import format_number
from monev.organization.models import Unit
from monev.planning import policies, services
from monev.planning import xlsx_schema as schema
from monev.planning.choices import Level
from monev.planning.models import Budget, Indicator, PlanNode, RenstraPeriod, Target
from monev.planning.xlsx_schema import NO, YES, ImportError_, PlanData, Values
from monev.sop.selectors import locked_quarters

TargetKey = schema.TargetKey
BudgetKey = schema.BudgetKey
AUDIT_NOTE = "Impor rencana dari XLSX"


def plan_snapshot(period: RenstraPeriod) -> PlanData:
    """Return the period's plan as stored, in display order (order, then code)."""
    data = PlanData()
    nodes = PlanNode.objects.filter(period=period).select_related("parent", "responsible_unit")
    for node in nodes.order_by("order", "code"):
        data.nodes[node.code] = {
            "tingkat": node.level,
            "nama": node.name,
            "kode_induk": node.parent.code if node.parent else "",
            "kode_unit": node.responsible_unit.code if node.responsible_unit else "",
            "urutan": node.order,
        }
    indicators = Indicator.objects.filter(period=period).select_related("node", "responsible_unit")
    for ind in indicators.order_by("order", "code"):
        data.indicators[ind.code] = {
            "kode_unsur": ind.node.code,
            "nama": ind.name,
            "satuan": ind.unit_of_measure,
            "polaritas": ind.polarity,
            "agregasi": ind.aggregation,
            "varian_negatif": ind.negative_variant,
            "desimal": ind.decimals,
            "iku": ind.is_iku,
            "kode_unit": ind.responsible_unit.code,
            "kondisi_awal": ind.baseline,
            "target_akhir": ind.end_target,
            "definisi": ind.definition,
            "sumber_data": ind.data_source,
            "urutan": ind.order,
        }
    targets = Target.objects.filter(indicator__period=period).select_related("indicator")
    for t in targets.order_by(
        "indicator__order", "indicator__code", "year", F("quarter").asc(nulls_first=True)
    ):
        data.targets[(t.indicator.code, t.year, t.quarter)] = {"nilai": t.value}
    budgets = Budget.objects.filter(node__period=period).select_related("node")
    for b in budgets.order_by("node__order", "node__code", "year"):
        data.budgets[(b.node.code, b.year)] = {
            "pagu": b.pagu,
            **{f"kas_tw{q}": v for q, v in enumerate(b.cash_plan, start=1)},
        }
    return data


# --- Export -------------------------------------------------------------------------------------


def export_plan(period: RenstraPeriod) -> bytes:
    """Return the period's plan as an XLSX workbook (Petunjuk, one sheet per kind, Meta)."""
    title = _("Rencana kinerja %(agency)s — %(name)s, tahun %(start)s–%(end)s") % {
        "name": period.name,
        "start": period.start_year,
        "end": period.end_year,
        "agency": period.agency.name,
    }
    meta = {"periode_awal": period.start_year, "periode_akhir": period.end_year}
    return _workbook_bytes(plan_snapshot(period), title, {**meta, "nama_periode": period.name})


def export_template() -> bytes:
    """Return the empty workbook: same sheets and columns, no rows, usable for any period."""
    title = _("Templat rencana kinerja (kosong) — dapat diunggah ke periode mana pun")
    meta = {"periode_awal": None, "periode_akhir": None, "nama_periode": None}
    return _workbook_bytes(PlanData(), title, meta)


def _sheet_rows(data: PlanData) -> dict[str, list[Values]]:
    """Return the rows of every data sheet, each row keyed by column name."""
    rows: dict[str, list[Values]] = {
        sheet: [{"kode": code, **v} for code, v in data.nodes.items() if v["tingkat"] == level]
        for level, sheet in schema.NODE_SHEETS.items()
    }
    rows[schema.INDICATOR_SHEET] = [{"kode": code, **v} for code, v in data.indicators.items()]
    rows[schema.TARGET_SHEET] = [
        {"kode_indikator": code, "tahun": year, "triwulan": quarter, **v}
        for (code, year, quarter), v in data.targets.items()
    ]
    rows[schema.BUDGET_SHEET] = [
        {"kode_sub_kegiatan": code, "tahun": year, **v} for (code, year), v in data.budgets.items()
    ]
    return rows


def _workbook_bytes(data: PlanData, title: str, meta: dict[str, Any]) -> bytes:
    book = Workbook()
    guide = book.active
    assert isinstance(guide, Worksheet)
    _write_guide(guide, title)
    for sheet, rows in _sheet_rows(data).items():
        _write_sheet(book.create_sheet(sheet), sheet, rows)
    info = book.create_sheet(schema.META_SHEET)
    info.append(["kunci", "nilai"])
    for row in [("format", schema.FORMAT_VERSION), *meta.items()]:
        info.append(list(row))
    info.sheet_state = "hidden"
    return workbook_bytes(book)


def _cell(value: Any) -> Any:
    """Return what a cell holds for a plan value: numbers stay numbers (whole ones as int)."""
    if isinstance(value, bool):
        return YES if value else NO
    return cell_value(value)


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDEBF7")


def _write_sheet(sheet: Worksheet, title: str, rows: list[Values]) -> None:
    columns = schema.SHEETS[title]
    sheet.append([c.name for c in columns])
    for row in rows:
        sheet.append([_cell(row.get(c.name)) for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet.column_dimensions[letter].number_format = column.number_format
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = column.number_format
        if column.choices:
            allowed = '"{}"'.format(",".join(column.choices))
            # A warning, not a stop: the import checks the value anyway, with a clear message.
            check = DataValidation(
                type="list", formula1=allowed, allow_blank=True, errorStyle="warning"
            )
            check.showErrorMessage = True
            check.error = _("Isi salah satu: %(allowed)s") % {"allowed": ", ".join(column.choices)}
            check.add(f"{letter}2:{letter}1048576")
            sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}"


def _write_guide(sheet: Worksheet, title: str) -> None:
    sheet.title = schema.GUIDE_SHEET
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for number, rule in enumerate(schema.GUIDE_RULES, start=1):
        sheet.append([f"{number}.", rule])
    sheet.append([])
    sheet.append(["Sheet", "Kolom", "Wajib", "Keterangan", "Nilai yang diizinkan"])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = HEADER_FONT
    for name, columns in schema.SHEETS.items():
        sheet.append([name, "", "", schema.SHEET_HELP[name], ""])
        sheet.cell(row=sheet.max_row, column=1).font = HEADER_FONT
        for c in columns:
            sheet.append(["", c.name, YES if c.required else "", c.help, ", ".join(c.choices)])
    for letter, width in zip("ABCDE", (14, 20, 8, 90, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{header_row + 1}"


# --- Parsing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One changed field of an object: the column name and both values as displayed."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangedItem:
    key: str
    fields: tuple[FieldChange, ...]


@dataclass
class KindDiff:
    """What the import would do to one kind of object ("node", "indicator", "target",
    "budget"): keys added, changed (with each field's before → after) and removed."""

    kind: str
    label: str
    added: list[str] = field(default_factory=list)
    changed: list[ChangedItem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
        }

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)


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

    @property
    def ok(self) -> bool:
        return not self.errors and self.data is not None

    @property
    def is_unchanged(self) -> bool:
        return all(d.is_empty for d in self.diff.values())

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return {kind: d.counts for kind, d in self.diff.items()}


def parse_plan(data: bytes, *, period: RenstraPeriod) -> PlanImport:
    """Return the workbook in `data` checked against `period`, with every error found (the
    sheet, Excel row and column of each). Writes nothing."""
    result = PlanImport(period=period)
    book = schema.open_workbook(data, result.errors)
    if book is None or not _same_period(book, period, result.errors):
        return result
    reader = schema.PlanReader(period, result.errors)
    plan = reader.read(book)
    if not result.errors:
        result.data = plan
        result.diff = plan_diff(plan_snapshot(period), plan)
        result.warnings = _warnings(period, plan, result.diff)
        result.errors = reported_data_errors(period, result.diff)
        result.errors += locked_target_errors(period, plan)
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


# --- Diff ---------------------------------------------------------------------------------------

#: Kinds of object, their label on the preview page, and their attribute of PlanData.
KINDS = {
    "node": (gettext_lazy("Unsur rencana"), "nodes"),
    "indicator": (gettext_lazy("Indikator"), "indicators"),
    "target": (gettext_lazy("Target"), "targets"),
    "budget": (gettext_lazy("Anggaran"), "budgets"),
}


def _label(key: Any) -> str:
    if isinstance(key, str):
        return key
    return schema.target_label(key) if len(key) == 3 else schema.budget_label(key)


def _display(name: str, value: Any) -> str:
    """Return a plan value as the preview shows it (Indonesian numbers, "–" for empty)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        exponent = value.normalize().as_tuple().exponent
        return format_number(value, max(0, -exponent) if isinstance(exponent, int) else 0)
    if name == "tingkat":
        return str(Level(value).label)
    return str(value)


def _diff_kind(kind: str, before: dict[Any, Values], after: dict[Any, Values]) -> KindDiff:
    diff = KindDiff(kind=kind, label=str(KINDS[kind][0]))
    for key, values in after.items():
        if key not in before:
            diff.added.append(_label(key))
            continue
        changes = tuple(
            FieldChange(name, _display(name, before[key].get(name)), _display(name, value))
            for name, value in values.items()
            if before[key].get(name) != value
        )
        if changes:
            diff.changed.append(ChangedItem(_label(key), changes))
    diff.removed = [_label(key) for key in before if key not in after]
    return diff


def plan_diff(before: PlanData, after: PlanData) -> dict[str, KindDiff]:
    """Return, per kind of object, what turns plan `before` into plan `after`."""
    return {
        kind: _diff_kind(kind, getattr(before, attr), getattr(after, attr))
        for kind, (_label_text, attr) in KINDS.items()
    }


def _warnings(period: RenstraPeriod, plan: PlanData, diff: dict[str, KindDiff]) -> list[str]:
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


# --- Applying -----------------------------------------------------------------------------------


class PlanImportRefused(ValueError):
    """apply_plan was given an import with errors."""


@transaction.atomic
def apply_plan(plan_import: PlanImport, *, actor: Any) -> None:
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
    held = reported_data_errors(period, plan_diff(plan_snapshot(period), plan_import.data))
    held += locked_target_errors(period, plan_import.data)
    if held:  # data reported (or a quarter locked) since the preview
        raise PlanImportRefused(" ".join(e.message for e in held))
    with audit.batch():  # thousands of entries: one bulk insert, chained in order
        _PlanWriter(period, actor).write(plan_import.data)


class _PlanWriter:
    """Writes a PlanData over the stored plan: top-down creates and updates, then deletions
    bottom-up (targets and budgets, indicators, then nodes from the deepest level)."""

    def __init__(self, period: RenstraPeriod, actor: Any) -> None:
        self.period, self.actor = period, actor
        self.current = plan_snapshot(period)
        self.units = dict(Unit.objects.filter(agency_id=period.agency_id).values_list("code", "pk"))
        self.nodes = {n.code: n for n in PlanNode.objects.filter(period=period)}
        self.indicators = {i.code: i for i in Indicator.objects.filter(period=period)}
        self.pending: dict[type[models.Model], dict[int, models.Model]] = {}
        self.pending_fields: dict[type[models.Model], set[str]] = {}

    def write(self, plan: PlanData) -> None:
        for level in schema.NODE_SHEETS:
            for code, values in plan.nodes.items():
                if values["tingkat"] == level:
                    self._put(self.nodes, code, self.current.nodes, values, self._node_fields)
        for code, values in plan.indicators.items():
            self._put(
                self.indicators, code, self.current.indicators, values, self._indicator_fields
            )
        targets = Target.objects.filter(indicator__period=self.period).select_related("indicator")
        stored_targets = {(t.indicator.code, t.year, t.quarter): t for t in targets}
        for target_key, values in plan.targets.items():
            self._put(stored_targets, target_key, self.current.targets, values, self._target_fields)
        budgets = Budget.objects.filter(node__period=self.period).select_related("node")
        stored_budgets = {(b.node.code, b.year): b for b in budgets}
        for budget_key, values in plan.budgets.items():
            self._put(stored_budgets, budget_key, self.current.budgets, values, self._budget_fields)
        self._flush()
        self._delete(stored_targets, plan.targets)
        self._delete(stored_budgets, plan.budgets)
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
