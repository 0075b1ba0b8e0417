"""The one way files come in and go out: evidence, step documents and imported workbooks.

`store_upload` checks an upload (size, kind recognised by content, zip containers bounded
before anything is decompressed), stores it under a random name and returns what the model
keeps (name, SHA-256, size, content type). `serve_stored` hands a stored file back after
checking its SHA-256, with the stored content type, `nosniff` and a Content-Disposition.
`check_workbook` bounds an XLSX for import before openpyxl loads it, `check_docx` a DOCX
before it is read back; `read_upload` reads an upload no further than its size limit.
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

from monev.core import images
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


#: Kinds the browser (and the server, for documents) decodes into pixels.
IMAGE_KEYS = frozenset(
    k.key for k in (filetypes.PNG, filetypes.JPEG, filetypes.GIF, filetypes.WEBP)
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

    def row_fields(self) -> dict[str, Any]:
        """The fields every model of a stored file keeps: its original name, type, size and
        digest (the row's `file.name` is set to `name` before it is saved)."""
        return {
            "original_name": self.original_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def archive_limits() -> archives.ArchiveLimits:
    mb = 2**20
    return archives.ArchiveLimits(
        max_entries=settings.MONEV_ARCHIVE_MAX_ENTRIES,
        max_entry_bytes=settings.MONEV_ARCHIVE_MAX_ENTRY_MB * mb,
        max_total_bytes=settings.MONEV_ARCHIVE_MAX_TOTAL_MB * mb,
        max_ratio=settings.MONEV_ARCHIVE_MAX_RATIO,
        max_nested_bytes=settings.MONEV_ARCHIVE_MAX_NESTED_MB * mb,
    )


def workbook_parts() -> archives.PartLimits:
    """The parts of a workbook the server imports: sheets (streamed, counted row by row and
    cell by cell) and shared strings up to MONEV_XLSX_MAX_PART_MB; every other part (styles,
    document properties, the workbook itself) up to MONEV_XML_MAX_PART_MB — openpyxl holds
    those whole (a 49 MB styles.xml cost a worker 1 GB)."""
    part = settings.MONEV_XLSX_MAX_PART_MB * 2**20
    return archives.PartLimits(
        rules=(
            archives.PartRule("xl/worksheets/*.xml", part, "sheet_size"),
            archives.PartRule("xl/sharedStrings.xml", part, "shared_strings"),
        ),
        max_other_bytes=settings.MONEV_XML_MAX_PART_MB * 2**20,
        counted=("xl/worksheets/*.xml",),
        max_rows=settings.MONEV_XLSX_MAX_ROWS,
        max_cells=settings.MONEV_XLSX_MAX_CELLS,
    )


def docx_parts() -> archives.PartLimits:
    """The parts of a DOCX the server reads back (the report upload): document.xml up to
    MONEV_DOCX_MAX_BODY_MB, every other XML part (styles, docProps/core.xml, headers …) up to
    MONEV_XML_MAX_PART_MB; python-docx parses each whole."""
    return archives.PartLimits(
        rules=(archives.PartRule("word/document.xml", settings.MONEV_DOCX_MAX_BODY_MB * 2**20),),
        max_other_bytes=settings.MONEV_XML_MAX_PART_MB * 2**20,
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
        "cells_found": _(
            "Lembar «%(part)s» dalam buku kerja «%(name)s» berisi lebih dari %(max_rows)s "
            "baris atau %(max_cells)s sel; buku kerja tidak dibaca."
        ),
        "part_size": _(
            "Bagian «%(part)s» dari berkas «%(name)s» berukuran %(mb)s MB setelah diekstrak "
            "(paling besar %(max)s MB); berkas seperti ini tidak dibaca."
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
            if problem.code
            in {"entry_size", "total_size", "nested_size", "sheet_size", "shared_strings"}
            or problem.code == "part_size"
            else f.get("max")
        ),
    }
    return messages.get(problem.code, messages["unreadable"]) % values


def check_archive(
    data: bytes | IO[bytes], name: str, parts: archives.PartLimits | None = None
) -> None:
    """Raise ValidationError when the zip container `data` exceeds the archive limits (and,
    for a file the server parses, the limits on its XML parts `parts`), checked while every
    entry streams (`domain.archives.inspect_zip`)."""
    problem = archives.inspect_zip(data, archive_limits(), parts)
    if problem is not None:
        logger.warning("Upload %r refused: %s %s", name, problem.code, problem.figures)
        raise ValidationError(problem_message(problem, name))


def check_workbook(data: bytes, name: str = "") -> str | None:
    """Return why the XLSX `data` must not be loaded (archive, part and sheet limits), or
    None. Not a zip at all: None, openpyxl's own refusal explains it."""
    name = name or _("buku kerja")
    if not data.startswith(b"PK"):
        return None
    try:
        check_archive(data, name, workbook_parts())
    except ValidationError as error:
        return str(error.messages[0])
    return None


def check_docx(data: bytes, name: str = "") -> None:
    """Raise ValidationError when the DOCX `data` must not be read back (archive and part
    limits: document.xml, styles, docProps/core.xml …)."""
    if data.startswith(b"PK"):  # anything else: the DOCX reader's own refusal explains it
        check_archive(data, name or _("dokumen"), docx_parts())


def read_upload(upload: Any, max_bytes: int) -> bytes:
    """Return the bytes of `upload`, refused (ValidationError) when empty or larger than
    `max_bytes` — by its declared size before anything is read, and never reading more than
    `max_bytes` + 1 bytes when that size is missing or wrong."""
    original = (getattr(upload, "name", None) or "berkas").rsplit("/", 1)[-1][:255]
    declared = getattr(upload, "size", None)
    if declared is not None and declared > max_bytes:
        raise ValidationError(_too_big(original, declared, max_bytes))
    data = _read_bounded(upload, max_bytes)
    if not data:
        raise ValidationError(_("Berkas «%(name)s» kosong.") % {"name": original})
    if len(data) > max_bytes:
        raise ValidationError(_too_big(original, len(data), max_bytes))
    return data


def read_docx_upload(upload: Any) -> bytes:
    """The report DOCX upload (step 10): its bytes, after the size limit and the bounded
    reader with the DOCX part limits; ValidationError with the reason otherwise."""
    data = read_upload(upload, settings.MONEV_DOCUMENT_MAX_MB * 2**20)
    check_docx(data, getattr(upload, "name", "") or "")
    return data


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
    a zip container beyond the archive limits (checked while it streams), and a picture of
    more than MONEV_IMAGE_MAX_PIXELS pixels (read from its header).
    """
    original = (getattr(upload, "name", None) or "berkas").rsplit("/", 1)[-1][:255]
    data = read_upload(upload, max_bytes)
    if data.startswith(b"PK"):
        check_archive(data, original)  # stored, not parsed: no limits on its XML parts
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
    if kind.key in IMAGE_KEYS:  # shown by browsers, drawn into documents: pixels bounded
        images.check_pixels(data, name=original, max_pixels=settings.MONEV_IMAGE_MAX_PIXELS)
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
