"""`monev backup` → an empty installation → `monev restore`: every table's rows (sessions
left out) and every media file's SHA-256 come back identical (SQLite and PostgreSQL); a
truncated, damaged or tampered backup (also with its manifest rebuilt), or a target that is
not empty, is refused with a message and nothing changes. Backups are mode 0600, encrypted
with the backup key, and hold no session key, TOTP seed or recovery code in the clear."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from monev.archive.backup import BackupError, Target, database_is_empty, restore
from monev.core import secret_keys

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def backup_key(settings: Any, tmp_path: Path) -> bytes:
    """A backup key of the test's own, in a key file outside the backup."""
    path = tmp_path / "keys" / "backup.key"
    settings.MONEV_BACKUP_KEY = ""
    settings.MONEV_BACKUP_KEY_FILE = path
    return secret_keys.write_new(path).encode()


def _hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _rows(cursor: Any, table: str) -> list[tuple[Any, ...]]:
    cursor.execute(f'SELECT * FROM "{table}"')
    return sorted((tuple(row) for row in cursor.fetchall()), key=repr)


@pytest.fixture
def empty_target(tmp_path: Path) -> Iterator[Target]:
    """An empty installation: a database without tables and an empty media folder."""
    media = tmp_path / "restored" / "media"
    if connection.vendor == "sqlite":
        yield Target({"ENGINE": "django.db.backends.sqlite3",
                      "NAME": str(tmp_path / "restored" / "db.sqlite3")}, media)  # fmt: skip
        return
    import psycopg

    db = dict(connection.settings_dict)
    name = f"{db['NAME']}_restore"
    admin = {**db, "NAME": "postgres"}
    from monev.archive.backup import _pg_connect

    with _pg_connect(admin) as conn:
        conn.autocommit = True
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Target({**db, "NAME": name}, media)
    finally:
        with psycopg.connect(**_conninfo(admin), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _conninfo(db: dict[str, Any]) -> dict[str, Any]:
    return {"dbname": db["NAME"], "host": db.get("HOST") or None, "port": db.get("PORT") or None,
            "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}  # fmt: skip


def _target_cursor(target: Target) -> Any:
    if target.engine == "sqlite":
        kinds = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES  # as Django opens it
        return sqlite3.connect(target.database["NAME"], detect_types=kinds).cursor()
    from monev.archive.backup import _pg_connect

    return _pg_connect(target.database).cursor()


def test_backup_then_restore_into_an_empty_installation_gives_back_everything(
    archive_flushable: None, entry: Any, empty_target: Target, tmp_path: Path, backup_key: bytes
) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["monev"] = "masuk"
    session.create()  # a live session: left out of the backup
    output = tmp_path / "cadangan.tar.gz.enc"
    out = StringIO()
    call_command("backup", output=str(output), stdout=out)
    assert "Backup written" in out.getvalue()
    assert output.stat().st_mode & 0o777 == 0o600
    restore(output, empty_target, key=backup_key)

    source_files = _hashes(Path(settings.MEDIA_ROOT))
    assert entry.file.name in source_files  # the archive PDF/A among the media
    assert _hashes(empty_target.media_root) == source_files
    tables = connection.introspection.table_names()
    assert "archive_archiveentry" in tables and len(tables) > 40
    target = _target_cursor(empty_target)
    # Both sides read by the driver alone (no Django converters), so values compare as stored.
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = connection.connection.cursor()  # the in-memory test database
    else:
        source = _target_cursor(Target(dict(connection.settings_dict), Path()))
    for table in tables:
        if table == "django_session":
            assert _rows(target, table) == [] and _rows(source, table) != []
            continue
        assert _rows(target, table) == _rows(source, table), table
    rows = _rows(target, "archive_archiveentry")
    assert len(rows) == 1 and entry.sha256 in rows[0]
    target.connection.close()


def test_a_truncated_or_damaged_backup_is_refused_and_changes_nothing(
    archive_flushable: None, entry: Any, empty_target: Target, tmp_path: Path, backup_key: bytes
) -> None:
    from monev.archive import backup_crypto

    output = tmp_path / "cadangan.tar.gz.enc"
    call_command("backup", output=str(output), stdout=StringIO())
    data = output.read_bytes()
    truncated = tmp_path / "terpotong.tar.gz.enc"
    # Cut in the middle of a chunk, and exactly at a chunk boundary (no final chunk).
    boundary = backup_crypto.HEADER + 2 * (backup_crypto.CHUNK + backup_crypto.TAG)
    assert len(data) > boundary + 100
    for cut in (len(data) // 2, boundary):
        truncated.write_bytes(data[:cut])
        with pytest.raises(BackupError, match=r"terpotong"):
            restore(truncated, empty_target, key=backup_key)
    damaged = tmp_path / "rusak.tar.gz.enc"
    for at in (10, 20, 30, 200, len(data) // 2, len(data) - 12):  # magic, key id, salt, chunks
        damaged.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])
        with pytest.raises(BackupError, match=r"rusak|kunci cadangan lain|Bukan berkas"):
            restore(damaged, empty_target, key=backup_key)
    assert database_is_empty(empty_target)
    assert not any(p.is_file() for p in empty_target.media_root.rglob("*"))
    # The running installation is not empty: `monev restore` refuses it, with the reason.
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", str(output), stdout=StringIO())
    assert not output.with_name("cadangan.tar.gz.enc.partial").exists()


def _decrypt_to(path: Path, key: bytes, into: Path) -> dict[str, Any]:
    """Open a backup as its owner can: decrypt, unpack into `into`; return the manifest."""
    import json
    import tarfile

    from monev.archive import backup_crypto

    with path.open("rb") as raw:
        reader = backup_crypto.DecryptingReader(raw, key)
        with tarfile.open(fileobj=reader, mode="r|gz") as tar:
            tar.extractall(into, filter="data")
    return dict(json.loads((into / "manifest.json").read_bytes()))


def _pack(folder: Path, manifest: dict[str, Any], into: Any) -> None:
    """Write `folder` with `manifest` as a tar.gz into the file object `into`, the way
    `monev backup` lays it out (manifest last)."""
    import io
    import json
    import tarfile

    body = json.dumps(manifest, indent=1, sort_keys=True).encode()
    with tarfile.open(fileobj=into, mode="w|gz") as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name != "manifest.json":
                tar.add(path, arcname=path.relative_to(folder).as_posix())
        info = tarfile.TarInfo("manifest.json")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))


