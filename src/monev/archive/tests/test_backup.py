"""`monev backup` → an empty installation → `monev restore`: every table's rows and every
media file's SHA-256 come back identical (SQLite and PostgreSQL); a truncated or damaged
backup, or a target that is not empty, is refused with a message and nothing changes."""

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

pytestmark = pytest.mark.django_db(transaction=True)


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
    archive_flushable: None, entry: Any, empty_target: Target, tmp_path: Path
) -> None:
    output = tmp_path / "cadangan.tar.gz"
    out = StringIO()
    call_command("backup", output=str(output), stdout=out)
    assert "Backup written" in out.getvalue()
    restore(output, empty_target)

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
        assert _rows(target, table) == _rows(source, table), table
    rows = _rows(target, "archive_archiveentry")
    assert len(rows) == 1 and entry.sha256 in rows[0]
    target.connection.close()


def test_a_truncated_or_damaged_backup_is_refused_and_changes_nothing(
    archive_flushable: None, entry: Any, empty_target: Target, tmp_path: Path
) -> None:
    output = tmp_path / "cadangan.tar.gz"
    call_command("backup", output=str(output), stdout=StringIO())
    data = output.read_bytes()
    truncated = tmp_path / "terpotong.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(BackupError, match=r"rusak atau terpotong|tidak lengkap"):
        restore(truncated, empty_target)
    damaged = tmp_path / "rusak.tar.gz"
    for at in (200, len(data) // 2, len(data) - 12):  # early, middle, inside the gzip trailer
        damaged.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])
        with pytest.raises(BackupError, match=r"rusak|tidak cocok|tidak terbaca|tidak dikenal"):
            restore(damaged, empty_target)
    assert database_is_empty(empty_target)
    assert not any(p.is_file() for p in empty_target.media_root.rglob("*"))
    # The running installation is not empty: `monev restore` refuses it, with the reason.
    with pytest.raises(CommandError, match="tidak kosong"):
        call_command("restore", str(output), stdout=StringIO())
    assert not truncated.with_name("terpotong.tar.gz.partial").exists()
