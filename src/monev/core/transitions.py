"""The one audited transition service: how every status machine of Monev Kinerja
(`monev.domain.transitions`) is applied to a database row.

Every status change of the product goes through `transition` (or, for a move that writes more
than the row itself, through `begin` … `finish`), inside one `transaction.atomic` block:

1. `begin`: re-read the row with `SELECT … FOR UPDATE` (two concurrent clicks are serialised
   and the second sees the first one's result), then ask the table: 403 (PermissionDenied)
   when none of the user's parties may ever take the action (or not from this state), a
   ValidationError naming the state in Indonesian when the action is not possible from there;
2. the caller's own checks of the input (`check`), which may still refuse;
3. `finish`: write the new state and the fields the action sets, and one audit entry of kind
   `transition` whose changes carry the old and new state and the action taken.

The machines using it: SOP step runs (`monev.sop.services`, whose move also finishes the run
and starts the next one, so it uses `begin` and records its own history), collection
submissions (`monev.collection.services.submission_act`), monev visits, proposed corrections,
recommendations and follow-ups (`monev.monitoring.services`), reports and their archiving
(`monev.reports.services.report_transition`). "Who is which party" is each app's policy
(`<app>/policies.py`); the table of who may do what from where is in `monev.domain`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from monev.core import audit
from monev.core.actors import Actor
from monev.core.choices import AuditAction
from monev.domain.transitions import StateMachine, TransitionRefused

M = TypeVar("M", bound=models.Model)


#: The parties of the user, either as a set or worked out from the locked row.
Parties = Iterable[str] | Callable[[Any], Iterable[str]]


def locked(model: type[M], pk: Any, *related: str) -> M:
    """Return the row `pk` of `model`, locked until the end of the current transaction."""
    queryset = model._default_manager.select_for_update()
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=pk)


def state_label(obj: models.Model, field: str = "status") -> str:
    """Return the display label of `obj`'s state (the value itself when it has no choices)."""
    value = getattr(obj, field)
    choices = getattr(obj._meta.get_field(field), "choices", None) or []
    return str(dict(choices).get(value, value))


def require_party(machine: StateMachine[Any, Any], action: str, parties: Iterable[str]) -> None:
    """Raise PermissionDenied unless some rule of `action` (from any state) names one of the
    parties: a missing role is a 403 before any question of state or input."""
    found = frozenset(parties)
    if not any(a == action and r.parties & found for (_s, a), r in machine.table.items()):
        raise PermissionDenied


def decide(
    machine: StateMachine[Any, Any],
    state: str,
    action: str,
    parties: Iterable[str],
    *,
    state_label: str = "",
) -> str:
    """Return the state `action` leads to from `state` for a user with `parties`.

    Raises PermissionDenied when none of the user's parties may ever take the action (or not
    from this state); ValidationError (code "transition") when the action is not possible from
    `state` for a party that may take it elsewhere (e.g. already approved a moment ago).
    """
    parties = frozenset(parties)
    require_party(machine, action, parties)
    try:
        return str(machine.next_state(state, action, parties))
    except TransitionRefused as refused:
        if refused.reason == "party":
            raise PermissionDenied from refused
        raise ValidationError(
            _("Tindakan ini tidak dapat dilakukan: statusnya sekarang «%(state)s».")
            % {"state": state_label or state},
            code="transition",
        ) from refused


@dataclass
class Move(Generic[M]):
    """A transition decided but not yet written: the locked row, its state before, the state
    the table leads to and the action taken."""

    machine: StateMachine[Any, Any]
    obj: M
    field: str
    before: str
    to: str
    action: str


def begin(
    machine: StateMachine[Any, Any],
    obj: M,
    action: str,
    *,
    parties: Parties,
    related: Iterable[str] = (),
    field: str = "status",
) -> Move[M]:
    """Lock `obj` and decide `action` on its stored state (never on the caller's copy, which
    may be stale). `parties` may be a function of the locked row. Refuses as `decide` does."""
    row = locked(type(obj), obj.pk, *related)
    found = parties(row) if callable(parties) else parties
    to = decide(machine, getattr(row, field), action, found, state_label=state_label(row, field))
    return Move(machine, row, field, str(getattr(row, field)), to, str(action))


def finish(
    move: Move[M],
    *,
    actor: Actor | None,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> M:
    """Write the decided state and `changes` (other fields the action sets) on the locked row,
    and record one audit entry of kind `transition` (state and changes before/after, and the
    action). Other attributes set on the row by the caller are saved with it, unaudited."""
    row = move.obj
    fields = [move.field, *(changes or {})]
    before = audit.snapshot(row, fields)
    setattr(row, move.field, move.to)
    for name, value in (changes or {}).items():
        setattr(row, name, value)
    row.save()
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=row,
        before=before,
        after={**audit.snapshot(row, fields), "action": move.action},
        note=note,
    )
    return row


@transaction.atomic
def transition(
    machine: StateMachine[Any, Any],
    obj: M,
    action: str,
    *,
    actor: Actor | None,
    parties: Parties,
    related: Iterable[str] = (),
    field: str = "status",
    changes: Mapping[str, Any] | Callable[[M], Mapping[str, Any]] | None = None,
    check: Callable[[M], None] | None = None,
    note: str = "",
) -> M:
    """Take `action` on `obj` by the table `machine`: lock, decide (403 / a clear message),
    `check(row)` the input, write the state and `changes` (a mapping, or a function of the
    locked row) and audit it. Return the locked, updated row."""
    move = begin(machine, obj, action, parties=parties, related=related, field=field)
    if check is not None:
        check(move.obj)
    found = changes(move.obj) if callable(changes) else changes
    return finish(move, actor=actor, changes=found, note=note)