def test_a_tampered_backup_with_its_manifest_rebuilt_is_refused(
    archive_flushable: None, entry: Any, empty_target: Target, tmp_path: Path, backup_key: bytes
) -> None:
    """Someone changes the archived PDF/A inside a backup and rebuilds the manifest so that
    every SHA-256 agrees again. Without the backup key the result cannot pass as a backup:
    not re-encrypted with another key (even with the right key id copied into the header), not
    as a plain tar.gz of the old format."""
    from monev.archive import backup_crypto

    output = tmp_path / "cadangan.tar.gz.enc"
    call_command("backup", output=str(output), stdout=StringIO())
    unpacked = tmp_path / "dibuka"
    manifest = _decrypt_to(output, backup_key, unpacked)
    member = "media/" + entry.file.name
    changed = b"%PDF-1.7 laporan yang diganti"
    (unpacked / member).write_bytes(changed)
    for item in manifest["files"]:
        if item["path"] == member:
            item.update(sha256=hashlib.sha256(changed).hexdigest(), size=len(changed))
    # 1. Encrypted with the forger's own key, the real key id copied into the header.
    forged = tmp_path / "palsu.tar.gz.enc"
    other = secret_keys.new_key().encode()
    with forged.open("wb") as raw:
        writer = backup_crypto.EncryptingWriter(raw, other)
        _pack(unpacked, manifest, writer)
        writer.finish()
    data = bytearray(forged.read_bytes())
    start = len(backup_crypto.MAGIC)
    data[start : start + backup_crypto.KEY_ID] = backup_crypto.key_id(backup_key)
    forged.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="tidak lolos autentikasi"):
        restore(forged, empty_target, key=backup_key)
    # 2. Without the key id copied: named as another key's backup.
    with forged.open("wb") as raw:
        writer = backup_crypto.EncryptingWriter(raw, other)
        _pack(unpacked, manifest, writer)
        writer.finish()
    with pytest.raises(BackupError, match="kunci cadangan lain"):
        restore(forged, empty_target, key=backup_key)
    # 3. As a plain tar.gz (the old, unauthenticated format): refused unless allowed by hand.
    plain = tmp_path / "palsu.tar.gz"
    manifest["format"] = 1
    with plain.open("wb") as raw:
        _pack(unpacked, manifest, raw)
    with pytest.raises(BackupError, match="tanpa enkripsi dan tanpa autentikasi"):
        restore(plain, empty_target, key=backup_key)
    # 4. Chunks of two genuine backups spliced together.
    second = tmp_path / "kedua.tar.gz.enc"
    call_command("backup", output=str(second), stdout=StringIO())
    one, two = output.read_bytes(), second.read_bytes()
    at = backup_crypto.HEADER + backup_crypto.CHUNK + backup_crypto.TAG
    spliced = tmp_path / "sambungan.tar.gz.enc"
    spliced.write_bytes(one[:at] + two[at:])
    with pytest.raises(BackupError, match="tidak lolos autentikasi"):
        restore(spliced, empty_target, key=backup_key)
    assert database_is_empty(empty_target)
    assert not any(p.is_file() for p in empty_target.media_root.rglob("*"))
    # The genuine backup still restores.
    restore(output, empty_target, key=backup_key)
    assert (empty_target.media_root / entry.file.name).read_bytes() == entry.file.read()


