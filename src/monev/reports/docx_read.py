"""Read an edited report DOCX back (SOP step 10): which report and version it was made
from, the text of each narrative section from its Word content control (`w:sdt` tagged
`section:<key>`, see `render_docx`), and the text outside the controls (compared with the
version it came from, so that an edit there is reported instead of silently taken).

Word splits a paragraph's text over many runs (`w:r`), adds proofing marks, bookmarks and
tracked insertions (`w:ins`); the text of a paragraph is the concatenation of its `w:t`
(and tabs, breaks), whatever the runs. Text inside fields (the TOC, PAGE) is skipped: Word
rewrites it when it updates fields. No ORM.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from lxml import etree

from monev.reports.render_docx import SECTION_TAG, VERSION_MARK

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"
MAX_PART = 64 * 2**20  # bytes of the unpacked document part


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


class UnreadableDocx(ValueError):
    """Not a DOCX this application can read (not a zip, no document part)."""


@dataclass
class ReadBack:
    identifier: str  # "monev-<agency>-<year>-<quarter>-<cycle>/v<n>", or "" when missing
    sections: dict[str, str] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)  # paragraphs outside the controls

    @property
    def origin(self) -> tuple[str, int | None]:
        """(document identifier without the version, version number or None)."""
        base, mark, number = self.identifier.rpartition(VERSION_MARK)
        if not mark or not number.isdigit():
            return self.identifier, None
        return base, int(number)


def _parts(data: bytes) -> tuple[bytes, bytes]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            names = set(z.namelist())
            if "word/document.xml" not in names:
                raise UnreadableDocx("no word/document.xml")
            if any(z.getinfo(n).file_size > MAX_PART for n in ("word/document.xml",)):
                raise UnreadableDocx("document part too large")  # a zip bomb
            core = z.read("docProps/core.xml") if "docProps/core.xml" in names else b""
            return z.read("word/document.xml"), core
    except (zipfile.BadZipFile, OSError, KeyError) as error:
        raise UnreadableDocx(str(error)) from error


def _parse(xml: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        raise UnreadableDocx(str(error)) from error


def paragraph_text(p: Any) -> str:
    """The visible text of a paragraph: its runs' text outside fields, deletions left out."""
    out: list[str] = []
    depth = 0  # inside a complex field (fldChar begin … end): skipped
    for node in p.iter(q("t"), q("tab"), q("br"), q("fldChar"), q("instrText"), q("delText")):
        if node.tag == q("fldChar"):
            kind = node.get(q("fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
            continue
        if depth > 0 or node.tag in (q("instrText"), q("delText")):
            continue
        if node.tag == q("t"):
            out.append(node.text or "")
        elif node.tag == q("tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def _tag(sdt: Any) -> str:
    tag = sdt.find(f"{q('sdtPr')}/{q('tag')}")
    return (tag.get(q("val")) or "") if tag is not None else ""


def _is_toc(p: Any) -> bool:
    style = p.find(f"{q('pPr')}/{q('pStyle')}")
    value = (style.get(q("val")) or "") if style is not None else ""
    return value.replace(" ", "").lower().startswith("toc")


def read(data: bytes) -> ReadBack:
    """Return what an uploaded DOCX says: identifier, sections, text outside them."""
    document_xml, core_xml = _parts(data)
    root = _parse(document_xml)
    identifier = ""
    if core_xml:
        found = _parse(core_xml).find(f"{{{DC}}}identifier")
        identifier = (found.text or "").strip() if found is not None else ""
    body = root.find(q("body"))
    if body is None:
        raise UnreadableDocx("no body")
    result = ReadBack(identifier=identifier)

    def inside_section(node: Any) -> str | None:
        for ancestor in node.iterancestors(q("sdt")):
            tag = _tag(ancestor)
            if tag.startswith(SECTION_TAG):
                return tag[len(SECTION_TAG) :]
        return None

    texts: dict[str, list[str]] = {}
    for p in body.iter(q("p")):
        text = paragraph_text(p)
        key = inside_section(p)
        if key is not None:
            texts.setdefault(key, []).append(text)
        elif text.strip() and not _is_toc(p):
            result.outside.append(text.strip())
    for sdt in body.iter(q("sdt")):  # a control emptied of every paragraph is still there
        tag = _tag(sdt)
        if tag.startswith(SECTION_TAG):
            texts.setdefault(tag[len(SECTION_TAG) :], [])
    result.sections = {k: normalise("\n".join(v)) for k, v in texts.items()}
    return result


def normalise(text: str) -> str:
    """A section's text as the DOCX carries it: one line per non-empty paragraph, no
    trailing spaces (the renderer writes one paragraph per non-empty line)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line.strip())


def outside_changes(before: list[str], after: list[str]) -> list[dict[str, str]]:
    """The paragraphs outside the controls that differ: [{"before", "after"}] (one side
    empty for an added or removed paragraph)."""
    import difflib

    changes: list[dict[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        old, new = before[a0:a1], after[b0:b1]
        for i in range(max(len(old), len(new))):
            changes.append(
                {"before": old[i] if i < len(old) else "", "after": new[i] if i < len(new) else ""}
            )
    return changes
