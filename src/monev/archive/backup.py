"""`monev backup` and `monev restore`: the database, the media files and a manifest of their
SHA-256 in one file (a gzip-compressed tar), and its way back into an empty installation.

The database copy is consistent: SQLite through its online backup API (a snapshot even while
the app writes), PostgreSQL as `pg_dump --format=custom`. The manifest is the tar's last
member, written after every other member has been read once and hashed, so a backup cut
short has no manifest. Restore reads the whole file and checks every member against the
manifest before it changes anything; a damaged, incomplete or foreign file is refused with a
message, and so is a target that is not empty. PostgreSQL is restored in one transaction."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = 1
MANIFEST = "manifest.json"
DB_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 16


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why (Indonesian)."""


@dataclass(frozen=True)
class Target:
    """Where a backup comes from or goes to: a database (Django settings dict) and media."""

    database: dict[str, Any]
    media_root: Path

    @property
    def engine(self) -> str:
        engine = str(self.database["ENGINE"])
        if "sqlite" in engine:
            return "sqlite"
        if "postgresql" in engine:
            return "postgresql"
        raise BackupError(f"Mesin basis data {engine} tidak didukung.")


def _digest(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD")):  # fmt: skip
        if db.get(key):
            env[var] = str(db[key])
    return env


def _dump_database(target: Target, into: Path, connection: Any = None) -> Path:
    """Write a consistent copy of the database into the folder `into`; return its path."""
    out = into / DB_NAMES[target.engine]
    if target.engine == "sqlite":
        copy = sqlite3.connect(out)
        try:
            if connection is not None:  # the running app's own connection (in-memory tests)
                connection.ensure_connection()
                connection.connection.backup(copy)
            else:
                source = sqlite3.connect(f"file:{target.database['NAME']}?mode=ro", uri=True)
                source.backup(copy)
                source.close()
        finally:
            copy.close()
        return out
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(out),
         str(target.database["NAME"])],
        env=_pg_env(target.database), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_dump gagal: {done.stderr.strip()}")
    return out


def _media_files(root: Path) -> Iterator[Path]:
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def backup(target: Target, output: Path, *, connection: Any = None,
           now: datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """Write the backup file `output`; return its manifest."""
    output.parent.mkdir(parents=True, exist_ok=True)
    unfinished = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent) as work:
        dump = _dump_database(target, Path(work), connection)
        files: list[dict[str, Any]] = []
        with tarfile.open(unfinished, "w:gz") as tar:
            sha, size = _digest(dump)
            tar.add(dump, arcname=dump.name)
            database = {"path": dump.name, "sha256": sha, "size": size}
            for path in _media_files(target.media_root):
                sha, size = _digest(path)
                name = "media/" + path.relative_to(target.media_root).as_posix()
                tar.add(path, arcname=name)
                files.append({"path": name, "sha256": sha, "size": size})
            manifest = {
                "format": FORMAT,
                "created_at": (now or datetime.now().astimezone()).isoformat(),
                "engine": target.engine,
                "database": database,
                "files": files,
            }
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(datetime.now().timestamp())
            tar.addfile(info, _bytes_io(body))
    unfinished.replace(output)  # only a complete file gets the final name
    return manifest


