"""`STORAGE_URL`: where the app keeps its files
(docs/decisions/0024-object-storage-and-topology.md).

Empty (the embedded default): the local disk under MEDIA_ROOT. Otherwise an S3-compatible object
store through django-storages, written as a URL:

    s3://BUCKET[/PREFIX]?endpoint_url=https://s3.example.go.id&region_name=us-east-1

Credentials come from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in the environment (or
`s3://KEY:SECRET@BUCKET`, percent-encoded). Every other query parameter is passed to
`storages.backends.s3.S3Storage` as an option (`addressing_style=path`, `verify=false`, …).
Files are never served by the store: the app streams each download after its permission and
SHA-256 checks, so the bucket stays private and no signed URL is handed out.

Imported by settings: nothing from Django here."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
#: Query values read as booleans or numbers rather than text.
_BOOLEAN = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}
_INTEGER = ("max_memory_size", "querystring_expire")


class StorageUrlError(ValueError):
    """A STORAGE_URL that cannot be used; the message says why."""


#: The embedded default: the local disk under MEDIA_ROOT (read when used, so a test's
#: MEDIA_ROOT of its own is followed).
LOCAL = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def parse(url: str) -> dict[str, Any]:
    """Return the STORAGES["default"] entry that `url` names."""
    parts = urlsplit(url.strip())
    if parts.scheme != "s3":
        raise StorageUrlError(f"STORAGE_URL: skema {parts.scheme!r} tidak dikenal (pakai s3://).")
    bucket = parts.hostname or ""
    if not bucket:
        raise StorageUrlError("STORAGE_URL: nama bucket kosong (s3://NAMA-BUCKET?...).")
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "location": parts.path.strip("/"),
        # Like the local disk: a name in use gets a new one, nothing is overwritten.
        "file_overwrite": False,
        "default_acl": None,  # the bucket's own (private) policy
        "querystring_auth": True,  # never used: downloads are streamed by the app
    }
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if value.lower() in _BOOLEAN:
            options[key] = _BOOLEAN[value.lower()]
        elif key in _INTEGER:
            options[key] = int(value)
        else:
            options[key] = value
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def describe(entry: dict[str, Any]) -> str:
    """A one-line description of a STORAGES entry without its secrets (for logs and checks)."""
    opts = entry.get("OPTIONS", {})
    if entry.get("BACKEND") == S3_BACKEND:
        where = f"s3://{opts.get('bucket_name')}/{opts.get('location', '')}".rstrip("/")
        return f"{where} ({opts.get('endpoint_url') or 'AWS'})"
    return "disk (MEDIA_ROOT)"
