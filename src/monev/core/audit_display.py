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
from django.utils.translation import gettext_lazy as _l

from monev.core import formats

#: A number written with a decimal dot in an object's stored name ("… TW 3: 18.6900"), not a
#: dotted code such as 2.17.03.2.01.0004.
_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])")


_ISO_DAY = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")


def in_words(text: str) -> str:
    """An object's stored name with its numbers and dates the Indonesian way: "… TW 3:
    18.6900" → "… TW 3: 18,69", "2026-11-16 Hasil monev" → "16 November 2026 Hasil monev"."""
    text = _ISO_DAY.sub(lambda m: formats.value(m.group(0)), text)
    return _DECIMAL.sub(lambda m: formats.number(m.group(0)), text)


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


#: Indonesian labels of the audited keys that have no Indonesian verbose name: fields whose
#: verbose name Django made from their (English) name, and keys that are no field (a cycle's
#: transition records `step` and `action`, a user's `roles`).
LABELS = {
    "accepted_by": _l("diterima oleh"),
    "action": _l("tindakan"),
    "actor": _l("pelaku"),
    "agency": _l("instansi"),
    "answered_at": _l("ditanggapi pada"),
    "answered_by": _l("ditanggapi oleh"),
    "archived_by": _l("diarsipkan oleh"),
    "author": _l("penulis"),
    "based_on": _l("berdasarkan"),
    "budget_realization": _l("realisasi anggaran"),
    "closed_at": _l("ditutup pada"),
    "closed_by": _l("ditutup oleh"),
    "completed_by": _l("diselesaikan oleh"),
    "corrected_by": _l("dikoreksi oleh"),
    "correction": _l("koreksi"),
    "correction_status": _l("status koreksi"),
    "created": _l("dibuat"),
    "created_at": _l("dibuat pada"),
    "created_by": _l("dibuat oleh"),
    "cycle": _l("siklus"),
    "decided_at": _l("diputuskan pada"),
    "decided_by": _l("diputuskan oleh"),
    "edited_by": _l("disunting oleh"),
    "evidence_name": _l("nama bukti dukung"),
    "evidence_sha256": _l("sidik SHA-256 bukti dukung"),
    "expiry": _l("berlaku sampai"),
    "file": _l("berkas"),
    "indicator": _l("indikator"),
    "kind": _l("jenis"),
    "logo": _l("logo"),
    "node": _l("unsur rencana"),
    "official": _l("pejabat"),
    "opened_by": _l("dibuka oleh"),
    "original_name": _l("nama berkas asli"),
    "output": _l("keluaran"),
    "ratified_by": _l("disahkan oleh"),
    "realization": _l("realisasi"),
    "recommendation": _l("rekomendasi"),
    "report": _l("laporan"),
    "reported_at": _l("dilaporkan pada"),
    "reported_by": _l("dilaporkan oleh"),
    "reported_value": _l("nilai yang dilaporkan"),
    "requested_by": _l("diminta oleh"),
    "resolved_by": _l("diselesaikan oleh"),
    "roles": _l("peran"),
    "run": _l("langkah siklus"),
    "sent_at": _l("dikirim pada"),
    "sha256": _l("sidik SHA-256"),
    "size": _l("ukuran (bita)"),
    "status": _l("status"),
    "step": _l("langkah"),
    "submitted_at": _l("diajukan pada"),
    "submitted_by": _l("diajukan oleh"),
    "template": _l("templat"),
    "thread": _l("utas"),
    "unit": _l("unit"),
    "updated_at": _l("diubah pada"),
    "updated_by": _l("diubah oleh"),
    "uploaded_at": _l("diunggah pada"),
    "uploaded_by": _l("diunggah oleh"),
    "url": _l("tautan"),
    "user": _l("pengguna"),
    "verified_at": _l("diverifikasi pada"),
    "verified_by": _l("diverifikasi oleh"),
    "verified_value": _l("nilai terverifikasi"),
    "version": _l("versi"),
    "visit": _l("kunjungan"),
}


#: Labels of the values of keys that are no field, by (model label, key): registered by the app
#: that writes them (e.g. the SOP's transition `action`), since core imports no app.
_VALUE_LABELS: dict[tuple[str, str], dict[str, str]] = {}


def register_value_labels(model_label: str, key: str, choices: list[tuple[str, Any]]) -> None:
    """Name the values an app writes under a key that is no field of its model."""
    _VALUE_LABELS[(model_label.lower(), key)] = {str(v): label for v, label in choices}


def _label(field: Any, name: str) -> str:
    """The field's Indonesian verbose name; for a key without one, its entry in LABELS."""
    key = getattr(field, "name", None) or name.removesuffix("_id")
    verbose = str(getattr(field, "verbose_name", "") or "")
    if not verbose or verbose == key.replace("_", " "):  # no verbose name of its own
        verbose = str(LABELS.get(key, key.replace("_", " ")))
    return verbose[:1].upper() + verbose[1:]


def _plain(field: Any, value: Any, names: dict[tuple[Any, str], str]) -> str | None:
    if value is None or value == "":
        return None
    if (field is not None and getattr(field, "many_to_one", False)) or isinstance(
        field, models.OneToOneField
    ):
        return in_words(names.get((field.related_model, str(value)), str(value)))
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


def _value_label(model_label: str, key: str, value: Any) -> str | None:
    labels = _VALUE_LABELS.get((model_label, key))
    if not labels or value is None:
        return None
    found = labels.get(str(value))
    return str(found) if found is not None else None


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
        model_label = (
            entry.content_type.model_class()._meta.label_lower if entry.content_type_id else ""
        )
        entry.human_changes = [
            Change(
                _label(fields[entry.pk][name], name),
                _value_label(model_label, name, pair[0])
                or _plain(fields[entry.pk][name], pair[0], names),
                _value_label(model_label, name, pair[1])
                or _plain(fields[entry.pk][name], pair[1], names),
            )
            for name, pair in (entry.changes or {}).items()
            if isinstance(pair, list | tuple) and len(pair) == 2
        ]
        entry.object_label = in_words(entry.object_repr)
        actor = entry.actor
        entry.actor_label = actor.full_name if actor is not None else entry.actor_name
