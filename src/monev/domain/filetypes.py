"""Recognising uploaded evidence by its content, not its name (SPEC §4, bukti dukung).

Allowed: PDF, PNG, JPEG, GIF, WebP, and office documents (OOXML .docx/.xlsx/.pptx, ODF
.odt/.ods, legacy .doc/.xls). Anything else — an executable renamed to .pdf included — is
refused.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    content_type: str
    previewable: bool = False


PDF = FileKind("pdf", "PDF", "application/pdf", previewable=True)
PNG = FileKind("png", "Gambar PNG", "image/png", previewable=True)
JPEG = FileKind("jpeg", "Gambar JPEG", "image/jpeg", previewable=True)
GIF = FileKind("gif", "Gambar GIF", "image/gif", previewable=True)
WEBP = FileKind("webp", "Gambar WebP", "image/webp", previewable=True)
DOCX = FileKind(
    "docx",
    "Dokumen Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = FileKind(
    "xlsx",
    "Lembar kerja Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
PPTX = FileKind(
    "pptx",
    "Presentasi PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
ODF = FileKind("odf", "Dokumen OpenDocument", "application/vnd.oasis.opendocument")
OLE = FileKind("ole", "Dokumen Office lama (.doc/.xls)", "application/msword")

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}


def sniff(head: bytes, data: bytes | None = None) -> FileKind | None:
    """Return the kind of a file from its first bytes (and, for zip-based office files, its
    directory), or None when it is not an allowed kind."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04") and data is not None:
        return _zip_kind(data)
    return None


def _zip_kind(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names and archive.read("mimetype").startswith(
                b"application/vnd.oasis.opendocument"
            ):
                return ODF
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None
