"""The one way files come in and go out: evidence, step documents and imported workbooks.

`store_upload` checks an upload (size, kind recognised by content, zip containers bounded
before anything is decompressed), stores it under a random name and returns what the model
keeps (name, SHA-256, size, content type). `serve_stored` hands a stored file back after
checking its SHA-256, with the stored content type, `nosniff` and a Content-Disposition.
`check_workbook` bounds an XLSX for import before openpyxl loads it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any, TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from monev.domain import archives, filetypes
from monev.domain.filetypes import FileKind

logger = logging.getLogger(__name__)

#: Kinds a supporting document may have (evidence and SOP step output alike).
DOCUMENT_KINDS = (
    filetypes.PDF,
    filetypes.PNG,
    filetypes.JPEG,
    filetypes.GIF,
    filetypes.WEBP,
    filetypes.DOCX,
    filetypes.XLSX,
    filetypes.PPTX,
    filetypes.ODF,
    filetypes.OLE,
)


@dataclass(frozen=True)
class StoredFile:
    """A stored upload: the storage `name` (random), its digest, size and recognised kind."""

    name: str
    sha256: str
    size: int
    content_type: str
    original_name: str
    kind: str


def archive_limits() -> archives.ArchiveLimits:
    mb = 2**20
    return archives.ArchiveLimits(
        max_entries=settings.MONEV_ARCHIVE_MAX_ENTRIES,
        max_entry_bytes=settings.MONEV_ARCHIVE_MAX_ENTRY_MB * mb,
        max_total_bytes=settings.MONEV_ARCHIVE_MAX_TOTAL_MB * mb,
        max_ratio=settings.MONEV_ARCHIVE_MAX_RATIO,
        max_nested_bytes=settings.MONEV_ARCHIVE_MAX_NESTED_MB * mb,
    )


def workbook_limits() -> archives.WorkbookLimits:
    return archives.WorkbookLimits(
        max_rows=settings.MONEV_XLSX_MAX_ROWS,
        max_cells=settings.MONEV_XLSX_MAX_CELLS,
        max_part_bytes=settings.MONEV_XLSX_MAX_PART_MB * 2**20,
    )


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}".replace(".", ",")


def problem_message(problem: archives.Problem, name: str) -> str:
    """The Indonesian sentence that explains why the file `name` is refused."""
    f = problem.figures
    messages = {
        "unreadable": _("Berkas «%(name)s» rusak atau bukan arsip yang dapat dibaca."),
        "entries": _(
            "Berkas «%(name)s» berisi %(count)s bagian (paling banyak %(max)s); berkas seperti "
            "ini tidak diterima karena dapat membebani server."
        ),
        "entry_size": _(
            "Berkas «%(name)s» berisi bagian «%(part)s» yang mengembang menjadi %(mb)s MB "
            "(paling besar %(max)s MB); berkas tidak diterima."
        ),
        "total_size": _(
            "Isi berkas «%(name)s» mengembang menjadi lebih dari %(max)s MB; berkas seperti "
            "ini (bom zip) tidak diterima."
        ),
        "ratio": _(
            "Bagian «%(part)s» dari berkas «%(name)s» dimampatkan %(ratio)s kali (paling "
            "banyak %(max)s kali); berkas seperti ini (bom zip) tidak diterima."
        ),
        "nested": _(
            "Berkas «%(name)s» memuat arsip lain («%(part)s»); arsip di dalam arsip tidak diterima."
        ),
        "nested_size": _(
            "Berkas «%(name)s» memuat arsip «%(part)s» yang terlalu besar (%(mb)s MB, paling "
            "besar %(max)s MB)."
        ),
        "depth": _(
            "Berkas «%(name)s» memuat arsip bersarang lebih dari %(max)s tingkat («%(part)s»); "
            "berkas tidak diterima."
        ),
        "shared_strings": _(
            "Teks dalam buku kerja «%(name)s» mengembang menjadi %(mb)s MB (paling besar "
            "%(max)s MB); buku kerja tidak dibaca."
        ),
        "sheet_size": _(
            "Lembar «%(part)s» dalam buku kerja «%(name)s» berukuran %(mb)s MB setelah "
            "diekstrak (paling besar %(max)s MB); buku kerja tidak dibaca."
        ),
        "cells": _(
            "Lembar «%(part)s» dalam buku kerja «%(name)s» menyatakan %(rows)s baris dan "
            "%(cells)s sel (paling banyak %(max_rows)s baris dan %(max_cells)s sel); buku "
            "kerja tidak dibaca."
        ),
    }
    values = {
        "name": name,
        "part": f.get("name", ""),
        "count": f.get("count"),
        "ratio": f.get("ratio"),
        "rows": f.get("rows"),
        "cells": f.get("cells"),
        "max_rows": f.get("max_rows"),
        "max_cells": f.get("max_cells"),
        "mb": _mb(int(f.get("size", 0))),
        "max": (
            f["max"] // 2**20
            if problem.code in {"entry_size", "total_size", "nested_size", "sheet_size"}
            or problem.code == "shared_strings"
            else f.get("max")
        ),
    }
    return messages.get(problem.code, messages["unreadable"]) % values


def check_archive(data: bytes | IO[bytes], name: str) -> None:
    """Raise ValidationError when the zip container `data` exceeds the archive limits."""
    problem = archives.inspect_zip(data, archive_limits())
    if problem is not None:
        logger.warning("Upload %r refused: %s %s", name, problem.code, problem.figures)
        raise ValidationError(problem_message(problem, name))


def check_workbook(data: bytes, name: str = "") -> str | None:
    """Return why the XLSX `data` must not be loaded (archive and sheet limits), or None."""
    name = name or _("buku kerja")
    if not data.startswith(b"PK"):
        return None  # not a zip at all: openpyxl's own refusal explains it
    # The workbook's own limits first: their messages name the sheet or the shared strings.
    problem = archives.inspect_xlsx(data, workbook_limits()) or archives.inspect_zip(
        data, archive_limits()
    )
    if problem is None:
        return None
    logger.warning("Workbook %r refused: %s %s", name, problem.code, problem.figures)
    return problem_message(problem, name)


def _read_bounded(upload: Any, max_bytes: int) -> bytes:
    """Read at most `max_bytes` + 1 bytes of `upload` (its declared size may be missing)."""
    if hasattr(upload, "seek"):
        upload.seek(0)
    chunks, total = [], 0
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read(max_bytes + 1)]:
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            break
    return b"".join(chunks)


def store_upload(
    upload: Any,
    *,
    folder: str,
    allowed_kinds: Iterable[FileKind] = DOCUMENT_KINDS,
    max_bytes: int,
) -> StoredFile:
    """Check `upload` and store it under `folder`/<random>.<kind>; return what was stored.

    Refused (ValidationError with an Indonesian message, nothing stored): an empty file, one
    larger than `max_bytes`, a kind not recognised by its content or not in `allowed_kinds`,
    and a zip container beyond the archive limits (checked before decompressing anything).
    """
    original = (getattr(upload, "name", None) or "berkas").rsplit("/", 1)[-1][:255]
    declared = getattr(upload, "size", None)
    if declared is not None and declared > max_bytes:
        raise ValidationError(_too_big(original, declared, max_bytes))
    data = _read_bounded(upload, max_bytes)
    if not data:
        raise ValidationError(_("Berkas «%(name)s» kosong.") % {"name": original})
    if len(data) > max_bytes:
        raise ValidationError(_too_big(original, len(data), max_bytes))
    if data.startswith(b"PK"):
        check_archive(data, original)
    kind = filetypes.sniff(data[:16], data)
    allowed = {k.key for k in allowed_kinds}
    if kind is None or kind.key not in allowed:
        raise ValidationError(
            _(
                "Berkas «%(name)s» bukan PDF, gambar, atau dokumen Office; isinya tidak dikenali "
                "sehingga tidak disimpan."
            )
            % {"name": original}
        )
    name = default_storage.save(
        f"{folder.strip('/')}/{secrets.token_urlsafe(24)}.{kind.key}", ContentFile(data)
    )
    return StoredFile(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        content_type=kind.content_type,
        original_name=original,
        kind=kind.key,
    )


def _too_big(name: str, size: int, max_bytes: int) -> str:
    return _("Berkas «%(name)s» terlalu besar (%(mb)s MB); maksimal %(max)d MB.") % {
        "name": name,
        "mb": _mb(size),
        "max": max_bytes // 2**20,
    }


def file_digest(name: str) -> str | None:
    """Return the SHA-256 of the stored file `name`, or None when it is missing."""
    digest = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return None
    return digest.hexdigest()


class ServedFile(TypedDict):
    """What serving a stored file needs (`download(request, **served)`)."""

    name: str
    sha256: str
    content_type: str
    filename: str


class TamperedFile(Exception):
    """A stored file no longer matches the SHA-256 recorded when it was uploaded."""


def serve_stored(
    *,
    name: str,
    sha256: str,
    content_type: str,
    filename: str,
    inline: bool = False,
) -> FileResponse:
    """Return the stored file `name` as a download (or inline), after checking its SHA-256.

    Raises TamperedFile when the content is missing or changed; the caller shows a message."""
    if not sha256 or file_digest(name) != sha256:
        logger.error("Stored file %s does not match its SHA-256; refused.", name)
        raise TamperedFile(name)
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response


def tampered_message(filename: str) -> str:
    return _(
        "Berkas «%(name)s» tidak cocok lagi dengan sidik SHA-256 yang dicatat saat diunggah "
        "(berkas hilang atau diubah di server) sehingga tidak diberikan. Hubungi Administrator."
    ) % {"name": filename}


def download(
    request: HttpRequest,
    *,
    name: str,
    sha256: str,
    content_type: str,
    filename: str,
    inline: bool = False,
) -> HttpResponseBase:
    """`serve_stored`, or a page saying the file is refused (409) when it was tampered with."""
    try:
        return serve_stored(
            name=name, sha256=sha256, content_type=content_type, filename=filename, inline=inline
        )
    except TamperedFile:
        context = {"message": tampered_message(filename)}
        return render(request, "core/file_refused.html", context, status=409)


def api_download(*, name: str, sha256: str, content_type: str, filename: str) -> HttpResponseBase:
    """`serve_stored` for the REST API: a tampered file is refused with 409 and the API's
    error body (`{"detail": ...}`)."""
    try:
        return serve_stored(name=name, sha256=sha256, content_type=content_type, filename=filename)
    except TamperedFile:
        return JsonResponse({"detail": tampered_message(filename)}, status=409)
