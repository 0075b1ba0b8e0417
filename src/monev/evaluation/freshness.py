"""Keeping computed results fresh: every write that can change an agency's results replaces
the agency's data token (`ResultsVersion`) in the same transaction; readers key what they
compute by that token (docs/decisions/0008-materialised-results.md).

Writes reach `results_changed` two ways: the model signals below (every save and delete of
the rows results are computed from, whatever service or view made it) and explicit calls from
bulk writes that send no signals (plan import, queryset updates).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models.signals import post_delete, post_save

#: (model label, pk) → agency id, for rows whose agency never changes (plan rows, cycles).
_AGENCY_OF: dict[tuple[str, int], int | None] = {}


class _Mark:
    """An on-commit callback standing for "agency X changed in this transaction"; it does
    nothing when run. Django drops it when the transaction (or its savepoint) rolls back."""

    def __init__(self, agency_id: int) -> None:
        self.agency_id = agency_id

    def __call__(self) -> None:
        return None


def _marks() -> list[_Mark]:
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return []
    return [entry[1] for entry in connection.run_on_commit if isinstance(entry[1], _Mark)]


def changed_in_this_transaction(agency_id: int) -> bool:
    """True when the current transaction has changed the agency's results: its readers
    compute afresh (their writes are not yet visible to others, nor the new token)."""
    return any(mark.agency_id == agency_id for mark in _marks())


def results_changed(agency_id: int | None) -> None:
    """Replace the agency's data token (once per transaction; again after a rollback)."""
    from monev.evaluation.models import ResultsVersion

    if not agency_id or changed_in_this_transaction(agency_id):
        return
    token = secrets.randbits(62)
    if not ResultsVersion.objects.filter(agency_id=agency_id).update(token=token):
        try:
            with transaction.atomic():  # two first writers at once: the second one updates
                ResultsVersion.objects.create(agency_id=agency_id, token=token)
        except IntegrityError:
            ResultsVersion.objects.filter(agency_id=agency_id).update(token=token)
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        transaction.on_commit(_Mark(agency_id))


def current_token(agency_id: int) -> int | None:
    """The agency's data token, or None when results must be computed afresh (changed in the
    running transaction, or never recorded)."""
    from monev.evaluation.models import ResultsVersion

    if changed_in_this_transaction(agency_id):
        return None
    return (
        ResultsVersion.objects.filter(agency_id=agency_id).values_list("token", flat=True).first()
    )


# --- Which agency a changed row belongs to -------------------------------------------------


def forget_agencies() -> None:
    """Forget which agency each row belongs to: for a database emptied and filled again with
    reused primary keys (test flushes, a restore), where a remembered agency would be wrong."""
    _AGENCY_OF.clear()


def _memo(label: str, pk: int | None, lookup: Any) -> int | None:
    if pk is None:
        return None
    key = (label, pk)
    if key not in _AGENCY_OF:
        if len(_AGENCY_OF) > 200_000:
            _AGENCY_OF.clear()
        _AGENCY_OF[key] = lookup(pk)
    return _AGENCY_OF[key]


def agency_of_period(pk: int | None) -> int | None:
    from monev.planning.models import RenstraPeriod

    return _memo(
        "period",
        pk,
        lambda p: RenstraPeriod.objects.filter(pk=p).values_list("agency_id", flat=True).first(),
    )


def agency_of_indicator(pk: int | None) -> int | None:
    from monev.planning.models import Indicator

    return _memo(
        "indicator",
        pk,
        lambda p: (
            Indicator.objects.filter(pk=p).values_list("period__agency_id", flat=True).first()
        ),
    )


def agency_of_node(pk: int | None) -> int | None:
    from monev.planning.models import PlanNode

    return _memo(
        "node",
        pk,
        lambda p: PlanNode.objects.filter(pk=p).values_list("period__agency_id", flat=True).first(),
    )


def agency_of_cycle(pk: int | None) -> int | None:
    from monev.sop.models import Cycle

    return _memo(
        "cycle",
        pk,
        lambda p: Cycle.objects.filter(pk=p).values_list("agency_id", flat=True).first(),
    )


def agency_of_realization(pk: int | None) -> int | None:
    from monev.collection.models import Realization

    return _memo(
        "realization",
        pk,
        lambda p: (
            Realization.objects.filter(pk=p)
            .values_list("indicator__period__agency_id", flat=True)
            .first()
        ),
    )