def test_backup_files_are_private_and_hold_no_secret_in_the_clear(
    archive_flushable: None, personas: Any, tmp_path: Path, backup_key: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Mode 0600 for the backup and every file written on the way; the bytes hold no session
    key, TOTP seed, recovery code or password hash; decrypted, the sessions are gone and
    the manifest records the audit chain's head."""
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from monev.archive import backup as backup_module
    from monev.core import audit_chain

    session = SessionStore()
    session["_auth_user_id"] = str(personas["kadis"].pk)
    session.create()
    totp = TOTPDevice.objects.create(user=personas["kadis"], name="HP", confirmed=True)
    static = StaticDevice.objects.create(user=personas["kadis"], name="cadangan", confirmed=True)
    recovery = StaticToken.objects.create(device=static, token="k7q2m9x4")
    password_hash = personas["kadis"].password
    modes: dict[str, int] = {}
    digest = backup_module._digest

    def watching(path: Path) -> tuple[str, int]:  # every file as the backup reads it
        modes[path.name] = path.stat().st_mode & 0o777
        for partial_file in path.parents[1].glob("*.partial"):
            modes[partial_file.name] = partial_file.stat().st_mode & 0o777
        return digest(path)

    monkeypatch.setattr(backup_module, "_digest", watching)
    output = tmp_path / "cadangan" / "cadangan.tar.gz.enc"
    anchor = audit_chain.anchor()
    call_command("backup", output=str(output), stdout=StringIO())
    assert output.stat().st_mode & 0o777 == 0o600
    dump_name = backup_module.DB_NAMES[connection.vendor]
    assert modes[dump_name] == 0o600 and modes["cadangan.tar.gz.enc.partial"] == 0o600
    data = output.read_bytes()
    for secret in (session.session_key, totp.key, recovery.token, password_hash):
        assert secret and secret.encode() not in data, secret
    assert b"SQLite format" not in data and b"PGDMP" not in data  # no clear database copy
    opened = tmp_path / "dibuka"
    manifest = _decrypt_to(output, backup_key, opened)
    assert manifest["audit_anchor"] == anchor and anchor["id"] is not None
    assert manifest["excluded_tables"] == ["django_session"]
    dump = opened / dump_name
    if connection.vendor == "sqlite":
        clear = dump.read_bytes()
        with sqlite3.connect(dump) as copy:
            assert copy.execute("SELECT count(*) FROM django_session").fetchone()[0] == 0
    else:
        import subprocess

        clear = subprocess.run(["pg_restore", "--file=-", str(dump)], capture_output=True,
                               check=True).stdout  # fmt: skip
        assert b"COPY public.otp_totp_totpdevice" in clear
    assert session.session_key.encode() not in clear  # left out, also from free pages
    assert totp.key.encode() in clear  # kept, encrypted with the backup (decision 0014)


def test_without_a_backup_key_the_backup_is_refused_outside_debug(
    settings: Any, tmp_path: Path
) -> None:
    settings.MONEV_BACKUP_KEY_FILE = tmp_path / "tidak-ada" / "backup.key"
    output = tmp_path / "cadangan.tar.gz.enc"
    with pytest.raises(CommandError, match="Kunci cadangan belum diatur"):
        call_command("backup", output=str(output), stdout=StringIO())
    assert not output.exists() and not settings.MONEV_BACKUP_KEY_FILE.exists()
    with pytest.raises(CommandError, match="Kunci cadangan belum diatur"):
        call_command("restore", str(output), stdout=StringIO())
    settings.DEBUG = True  # the demo: a key file is made (0600) and the backup written
    call_command("backup", output=str(output), stdout=StringIO())
    assert settings.MONEV_BACKUP_KEY_FILE.stat().st_mode & 0o777 == 0o600
    assert output.stat().st_mode & 0o777 == 0o600
    settings.MONEV_BACKUP_KEY_FILE = Path(settings.MEDIA_ROOT) / "backup.key"  # would be backed up
    with pytest.raises(CommandError, match="di dalam MEDIA_ROOT"):
        call_command("backup", output=str(tmp_path / "lagi.tar.gz.enc"), stdout=StringIO())
    new = tmp_path / "kunci-baru.key"
    call_command("backup", new_key=str(new), stdout=StringIO())
    assert new.stat().st_mode & 0o777 == 0o600 and len(new.read_text().strip()) >= 32
    with pytest.raises(CommandError, match="sudah ada"):
        call_command("backup", new_key=str(new), stdout=StringIO())


def test_a_backup_that_fails_half_way_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from monev.archive import backup as backup_module

    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    (media / "satu.txt").write_bytes(b"isi")

    def failing(*args: Any) -> tuple[str, int]:  # the first stored file: the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module, "_add_stored", failing)
    output = tmp_path / "out" / "cadangan.tar.gz.enc"
    with pytest.raises(OSError, match="No space"):
        call_command("backup", output=str(output), stdout=StringIO())
    assert list(output.parent.iterdir()) == []  # no .partial, no dump folder, no backup


@pytest.fixture
def object_store(tmp_path: Path) -> Iterator[Any]:
    """moto's S3 server (a real S3 API over HTTP): a function making an empty bucket's storage."""
    from django.core.files.storage import storages as handler
    from storages.backends.s3 import S3Storage

    from monev.core import storage_url
    from monev.core.tests import topology

    port = next((p for p in range(8153, 8160) if topology.port_free(p)), 0)
    if not port:
        pytest.skip("no free port for the S3 server")
    server = topology.start_s3(port, tmp_path / "s3")

    def bucket(name: str) -> tuple[dict[str, Any], S3Storage]:
        import uuid

        entry = storage_url.parse(topology.create_bucket(port, f"{name}-{uuid.uuid4().hex[:8]}"))
        return entry, S3Storage(**entry["OPTIONS"])

    try:
        yield bucket
    finally:
        topology.stop(server)
        handler._storages = {}  # type: ignore[attr-defined]


def _stored_hashes(storage: Any) -> dict[str, str]:
    from monev.archive.backup import stored_names

    hashes = {}
    for name in stored_names(storage):
        with storage.open(name, "rb") as handle:
            hashes[name] = hashlib.sha256(handle.read()).hexdigest()
    return hashes


def test_backup_and_restore_with_the_object_store(
    archive_flushable: None, entry: Any, empty_target: Target, tmp_path: Path, backup_key: bytes,
    settings: Any, object_store: Any,
) -> None:  # fmt: skip
    """An installation whose files live in an S3-compatible store (STORAGE_URL): `monev
    backup` reads them from the bucket, and a restore into an empty database and an empty
    bucket gives back every table's rows and every file's SHA-256 (on PostgreSQL in CI)."""
    from django.core.files.storage import FileSystemStorage, default_storage

    from monev.archive.backup import stored_names

    local = FileSystemStorage(location=settings.MEDIA_ROOT)
    source_entry, source = object_store("monev-sumber")
    for name in stored_names(local):  # the installation moved its files to the store
        with local.open(name, "rb") as handle:
            source.save(name, handle)
    settings.STORAGES = {**settings.STORAGES, "default": source_entry}
    assert not isinstance(default_storage._wrapped, FileSystemStorage)  # type: ignore[attr-defined]
    expected = _stored_hashes(source)
    assert entry.file.name in expected and len(expected) >= 2
    output = tmp_path / "cadangan.tar.gz.enc"
    out = StringIO()
    call_command("backup", output=str(output), stdout=out)
    assert f"{len(expected)} stored files" in out.getvalue()

    _, target_bucket = object_store("monev-pulih")
    target = Target(empty_target.database, storage=target_bucket)
    from django.core.files.base import ContentFile

    target_bucket.save("sisa/lama.txt", ContentFile(b"isi lama"))  # a bucket not empty: refused
    with pytest.raises(BackupError, match=r"Penyimpanan berkas tujuan .* tidak kosong"):
        restore(output, target, key=backup_key)
    assert database_is_empty(target)
    target_bucket.delete("sisa/lama.txt")
    restore(output, target, key=backup_key)
    assert _stored_hashes(target_bucket) == expected
    cursor = _target_cursor(target)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source_cursor = connection.connection.cursor()
    else:
        source_cursor = _target_cursor(Target(dict(connection.settings_dict), Path()))
    tables = connection.introspection.table_names()
    for table in tables:
        if table != "django_session":
            assert _rows(cursor, table) == _rows(source_cursor, table), table
    cursor.connection.close()
