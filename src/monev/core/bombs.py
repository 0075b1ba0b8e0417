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


def _xlsx(sheet_xml: bytes, shared_strings: bytes | None = None, title: str = "Isian") -> bytes:
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
            f'<sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>',
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


# --- issue 21: the parts a parser holds whole, undeclared sheets, lying sizes, pictures -------


def _docx_with(name: str, size: int, unit: bytes) -> bytes:
    """A DOCX whose part `name` inflates to about `size` bytes of the XML `unit` repeated."""
    body = unit * (size // len(unit))
    return _write_zip([*_docx_parts(), _small(name, body)])


def docx_core_bomb(size: int = 40 * 2**20) -> bytes:
    """A DOCX whose docProps/core.xml inflates to 40 MB (the report upload parsed it whole:
    a 180 KB file cost 973 MB)."""
    head = b'<?xml version="1.0"?><cp:coreProperties xmlns:cp="c"><dc:title xmlns:dc="d">'
    unit = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa "
    body = head + unit * (size // len(unit)) + b"</dc:title></cp:coreProperties>"
    return _write_zip([*_docx_parts(), _small("docProps/core.xml", body)])


def docx_document_bomb(size: int = 45 * 2**20) -> bytes:
    """A DOCX whose word/document.xml is 45 MB of real paragraphs (parsed whole)."""
    ns = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    para = b"<w:p><w:r><w:t>Capaian kinerja triwulan.</w:t></w:r></w:p>"
    body = b"<w:document " + ns + b"><w:body>" + para * (size // len(para)) + b"</w:body>"
    body += b"</w:document>"
    return _write_zip(
        [_small("[Content_Types].xml", _CONTENT_TYPES), _small("word/document.xml", body)]
    )


def xlsx_styles_bomb(size: int = 49 * 2**20) -> bytes:
    """A 3 MB-ish workbook whose xl/styles.xml inflates to 49 MB of cell formats (openpyxl
    holds it whole: +1 GB for 24 s)."""
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    styles = (
        b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><cellXfs>' + xf * (size // len(xf)) + b"</cellXfs>"
        b"</styleSheet>"
    )
    sheet = _SHEET_HEAD + b'<dimension ref="A1"/><sheetData/></worksheet>'
    return _add_parts(_xlsx(sheet), {"xl/styles.xml": styles})


def undeclared_sheet_xlsx(rows: int = 200_000, title: str = "Isian") -> bytes:
    """A workbook whose one sheet declares no dimension and holds `rows` rows, each with a
    cell in the last column (XFD): a streamed reader pads every row to 16 384 cells."""
    body = b"".join(
        b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(1, rows + 1)
    )
    return _xlsx(_SHEET_HEAD + b"<sheetData>" + body + b"</sheetData></worksheet>", title=title)


def undeclared_plan_sheet() -> bytes:
    """Within the limits (19 000 rows), a plan sheet "Tujuan" without a dimension whose rows
    each end in column XFD: read, not refused — in about a second, not 23 s and 2.4 GB."""

    def text(ref: str, value: str) -> bytes:
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'.encode()

    names = ("kode", "nama", "kode_induk", "kode_unit", "urutan")
    head = (
        b'<row r="1">'
        + b"".join(text(f"{c}1", n) for c, n in zip("ABCDE", names, strict=True))
        + b"</row>"
    )
    body = b"".join(
        b'<row r="%d">' % n + text(f"A{n}", f"T{n}") + text(f"B{n}", "Tujuan")
        + b'<c r="XFD%d"><v>1</v></c></row>' % n
        for n in range(2, 19_001)
    )  # fmt: skip
    return _xlsx(
        _SHEET_HEAD + b"<sheetData>" + head + body + b"</sheetData></worksheet>", title="Tujuan"
    )


def lying_size_bomb(expands_to: int = 1 * 2**30) -> bytes:
    """A "DOCX" whose directory says its image is 1 KB while the entry inflates to 1 GB."""
    real = _zeros("word/media/image1.png", expands_to)
    lying = _Entry(real.name, real.packed, real.crc, 1024)
    return _write_zip([*_docx_parts(), lying])


def _add_parts(workbook: bytes, parts: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook))
    entries = [_small(i.filename, source.read(i)) for i in source.infolist()]
    entries = [e for e in entries if e.name not in parts]
    entries += [_small(name, data) for name, data in parts.items()]
    return _write_zip(entries)


def gif_logo_bomb(side: int = 12_000) -> bytes:
    """A real GIF of `side` × `side` pixels of one colour (about 100 KB; 144 million pixels,
    half a gigabyte once decoded). Building it takes a few seconds and `side`² bytes."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (side, side), 0).save(out, format="GIF")
    return out.getvalue()


def png_logo_bomb(side: int = 12_000) -> bytes:
    """A real PNG of `side` × `side` pixels of one colour (a few hundred KB)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (side, side), 255).save(out, format="PNG", optimize=False)
    return out.getvalue()


def picture_claiming(width: int, height: int, kind: str = "GIF") -> bytes:
    """A tiny GIF or PNG whose header declares `width` × `height` pixels (its data is a
    1 × 1 picture): what a pixel check reads, without building the large picture."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("P" if kind == "GIF" else "L", (1, 1), 0).save(out, format=kind)
    data = bytearray(out.getvalue())
    if kind == "GIF":
        data[6:10] = struct.pack("<HH", width, height)  # logical screen
        at = data.index(b"\x2c")  # image descriptor
        data[at + 5 : at + 9] = struct.pack("<HH", width, height)
    else:
        ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
        data[16:29] = ihdr
        data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)