def _bytes_io(data: bytes) -> IO[bytes]:
    from io import BytesIO

    return BytesIO(data)


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def read_checked(path: Path, staging: Path) -> dict[str, Any]:
    """Extract the backup into `staging` and return its manifest, after checking that the
    file is whole: every member readable, listed in the manifest with its SHA-256 and size,
    nothing missing, nothing extra. Raises BackupError otherwise."""
    if not path.is_file():
        raise BackupError(f"Berkas cadangan {path} tidak ditemukan.")
    found: dict[str, tuple[str, int]] = {}
    manifest_bytes = b""
    try:
        # The whole gzip stream first: its CRC-32 covers every byte (also the manifest's, and
        # what lies after the tar's end marker, which the member walk below never reads).
        with gzip.open(path, "rb") as stream:
            while stream.read(CHUNK):
                pass
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if not member.isfile() or not _safe(member.name):
                    raise BackupError(f"Isi cadangan tidak dikenal: {member.name}.")
                handle = tar.extractfile(member)
                assert handle is not None
                if member.name == MANIFEST:
                    manifest_bytes = handle.read()
                    continue
                out = staging / member.name
                out.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with out.open("wb") as copy:
                    for chunk in iter(partial(handle.read, CHUNK), b""):
                        digest.update(chunk)
                        size += len(chunk)
                        copy.write(chunk)
                found[member.name] = (digest.hexdigest(), size)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(f"Berkas cadangan rusak atau terpotong ({error}).") from error
    if not manifest_bytes:
        raise BackupError("Berkas cadangan tidak lengkap: manifes tidak ada (terpotong?).")
    try:
        manifest = json.loads(manifest_bytes)
        listed = [manifest["database"], *manifest["files"]]
        expected = {item["path"]: (item["sha256"], int(item["size"])) for item in listed}
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError("Manifes cadangan tidak terbaca.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(n for n in expected if n in found and found[n] != expected[n])
    if missing or extra or changed:
        parts = [f"hilang: {', '.join(missing)}" if missing else "",
                 f"tidak tercatat: {', '.join(extra)}" if extra else "",
                 f"SHA-256 tidak cocok: {', '.join(changed)}" if changed else ""]  # fmt: skip
        raise BackupError("Berkas cadangan rusak (" + "; ".join(p for p in parts if p) + ").")
    return dict(manifest)


def _pg_connect(db: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        dbname=db["NAME"], host=db.get("HOST") or None, port=db.get("PORT") or None,
        user=db.get("USER") or None, password=db.get("PASSWORD") or None,
    )  # fmt: skip


def database_is_empty(target: Target) -> bool:
    """Return True when the target database holds no table at all."""
    if target.engine == "sqlite":
        name = Path(str(target.database["NAME"]))
        if not name.exists() or name.stat().st_size == 0:
            return True
        with sqlite3.connect(name) as conn:
            count = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
        return int(count) == 0
    with _pg_connect(target.database) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', "
            "'information_schema')"
        ).fetchone()
    return int(row[0]) == 0


def restore(path: Path, target: Target) -> dict[str, Any]:
    """Restore the backup `path` into the empty `target`; return its manifest. Nothing is
    changed when the backup is damaged or incomplete or the target is not empty."""
    target.media_root.mkdir(parents=True, exist_ok=True)
    if not database_is_empty(target):
        raise BackupError(
            "Basis data tujuan tidak kosong. Pulihkan hanya ke instalasi kosong "
            "(basis data baru tanpa tabel, folder media kosong)."
        )
    if any(_media_files(target.media_root)):
        raise BackupError(f"Folder media tujuan {target.media_root} tidak kosong.")
    with tempfile.TemporaryDirectory(dir=target.media_root.parent) as work:
        staging = Path(work)
        manifest = read_checked(path, staging)
        if manifest["engine"] != target.engine:
            raise BackupError(
                f"Cadangan ini dari {manifest['engine']}; tujuan memakai {target.engine}."
            )
        dump = staging / manifest["database"]["path"]
        if target.engine == "sqlite":
            with sqlite3.connect(dump) as conn:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError("Salinan basis data dalam cadangan rusak.")
            shutil.copyfile(dump, Path(str(target.database["NAME"])))
        else:
            done = subprocess.run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                 "--single-transaction", "--dbname", str(target.database["NAME"]), str(dump)],
                env=_pg_env(target.database), capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise BackupError(f"pg_restore gagal, tidak ada yang diubah: {done.stderr.strip()}")
        media = staging / "media"
        if media.exists():
            for item in media.iterdir():
                shutil.move(str(item), str(target.media_root / item.name))
    return manifest
