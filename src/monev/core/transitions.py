"""Applying a status machine (`monev.domain.transitions`) to a database row: the one helper
behind every app's transition service.

A transition service (e.g. `monev.sop.services.step_act`, `monev.collection.services.
submission_act`) does, inside one `transaction.atomic` block:

1. `locked(Model, pk)`: re-read the row with `SELECT … FOR UPDATE`, so two concurrent clicks
   are serialised and the second sees the first one's result;
2. `decide(machine, state, action, parties)`: the table says where the action leads, or the
   action is refused (403 when the user is no party that may take it, a ValidationError naming
   the state when it is not possible from there);
3. write the new state and record one audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from monev.domain.transitions import StateMachine, TransitionRefused

M = TypeVar("M", bound=models.Model)


def locked(model: type[M], pk: Any, *related: str) -> M:
    """Return the row `pk` of `model`, locked until the end of the current transaction."""
    queryset = model._default_manager.select_for_update()
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=pk)


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
    may_ever = any(a == action and r.parties & parties for (_s, a), r in machine.table.items())
    if not may_ever:  # no party of the user takes this action from any state
        raise PermissionDenied
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
