"""Values derived from an agency's data, kept in memory per data token: a rendered table, a
workbook, a page of the API, a user's inbox (docs/decisions/0008-materialised-results.md).

A value is kept until the agency's next write replaces its token (`monev.core.freshness`);
inside a transaction that changed the agency it is always made afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.utils import timezone
from django.utils.translation import get_language

from monev.core.access import scope_of
from monev.core.freshness import current_token

T = TypeVar("T")

_LOCK = threading.Lock()

_MEMO: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
#: Derived values kept per process (rendered tables, workbooks, API pages).
MEMO_SIZE = 128


#: Per-user values of a page's frame (the home page's inbox and panels), kept apart so that
#: many users do not push the pages' bodies out of `_MEMO`.
_FRAMES: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
FRAMES_SIZE = 1024


def memo(
    agency_id: int,
    key: tuple[Any, ...],
    make: Callable[[], T],
    *,
    _table: OrderedDict[tuple[Any, ...], Any] = _MEMO,
    _size: int = 0,
) -> T:
    """Return `make()` for `key`, computed once per data token of the agency: a value derived
    only from the agency's results (a rendered table, a workbook, a page of the API) is kept
    until the next write. Inside a transaction that changed the agency, always afresh."""
    token = current_token(agency_id)
    if token is None:
        return make()
    full = (agency_id, token, *key)
    size = _size or MEMO_SIZE
    with _LOCK:
        if full in _table:
            _table.move_to_end(full)
            return cast(T, _table[full])
    value = make()
    with _LOCK:
        _table[full] = value
        while len(_table) > size:
            _table.popitem(last=False)
    return value


def memo_for_user(user: Any, key: tuple[Any, ...], make: Callable[[], T]) -> T:
    """`memo` for a value of one user's page frame (the inbox of the home page, made by
    providers that read only watched rows, the user and the clock): kept per user, roles,
    unit, data token of the user's agency, language and minute (deadline labels count in
    minutes)."""
    agency_id = scope_of(user).agency_id
    if not agency_id:
        return make()
    minute = timezone.now().replace(second=0, microsecond=0)
    full = ("user", user.pk, user.roles, user.unit_id, minute, get_language(), *key)
    return memo(agency_id, full, make, _table=_FRAMES, _size=FRAMES_SIZE)


def clear() -> None:
    """Forget every kept value (tests, a restored database)."""
    with _LOCK:
        _MEMO.clear()
        _FRAMES.clear()
