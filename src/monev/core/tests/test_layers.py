"""The base layer has no cycles: `core` imports no app, `organization` does not import
`accounts` (accounts builds on organization), and `planning` does not import `collection`.

Imports are read with `ast` from the source, so a lazy import inside a function counts too.
Imports under `if TYPE_CHECKING:` are left out: they exist for the type checker only and
are never executed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]  # src/monev
APPS = {
    "accounts",
    "organization",
    "planning",
    "collection",
    "evaluation",
    "sop",
    "api",
    "demo",
    "monitoring",
    "reports",
}


def _runtime_imports(tree: ast.AST) -> set[str]:
    """Return the modules imported by `tree`, outside `if TYPE_CHECKING:` blocks."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _apps_named_by(package: str) -> dict[str, set[str]]:
    """Return, per app of monev, the files of `package` (not its tests) that import it."""
    named: dict[str, set[str]] = {}
    for path in sorted((SRC / package).rglob("*.py")):
        if "tests" in path.relative_to(SRC / package).parts:
            continue
        for module in _runtime_imports(ast.parse(path.read_text(), str(path))):
            parts = module.split(".")
            if parts[0] == "monev" and len(parts) > 1 and parts[1] in APPS:
                named.setdefault(parts[1], set()).add(str(path.relative_to(SRC)))
    return named


def test_the_import_graph_of_core_names_no_app() -> None:
    assert _apps_named_by("core") == {}


def test_the_pure_domain_names_no_app() -> None:
    assert _apps_named_by("domain") == {}


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("organization", "accounts"), ("planning", "collection")],
)
def test_a_lower_layer_does_not_import_a_higher_one(package: str, forbidden: str) -> None:
    assert forbidden not in _apps_named_by(package)


def test_the_check_sees_lazy_imports_inside_functions(tmp_path: Path) -> None:
    tree = ast.parse("def f():\n    from monev.sop.models import Cycle\n")
    assert "monev.sop.models" in _runtime_imports(tree)
