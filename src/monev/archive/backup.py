"""`monev backup` and `monev restore`: the database, the stored files and a manifest of their
SHA-256 in one file (a gzip-compressed tar, encrypted), and its way back into an empty
installation.

The database copy is consistent: SQLite through its online backup API (a snapshot even while the
app writes), PostgreSQL as `pg_dump --format=custom`. The files are read from and written back
into Django's default storage: the local disk or an S3-compatible object store alike (decision
0024). Sessions are left out (their keys would sign anyone in; docs/decisions/0014). The
manifest is the tar's last member, written after every other member has been read once and
hashed; it also records the audit chain's head (an anchor `monev audit_verify --backup` checks).
The tar is encrypted and authenticated with the backup key, a secret outside the database and
the backup (`backup_crypto`): a file changed anywhere — also a member changed and the manifest
rebuilt to match — is refused. Every file written (the backup, its unfinished copy, the database
dump, restored files) is mode 0600. Restore reads the whole file and checks every member against
the manifest before it changes anything; a damaged, incomplete or foreign file is refused with a
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

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage

from monev.archive import backup_crypto

FORMAT = 2
LEGACY_FORMAT = 1  # before encryption: a plain .tar.gz (restored only when allowed)
MANIFEST = "manifest.json"
DB_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 16
#: Tables whose rows are left out of every backup: live session keys sign their holder in.
EXCLUDED_TABLES = ("django_session",)


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why (Indonesian)."""


@dataclass(frozen=True)
class Target:
    """Where a backup comes from or goes to: a database (Django settings dict) and the files,
    a storage (the app's default storage) or a local folder."""

    database: dict[str, Any]
    media_root: Path | None = None
    storage: Storage | None = None

    @property
    def files(self) -> Storage:
        if self.storage is not None:
            return self.storage
        assert self.media_root is not None
        return FileSystemStorage(location=self.media_root)

    @property
    def engine(self) -> str:
        engine = str(self.database["ENGINE"])
        if "sqlite" in engine:
            return "sqlite"
        if "postgresql" in engine:
            return "postgresql"
        raise BackupError(f"Mesin basis data {engine} tidak didukung.")


def backup_key(*, create: bool) -> bytes:
    """The backup key: `BACKUP_KEY`, else the file `BACKUP_KEY_FILE`; a missing file is created
    with a new key only if `create` (DEBUG, the demo). Raises BackupError when there is none."""
    from django.conf import settings

    from monev.core import secret_keys

    path = Path(settings.MONEV_BACKUP_KEY_FILE)
    try:
        key = secret_keys.load(settings.MONEV_BACKUP_KEY, path, create=create)
    except (secret_keys.SecretKeyError, OSError) as error:
        raise BackupError(f"Kunci cadangan tidak dapat dipakai: {error}") from error
    if key is None:
        raise BackupError(
            f"Kunci cadangan belum diatur: setel BACKUP_KEY atau BACKUP_KEY_FILE (berkas {path} "
            "tidak ada). Buat kunci dengan `monev backup --new-key BERKAS` dan simpan salinannya "
            "di luar server, terpisah dari cadangan (README, bagian cadangan)."
        )
    return key


def _private(path: Path) -> None:
    """Create `path` empty with mode 0600 (or make an existing one 0600), before anything is
    written into it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)


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
    _private(out)
    if connection is not None and connection.in_atomic_block:
        # SQLite's backup API would wait forever for the open transaction's lock.
        raise BackupError("Cadangan tidak dapat dibuat di dalam transaksi yang masih terbuka.")
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
            # Left-out rows must not survive in free pages: overwrite them, then rebuild.
            copy.execute("PRAGMA secure_delete = ON")
            tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
            for table in EXCLUDED_TABLES:
                if table in tables:
                    copy.execute(f'DELETE FROM "{table}"')
            copy.commit()
            copy.execute("VACUUM")
        finally:
            copy.close()
        return out
    excluded = [f"--exclude-table-data={table}" for table in EXCLUDED_TABLES]
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *excluded,
         "--file", str(out), str(target.database["NAME"])],
        env=_pg_env(target.database), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(f"pg_dump gagal: {done.stderr.strip()}")
    return out


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in `storage` under `folder`, sorted, recursively (disk or object store)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    names = [f"{folder}/{n}" if folder else n for n in files]
    subs = [f"{folder}/{n}" if folder else n for n in folders]
    for name in sorted(names + subs):
        if name in subs:
            yield from stored_names(storage, name)
        else:
            yield name


class _Hashing:
    """A read-only file object that hashes what is read through it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add_stored(tar: tarfile.TarFile, storage: Storage, name: str) -> tuple[str, int]:
    """Copy the stored file `name` into `tar` as media/NAME; return its SHA-256 and size."""
    info = tarfile.TarInfo("media/" + name)
    info.size = storage.size(name)
    info.mode = 0o600
    info.mtime = int(datetime.now().timestamp())
    with storage.open(name, "rb") as handle:
        reader = _Hashing(handle)
        tar.addfile(info, reader)
    return reader.digest.hexdigest(), reader.size


