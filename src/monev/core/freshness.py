"""Keeping computed results fresh: every write that can change an agency's results replaces
the agency's data token (`ResultsVersion`) in the same transaction; readers key what they
compute by that token (docs/decisions/0008-materialised-results.md).

Writes reach `results_changed` two ways: the model signals below (every save and delete of
the rows results are computed from, whatever service or view made it) and explicit calls from
bulk writes that send no signals (plan import, queryset updates).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models.signals import post_delete, post_save

from monev.core.models import ResultsVersion
from monev.core.tenancy import agency_id_of, is_declared


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


#: The tokens read during the running request (`tokens_remembered`), by agency: a page
#: reads its agency's token for each kept value it shows (its body, its place in the SOP …),
#: and one query is enough. A write of the request forgets the agency's (`results_changed`);
#: another process's write during the request is seen by the next request, as if the
#: request had read everything at its first read of the token.
_remembered: ContextVar[dict[int, int | None] | None] = ContextVar(
    "monev_remembered_tokens", default=None
)


@contextmanager
def tokens_remembered() -> Iterator[None]:
    """Read each agency's data token once in this block (a request: `DataTokenMiddleware`)."""
    reset = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(reset)


def results_changed(agency_id: int | None) -> None:
    """Replace the agency's data token (once per transaction; again after a rollback)."""
    remembered = _remembered.get()
    if remembered is not None and agency_id:
        remembered.pop(agency_id, None)
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
    running transaction, or never recorded). Read once per request (`tokens_remembered`)."""
    if changed_in_this_transaction(agency_id):
        return None
    remembered = _remembered.get()
    if remembered is not None and agency_id in remembered:
        return remembered[agency_id]
    token = (
        ResultsVersion.objects.filter(agency_id=agency_id).values_list("token", flat=True).first()
    )
    if remembered is not None:
        remembered[agency_id] = token
    return token


def _on_write(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    results_changed(agency_id_of(instance))


#: The models results, and the pages kept per data token, are made from (app, model); the
#: SOP definition and work calendar for the home page's kept inbox (monev.core.inbox).
WATCHED = (
    ("organization", "Agency"),
    ("organization", "AgencySettings"),
    ("organization", "Unit"),
    ("organization", "Official"),
    ("accounts", "RoleAssignment"),
    ("evaluation", "AnalysisNote"),
    ("planning", "RenstraPeriod"),
    ("planning", "PlanNode"),
    ("planning", "Indicator"),
    ("planning", "Target"),
    ("planning", "Budget"),
    ("planning", "PlanStage"),
    ("planning", "StageTarget"),
    ("planning", "StageBudget"),
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


def connect(watched: tuple[tuple[str, str], ...] = WATCHED) -> None:
    """Replace the agency's data token on every save and delete of the `watched` models.

    A name that is no model raises LookupError, a model without a declared path to its
    agency ImproperlyConfigured (monev.core.tenancy): at start-up, not silently."""
    for app_label, name in watched:
        model = apps.get_model(app_label, name)
        if not is_declared(model):
            raise ImproperlyConfigured(f"{model._meta.label} is watched but declares no agency")
        uid = f"monev-results-{app_label}-{name}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid + "-delete")
