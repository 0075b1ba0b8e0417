"""Writing the audit log. Services call these inside their `transaction.atomic` block."""

from __future__ import annotations

import re
import sys
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import translation
from django.utils.translation import gettext as _

from monev.core import audit_chain
from monev.core.actors import Actor
from monev.core.choices import AuditAction
from monev.core.models import AuditEntry
from monev.core.tenancy import agency_id_of, is_declared

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


def _agency_id(obj: models.Model, actor: Actor | None) -> int | None:
    """The agency whose log shows the change: the object's, along the path its model declares
    (`monev.core.tenancy`), else the actor's (a model of no agency, Django's own models)."""
    found = agency_id_of(obj) if is_declared(obj._meta.model) else None
    if found is None:
        found = getattr(actor, "agency_id", None)
    return found


def record(
    *,
    actor: Actor | None,
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
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        agency_id=_agency_id(obj, actor),
        actor_id=user.pk if user is not None else None,
        actor_name=(user.get_username() if user is not None else system_actor.get() or "sistem"),
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=_repr(obj)[:300],
        changes=changes,
        note=note,
    )
    pending = _batch.get()
    if pending is not None:  # written, chained, at the end of `batch()`
        pending.append(entry)
        return entry
    audit_chain.seal(entry)  # inserts it under the chain's lock
    return entry


def _repr(obj: models.Model) -> str:
    try:
        return str(obj)
    except ObjectDoesNotExist:  # a raw save (loaddata) before the rows it names exist
        return f"{obj._meta.label} {obj.pk}"


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


def record_create(actor: Actor | None, obj: models.Model, note: str = "") -> AuditEntry | None:
    return record(
        actor=actor, action=AuditAction.CREATE, obj=obj, before=None, after=snapshot(obj), note=note
    )


def record_update(
    actor: Actor | None, obj: models.Model, before: Mapping[str, Any], note: str = ""
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
    actor: Actor | None, obj: models.Model, before: Mapping[str, Any], note: str = ""
) -> AuditEntry | None:
    return record(
        actor=actor, action=AuditAction.DELETE, obj=obj, before=before, after=None, note=note
    )


# --- Writes that bypass the services ----------------------------------------------------------
# The services record every change they make (above); Django's own commands and a console do
# not use them: `createsuperuser` and `changepassword` call `User.save()`, and an edit typed
# into `monev shell` saves a model directly. While such a command runs (see
# `command_context`), every model save and delete is recorded from the model signals instead,
# with the command as the actor. `QuerySet.update()`, `bulk_create()` and SQL send no signal:
# they stay unrecorded (README; decision 0014). A service called from the console records its
# own changes as always; the signals then stay silent (`_inside_service`).

#: True while a command runs whose writes are recorded from the model signals.
direct_writes: ContextVar[bool] = ContextVar("audit_direct_writes", default=False)

#: Commands that build the database itself, write nothing worth a record, or run the app's own
#: code (servers and the task worker: their services record what they change).
NOT_RECORDED_COMMANDS = frozenset(
    {"migrate", "makemigrations", "squashmigrations", "flush", "sqlflush", "test",
     "testserver", "runserver", "collectstatic", "compilemessages", "makemessages",
     "check", "showmigrations", "sqlmigrate", "clearsessions", "db_worker",
     "prune_db_task_results"}
)  # fmt: skip
#: Models never recorded from signals: the log itself, counters, sessions, task results and
#: Django's bookkeeping.
UNRECORDED_MODELS = frozenset(
    {"core.auditentry", "core.auditchainhead", "core.ratelimitcounter", "sessions.session",
     "contenttypes.contenttype", "auth.permission", "admin.logentry", "migrations.migration",
     "django_tasks_database.dbtaskresult"}
)  # fmt: skip
#: Fields whose values never enter the log: only that they changed.
SECRET_FIELDS = frozenset(
    {"password", "key", "token", "digest", "token_key", "session_key", "session_data", "salt"}
)


@contextmanager
def command_context(name: str, module: str) -> Iterator[None]:
    """Within the block the command `name` (from `module`) is the actor of what is recorded,
    and, when it is not one of monev's own commands (which write through the services),
    its direct model writes are recorded from the signals."""
    recorded = not module.startswith("monev.") and name not in NOT_RECORDED_COMMANDS
    actor = system_actor.set(f"system:{name}")
    direct = direct_writes.set(recorded)
    if recorded:
        _connect()
    try:
        yield
    finally:
        if recorded:
            _disconnect()
        direct_writes.reset(direct)
        system_actor.reset(actor)


