"""Secrets kept outside the database: the audit chain's key and the backup key
(docs/decisions/0014-backup-and-audit-keys.md). Each is given as an environment value or as a
file holding it; a missing file may be created with a new random key (mode 0600)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

MIN_LENGTH = 32


class SecretKeyError(Exception):
    """A key that is missing or unusable; the message says why (Indonesian)."""


def new_key() -> str:
    """A new random key: 32 random bytes, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def write_new(path: Path) -> str:
    """Write a new key into `path` (mode 0600), never over an existing file: when another
    process was first, its key is read back. Return the key."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = new_key()
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, (key + "\n").encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(temp, path)  # atomic, and fails when the file exists
    except FileExistsError:
        pass  # another process was first: its key is the one
    finally:
        temp.unlink(missing_ok=True)
    return read(path)


def read(path: Path) -> str:
    key = path.read_text(encoding="utf-8").strip()
    if len(key) < MIN_LENGTH:
        raise SecretKeyError(f"Kunci di {path} terlalu pendek (minimal {MIN_LENGTH} karakter).")
    return key


def load(value: str, path: Path, *, create: bool) -> bytes | None:
    """The key given as `value` (an environment setting), else read from `path`; when the file
    is missing, a new key is written there if `create`, else None is returned."""
    if value:
        if len(value.strip()) < MIN_LENGTH:
            raise SecretKeyError(f"Kunci terlalu pendek (minimal {MIN_LENGTH} karakter).")
        return value.strip().encode()
    if path.is_file():
        return read(path).encode()
    if not create:
        return None
    return write_new(path).encode()
