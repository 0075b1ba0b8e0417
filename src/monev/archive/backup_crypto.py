"""The encrypted backup stream: AES-256-GCM in 64 KiB chunks (the STREAM construction, as
in age), with `cryptography`. Fernet would need the whole backup in memory; chunking keeps
writing and reading bounded whatever the size.

    header   = MAGIC || key_id (8 bytes) || salt (32 random bytes)
    file key = HKDF-SHA256(backup key, salt, INFO)             a new key for every file
    chunk i  = AES-256-GCM(file key, nonce = i (11 bytes, big-endian) || final flag (1 byte),
                           plaintext ≤ 64 KiB, associated data = header)

Every chunk is authenticated before its bytes are released; the counter in the nonce refuses
chunks reordered, dropped or copied from another file (another salt, another key); the final
flag refuses a file cut at a chunk boundary; the header (with the key id) is authenticated as
associated data of every chunk. So a backup changed anywhere — a member, the manifest, or both
rebuilt to agree — does not decrypt, and nothing can be made to look like a backup without
the key. `key_id` (a keyed hash of the backup key, not the key) only lets a wrong key be named
as such rather than as damage."""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"monev-cadangan/2\n"
INFO = b"monev backup v2 AES-256-GCM STREAM"
CHUNK = 1 << 16
TAG = 16
SALT = 32
KEY_ID = 8
HEADER = len(MAGIC) + KEY_ID + SALT


class StreamError(Exception):
    """The stream cannot be decrypted; the message says why (Indonesian)."""


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"monev backup key id", hashlib.sha256).digest()[:KEY_ID]


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=INFO).derive(key)
    return AESGCM(derived)


def _nonce(counter: int, final: bool) -> bytes:
    if counter >= 1 << 88:
        raise StreamError("Berkas cadangan terlalu besar.")
    return counter.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class EncryptingWriter:
    """A write-only file object: what is written goes, encrypted, into `raw`. `finish()`
    writes the final chunk (required: a stream without it is refused as cut short)."""

    def __init__(self, raw: IO[bytes], key: bytes) -> None:
        salt = os.urandom(SALT)
        self._raw, self._aead = raw, _file_key(key, salt)
        self._header = MAGIC + key_id(key) + salt
        self._buffer = bytearray()
        self._counter = 0
        self._finished = False
        raw.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # the last chunk is written by finish(), flagged
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        self._raw.write(self._aead.encrypt(_nonce(self._counter, final), plain, self._header))
        self._counter += 1

    def flush(self) -> None:
        self._raw.flush()

    def finish(self) -> None:
        if not self._finished:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._finished = True
            self._raw.flush()


class DecryptingReader:
    """A read-only file object over an encrypted stream: `read` returns only authenticated
    plaintext; reaching the end without the final chunk, or any chunk that does not
    authenticate, raises StreamError."""

    def __init__(self, raw: IO[bytes], key: bytes) -> None:
        header = raw.read(HEADER)
        if len(header) < HEADER or not header.startswith(MAGIC):
            raise StreamError("Bukan berkas cadangan Monev (kepala berkas tidak dikenal).")
        found = header[len(MAGIC) : len(MAGIC) + KEY_ID]
        if not hmac.compare_digest(found, key_id(key)):
            raise StreamError(
                f"Berkas cadangan ini dibuat dengan kunci cadangan lain (id {found.hex()}); "
                f"kunci yang terpasang ber-id {key_id(key).hex()}."
            )
        self._raw, self._header = raw, header
        self._aead = _file_key(key, header[-SALT:])
        self._counter = 0
        self._plain = b""
        self._lookahead = b""
        self._done = False

    def _next(self) -> None:
        data = self._lookahead + self._raw.read(CHUNK + TAG - len(self._lookahead))
        self._lookahead = self._raw.read(1)
        final = not self._lookahead
        if len(data) < TAG or (not final and len(data) != CHUNK + TAG):
            raise StreamError("Berkas cadangan terpotong.")
        try:
            plain = self._aead.decrypt(_nonce(self._counter, final), data, self._header)
        except InvalidTag as error:
            raise StreamError(
                f"Berkas cadangan rusak, terpotong atau diubah (blok {self._counter} tidak "
                "lolos autentikasi)."
            ) from error
        if final and not plain and self._counter > 0:
            raise StreamError("Berkas cadangan rusak (blok akhir kosong).")
        self._counter += 1
        self._plain += plain
        self._done = final

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._plain) < size):
            self._next()
        if size < 0:
            size = len(self._plain)
        out, self._plain = self._plain[:size], self._plain[size:]
        return out

    def drain(self) -> None:
        """Read (and authenticate) the rest of the stream, up to its final chunk."""
        while not self._done:
            self._next()
            self._plain = b""
        self._plain = b""
