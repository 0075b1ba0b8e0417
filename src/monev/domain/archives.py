"""The one bounded reader of zip containers (DOCX, XLSX, PPTX, ODF) before any other code
opens them: evidence, step documents, the plan and format isian workbooks, the report DOCX.

Two passes. The central directory first: every entry's declared size, the declared total,
the entry count (from the end record, before the directory is walked) and the parts a parser
would hold whole (`PartLimits`) — a bomb that tells the truth costs a few kilobytes to refuse.
Then every entry is inflated in 64 KB chunks, counting what actually comes out against the
same limits (the directory is not trusted: a lying entry is stopped at the limit or fails its
CRC), and the sheets of a workbook are counted row by row and cell by cell while they stream
(a sheet with no or a false `<dimension>` is stopped there). Nothing is kept in memory but the
current chunk; a nested archive (an XLSX chart embedded in a DOCX) is opened one level deep,
only when small, and counts towards the totals of the outer file.

Pure: the limits come in as values, a refusal comes back as a `Problem` the caller words.
"""

from __future__ import annotations

import fnmatch
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
_CHUNK = 1 << 16
_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError)


@dataclass(frozen=True)
class ArchiveLimits:
    max_entries: int = 5000
    max_entry_bytes: int = 50 * 2**20
    max_total_bytes: int = 200 * 2**20
    max_ratio: int = 150
    max_nested_bytes: int = 10 * 2**20
    max_depth: int = 1


@dataclass(frozen=True)
class PartRule:
    """The inflated size allowed to the parts named like `pattern` (fnmatch, e.g.
    "xl/worksheets/*.xml"); `code` names the refusal ("sheet_size", "part_size" …)."""

    pattern: str
    max_bytes: int
    code: str = "part_size"


@dataclass(frozen=True)
class PartLimits:
    """Limits on the XML parts of a file the server parses itself (a workbook it imports, a
    report DOCX it reads back): parsers hold such a part whole in memory (styles, shared
    strings, document properties, document.xml) or walk it cell by cell (sheets).

    The first rule matching a part applies; any other `.xml` or `.rels` part is held to
    `max_other_bytes`. Parts matching `counted` (sheets) are counted while they stream: at
    most `max_rows` rows and `max_cells` cells, declared (`<dimension>`) or found."""

    rules: tuple[PartRule, ...] = ()
    max_other_bytes: int = 2 * 2**20
    counted: tuple[str, ...] = ()
    max_rows: int = 20_000
    max_cells: int = 300_000

    def rule_for(self, name: str) -> PartRule | None:
        for rule in self.rules:
            if fnmatch.fnmatchcase(name, rule.pattern):
                return rule
        if name.lower().endswith((".xml", ".rels")):
            return PartRule(name, self.max_other_bytes)
        return None

    def counts(self, name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.counted)


@dataclass(frozen=True)
class Problem:
    """Why an archive is refused: a `code` and the figures a message needs."""

    # "unreadable", "entries", "entry_size", "total_size", "ratio", "nested", "nested_size",
    # "depth", a part rule's code ("part_size", "sheet_size", "shared_strings"), "cells"
    # (declared) and "cells_found" (counted while streaming)
    code: str
    figures: dict[str, Any] = field(default_factory=dict)


class _Totals:
    def __init__(self) -> None:
        self.entries = 0
        self.declared = 0
        self.inflated = 0


def inspect_zip(
    source: bytes | IO[bytes], limits: ArchiveLimits, parts: PartLimits | None = None
) -> Problem | None:
    """Return why the zip in `source` is refused by `limits` (and, for a file the server
    parses, by `parts`), or None when it is within them. See the module's docstring."""
    return _inspect(source, limits, parts, _Totals(), depth=0)


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
    source: bytes | IO[bytes],
    limits: ArchiveLimits,
    parts: PartLimits | None,
    totals: _Totals,
    depth: int,
) -> Problem | None:
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    # The count first: walking a directory of 60 000 entries already costs seconds.
    declared = declared_entries(stream)
    if declared is not None and totals.entries + declared > limits.max_entries:
        count = totals.entries + declared
        return Problem("entries", {"count": count, "max": limits.max_entries})
    try:
        archive = zipfile.ZipFile(stream)
    except _ERRORS:
        return Problem("unreadable")
    with archive:
        infos = archive.infolist()
        totals.entries += len(infos)
        if totals.entries > limits.max_entries:
            return Problem("entries", {"count": totals.entries, "max": limits.max_entries})
        nested: list[zipfile.ZipInfo] = []
        for info in infos:  # pass 1: what the directory declares
            problem = _declared(info, limits, parts, totals)
            if problem is not None:
                return problem
            lowered = info.filename.lower()
            if lowered.endswith(_NESTED_REFUSED):
                return Problem("nested", {"name": info.filename})
            if lowered.endswith(_NESTED_OPENABLE):
                nested.append(info)
        for info in infos:  # pass 2: what actually comes out, chunk by chunk
            problem = _stream(archive, info, limits, parts, totals)
            if problem is not None:
                return problem
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
            except _ERRORS:
                return Problem("unreadable")
            if inner.startswith(b"PK"):
                problem = _inspect(inner, limits, None, totals, depth + 1)
                if problem is not None:
                    return problem
    return None


