"""The stored doctrees of the documentation's examples (``tests/golden/``).

Every snippet in ``docs/examples/`` exists in reST (``NAME.rst``) and in
MyST Markdown (``NAME.md``). Each is built alone, as the one page of a
small project, and the doctree of that page after Sphinx has resolved it
for HTML is stored as ``tests/golden/NAME.xml``. ``tests/test_golden.py``
builds both syntaxes again and compares each with the stored file, so a
change to what a snippet renders shows up as a diff to review (as
sphinx-design does with its snippets).

Run ``python tools/golden.py`` after an intended change (new data, a new
label, a new example) to write the files again; ``--check`` only reports
which are stale.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from inspect import signature
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "docs" / "examples"
GOLDEN = REPO / "tests" / "golden"
SYNTAXES = {"rst": "Page\n====\n\n{text}", "md": "# Page\n\n{text}"}

CONF = """\
extensions = ["myst_parser", "sphinx_smtpcodes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
project = "golden"
show_warning_types = True
"""


def example_names() -> list[str]:
    """The examples of the documentation, by name (``code``, ``compare``…)."""
    return sorted(p.stem for p in EXAMPLES.glob("*.rst"))


def build_example(name: str, syntax: str, workdir: Path) -> tuple[str, str]:
    """Build example ``name`` in ``syntax``; return (warnings, stored form of its doctree)."""
    from sphinx.application import Sphinx
    from sphinx.util.console import strip_escape_sequences
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    src = workdir / f"{name}-{syntax}"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   page\n", encoding="utf-8")
    text = (EXAMPLES / f"{name}.{syntax}").read_text(encoding="utf-8")
    (src / f"page.{syntax}").write_text(SYNTAXES[syntax].format(text=text), encoding="utf-8")
    warning = StringIO()
    # As sphinx-build does: each build registers its directives in a namespace of its own.
    with patch_docutils(src), docutils_namespace():
        app = Sphinx(
            src, src, src / "_build" / "html", src / "_build" / "doctrees", "html",
            status=None, warning=warning, freshenv=True,
        )  # fmt: skip
        app.build()
        resolve = app.env.get_and_resolve_doctree
        # Sphinx 9 takes the builder's tags (and will require them); 7.4 does not
        tags = {"tags": app.builder.tags} if "tags" in signature(resolve).parameters else {}
        doctree = resolve("page", app.builder, **tags)
    return strip_escape_sequences(warning.getvalue()), stored_form(doctree)


def stored_form(doctree) -> str:
    """The page's content (what follows its title), as docutils' pseudo-XML.

    Where a node came from (source file, line) is left out: the files are
    written to a temporary folder. Neighbouring pieces of text are joined:
    MyST keeps a line break as a text node of its own, reST inside the text
    before it, and a reader sees the same.
    """
    from docutils import nodes

    section = next(iter(doctree.findall(nodes.section)))
    for node in section.findall(nodes.Element):
        node.attributes.pop("source", None)
        children = []
        for child in node.children:
            if isinstance(child, nodes.Text) and children and isinstance(children[-1], nodes.Text):
                children[-1] = nodes.Text(children[-1] + child)
            else:
                children.append(child)
        if len(children) != len(node.children):
            node.children = []
            node.extend(children)
    return "".join(child.pformat() for child in section.children[1:])


def golden_path(name: str) -> Path:
    """Where the doctree of example ``name`` is stored (one file for both syntaxes)."""
    return GOLDEN / f"{name}.xml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in example_names():
            warnings, tree = build_example(name, "rst", Path(tmp))
            if warnings:
                print(f"{name}.rst warns:\n{warnings}", file=sys.stderr)
                return 1
            path = golden_path(name)
            if path.exists() and path.read_text(encoding="utf-8") == tree:
                continue
            stale.append(path)
            if not args.check:
                GOLDEN.mkdir(parents=True, exist_ok=True)
                path.write_text(tree, encoding="utf-8")
                print(f"updated: {path.relative_to(REPO)}")
    if args.check and stale:
        print("stale: " + ", ".join(str(p.relative_to(REPO)) for p in stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
