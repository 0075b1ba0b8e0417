"""Writing the audit log. Services call these inside their `transaction.atomic` block."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from monev.core import audit_chain
from monev.core.choices import AuditAction
from monev.core.models import AuditEntry

#: Who acts when no user does: "system:<command>" while a management command runs (set by
#: CoreConfig.ready around every command), else "sistem".
system_actor: ContextVar[str] = ContextVar("audit_system_actor", default="")


def _plain(value: Any) -> Any:
    """Return a JSON-able form of a model field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Return the audited values of `obj`: the given fields, or every concrete field but the pk."""
    if fields is None:
        fields = [
            f.attname
            for f in obj._meta.concrete_fields
            if not f.primary_key and f.name not in {"created_at", "updated_at", "password"}
        ]
    return {name: _plain(getattr(obj, name)) for name in fields}


def _agency_id(obj: models.Model, actor: Any) -> int | None:
    """The agency whose log shows the change: the object's own, else its cycle's or the
    actor's (objects such as a realisation or a flag's note belong to the actor's agency)."""
    if obj._meta.label == "organization.Agency":
        return obj.pk
    found = getattr(obj, "agency_id", None)
    if found is None and getattr(obj, "cycle_id", None) is not None:
        found = obj.cycle.agency_id  # type: ignore[attr-defined]
    if found is None:
        found = getattr(actor, "agency_id", None)
    return found


def record(
    *,
    actor: Any,
    action: AuditAction,
    obj: models.Model,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    note: str = "",
) -> AuditEntry | None:
    """Record one change; return None (and write nothing) when an update changed nothing."""
    keys = list(dict.fromkeys([*(before or {}), *(after or {})]))
    changes = {
        key: [(before or {}).get(key), (after or {}).get(key)]
        for key in keys
        if before is None or after is None or before.get(key) != after.get(key)
    }
    if action == AuditAction.UPDATE and not changes and not note:
        return None
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        agency_id=_agency_id(obj, actor),
        actor=actor if is_user else None,
        actor_name=(actor.get_username() if is_user else system_actor.get() or "sistem"),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
        note=note,
    )
    pending = _batch.get()
    if pending is not None:  # written, chained, at the end of `batch()`
        pending.append(entry)
        return entry
    audit_chain.seal(entry)  # inserts it under the chain's lock
    return entry


_batch: ContextVar[list[AuditEntry] | None] = ContextVar("audit_batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Within the block, entries are collected and written when it ends: one bulk insert,
    chained in order (`audit_chain.seal_many`). For a write of thousands of rows in one
    transaction (the plan import); the entries have no primary key until the block ends, and
    nothing is written if it raises."""
    if _batch.get() is not None:  # already batching: the outer block writes
        yield
        return
    reset = _batch.set([])
    try:
        yield
        entries = _batch.get() or []
    finally:
        _batch.reset(reset)
    if entries:
        audit_chain.seal_many(entries)


def record_create(actor: Any, obj: models.Model, note: str = "") -> AuditEntry | None:
    return record(
        actor=actor, action=AuditAction.CREATE, obj=obj, before=None, after=snapshot(obj), note=note
    )


def record_update(
    actor: Any, obj: models.Model, before: Mapping[str, Any], note: str = ""
) -> AuditEntry | None:
    return record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=obj,
        before=before,
        after=snapshot(obj, before.keys()),
        note=note,
    )


def record_delete(
    actor: Any, obj: models.Model, before: Mapping[str, Any], note: str = ""
) -> AuditEntry | None:
    return record(
        actor=actor, action=AuditAction.DELETE, obj=obj, before=before, after=None, note=note
    )
