"""Compare two versions of a report (SOP step 10): the narrative word by word, and the
numbers that changed. Pure functions over the versions' plain data (section texts and
snapshots). The result is plain text pieces: the template escapes them, so a diff never
becomes markup (a section containing "<script>" shows as text)."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

NUMBER = re.compile(r"(?<![\w])(?:Rp\s?)?\d+(?:[.,]\d+)*(?:\s?%)?")
TOKEN = re.compile(r"^\s+|\S+\s*")  # a word with the spaces after it


@dataclass(frozen=True)
class Piece:
    op: str  # "equal", "insert", "delete"
    text: str


@dataclass
class SectionDiff:
    key: str
    title: str
    changed: bool
    pieces: list[Piece] = field(default_factory=list)
    numbers_removed: list[str] = field(default_factory=list)
    numbers_added: list[str] = field(default_factory=list)


@dataclass
class NumberChange:
    where: str
    before: str
    after: str


@dataclass
class Comparison:
    sections: list[SectionDiff]
    numbers: list[NumberChange]

    @property
    def changed_sections(self) -> list[SectionDiff]:
        return [s for s in self.sections if s.changed]


def word_diff(a: str, b: str) -> list[Piece]:
    """The pieces turning `a` into `b`, word by word (whitespace kept)."""
    ta, tb = TOKEN.findall(a), TOKEN.findall(b)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=ta, b=tb, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("equal", "".join(ta[a0:a1])))
            continue
        if a1 > a0:
            pieces.append(Piece("delete", "".join(ta[a0:a1])))
        if b1 > b0:
            pieces.append(Piece("insert", "".join(tb[b0:b1])))
    return pieces


#: A number right after one of these words names a part of the document ("Tabel 3.2",
#: "BAB III", "Lampiran 2", "halaman 14"), not a figure the report states.
REFERENCE = re.compile(
    r"(?:\b(?:tabel|gambar|grafik|bab|lampiran|halaman|hlm\.?|pasal|ayat|bagian|sub ?bab)\s*)$",
    re.IGNORECASE,
)


def numbers_in(text: str) -> Counter[str]:
    """The figures the text states (with "Rp" and "%"), each as often as it occurs; a number
    that refers to a part of the document (`REFERENCE`) is no figure."""
    return Counter(
        m.group(0).replace(" ", "")
        for m in NUMBER.finditer(text)
        if not REFERENCE.search(text, max(0, m.start() - 12), m.start())
    )


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(v, f"{path}.{k}" if path else str(k)))
        return out
    if isinstance(value, list):
        out = {}
        for i, v in enumerate(value):
            out.update(_flat(v, f"{path}[{i}]"))
        return out
    return {path: value}


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"-?\d+(\.\d+)?", value))


def compare(
    sections_a: list[dict[str, Any]],
    sections_b: list[dict[str, Any]],
    snapshot_a: Any = None,
    snapshot_b: Any = None,
) -> Comparison:
    """Compare version A (older) with version B: each section's words, the numbers its
    text states, and every number of the snapshots (equal within one report, whose snapshot
    is frozen; listed when they differ)."""
    by_a = {s["key"]: s for s in sections_a}
    by_b = {s["key"]: s for s in sections_b}
    keys = list(dict.fromkeys([*by_a, *by_b]))
    out: list[SectionDiff] = []
    numbers: list[NumberChange] = []
    for key in keys:
        a, b = by_a.get(key, {}), by_b.get(key, {})
        ta, tb = a.get("text", ""), b.get("text", "")
        title = b.get("title") or a.get("title") or key
        changed = ta != tb
        diff = SectionDiff(key, title, changed, word_diff(ta, tb) if changed else [])
        if changed:
            na, nb = numbers_in(ta), numbers_in(tb)
            diff.numbers_removed = sorted((na - nb).elements())
            diff.numbers_added = sorted((nb - na).elements())
            if diff.numbers_removed or diff.numbers_added:
                numbers.append(
                    NumberChange(
                        title, ", ".join(diff.numbers_removed), ", ".join(diff.numbers_added)
                    )
                )
        out.append(diff)
    if snapshot_a is not None and snapshot_b is not None and snapshot_a != snapshot_b:
        fa, fb = _flat(snapshot_a), _flat(snapshot_b)
        for path in sorted(set(fa) | set(fb)):
            va, vb = fa.get(path), fb.get(path)
            if va != vb and (_numeric(va) or _numeric(vb)):
                numbers.append(NumberChange(path, str(va or ""), str(vb or "")))
    return Comparison(out, numbers)
