"""Audited create/update/delete used by the services of every app.

Each helper validates the instance (`full_clean`), writes it, and records the audit entry in
the same transaction. Domain rules specific to an object type stay in that app's services.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

from monev.core import audit
from monev.core.actors import Actor

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def create_audited(*, actor: Actor | None, model: type[M], note: str = "", **fields: Any) -> M:
    """Create, validate and save a `model` instance and record its creation."""
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    audit.record_create(actor, instance, note=note)
    return instance


@transaction.atomic
def update_audited(*, actor: Actor | None, instance: M, note: str = "", **fields: Any) -> M:
    """Set `fields` on `instance`, validate, save, and record what changed.

    "Before" is read from the database, not from `instance`: a bound ModelForm has already
    copied the user's input onto the instance while validating.
    """
    stored = type(instance)._default_manager.get(pk=instance.pk)
    before = audit.snapshot(stored)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    audit.record_update(actor, instance, before, note=note)
    return instance


@transaction.atomic
def delete_audited(*, actor: Actor | None, instance: models.Model, note: str = "") -> None:
    """Record the deletion of `instance` (with its last values) and delete it."""
    before = audit.snapshot(instance)
    audit.record_delete(actor, instance, before, note=note)
    instance.delete()


def protected_by(instance: models.Model) -> list[models.Model]:
    """Return the rows that forbid deleting `instance` (relations with on_delete=PROTECT,
    followed through every cascade), without deleting anything; [] when it may go."""
    from django.db.models.deletion import Collector, ProtectedError, RestrictedError

    collector = Collector(using=instance._state.db or "default")
    try:
        collector.collect([instance])
    except ProtectedError as error:
        return list(error.protected_objects)
    except RestrictedError as error:
        return list(error.restricted_objects)
    return []
