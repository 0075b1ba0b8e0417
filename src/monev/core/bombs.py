"""Hostile upload files for the tests and `bench/upload_bombs`: real zip archives that expand
to gigabytes or hold a million cells while being a few kilobytes to 2 MB large.

The zip writer here emits precompressed entries (zipfile cannot), so a 2 GB entry costs the
CRC of 2 GB, not its compression. Nothing in the app imports this module.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

_BLOCK = 16 * 2**20


@dataclass(frozen=True)
class _Entry:
    name: str
    packed: bytes  # raw deflate stream
    crc: int
    size: int


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _small(name: str, data: bytes) -> _Entry:
    return _Entry(name, _deflate(data), zlib.crc32(data), len(data))


def _zeros(name: str, size: int) -> _Entry:
    """An entry of `size` zero bytes (a multiple of 16 MB), deflated without compressing it
    all: one self-contained segment, repeated."""
    assert size % _BLOCK == 0
    block = bytes(_BLOCK)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = zlib.crc32(block)
    crc_total = _crc_repeat(crc, _BLOCK, size // _BLOCK)
    return _Entry(name, segment * (size // _BLOCK) + end, crc_total, size)


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, index = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector >>= 1
        index += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, matrix[n]) for n in range(32)]


def _crc_combine(crc1: int, crc2: int, len2: int) -> int:
    """zlib's crc32_combine: the CRC of A+B from the CRCs of A and B and the length of B."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def _crc_repeat(crc: int, length: int, count: int) -> int:
    """The CRC of `count` copies of a block of `length` bytes whose CRC is `crc`."""
    total, block_crc, block_len = 0, crc, length
    first = True
    while count:
        if count & 1:
            total = block_crc if first else _crc_combine(total, block_crc, block_len)
            first = False
        block_crc = _crc_combine(block_crc, block_crc, block_len)
        block_len *= 2
        count >>= 1
    return total


def _write_zip(entries: list[_Entry]) -> bytes:
    out = io.BytesIO()
    central = []
    for entry in entries:
        offset = out.tell()
        name = entry.name.encode()
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                8,
                0,
                0x21,
                entry.crc,
                len(entry.packed),
                entry.size,
                len(name),
                0,
            )
        )
        out.write(name)
        out.write(entry.packed)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0x21,
                entry.crc,
                len(entry.packed),
                entry.size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + name
        )
    start = out.tell()
    for record in central:
        out.write(record)
    size = out.tell() - start
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), size, start, 0)
    )
    return out.getvalue()


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def _docx_parts() -> list[_Entry]:
    return [
        _small("[Content_Types].xml", _CONTENT_TYPES),
        _small("word/document.xml", b"<w:document/>"),
    ]


def zip_entry_bomb(expands_to: int = 2 * 2**30) -> bytes:
    """A "DOCX" of about 2 MB with one entry that expands to `expands_to` bytes (2 GB)."""
    return _write_zip([*_docx_parts(), _zeros("word/media/image1.png", expands_to)])


def many_entries_bomb(count: int = 60_000) -> bytes:
    """A "DOCX" with `count` tiny entries (a directory that costs time to walk)."""
    tiny = _deflate(b"")
    return _write_zip(
        [*_docx_parts(), *(_Entry(f"word/e{i}.xml", tiny, 0, 0) for i in range(count))]
    )


def nested_zip_bomb(depth: int = 3) -> bytes:
    """A "DOCX" whose embedded workbook holds an archive that holds an archive … (`depth`)."""
    inner = _write_zip([_zeros("data.bin", 64 * 2**20)])
    for level in range(depth - 1):
        inner = _write_zip([_small(f"layer{level}.zip", inner)])
    return _write_zip([*_docx_parts(), _small("word/embeddings/Workbook1.xlsx", inner)])


def _xlsx(sheet_xml: bytes, shared_strings: bytes | None = None) -> bytes:
    """A minimal valid XLSX around one sheet's XML (and optional shared strings)."""
    buffer = io.BytesIO()
    overrides = (
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    if shared_strings is not None:
        overrides += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + overrides + "</Types>",
        )
        book.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
            f'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}"><sheets>'
            '<sheet name="Isian" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        book.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_strings is not None:
            book.writestr("xl/sharedStrings.xml", shared_strings)
    return buffer.getvalue()


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def million_cells_xlsx(rows: int = 100_000, columns: int = 10) -> bytes:
    """An XLSX of a few dozen KB whose one sheet holds (and declares) a million cells."""
    last = chr(ord("A") + columns - 1)
    row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
    return _xlsx(
        _SHEET_HEAD
        + f'<dimension ref="A1:{last}{rows}"/><sheetData>'.encode()
        + row * rows
        + b"</sheetData></worksheet>"
    )


def huge_shared_strings_xlsx(strings: int = 1_000_000) -> bytes:
    """An XLSX whose shared-strings part expands to tens of megabytes (one small sheet)."""
    body = b"<si><t>aaaaaaaaaaaaaaaaaaaaaaa</t></si>" * strings
    shared = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.'
        b'org/spreadsheetml/2006/main">' + body + b"</sst>"
    )
    sheet = (
        _SHEET_HEAD + b'<dimension ref="A1"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v>'
        b"</c></row></sheetData></worksheet>"
    )
    return _xlsx(sheet, shared)
