"""The audit chain against someone who can write to the database but cannot read the audit
chain key: a chain re-hashed without the key, a deleted head (row or newest entry), an edited
head pointer and a cut-off tail are reported by `monev audit_verify`; chains written before
the key get a keyed cut-over entry and stay verifiable (docs/decisions/0014)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from monev.core import audit, audit_chain, secret_keys
from monev.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db


def _rehash(entries: list[AuditEntry], link: Any, previous: str) -> None:
    """Rewrite the chain from `entries[0]` on as a database writer would: every link
    recomputed with `link` (the public SHA-256, or a guessed key), the head moved along."""
    for entry in entries:
        entry.prev_hash = previous
        entry.hash = previous = link(previous, audit_chain.values_utc(entry))
        AuditEntry.objects.filter(pk=entry.pk).update(prev_hash=entry.prev_hash, hash=entry.hash)
    AuditChainHead.objects.filter(pk=1).update(hash=previous, entry_id=entries[-1].pk)


def _verify(*args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("audit_verify", *args, stdout=StringIO(), stderr=err)
    return f"{raised.value}\n{err.getvalue()}"


def test_links_are_keyed_and_a_chain_rehashed_without_the_key_is_reported(
    personas: Any,
) -> None:
    entries = list(AuditEntry.objects.order_by("id"))
    newest = entries[-1]
    values = audit_chain.values_utc(newest)
    assert newest.hash == audit_chain.keyed_digest(newest.prev_hash, values)
    assert newest.hash != audit_chain.digest(newest.prev_hash, values)  # not the public hash
    anchored = audit_chain.Anchor(newest.pk, newest.hash, "uji")
    victim = entries[2]
    AuditEntry.objects.filter(pk=victim.pk).update(note="ditulis ulang")
    victim.refresh_from_db()
    # Re-hashed with the public SHA-256 from the changed row on: every link agrees again.
    _rehash(entries[2:], audit_chain.digest, entries[1].hash)
    assert f"Audit chain broken at entry {victim.pk}: not keyed" in _verify()
    # Re-hashed with a guessed key: the links do not match the chain key.
    guess = secret_keys.new_key().encode()
    _rehash(entries[2:], lambda p, v: audit_chain.keyed_digest(p, v, guess), entries[1].hash)
    assert f"broken at entry {victim.pk}: content does not match" in _verify()
    reasons = [b.reason for b in audit_chain.verify([anchored]) if b.entry_id == newest.pk]
    assert "differs from the chain head recorded in uji (chain rewritten)" in reasons


@pytest.mark.django_db(transaction=True)  # a backup copies committed data only
def test_a_deleted_chain_head_or_edited_head_pointer_is_reported(
    personas: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MONEV_BACKUP_KEY_FILE = tmp_path / "backup.key"
    secret_keys.write_new(settings.MONEV_BACKUP_KEY_FILE)
    entries = list(AuditEntry.objects.order_by("id"))
    newest, before = entries[-1], entries[-2]
    backup = tmp_path / "cadangan.tar.gz.enc"
    call_command("backup", output=str(backup), stdout=StringIO())  # anchors the head
    out = StringIO()
    call_command("audit_verify", "--backup", str(backup), stdout=out)
    assert "intact" in out.getvalue() and "1 anchors" in out.getvalue()

    # 1. The head row deleted.
    head = AuditChainHead.objects.get(pk=1)
    AuditChainHead.objects.all().delete()
    assert f"entry {newest.pk}: the chain head row is missing" in _verify()
    AuditChainHead.objects.create(pk=1, hash=head.hash, entry_id=head.entry_id)
    # 2. The head pointer edited (to an earlier entry, as if the chain ended there).
    AuditChainHead.objects.filter(pk=1).update(entry_id=before.pk)
    assert "chain head points past the end" in _verify()
    AuditChainHead.objects.filter(pk=1).update(entry_id=newest.pk, hash=before.hash)
    assert "chain head's hash differs" in _verify()
    # 3. The newest entry deleted and the head pointer moved back onto the one before: the
    # chain itself is consistent again, only the anchor in the backup still knows the head.
    AuditEntry.objects.filter(pk=newest.pk).delete()
    AuditChainHead.objects.filter(pk=1).update(entry_id=before.pk, hash=before.hash)
    call_command("audit_verify", stdout=StringIO())  # what no anchor can tell
    report = _verify("--backup", str(backup))
    assert f"Audit chain broken at entry {newest.pk}: missing, but recorded as the chain " in report
    assert f"head in backup {backup.name}" in report


def head_type() -> ContentType:
    return ContentType.objects.get_for_model(AuditChainHead)


def test_a_legacy_chain_gets_a_keyed_cut_over_and_stays_verifiable(personas: Any) -> None:
    entries = list(AuditEntry.objects.order_by("id"))
    _rehash(entries, audit_chain.digest, audit_chain.GENESIS)  # as written before the key
    assert "ends in entries not keyed" in _verify()
    audit_chain.cut_over(AuditEntry, AuditChainHead, head_type().pk, "system:migrate")
    cut = AuditEntry.objects.order_by("-id").first()
    assert cut is not None and cut.changes == audit_chain.CUTOVER_CHANGES
    assert cut.prev_hash == entries[-1].hash and cut.actor_name == "system:migrate"
    audit.record_update(None, personas["kadis"], {"first_name": "lama"})  # keyed from here
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()
    audit_chain.cut_over(AuditEntry, AuditChainHead, head_type().pk, "system:migrate")
    assert AuditEntry.objects.filter(changes=audit_chain.CUTOVER_CHANGES).count() == 1
    # A legacy entry changed and the legacy part re-hashed with the public SHA-256: the
    # keyed cut-over entry covers the last legacy hash, so it breaks there.
    AuditEntry.objects.filter(pk=entries[1].pk).update(note="ditulis ulang")
    entries[1].refresh_from_db()
    _rehash(entries[1:], audit_chain.digest, entries[0].hash)
    AuditChainHead.objects.filter(pk=1).update(
        hash=AuditEntry.objects.order_by("-id").values_list("hash", flat=True)[0],
        entry_id=AuditEntry.objects.order_by("-id").values_list("id", flat=True)[0],
    )
    assert f"broken at entry {cut.pk}: prev_hash" in _verify()
    # The cut-over and everything after removed: the chain ends unkeyed.
    AuditEntry.objects.filter(pk__gte=cut.pk).delete()
    AuditChainHead.objects.filter(pk=1).update(hash=entries[-1].hash, entry_id=entries[-1].pk)
    assert "ends in entries not keyed" in _verify()


def test_the_chain_key_lives_in_a_private_file_outside_the_database(
    settings: Any, tmp_path: Path
) -> None:
    settings.MONEV_AUDIT_CHAIN_KEY = ""
    settings.MONEV_AUDIT_CHAIN_KEY_FILE = tmp_path / "keys" / "audit-chain.key"
    key = audit_chain.chain_key()
    path = settings.MONEV_AUDIT_CHAIN_KEY_FILE
    assert path.read_text().strip().encode() == key and len(key) >= 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert audit_chain.chain_key() == key  # read once, the same afterwards
    settings.MONEV_AUDIT_CHAIN_KEY = "k" * 40  # the environment's value wins
    assert audit_chain.chain_key() == b"k" * 40


def test_audit_verify_without_the_key_says_so_instead_of_reporting_every_link(
    personas: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MONEV_AUDIT_CHAIN_KEY_FILE = tmp_path / "tidak-ada.key"
    assert "Kunci rantai audit tidak ditemukan" in _verify()
    assert not settings.MONEV_AUDIT_CHAIN_KEY_FILE.exists()  # no new key made up for a check