def _size_problem(
    name: str, size: int, limits: ArchiveLimits, rule: PartRule | None, total: int
) -> Problem | None:
    if size > limits.max_entry_bytes:
        return Problem("entry_size", {"name": name, "size": size, "max": limits.max_entry_bytes})
    if rule is not None and size > rule.max_bytes:
        return Problem(rule.code, {"name": name, "size": size, "max": rule.max_bytes})
    if total > limits.max_total_bytes:
        return Problem("total_size", {"size": total, "max": limits.max_total_bytes})
    return None


def _declared(
    info: zipfile.ZipInfo, limits: ArchiveLimits, parts: PartLimits | None, totals: _Totals
) -> Problem | None:
    totals.declared += info.file_size
    rule = parts.rule_for(info.filename) if parts else None
    return _size_problem(info.filename, info.file_size, limits, rule, totals.declared)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")
_ROW = re.compile(rb"<(?:\w{1,10}:)?row[\s/>]")
_CELL = re.compile(rb"<(?:\w{1,10}:)?c[\s/>]")
_CARRY = 32  # bytes kept from the previous chunk, so a tag cut in two is still counted


class _SheetCount:
    """Rows and cells of a streamed sheet part, declared and found."""

    def __init__(self, name: str, parts: PartLimits) -> None:
        self.name, self.parts = name, parts
        self.rows = self.cells = 0
        self.carry = b""
        self.head_checked = False

    def feed(self, chunk: bytes) -> Problem | None:
        if not self.head_checked:
            self.head_checked = True
            problem = self._declared(chunk[:4096])
            if problem is not None:
                return problem
        window = self.carry + chunk
        self.rows += len(_ROW.findall(window)) - len(_ROW.findall(self.carry))
        self.cells += len(_CELL.findall(window)) - len(_CELL.findall(self.carry))
        self.carry = window[-_CARRY:]
        if self.rows > self.parts.max_rows or self.cells > self.parts.max_cells:
            return Problem("cells_found", self._figures(self.rows, self.cells))
        return None

    def _declared(self, head: bytes) -> Problem | None:
        match = _DIMENSION.search(head)
        if match is None:
            return None
        first_col, first_row = _column_number(match[1]), int(match[2])
        last_col = _column_number(match[3]) if match[3] else first_col
        last_row = int(match[4]) if match[4] else first_row
        rows = last_row - first_row + 1
        cells = rows * (last_col - first_col + 1)
        if rows > self.parts.max_rows or cells > self.parts.max_cells:
            return Problem("cells", self._figures(rows, cells))
        return None

    def _figures(self, rows: int, cells: int) -> dict[str, Any]:
        return {
            "name": self.name,
            "rows": rows,
            "cells": cells,
            "max_rows": self.parts.max_rows,
            "max_cells": self.parts.max_cells,
        }


def _stream(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: ArchiveLimits,
    parts: PartLimits | None,
    totals: _Totals,
) -> Problem | None:
    """Inflate the entry `info` chunk by chunk, refusing it as soon as what came out passes
    a limit; the sheets of a workbook are counted on the way."""
    if info.is_dir():
        return None
    rule = parts.rule_for(info.filename) if parts else None
    sheet = _SheetCount(info.filename, parts) if parts and parts.counts(info.filename) else None
    size = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                size += len(chunk)
                totals.inflated += len(chunk)
                problem = _size_problem(info.filename, size, limits, rule, totals.inflated)
                if problem is None and sheet is not None:
                    problem = sheet.feed(chunk)
                if problem is not None:
                    return problem
    except _ERRORS:  # a bad CRC (an entry larger than declared), a broken stream
        return Problem("unreadable")
    packed = max(info.compress_size, 1)
    if size > RATIO_FLOOR and size / packed > limits.max_ratio:
        return Problem(
            "ratio", {"name": info.filename, "ratio": int(size / packed), "max": limits.max_ratio}
        )
    return None


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + (char - 64)
    return number