def backup(target: Target, output: Path, *, key: bytes, connection: Any = None,
           now: datetime | None = None,
           audit_anchor: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    """Write the encrypted backup file `output` (mode 0600); return its manifest."""
    output.parent.mkdir(parents=True, exist_ok=True)
    unfinished = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(dir=output.parent) as work:  # mode 0700
        dump = _dump_database(target, Path(work), connection)
        _private(unfinished)
        try:
            manifest = _write(target, dump, unfinished, key, now, audit_anchor)
        except BaseException:
            unfinished.unlink(missing_ok=True)  # no half backup left behind
            raise
    unfinished.replace(output)  # only a complete file gets the final name
    return manifest


def _write(target: Target, dump: Path, unfinished: Path, key: bytes, now: datetime | None,
           audit_anchor: dict[str, Any] | None) -> dict[str, Any]:  # fmt: skip
    """Write the encrypted tar.gz of `dump`, the media files and the manifest into
    `unfinished`; return the manifest."""
    files: list[dict[str, Any]] = []
    with unfinished.open("r+b") as raw:
        sealed = backup_crypto.EncryptingWriter(raw, key)
        with tarfile.open(fileobj=sealed, mode="w|gz") as tar:  # type: ignore[call-overload]
            sha, size = _digest(dump)
            tar.add(dump, arcname=dump.name)
            database = {"path": dump.name, "sha256": sha, "size": size}
            storage = target.files
            for name in stored_names(storage):
                sha, size = _add_stored(tar, storage, name)
                files.append({"path": "media/" + name, "sha256": sha, "size": size})
            manifest = {
                "format": FORMAT,
                "created_at": (now or datetime.now().astimezone()).isoformat(),
                "engine": target.engine,
                "database": database,
                "excluded_tables": list(EXCLUDED_TABLES),
                "audit_anchor": audit_anchor,
                "files": files,
            }
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            info.mtime = int(datetime.now().timestamp())
            tar.addfile(info, _bytes_io(body))
        sealed.finish()
        os.fsync(raw.fileno())
    return manifest


def _bytes_io(data: bytes) -> IO[bytes]:
    from io import BytesIO

    return BytesIO(data)


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def _extract(
    tar: tarfile.TarFile, staging: Path | None
) -> tuple[dict[str, tuple[str, int]], bytes]:
    """Walk the tar's members into `staging` (files mode 0600; None: only hashed); return each
    member's SHA-256 and size, and the manifest's bytes."""
    found: dict[str, tuple[str, int]] = {}
    manifest_bytes = b""
    for member in tar:
        if not member.isfile() or not _safe(member.name) or member.name in found:
            raise BackupError(f"Isi cadangan tidak dikenal: {member.name}.")
        handle = tar.extractfile(member)
        assert handle is not None
        if member.name == MANIFEST:
            manifest_bytes = handle.read()
            continue
        digest, size = hashlib.sha256(), 0
        copy = None
        if staging is not None:
            out = staging / member.name
            out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _private(out)
            copy = out.open("wb")
        try:
            for chunk in iter(partial(handle.read, CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
                if copy is not None:
                    copy.write(chunk)
        finally:
            if copy is not None:
                copy.close()
        found[member.name] = (digest.hexdigest(), size)
    return found, manifest_bytes


def open_manifest(path: Path, key: bytes) -> dict[str, Any]:
    """Decrypt the backup `path` without extracting it and return its manifest (every chunk
    authenticated on the way). For `monev audit_verify --backup`."""
    return read_checked(path, None, key=key)


def read_checked(path: Path, staging: Path | None, *, key: bytes | None,
                 allow_unencrypted: bool = False) -> dict[str, Any]:  # fmt: skip
    """Decrypt and extract the backup into `staging` and return its manifest, after checking
    that the file is whole and authentic: every chunk authenticated with the backup key, every
    member readable, listed in the manifest with its SHA-256 and size, nothing missing,
    nothing extra. A legacy unencrypted backup (format 1) only if `allow_unencrypted`. With
    `staging` None members are hashed but not kept. Raises BackupError otherwise."""
    if not path.is_file():
        raise BackupError(f"Berkas cadangan {path} tidak ditemukan.")
    with path.open("rb") as probe:
        start = probe.read(len(backup_crypto.MAGIC))
    legacy = start[:2] == b"\x1f\x8b"
    if legacy and not allow_unencrypted:
        raise BackupError(
            "Ini cadangan lama tanpa enkripsi dan tanpa autentikasi: isinya tidak dapat dibuktikan "
            "utuh. Pulihkan hanya bila asalnya pasti, dengan `monev restore --allow-unencrypted`."
        )
    if not legacy and start != backup_crypto.MAGIC:
        raise BackupError("Bukan berkas cadangan Monev (kepala berkas tidak dikenal).")
    if not legacy and key is None:
        raise BackupError("Kunci cadangan diperlukan untuk membuka cadangan ini.")
    try:
        if legacy:
            # The whole gzip stream first: its CRC-32 covers every byte.
            with gzip.open(path, "rb") as stream:
                while stream.read(CHUNK):
                    pass
            with tarfile.open(path, "r:gz") as tar:
                found, manifest_bytes = _extract(tar, staging)
        else:
            assert key is not None
            with path.open("rb") as raw:
                reader = backup_crypto.DecryptingReader(raw, key)
                with tarfile.open(fileobj=reader, mode="r|gz") as tar:  # type: ignore[call-overload]
                    found, manifest_bytes = _extract(tar, staging)
                reader.drain()  # up to the final chunk: a file cut short is refused
    except backup_crypto.StreamError as error:
        raise BackupError(str(error)) from error
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
    if manifest.get("format") != (LEGACY_FORMAT if legacy else FORMAT):
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


def restore(path: Path, target: Target, *, key: bytes | None,
            allow_unencrypted: bool = False) -> dict[str, Any]:  # fmt: skip
    """Restore the backup `path` into the empty `target`; return its manifest. Nothing is
    changed when the backup is damaged, incomplete, not authentic or the target not empty."""
    storage = target.files
    if not database_is_empty(target):
        raise BackupError(
            "Basis data tujuan tidak kosong. Pulihkan hanya ke instalasi kosong "
            "(basis data baru tanpa tabel, folder media kosong)."
        )
    if next(stored_names(storage), None) is not None:
        raise BackupError("Penyimpanan berkas tujuan (folder media atau bucket) tidak kosong.")
    # Staged beside the backup file (a local folder, mode 0700), then written into the storage.
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        staging = Path(work)
        manifest = read_checked(path, staging, key=key, allow_unencrypted=allow_unencrypted)
        if manifest["engine"] != target.engine:
            raise BackupError(
                f"Cadangan ini dari {manifest['engine']}; tujuan memakai {target.engine}."
            )
        dump = staging / manifest["database"]["path"]
        if target.engine == "sqlite":
            with sqlite3.connect(dump) as conn:
                if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError("Salinan basis data dalam cadangan rusak.")
            restored = Path(str(target.database["NAME"]))
            restored.parent.mkdir(parents=True, exist_ok=True)
            _private(restored)
            shutil.copyfile(dump, restored)
        else:
            done = subprocess.run(
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                 "--single-transaction", "--dbname", str(target.database["NAME"]), str(dump)],
                env=_pg_env(target.database), capture_output=True, text=True, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                raise BackupError(f"pg_restore gagal, tidak ada yang diubah: {done.stderr.strip()}")
        for item in manifest["files"]:
            name = str(item["path"]).removeprefix("media/")
            with (staging / item["path"]).open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:  # someone wrote into the storage meanwhile
                raise BackupError(f"Berkas {name} sudah ada di penyimpanan tujuan.")
    return manifest
