"""The README and docs/ stand on their own: no link or path outside the repository, and every
relative link points to a file that exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)")


def test_no_doc_points_outside_the_repository() -> None:
    assert len(DOCS) > 5
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for outside in ("../shared", "/work/", "shared/SPEC", "shared/RULES", "shared/DOMAIN"):
            assert outside not in text, (doc.name, outside)
        for target in LINK.findall(text):
            if "://" in target or target.startswith("mailto:"):
                continue
            assert (doc.parent / target).resolve().is_relative_to(ROOT), (doc.name, target)
            assert (doc.parent / target).exists(), (doc.name, target)
