"""The audit log as a hash chain: each entry's `hash` covers its own content and the previous
entry's hash, so a row changed or deleted by hand breaks the chain at that row.

The chain is keyed: `hash` is an HMAC-SHA256 with the audit chain key, a secret kept outside
the database (`AUDIT_CHAIN_KEY` / `AUDIT_CHAIN_KEY_FILE`, docs/decisions/0014), so whoever can
write to the database but not read that key cannot re-hash a rewritten chain. Entries written
before the key existed keep their plain SHA-256 up to the cut-over entry (migration 0004),
which is keyed and covers the last legacy hash, so the legacy part cannot be rewritten either.

The chain is anchored: its head (id and hash) is recorded in every sealed archive entry and
every backup's manifest; `verify` checks those anchors, so a tail cut off together with the
head pointer is reported up to the newest anchor.

Appending locks the single `AuditChainHead` row (SELECT … FOR UPDATE on PostgreSQL; SQLite
serialises writers itself) before the entry is inserted, so concurrent writers never fork the
chain and ids follow the chain's order. `verify` walks the log in id order and names the
broken links (`monev audit_verify`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from monev.core import secret_keys

GENESIS = "0" * 64
#: The `changes` of the cut-over entry, from which on the chain is keyed.
CUTOVER_CHANGES = {"audit_chain": ["sha256", "hmac-sha256"]}
CUTOVER_NOTE = (
    "Rantai audit berkunci (HMAC-SHA256) mulai dari catatan ini; catatan sebelumnya "
    "diperiksa dengan SHA-256 tanpa kunci sampai di sini."
)

_keys: dict[tuple[str, str], bytes] = {}


def chain_key(*, create: bool = True) -> bytes:
    """The audit chain key: `AUDIT_CHAIN_KEY`, else the key file, created with a new random
    key when missing if `create` (keep a copy of it, see README). Without `create` a missing
    key raises SecretKeyError: checking a chain with a new key would only report every link."""
    from django.conf import settings

    value, path = settings.MONEV_AUDIT_CHAIN_KEY, str(settings.MONEV_AUDIT_CHAIN_KEY_FILE)
    found = _keys.get((value, path))
    if found is None:
        found = secret_keys.load(value, Path(path), create=create)
        if found is None:
            raise secret_keys.SecretKeyError(
                f"Kunci rantai audit tidak ditemukan (AUDIT_CHAIN_KEY / berkas {path}). Pasang "
                "kunci dari instalasi asal; tanpa kunci itu rantai audit tidak dapat diperiksa."
            )
        _keys[(value, path)] = found
    return found


def _body(values: dict[str, Any]) -> str:
    return json.dumps(
        values, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":")
    )


def digest(prev_hash: str, values: dict[str, Any]) -> str:
    """The legacy, unkeyed link: SHA-256 over the previous hash and the entry's content in a
    canonical JSON form (entries before the cut-over; migration 0002)."""
    return hashlib.sha256(f"{prev_hash}\n{_body(values)}".encode()).hexdigest()


def keyed_digest(prev_hash: str, values: dict[str, Any], key: bytes | None = None) -> str:
    """HMAC-SHA256 with the chain key over what `digest` covers."""
    message = f"{prev_hash}\n{_body(values)}".encode()
    return hmac.new(key or chain_key(), message, hashlib.sha256).hexdigest()


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
        entry.hash = keyed_digest(entry.prev_hash, values_utc(entry))
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
        previous, key = head.hash or GENESIS, chain_key()
        for entry in entries:
            entry.prev_hash = previous
            entry.hash = previous = keyed_digest(previous, values_utc(entry), key)
        model.objects.bulk_update(entries, ["prev_hash", "hash"], batch_size=500)
        head.hash = previous
        head.entry_id = entries[-1].pk
        head.save(update_fields=["hash", "entry_id"])


def anchor() -> dict[str, Any]:
    """The chain's head as it stands: the newest entry's id and hash (None and GENESIS when
    the log is empty), to be recorded where a database writer cannot reach it unnoticed."""
    from monev.core.models import AuditEntry

    newest = AuditEntry.objects.order_by("-id").values("id", "hash").first()
    return {"id": newest["id"], "hash": newest["hash"]} if newest else {"id": None, "hash": GENESIS}


def cut_over(entry_model: Any, head_model: Any, content_type_id: int, actor_name: str) -> None:
    """Append the keyed cut-over entry after legacy (unkeyed) entries; nothing on an empty log
    or one already keyed at its end. Used by migration 0004 with its historical models."""
    newest = entry_model.objects.order_by("-id").first()
    if newest is None:
        return
    key = chain_key()
    if newest.hash == keyed_digest(newest.prev_hash, values_utc(newest), key):
        return
    entry = entry_model.objects.create(
        actor_name=actor_name, action="update", content_type_id=content_type_id,
        object_id="1", object_repr="rantai audit", changes=CUTOVER_CHANGES, note=CUTOVER_NOTE,
    )  # fmt: skip
    entry.prev_hash = newest.hash
    entry.hash = keyed_digest(entry.prev_hash, values_utc(entry), key)
    entry_model.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
    head_model.objects.update_or_create(pk=1, defaults={"hash": entry.hash, "entry_id": entry.pk})


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    reason: str


@dataclass(frozen=True)
class Anchor:
    """A chain head recorded elsewhere: entry `entry_id` had `hash` when `source` was made."""

    entry_id: int | None
    hash: str
    source: str


def verify(anchors: Iterable[Anchor] = ()) -> Iterator[Break]:
    """Yield the broken links of the chain, first first (empty when the log is intact): rows
    changed or removed, links not keyed with the chain key (a chain re-hashed without it), a
    head row missing or not at the newest entry, and anchors the chain no longer holds."""
    from django.contrib.contenttypes.models import ContentType

    from monev.core.models import AuditChainHead, AuditEntry

    key = chain_key(create=not AuditEntry.objects.exists())
    head_type = ContentType.objects.get_for_model(AuditChainHead).pk
    by_id: dict[int, list[Anchor]] = {}
    for item in anchors:
        if item.entry_id is not None:
            by_id.setdefault(item.entry_id, []).append(item)
    previous, last_id = GENESIS, None
    keyed: bool | None = None  # unknown until the first entry: legacy or keyed from genesis
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        values = values_utc(entry)
        is_keyed = entry.hash == keyed_digest(entry.prev_hash, values, key)
        if entry.prev_hash != previous:
            yield Break(entry.pk, "prev_hash does not match the previous entry (row removed?)")
        elif is_keyed:
            if keyed is False and not (
                entry.content_type_id == head_type and entry.changes == CUTOVER_CHANGES
            ):
                yield Break(entry.pk, "a keyed entry among legacy ones without the cut-over")
            keyed = True
        elif entry.hash == digest(entry.prev_hash, values):
            if keyed:
                yield Break(entry.pk, "not keyed with the audit chain key (chain re-hashed "
                            "without the key, or the key changed)")  # fmt: skip
            keyed = False if keyed is None else keyed
        else:
            yield Break(entry.pk, "content does not match its hash (row changed)")
        for item in by_id.pop(entry.pk, []):
            if item.hash != entry.hash:
                yield Break(entry.pk, f"differs from the chain head recorded in {item.source} "
                            "(chain rewritten)")  # fmt: skip
        previous, last_id = entry.hash, entry.pk
    if keyed is False:
        yield Break(last_id, "the chain ends in entries not keyed with the audit chain key "
                    "(no cut-over, or the chain was rewritten without the key)")  # fmt: skip
    for entry_id, items in sorted(by_id.items()):
        yield Break(entry_id, f"missing, but recorded as the chain head in {items[0].source} "
                    "(entries removed: head deleted or tail cut off)")  # fmt: skip
    head = AuditChainHead.objects.filter(pk=1).first()
    if last_id is not None and (head is None or head.entry_id is None):
        yield Break(last_id, "the chain head row is missing")
    elif head is not None and head.entry_id is not None and head.entry_id != last_id:
        yield Break(
            head.entry_id, "the newest entries were removed (chain head points past the end)"
        )
    elif head is not None and last_id is not None and head.hash != previous:
        yield Break(last_id, "the chain head's hash differs from the newest entry's (edited)")