def _inside_service() -> bool:
    """Whether a function of a `monev.<app>.services` module is on the call stack: a service
    records what it changes itself (and leaves unrecorded what it derives), so a service
    called from the console is not recorded twice."""
    frame = sys._getframe(2)
    while frame is not None:
        if _SERVICE_MODULE.match(frame.f_globals.get("__name__", "")):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


_SERVICE_MODULE = re.compile(r"^monev\.\w+\.services(\.|$)")


def _recorded(sender: type[models.Model]) -> bool:
    return (
        direct_writes.get()
        and sender._meta.label_lower not in UNRECORDED_MODELS
        and not sender._meta.auto_created  # m2m through tables: see m2m_changed
        and not _inside_service()
    )


def _values(obj: models.Model) -> tuple[dict[str, Any], dict[str, Any]]:
    """The values to record (secrets left out) and the secret values (kept in memory only)."""
    plain, secret = {}, {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in {"created_at", "updated_at"}:
            continue
        value = getattr(obj, field.attname)
        if field.name in SECRET_FIELDS:
            secret[field.name] = value
        else:
            plain[field.attname] = _plain(value)
    return plain, secret


def _note(secrets_changed: Iterable[str]) -> str:
    """The stored note, in the installation's language whatever the command's locale (the
    record reads the same for every reader)."""
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Diubah langsung lewat perintah manajemen, tidak melalui layanan aplikasi.")
        changed = sorted(secrets_changed)
        if changed:
            note += " " + _("Nilai rahasia diubah (nilainya tidak dicatat): %(fields)s.") % {
                "fields": ", ".join(changed)
            }
    return note


def _before_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _recorded(sender):
        return
    old = None
    if instance.pk is not None:
        old = sender._base_manager.using(kwargs.get("using")).filter(pk=instance.pk).first()
    instance._monev_audit_before = _values(old) if old is not None else None  # type: ignore[attr-defined]


def _after_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if not _recorded(sender):
        return
    before = instance.__dict__.pop("_monev_audit_before", None)
    after, secret_after = _values(instance)
    if before is None:
        record(actor=None, action=AuditAction.CREATE, obj=instance, before=None, after=after,
               note=_note([]))  # fmt: skip
        return
    plain_before, secret_before = before
    changed = [k for k in secret_after if secret_before.get(k) != secret_after[k]]
    changes = {k for k in after if plain_before.get(k) != after[k]}
    if changes or changed:
        record(actor=None, action=AuditAction.UPDATE, obj=instance, before=plain_before,
               after=after, note=_note(changed))  # fmt: skip


def _after_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not _recorded(sender):
        return
    before, _secret = _values(instance)
    record(actor=None, action=AuditAction.DELETE, obj=instance, before=before, after=None,
           note=_note([]))  # fmt: skip


def _m2m_changed(sender: type[models.Model], instance: models.Model, action: str,
                 pk_set: set[Any] | None, **kwargs: Any) -> None:  # fmt: skip
    if not (direct_writes.get() and action in {"post_add", "post_remove", "post_clear"}):
        return
    if _inside_service():
        return
    if instance._meta.label_lower in UNRECORDED_MODELS:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender),
        sender._meta.model_name,
    )
    what = {"post_add": "+", "post_remove": "-", "post_clear": "-*"}[action]
    record(actor=None, action=AuditAction.UPDATE, obj=instance,
           before={f"{field} {what}": None},
           after={f"{field} {what}": sorted(_plain(v) for v in pk_set or ())},
           note=_note([]))  # fmt: skip


_RECEIVERS = (
    (pre_save, _before_save, "monev_audit_before_save"),
    (post_save, _after_save, "monev_audit_after_save"),
    (post_delete, _after_delete, "monev_audit_after_delete"),
    (m2m_changed, _m2m_changed, "monev_audit_m2m_changed"),
)
_connected = [0]
_connected_lock = threading.Lock()


def _connect() -> None:
    """Connect the receivers while a recorded command runs, and only then: a `post_delete`
    receiver for every model would turn each `QuerySet.delete()` of the app into a fetch and
    one signal per row (Django's fast delete needs no listener)."""
    with _connected_lock:
        if _connected[0] == 0:
            for signal, receiver, uid in _RECEIVERS:
                signal.connect(receiver, dispatch_uid=uid, weak=False)
        _connected[0] += 1


def _disconnect() -> None:
    with _connected_lock:
        _connected[0] -= 1
        if _connected[0] == 0:
            for signal, _receiver, uid in _RECEIVERS:
                signal.disconnect(dispatch_uid=uid)
