"""Read an edited report DOCX back (SOP step 10): which report and version it was made
from, the text of each narrative section, the text outside the sections and the tables
(compared with the version it came from, so that an edit there is reported instead of
silently taken).

A section is found by several anchors, because Word and LibreOffice keep different things
(decision 0012): the content control tagged `section:<key>` (Word keeps it; LibreOffice drops
the tag), the control's title `w:alias` and the bookmark `monev_<key>` at its first paragraph
(both kept by Word and LibreOffice), and — when every anchor of a section was deleted — the
paragraph that preceded the section in the version it was edited from (its heading). A
section found by a tag is exactly the control's paragraphs; one found otherwise starts at its
anchor and runs until the next heading, caption, table, another section or the paragraph that
followed it in that version.

Word splits a paragraph's text over many runs (`w:r`), adds proofing marks, bookmarks and
tracked insertions (`w:ins`); the text of a paragraph is the concatenation of its `w:t`
(and tabs, breaks), whatever the runs. Text inside fields (the TOC, PAGE) is skipped, across
paragraphs: Word and LibreOffice rewrite it when they update fields. No ORM.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from lxml import etree

from monev.core.params import parse_small_int
from monev.reports.render_docx import BOOKMARK_PREFIX, SECTION_TAG, VERSION_MARK

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"
MAX_PART = 64 * 2**20  # bytes of the unpacked document part
#: Paragraph styles that end a section found without its tag (Word's ids and LibreOffice's).
FENCE_STYLES = ("title", "heading", "caption", "judul", "toc", "contents")


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


class UnreadableDocx(ValueError):
    """Not a DOCX this application can read (not a zip, no document part)."""


@dataclass
class Paragraph:
    """One paragraph of the body (outside tables), with the anchors it carries."""

    text: str
    style: str = ""
    tag: str | None = None  # key of an enclosing content control tagged section:<key>
    aliases: list[str] = field(default_factory=list)  # titles of content controls on it
    bookmarks: list[str] = field(default_factory=list)  # keys of monev_ bookmarks in it
    table: int | None = None  # a table stands here (index into `ReadBack.tables`)

    @property
    def fence(self) -> bool:
        """A heading, caption, TOC line or table: no section runs over it."""
        style = self.style.replace(" ", "").lower()
        return self.table is not None or style.startswith(FENCE_STYLES)


@dataclass
class TableRead:
    caption: str  # the nearest non-empty paragraph before the table
    rows: list[list[str]]
    header_rows: int = 1  # rows marked to repeat as the table's heading


@dataclass
class ReadBack:
    identifier: str  # "monev-<agency>-<year>-<quarter>-<cycle>/v<n>", or "" when missing
    sections: dict[str, str] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)  # paragraphs outside the sections
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[TableRead] = field(default_factory=list)
    labels: list[str | None] = field(default_factory=list)  # section key per paragraph
    found_by: dict[str, str] = field(default_factory=dict)  # key -> "tag"|"alias"|"bookmark"|…

    @property
    def origin(self) -> tuple[str, int | None]:
        """(document identifier without the version, version number or None)."""
        base, mark, number = self.identifier.rpartition(VERSION_MARK)
        version = parse_small_int(number, low=1, high=99999) if mark else None
        if version is None:  # "²" is a digit to str.isdigit(), not to int()
            return self.identifier, None
        return base, version

    def layout(self) -> Layout:
        """What a later upload of an edit of this document needs to find its sections
        without their tags: each section's title and the paragraphs around it."""
        titles: dict[str, str] = {}
        before: dict[str, str] = {}
        after: dict[str, str] = {}
        for i, (p, key) in enumerate(zip(self.paragraphs, self.labels, strict=True)):
            if key is None:
                continue
            for alias in p.aliases:
                titles.setdefault(alias, key)
            if key not in before:
                before[key] = _neighbour(self.paragraphs, self.labels, i, -1)
            after[key] = _neighbour(self.paragraphs, self.labels, i, +1)
        return Layout(titles=titles, before=before, after=after, order=list(before))


