"""Check a PDF's links the way a reader follows them (issue #20 item 6): every link annotation
and every outline (bookmark) entry either jumps to a page inside the file — directly or
through a named destination — or is an external web address; never a ``file://`` URI."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pikepdf


def _names(pdf: pikepdf.Pdf) -> dict[str, Any]:
    """The named destinations of the document (the /Names /Dests tree and the old /Dests)."""
    found: dict[str, Any] = {}
    root = pdf.Root
    if "/Names" in root and "/Dests" in root.Names:
        for key, value in pikepdf.NameTree(root.Names.Dests).items():
            found[str(key)] = value
    if "/Dests" in root:
        for key, value in root.Dests.items():
            found[str(key).lstrip("/")] = value
    return found


def destinations(data: bytes) -> dict[str, int]:
    """Return the PDF's named destinations and the 0-based page each lands on."""
    with pikepdf.open(BytesIO(data)) as pdf:
        pages = [p.obj for p in pdf.pages]
        names = _names(pdf)
        return {name: _page_of(target, names, pages) for name, target in names.items()}


def _page_of(target: Any, names: dict[str, Any], pages: list[Any]) -> int:
    """Return the 0-based page a destination lands on (AssertionError when it lands nowhere)."""
    if isinstance(target, pikepdf.String | pikepdf.Name):
        key = str(target).lstrip("/")
        assert key in names, f"named destination {key!r} is not defined"
        target = names[key]
    if isinstance(target, pikepdf.Dictionary) and "/D" in target:
        target = target.D
    assert isinstance(target, pikepdf.Array) and len(target) > 0, f"bad destination {target!r}"
    page = target[0]
    for number, candidate in enumerate(pages):
        if candidate.objgen == page.objgen:
            return number
    raise AssertionError(f"destination {target!r} points outside the file's pages")


def _target(item: Any) -> Any:
    """The destination of a link or bookmark (its /Dest, or its GoTo action's /D)."""
    if "/Dest" in item:
        return item.Dest
    action = item.get("/A")
    return action.D if action is not None and action.get("/S") == "/GoTo" else None


def _action(item: Any, names: dict[str, Any], pages: list[Any], what: str) -> int | str:
    if "/Dest" in item:
        return _page_of(item.Dest, names, pages)
    action = item.get("/A")
    assert action is not None, f"{what} without destination or action"
    kind = str(action.S)
    if kind == "/URI":
        uri = str(action.URI)
        assert not uri.lower().startswith("file:"), f"{what} is a file URI: {uri}"
        assert uri.startswith(("http://", "https://", "mailto:")), f"{what}: {uri}"
        return uri
    assert kind == "/GoTo", f"{what} has action {kind}"
    return _page_of(action.D, names, pages)


def check_links(data: bytes) -> tuple[list[tuple[str, int]], list[tuple[str, int]], list[str]]:
    """Return (the link annotations' (named destination or "", page) in order — a link that
    wraps over several boxes once, the outline's (title, page) in order, external URIs);
    raise AssertionError on any link or bookmark that does not resolve in the file."""
    with pikepdf.open(BytesIO(data)) as pdf:
        pages = [p.obj for p in pdf.pages]
        names = _names(pdf)
        jumps: list[tuple[str, int]] = []
        external: list[str] = []
        for number, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") != "/Link":
                    continue
                target = _action(annot, names, pages, f"link on page {number + 1}")
                if isinstance(target, str):
                    external.append(target)
                    continue
                dest = _target(annot)
                named = isinstance(dest, pikepdf.String | pikepdf.Name)
                name = str(dest).lstrip("/") if named else ""
                if not jumps or jumps[-1] != (name, target) or not name:
                    jumps.append((name, target))
        outline: list[tuple[str, int]] = []

        def walk(item: Any) -> None:
            while item is not None:
                target = _action(item, names, pages, f"bookmark {item.get('/Title')}")
                assert isinstance(target, int), f"bookmark {item.Title} leaves the file"
                outline.append((str(item.Title), target))
                if "/First" in item:
                    walk(item.First)
                item = item.get("/Next")

        if "/Outlines" in pdf.Root and "/First" in pdf.Root.Outlines:
            walk(pdf.Root.Outlines.First)
    assert b"file://" not in data, "a file:// address is written somewhere in the PDF"
    return jumps, outline, external