def agency_of_budget_realization(pk: int | None) -> int | None:
    from monev.collection.models import BudgetRealization

    return _memo(
        "budget_realization",
        pk,
        lambda p: (
            BudgetRealization.objects.filter(pk=p)
            .values_list("node__period__agency_id", flat=True)
            .first()
        ),
    )


def agency_of_report(pk: int | None) -> int | None:
    from monev.reports.models import Report

    return _memo(
        "report",
        pk,
        lambda p: Report.objects.filter(pk=p).values_list("cycle__agency_id", flat=True).first(),
    )


def agency_of_definition(pk: int | None) -> int | None:
    from monev.sop.models import SopDefinition

    return _memo(
        "definition",
        pk,
        lambda p: SopDefinition.objects.filter(pk=p).values_list("agency_id", flat=True).first(),
    )


def _cached(instance: Any, name: str) -> Any:
    """The related object `name` when it is already loaded on `instance` (no query)."""
    return instance._state.fields_cache.get(name)


def _agency_of(instance: Any) -> int | None:
    name = type(instance).__name__
    for relation in ("indicator", "node"):
        related = _cached(instance, relation)
        if related is not None and related.period_id:
            return agency_of_period(related.period_id)
    period = _cached(instance, "period")
    if period is not None:
        return int(period.agency_id)
    if name == "Agency":
        return int(instance.pk)
    if name in (
        "RenstraPeriod",
        "Cycle",
        "Unit",
        "Official",
        "SopDefinition",
        "WorkCalendarSetting",
        "DayOff",
    ):
        return int(instance.agency_id) if instance.agency_id else None
    if name == "RoleAssignment":  # who signs the E.81 as head of the agency
        from monev.accounts.models import User

        return User.objects.filter(pk=instance.user_id).values_list("agency_id", flat=True).first()
    if name in ("Indicator", "PlanNode"):
        return agency_of_period(instance.period_id)
    if name in ("Realization", "Target"):
        return agency_of_indicator(instance.indicator_id)
    if name in ("BudgetRealization", "Budget", "BudgetPlan"):
        return agency_of_node(instance.node_id)
    if name in ("Submission", "StepRun", "FlagResolution", "AnalysisNote"):
        return agency_of_cycle(instance.cycle_id)
    if name == "SopStep":
        return agency_of_definition(instance.definition_id)
    if name == "Recommendation":  # the format isian's kept open-recommendations block
        return int(instance.agency_id) if instance.agency_id else None
    if name == "FollowUp":
        return agency_of_cycle(instance.cycle_id)
    if name == "Report":  # the home page's kept inbox (a report in discussion)
        return agency_of_cycle(instance.cycle_id)
    if name == "ReportVersion":
        return agency_of_report(instance.report_id)
    if name == "Evidence":
        return agency_of_realization(instance.realization_id)
    if name == "Correction":
        if instance.realization_id:
            return agency_of_realization(instance.realization_id)
        return agency_of_budget_realization(instance.budget_realization_id)
    return None


def _on_write(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    results_changed(_agency_of(instance))


#: The models results, and the pages kept per data token, are made from (app, model); the
#: SOP definition and work calendar for the home page's kept inbox (monev.core.inbox).
WATCHED = (
    ("organization", "Agency"),
    ("organization", "Unit"),
    ("organization", "Official"),
    ("accounts", "RoleAssignment"),
    ("evaluation", "AnalysisNote"),
    ("planning", "RenstraPeriod"),
    ("planning", "PlanNode"),
    ("planning", "Indicator"),
    ("planning", "Target"),
    ("planning", "Budget"),
    ("planning", "BudgetPlan"),
    ("collection", "Submission"),
    ("collection", "Realization"),
    ("collection", "BudgetRealization"),
    ("collection", "Evidence"),
    ("collection", "Correction"),
    ("sop", "Cycle"),
    ("sop", "StepRun"),
    ("sop", "SopDefinition"),
    ("sop", "SopStep"),
    ("sop", "WorkCalendarSetting"),
    ("sop", "DayOff"),
    ("evaluation", "FlagResolution"),
    ("reports", "Report"),
    ("reports", "ReportVersion"),
    ("monitoring", "Recommendation"),
    ("monitoring", "FollowUp"),
)


def connect() -> None:
    from django.apps import apps

    for app_label, name in WATCHED:
        try:
            model = apps.get_model(app_label, name)
        except LookupError:
            continue
        uid = f"monev-results-{app_label}-{name}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")