@dataclass
class Layout:
    titles: dict[str, str]  # content control title -> section key
    before: dict[str, str]  # key -> text of the paragraph before the section
    after: dict[str, str]  # key -> text of the paragraph after it ("" for a table)
    order: list[str]  # the section keys in document order


def _neighbour(paragraphs: list[Paragraph], labels: list[str | None], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(paragraphs):
        p = paragraphs[j]
        if labels[j] is not None and labels[j] != labels[i]:
            return ""
        if labels[j] is None and (p.table is not None or p.text.strip()):
            return p.text.strip()
        j += step
    return ""


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
    return _text(p, 0)[0]


def _text(p: Any, depth: int) -> tuple[str, int]:
    """The paragraph's visible text and the field depth after it (`depth`: inside how many
    complex fields — fldChar begin … end, skipped — the paragraph starts; a TOC field spans
    many paragraphs)."""
    out: list[str] = []
    for node in p.iter(q("t"), q("tab"), q("br"), q("fldChar"), q("instrText"), q("delText")):
        if node.tag == q("fldChar"):
            kind = node.get(q("fldCharType"))
            depth = depth + 1 if kind == "begin" else max(depth - 1, 0) if kind == "end" else depth
            continue
        if depth > 0 or node.tag in (q("instrText"), q("delText")):
            continue
        if node.tag == q("t"):
            out.append(node.text or "")
        elif node.tag == q("tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out), depth


def _tag(sdt: Any) -> str:
    tag = sdt.find(f"{q('sdtPr')}/{q('tag')}")
    return (tag.get(q("val")) or "") if tag is not None else ""


def _alias(sdt: Any) -> str:
    alias = sdt.find(f"{q('sdtPr')}/{q('alias')}")
    return (alias.get(q("val")) or "").strip() if alias is not None else ""


def _style(p: Any) -> str:
    style = p.find(f"{q('pPr')}/{q('pStyle')}")
    return (style.get(q("val")) or "") if style is not None else ""


def _bookmark_keys(node: Any) -> list[str]:
    names = (b.get(q("name")) or "" for b in node.iter(q("bookmarkStart")))
    return [n[len(BOOKMARK_PREFIX) :] for n in names if n.startswith(BOOKMARK_PREFIX)]


class _Flow:
    """The body's paragraphs and tables in reading order, content controls opened."""

    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.tables: list[TableRead] = []
        self.depth = 0
        self.pending: list[str] = []  # bookmarks standing between paragraphs

    def walk(self, parent: Any, tag: str | None, aliases: list[str]) -> None:
        for child in parent:
            if child.tag == q("p"):
                self.paragraph(child, tag, aliases)
            elif child.tag == q("tbl"):
                self.table(child)
            elif child.tag == q("sdt"):
                own = _tag(child)
                key = own[len(SECTION_TAG) :] if own.startswith(SECTION_TAG) else tag
                alias = _alias(child)
                content = child.find(q("sdtContent"))
                if content is not None:
                    self.walk(content, key, [*aliases, alias] if alias else aliases)
            elif child.tag == q("bookmarkStart"):
                self.pending += _bookmark_keys(child)
            elif child.tag in (q("customXml"), q("smartTag")):
                self.walk(child, tag, aliases)

    def paragraph(self, p: Any, tag: str | None, aliases: list[str]) -> None:
        text, self.depth = _text(p, self.depth)
        inline = [a for a in (_alias(s) for s in p.iter(q("sdt"))) if a]
        inline_tags = [t for t in (_tag(s) for s in p.iter(q("sdt"))) if t.startswith(SECTION_TAG)]
        if tag is None and inline_tags:
            tag = inline_tags[0][len(SECTION_TAG) :]
        marks = [*self.pending, *_bookmark_keys(p)]
        self.paragraphs.append(
            Paragraph(text, _style(p), tag, aliases=[*aliases, *inline], bookmarks=marks)
        )
        self.pending = []

    def table(self, tbl: Any) -> None:
        rows: list[list[str]] = []
        header_rows = 0
        for tr in tbl.findall(q("tr")):
            cells = []
            for tc in tr.findall(q("tc")):
                texts = [paragraph_text(p).strip() for p in tc.iter(q("p"))]
                cells.append("\n".join(t for t in texts if t))
            if tr.find(f"{q('trPr')}/{q('tblHeader')}") is not None and header_rows == len(rows):
                header_rows += 1
            rows.append(cells)
        caption = next((p.text.strip() for p in reversed(self.paragraphs) if p.text.strip()), "")
        self.paragraphs.append(Paragraph(text="", table=len(self.tables)))
        self.tables.append(TableRead(caption=caption, rows=rows, header_rows=header_rows or 1))


def read(data: bytes, base: Layout | None = None) -> ReadBack:
    """Return what an uploaded DOCX says: identifier, sections, text outside them, tables.
    `base` (the `layout()` of the version it was edited from) lets sections whose tags were
    dropped be found by their title or by the paragraphs around them."""
    document_xml, core_xml = _parts(data)
    root = _parse(document_xml)
    identifier = ""
    if core_xml:
        found = _parse(core_xml).find(f"{{{DC}}}identifier")
        identifier = (found.text or "").strip() if found is not None else ""
    body = root.find(q("body"))
    if body is None:
        raise UnreadableDocx("no body")
    flow = _Flow()
    flow.walk(body, None, [])
    result = ReadBack(identifier=identifier, paragraphs=flow.paragraphs, tables=flow.tables)
    result.labels = _assign(flow.paragraphs, base, result.found_by)
    texts: dict[str, list[str]] = {key: [] for key in result.found_by}
    for p, key in zip(flow.paragraphs, result.labels, strict=True):
        if key is not None:
            texts.setdefault(key, []).append(p.text)
        elif p.table is None and p.text.strip() and not _is_toc(p):
            result.outside.append(p.text.strip())
    result.sections = {k: normalise("\n".join(v)) for k, v in texts.items()}
    return result


def _is_toc(p: Paragraph) -> bool:
    style = p.style.replace(" ", "").lower()
    return style.startswith(("toc", "contents"))


def _assign(
    paragraphs: list[Paragraph], base: Layout | None, found_by: dict[str, str]
) -> list[str | None]:
    """The section key of each paragraph (None outside the sections), anchor by anchor."""
    labels: list[str | None] = [p.tag for p in paragraphs]
    for key in labels:
        if key is not None:
            found_by.setdefault(key, "tag")
    titles = base.titles if base else {}
    starts: dict[str, int] = {}
    for i, p in enumerate(paragraphs):  # a bookmark or a control's title starts a section
        if labels[i] is not None:
            continue
        anchors = [(k, "bookmark") for k in p.bookmarks]
        anchors += [(titles[a], "alias") for a in p.aliases if a in titles]
        for key, how in anchors:
            if key not in found_by and key not in starts:
                starts[key], found_by[key] = i, how
    if base is not None:  # every anchor gone: the section follows the paragraph before it
        cursor = 0
        for key in base.order:
            if key in found_by:
                cursor = max(cursor, starts.get(key, cursor))
                continue
            fence = base.before.get(key, "")
            for j in range(cursor, len(paragraphs)):
                if fence and labels[j] is None and paragraphs[j].text.strip() == fence:
                    if j + 1 < len(paragraphs) and j + 1 not in starts.values():
                        starts[key], found_by[key] = j + 1, "heading"
                        cursor = j + 1
                    break
    begun = set(starts.values())
    for key, i in sorted(starts.items(), key=lambda item: item[1]):
        stop = base.after.get(key, "") if base else ""
        j = i
        while j < len(paragraphs) and labels[j] is None:
            p = paragraphs[j]
            if j > i and (j in begun or p.fence or (stop and p.text.strip() == stop)):
                break
            if j == i and p.fence:  # the anchor stands on a heading or a table: not a section
                break
            labels[j] = key
            j += 1
    return labels


def normalise(text: str) -> str:
    """A section's text as the DOCX carries it: one line per non-empty paragraph, no
    trailing spaces (the renderer writes one paragraph per non-empty line)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line.strip())


def outside_changes(before: list[str], after: list[str]) -> list[dict[str, Any]]:
    """The paragraphs outside the sections that differ: [{"before", "after"}] (one side
    empty for an added or removed paragraph)."""
    changes: list[dict[str, Any]] = []
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


TABLE_NAME = re.compile(r"^((?:Tabel|Gambar|Formulir|Lampiran)\s+[\w.]*\w)", re.IGNORECASE)


def table_name(caption: str, index: int) -> str:
    """ "Tabel 3.2" of "Tabel 3.2 Capaian kinerja per Bidang"; a caption without a number
    whole (shortened); "tabel ke-n" for a table without one."""
    caption = " ".join(caption.split())
    match = TABLE_NAME.match(caption)
    if match:
        return match.group(1)
    if caption:
        return caption if len(caption) <= 60 else caption[:59] + "…"
    return f"tabel ke-{index + 1}"


def _row_label(row: list[str]) -> str:
    """What names a row for a reader: its first cell that is not a bare number."""
    for cell in row[:3]:
        text = " ".join(cell.split())
        if text and not re.fullmatch(r"[\d.,]+", text):
            return text if len(text) <= 60 else text[:59] + "…"
    return ""


def table_changes(before: list[TableRead], after: list[TableRead]) -> list[dict[str, Any]]:
    """The cells of the tables that differ, each naming its table, row and column:
    [{"table", "row", "row_label", "column", "column_label", "before", "after"}]; a row
    added or removed has no column, a table added or removed no row."""
    changes: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(
        a=[t.caption for t in before], b=[t.caption for t in after], autojunk=False
    )
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        pairs = list(zip(range(a0, a1), range(b0, b1), strict=False))
        if op in ("equal", "replace"):
            for i, j in pairs:
                changes += _cells(table_name(before[i].caption, i), before[i], after[j])
        for i in range(a0 + len(pairs), a1):  # removed tables
            changes.append({"table": table_name(before[i].caption, i), "before": before[i].caption,
                            "after": "", "row": None})  # fmt: skip
        for j in range(b0 + len(pairs), b1):  # added tables
            changes.append({"table": table_name(after[j].caption, j), "before": "",
                            "after": after[j].caption, "row": None})  # fmt: skip
    return changes


def _cells(name: str, old: TableRead, new: TableRead) -> list[dict[str, Any]]:
    heads = old.rows[old.header_rows - 1] if old.rows and old.header_rows else []
    changes: list[dict[str, Any]] = []

    def row_number(r: int) -> int:
        return r - old.header_rows + 1  # the first row under the heading is row 1

    matcher = difflib.SequenceMatcher(
        a=["\t".join(r) for r in old.rows], b=["\t".join(r) for r in new.rows], autojunk=False
    )
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(range(a0, a1), range(b0, b1), strict=False)) if op == "replace" else []
        for r, s in pairs:
            a, b = old.rows[r], new.rows[s]
            for c in range(max(len(a), len(b))):
                x, y = (a[c] if c < len(a) else ""), (b[c] if c < len(b) else "")
                if x != y:
                    changes.append({
                        "table": name, "row": row_number(r), "row_label": _row_label(a),
                        "column": c + 1, "column_label": heads[c] if c < len(heads) else "",
                        "before": x, "after": y,
                    })  # fmt: skip
        for r in range(a0 + len(pairs), a1):  # a row removed
            row = old.rows[r]
            changes.append({"table": name, "row": row_number(r), "row_label": _row_label(row),
                            "column": None, "before": " | ".join(row), "after": ""})  # fmt: skip
        for s in range(b0 + len(pairs), b1):  # a row added
            row = new.rows[s]
            changes.append({"table": name, "row": row_number(s), "row_label": _row_label(row),
                            "column": None, "before": "", "after": " | ".join(row)})  # fmt: skip
    return changes
