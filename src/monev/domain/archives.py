"""Bounded checks of zip containers (DOCX, XLSX, PPTX, ODF) before anything is decompressed.

A zip's central directory declares every entry's compressed and uncompressed size; reading it
(`ZipFile.infolist`) costs a few kilobytes whatever the archive expands to. Python's zipfile
never yields more than an entry's declared size (a larger stream fails its CRC check), so
limits on the declared sizes bound what any later reader — openpyxl included — decompresses.

Nested archives (an XLSX chart embedded in a DOCX) are opened one level deep, only when their
declared size is small, and count towards the totals of the outer file.

Pure: the limits come in as a value, a refusal comes back as a `Problem` the caller words.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

#: Entry names that are archives themselves (by extension).
_NESTED_OPENABLE = (".zip", ".docx", ".xlsx", ".xlsm", ".pptx", ".odt", ".ods", ".odp", ".jar")
#: Compressed containers that cannot be bounded cheaply; never expected inside office files.
_NESTED_REFUSED = (".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".zst", ".lz", ".cab")

#: Only entries larger than this are held to the compression-ratio limit (small XML parts
#: legitimately compress very well).
RATIO_FLOOR = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 5000
    max_entry_bytes: int = 50 * 2**20
    max_total_bytes: int = 200 * 2**20
    max_ratio: int = 150
    max_nested_bytes: int = 10 * 2**20
    max_depth: int = 1


@dataclass(frozen=True)
class Problem:
    """Why an archive is refused: a `code` and the figures a message needs."""

    code: str  # "unreadable", "entries", "entry_size", "total_size", "ratio", "nested", "depth"
    figures: dict[str, Any] = field(default_factory=dict)


class _Totals:
    def __init__(self) -> None:
        self.entries = 0
        self.total = 0


def inspect_zip(source: bytes | IO[bytes], limits: ArchiveLimits) -> Problem | None:
    """Return why the zip in `source` is refused by `limits`, or None when it is within them.

    Reads the central directory only; a nested archive is read (bounded by
    `limits.max_nested_bytes`) and checked the same way, one level deep."""
    return _inspect(source, limits, _Totals(), depth=0)


def declared_entries(stream: IO[bytes]) -> int | None:
    """Return the entry count the end-of-central-directory record declares (65535 for a
    zip64 archive or more), reading at most its last 64 KB; None when there is no record."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - 65_557))
    tail = stream.read()
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def _inspect(
    source: bytes | IO[bytes], limits: ArchiveLimits, totals: _Totals, depth: int
) -> Problem | None:
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    # The count first: walking a directory of 60 000 entries already costs seconds.
    declared = declared_entries(stream)
    if declared is not None and totals.entries + declared > limits.max_entries:
        count = totals.entries + declared
        return Problem("entries", {"count": count, "max": limits.max_entries})
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Problem("unreadable")
    with archive:
        infos = archive.infolist()
        totals.entries += len(infos)
        if totals.entries > limits.max_entries:
            return Problem("entries", {"count": totals.entries, "max": limits.max_entries})
        nested: list[zipfile.ZipInfo] = []
        for info in infos:
            size, packed = info.file_size, max(info.compress_size, 1)
            if size > limits.max_entry_bytes:
                return Problem(
                    "entry_size",
                    {"name": info.filename, "size": size, "max": limits.max_entry_bytes},
                )
            totals.total += size
            if totals.total > limits.max_total_bytes:
                return Problem("total_size", {"size": totals.total, "max": limits.max_total_bytes})
            if size > RATIO_FLOOR and size / packed > limits.max_ratio:
                return Problem(
                    "ratio",
                    {"name": info.filename, "ratio": int(size / packed), "max": limits.max_ratio},
                )
            lowered = info.filename.lower()
            if lowered.endswith(_NESTED_REFUSED):
                return Problem("nested", {"name": info.filename})
            if lowered.endswith(_NESTED_OPENABLE):
                nested.append(info)
        for info in nested:
            if depth + 1 > limits.max_depth:
                return Problem("depth", {"name": info.filename, "max": limits.max_depth})
            if info.file_size > limits.max_nested_bytes:
                return Problem(
                    "nested_size",
                    {"name": info.filename, "size": info.file_size, "max": limits.max_nested_bytes},
                )
            try:
                inner = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                return Problem("unreadable")
            if inner.startswith(b"PK"):
                problem = _inspect(inner, limits, totals, depth + 1)
                if problem is not None:
                    return problem
    return None


# --- XLSX -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkbookLimits:
    max_rows: int = 20_000
    max_cells: int = 300_000
    max_part_bytes: int = 20 * 2**20  # one sheet's XML, or the shared strings


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number


def inspect_xlsx(data: bytes, limits: WorkbookLimits) -> Problem | None:
    """Return why the workbook in `data` is too big to load, or None.

    Checks, before any sheet is parsed: the uncompressed size of each worksheet part and of
    the shared strings, and each sheet's declared dimension (`<dimension ref="A1:Z500"/>`, read
    from the first 4 KB of the part) against the row and cell limits. A sheet that declares
    less than it holds is stopped later by the row count while streaming. A directory too
    large to walk cheaply is left to `inspect_zip` (which refuses it by its declared count)."""
    stream = io.BytesIO(data)
    declared = declared_entries(stream)
    if declared is None or declared > 10_000:
        return None
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return Problem("unreadable")
    with archive:
        for info in archive.infolist():
            name = info.filename
            is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            if name == "xl/sharedStrings.xml" and info.file_size > limits.max_part_bytes:
                return Problem(
                    "shared_strings", {"size": info.file_size, "max": limits.max_part_bytes}
                )
            if not is_sheet:
                continue
            if info.file_size > limits.max_part_bytes:
                return Problem(
                    "sheet_size",
                    {"name": name, "size": info.file_size, "max": limits.max_part_bytes},
                )
            try:
                with archive.open(info) as part:
                    head = part.read(4096)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                return Problem("unreadable")
            match = _DIMENSION.search(head)
            if match is None:
                continue
            first_col, first_row = _column_number(match[1]), int(match[2])
            last_col = _column_number(match[3]) if match[3] else first_col
            last_row = int(match[4]) if match[4] else first_row
            rows = last_row - first_row + 1
            cells = rows * (last_col - first_col + 1)
            if rows > limits.max_rows or cells > limits.max_cells:
                return Problem(
                    "cells",
                    {
                        "name": name,
                        "rows": rows,
                        "cells": cells,
                        "max_rows": limits.max_rows,
                        "max_cells": limits.max_cells,
                    },
                )
    return None
