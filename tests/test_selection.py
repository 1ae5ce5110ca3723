"""One selection: ``smtpcodes list`` and ``smtp-table`` pick the same codes (issue 10, part 3).

Both call :func:`sphinx_smtpcodes.content.select`; this test builds a page with
one table per filter and compares each with the command's list.
"""

from __future__ import annotations

import io

import pytest

from sphinx_smtpcodes.cli import main
from sphinx_smtpcodes.content import CATEGORIES

from .conftest import soup, warnings

#: (command-line options, the directive's options) of each filter.
FILTERS = [
    (["--class", "2"], [":code-class: 2"]),
    (["--class", "3"], [":code-class: 3"]),
    (["--class", "4xx"], [":code-class: 4xx"]),
    (["--class", "5"], [":code-class: 5"]),
    (["--kind", "reply"], [":kind: reply"]),
    (["--kind", "enhanced"], [":kind: enhanced"]),
    (["--standard", "no"], [":standard: no"]),
    (
        ["--class", "4", "--kind", "reply", "--standard", "yes"],
        [":code-class: 4", ":kind: reply", ":standard: yes"],
    ),
    (["--class", "5", "--kind", "enhanced"], [":code-class: 5", ":kind: enhanced"]),
    *[(["--category", c], [f":category: {c}"]) for c in CATEGORIES],
    (["--category", "tls", "--category", "queue"], [":category: tls queue"]),
]


def _listed(*args: str) -> list[str]:
    out = io.StringIO()
    assert main(["list", *args], out=out) == 0
    return [line.split()[0] for line in out.getvalue().splitlines() if line.strip()]


def test_list_class_3_is_the_intermediate_replies_only():
    # Before, the command kept its own filter and listed 83 rows, most of them X.* patterns.
    listed = _listed("--class", "3")
    assert {"334", "354"} <= set(listed)
    assert all(len(code) == 3 and code.startswith("3") for code in listed), listed


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    from sphinx.testing.util import SphinxTestApp

    root = tmp_path_factory.mktemp("selection")
    (root / "conf.py").write_text('extensions = ["sphinx_smtpcodes"]\n')
    page = ["Tables", "======", ""]
    for index, (_, options) in enumerate(FILTERS):
        page += [".. smtp-table::", *(f"   {o}" for o in options), f"   :name: filter-{index}", ""]
    (root / "index.rst").write_text("\n".join(page), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=root)
    try:
        app.build()
    finally:
        app.cleanup()
    # The page is parsed once: it holds every table, and the tests only read it.
    return warnings(app), soup(app)


@pytest.mark.parametrize(("index", "args"), [(i, f[0]) for i, f in enumerate(FILTERS)])
def test_list_selects_the_codes_smtp_table_shows(tables, index, args):
    warned, page = tables
    assert warned == ""
    table = page.select_one(f"#filter-{index}")
    if table.name != "table":
        table = table.find("table")
    shown = [
        row.find("td").get_text(" ", strip=True).split()[0] for row in table.select("tbody tr")
    ]
    assert shown, args
    assert _listed(*args) == shown
