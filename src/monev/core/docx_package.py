"""A python-docx document saved reproducibly: the same document gives the same DOCX bytes
whenever it is saved (python-docx's own save dates every zip entry at the time of saving).
Used by the report's and the Perjanjian Kinerja's DOCX renderers."""

from __future__ import annotations

import zipfile
from datetime import datetime
from io import BytesIO
from typing import Any, cast

from docx.opc.phys_pkg import PhysPkgWriter
from docx.opc.pkgwriter import PackageWriter

#: The OPC content-types part: written first, where readers and sniffers look for it.
CONTENT_TYPES = "[Content_Types].xml"


class _Members:
    """The physical writer python-docx's `PackageWriter` writes each part to, here kept by
    member name so that the parts are zipped afterwards in one order with one date."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.blobs[pack_uri.membername] = blob

    def close(self) -> None:
        pass


def saved(doc: Any, at: datetime) -> bytes:
    """Return the DOCX bytes of `doc`, reproducibly: what `Document.save` writes
    (`OpcPackage.save` of python-docx 1.2: each part marshalled, then the content types, the
    package's relationships, each part with its own), every entry dated `at` (a zip cannot
    date before 1980), the content types first and the other parts by name, each entry with
    the same compression and attributes. Each part is compressed once, as `save` does."""
    package = doc.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    members = _Members()
    writer = cast(PhysPkgWriter, members)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    stamp = (max(at.year, 1980), at.month, at.day, at.hour, at.minute, at.second)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(members.blobs, key=lambda n: (n != CONTENT_TYPES, n)):
            member = zipfile.ZipInfo(name, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 3  # Unix, wherever it is rendered
            member.external_attr = 0o600 << 16  # as zipfile writes a named member
            target.writestr(member, members.blobs[name])
    return out.getvalue()
