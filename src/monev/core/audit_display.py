"""The audit log in human words: field labels from the models' verbose names, values as the
user knows them (names instead of ids, choices by their label, yes/no, numbers and dates the
Indonesian way through `core.formats`), who acted by name.

Used by the audit pages on one page of entries at a time: one query per related model whose
ids appear on the page, whatever the number of entries."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from monev.core import formats

#: A number written with a decimal dot in an object's stored name ("… TW 3: 18.6900"), not a
#: dotted code such as 2.17.03.2.01.0004.
_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


@dataclass
class Change:
    label: str
    before: str | None
    after: str | None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # a key that is not a field (a computed snapshot value)
        return None


def _label(field: Any, name: str) -> str:
    if field is None:
        return name.replace("_", " ")
    return str(getattr(field, "verbose_name", name)).capitalize()


def _plain(field: Any, value: Any, names: dict[tuple[Any, str], str]) -> str | None:
    if value is None or value == "":
        return None
    if (field is not None and getattr(field, "many_to_one", False)) or isinstance(
        field, models.OneToOneField
    ):
        return names.get((field.related_model, str(value)), str(value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list | dict):
        items = value if isinstance(value, list) else list(value.values())
        return ", ".join(_text(v) for v in items)
    choices = dict(getattr(field, "flatchoices", None) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(field, models.DecimalField | models.FloatField):
        return formats.number(value)
    if isinstance(field, models.DateTimeField | models.DateField) or field is None:
        return _text(value)
    return str(value)


def _text(value: Any) -> str:
    """A value without a field to say its kind: ISO text of a date or moment and "24.0000" of
    a number the Indonesian way; whole numbers (years, counts) and other text as they are."""
    if isinstance(value, str | float):
        return formats.value(value)
    return formats.EMPTY if value is None else str(value)


def humanize(entries: list[Any]) -> None:
    """Set `human_changes` (a list of Change) and `actor_label` on each entry."""
    wanted: dict[Any, set[str]] = defaultdict(set)
    fields: dict[int, dict[str, Any]] = {}
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        fields[entry.pk] = {name: _field(model, name) for name in (entry.changes or {})}
        for name, field in fields[entry.pk].items():
            if field is not None and (
                getattr(field, "many_to_one", False) or isinstance(field, models.OneToOneField)
            ):
                for value in entry.changes[name]:
                    if value not in (None, ""):
                        wanted[field.related_model].add(str(value))
    names: dict[tuple[Any, str], str] = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=list(ids)):
            label = getattr(obj, "full_name", None) or str(obj)
            names[(model, str(obj.pk))] = str(label)
    for entry in entries:
        entry.human_changes = [
            Change(
                _label(fields[entry.pk][name], name),
                _plain(fields[entry.pk][name], pair[0], names),
                _plain(fields[entry.pk][name], pair[1], names),
            )
            for name, pair in (entry.changes or {}).items()
            if isinstance(pair, list | tuple) and len(pair) == 2
        ]
        entry.object_label = _DECIMAL.sub(lambda m: formats.number(m.group(0)), entry.object_repr)
        actor = entry.actor
        entry.actor_label = actor.full_name if actor is not None else entry.actor_name
