"""The layers import only what docs/architecture.rst says they may."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sphinx_smtpcodes"
NAME = "sphinx_smtpcodes"

EXTERNAL = ("sphinx", "docutils")
#: Module prefix (inside the package) → what it must never import.
FORBIDDEN = {
    "registry": (*EXTERNAL, "readers", "content", "render", "sphinxext", "cli"),
    "readers": (*EXTERNAL, "content", "render", "sphinxext", "cli"),
    "content": (*EXTERNAL, "render", "sphinxext", "cli"),
    "render": ("sphinxext", "cli"),
    "render.text": (*EXTERNAL, "render.nodes", "sphinxext", "cli"),
    "render.nodes": ("sphinxext", "cli"),
    "sphinxext": ("cli",),
    "cli": (*EXTERNAL, "render.nodes", "sphinxext"),
    # Lazy imports, used by every layer: it imports nothing of ours.
    "lazy": (*EXTERNAL, "registry", "readers", "content", "render", "sphinxext", "cli"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def _in_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(path: Path, module: str | None = None) -> set[str]:
    """Every module that ``path`` (the package's ``module``) imports at run time, absolute.

    Imports under ``if TYPE_CHECKING:`` are left out; those inside functions
    count (they run when the function does).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    module = _module_name(path) if module is None else module
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if _in_type_checking(node, parents):
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([NAME, *base, *([node.module] if node.module else [])])
                # ``from .. import content`` imports a module too
                found.update(f"{target}.{alias.name}" for alias in node.names)
            else:
                target = node.module or ""
            found.add(target)
    return found


def _inside(name: str) -> str | None:
    """``content.labels`` for ``sphinx_smtpcodes.content.labels``; None outside the package."""
    if name == NAME:
        return ""
    return name.removeprefix(NAME + ".") if name.startswith(NAME + ".") else None


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(module: str, names: set[str]) -> list[str]:
    """The imports in ``names`` that the layer of ``module`` may not make."""
    rules = [forbidden for prefix, forbidden in FORBIDDEN.items() if _matches(module, prefix)]
    broken = []
    for name in sorted(names):
        inside = _inside(name)
        for forbidden in (f for rule in rules for f in rule):
            if forbidden in EXTERNAL:
                if inside is None and _matches(name, forbidden):
                    broken.append(name)
            elif inside is not None and _matches(inside, forbidden):
                broken.append(name)
    return broken


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    unplaced = [
        m
        for m in map(_module_name, MODULES)
        if m and not any(_matches(m, prefix) for prefix in FORBIDDEN)
    ]
    assert unplaced == ["__main__"]  # with the package's __init__: the entry points


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p) or "__init__")
def test_module_imports_only_what_its_layer_may(path):
    module = _module_name(path)
    assert violations(module, imports_of(path)) == []


def test_the_rules_catch_a_forbidden_import(tmp_path):
    probe = tmp_path / "model.py"
    probe.write_text(
        "import docutils.nodes\nfrom ..render import text\nfrom .i18n import N_\n"
        "def late():\n    from sphinx.util import logging\n"
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import sphinx.application\n"
    )
    names = imports_of(probe, "registry.model")
    assert violations("registry.model", names) == [
        "docutils.nodes",
        "sphinx.util",
        f"{NAME}.render",
        f"{NAME}.render.text",
    ]
    assert violations("sphinxext.domain", names) == []
