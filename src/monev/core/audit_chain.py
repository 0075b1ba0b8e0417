"""The audit log as a hash chain: each entry's `hash` covers its own content and the previous
entry's hash, so a row changed or deleted by hand breaks the chain at that row.

Appending locks the single `AuditChainHead` row (SELECT … FOR UPDATE on PostgreSQL; SQLite
serialises writers itself) before the entry is inserted, so concurrent writers never fork the
chain and ids follow the chain's order. `verify` walks the
log in id order and names the first broken link (`monev audit_verify`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction

GENESIS = "0" * 64


def digest(prev_hash: str, values: dict[str, Any]) -> str:
    """SHA-256 over the previous hash and the entry's content in a canonical JSON form."""
    body = json.dumps(
        values, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def entry_values(entry: Any) -> dict[str, Any]:
    created = entry.created_at
    return {
        "id": entry.pk,
        "agency": entry.agency_id,
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "content_type": entry.content_type_id,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "note": entry.note,
        "created_at": created.isoformat() if created else None,
    }


def values_utc(entry: Any) -> dict[str, Any]:
    from datetime import UTC

    values = entry_values(entry)
    if entry.created_at is not None:
        values["created_at"] = entry.created_at.astimezone(UTC).isoformat()
    return values


def seal(entry: Any) -> None:
    """Insert an unsaved entry and chain it to the head. The head is locked before the insert,
    so entries get their ids in chain order: with two writers at once on PostgreSQL, an id
    taken before the lock could be chained after a later one, and `verify` (which walks in id
    order) would report a break that is none."""
    from monev.core.models import AuditChainHead

    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        if entry.pk is None:
            entry.save(force_insert=True)
        entry.prev_hash = head.hash or GENESIS
        entry.hash = digest(entry.prev_hash, values_utc(entry))
        type(entry).objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
        head.hash = entry.hash
        head.entry_id = entry.pk
        head.save(update_fields=["hash", "entry_id"])


def seal_many(entries: list[Any]) -> None:
    """Insert unsaved entries in one bulk write and chain them, in order, to the head (the
    head locked first, so no other entry is chained in between)."""
    from monev.core.models import AuditChainHead

    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        model = type(entries[0])
        model.objects.bulk_create(entries, batch_size=500)
        previous = head.hash or GENESIS
        for entry in entries:
            entry.prev_hash = previous
            entry.hash = previous = digest(previous, values_utc(entry))
        model.objects.bulk_update(entries, ["prev_hash", "hash"], batch_size=500)
        head.hash = previous
        head.entry_id = entries[-1].pk
        head.save(update_fields=["hash", "entry_id"])


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


def verify() -> Iterator[Break]:
    """Yield the broken links of the chain, first first (empty when the log is intact)."""
    from monev.core.models import AuditChainHead, AuditEntry

    previous = GENESIS
    last_id = None
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != previous:
            yield Break(entry.pk, "prev_hash does not match the previous entry (row removed?)")
        elif entry.hash != digest(entry.prev_hash, values_utc(entry)):
            yield Break(entry.pk, "content does not match its hash (row changed)")
        previous, last_id = entry.hash, entry.pk
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.entry_id is not None and head.entry_id != last_id:
        yield Break(
            head.entry_id, "the newest entries were removed (chain head points past the end)"
        )
