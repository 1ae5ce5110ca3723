"""The documentation's examples: the same in both syntaxes, and the docs build clean."""

from __future__ import annotations

from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLES = sorted(p.stem for p in (DOCS / "examples").glob("*.rst"))


def test_every_example_has_both_syntaxes():
    assert EXAMPLES
    for name in EXAMPLES:
        assert (DOCS / "examples" / f"{name}.md").is_file(), name


@pytest.mark.parametrize("name", EXAMPLES)
def test_documented_example_gives_the_same_doctree_in_rst_and_myst(example_build, name):
    pytest.importorskip("myst_parser")
    rst_warnings, rst_tree = example_build(name, "rst")
    md_warnings, md_tree = example_build(name, "md")
    assert rst_warnings == md_warnings == ""
    assert md_tree == rst_tree


def test_documentation_builds_without_warnings(tmp_path):
    from sphinx.cmd.build import build_main

    assert build_main(["-W", "-q", "-b", "html", str(DOCS), str(tmp_path / "html")]) == 0
    # The Code Index is reachable: from the front page and from every page's sidebar.
    front = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    usage = (tmp_path / "html" / "usage.html").read_text(encoding="utf-8")
    assert front.count('href="smtp-codeindex.html"') >= 2
    assert 'href="smtp-codeindex.html"' in usage
    assert (tmp_path / "html" / "smtp-codeindex.html").is_file()


@pytest.fixture(scope="module")
def manual_html(tmp_path_factory):
    """The example manual (``examples`` or ``examples/ko``) built to HTML with ``-W``.

    Built once per manual for the tests below: each only reads the pages.
    """
    from sphinx.cmd.build import build_main

    done: dict[str, Path] = {}

    def get(manual: str) -> Path:
        if manual not in done:
            out = tmp_path_factory.mktemp("manual")
            assert build_main(["-W", "-q", "-b", "html", str(DOCS.parent / manual), str(out)]) == 0
            done[manual] = out
        return done[manual]

    return get


@pytest.mark.parametrize("manual", ["examples", "examples/ko"])
def test_example_manual_links_the_code_index(manual, manual_html):
    html = manual_html(manual)
    front = (html / "index.html").read_text(encoding="utf-8")
    assert front.count('href="smtp-codeindex.html"') >= 2  # in the text and the sidebar
    assert (html / "smtp-codeindex.html").is_file()


def test_korean_example_manual_has_the_english_chapters():
    def chapters(folder: Path) -> list[str]:
        text = (folder / "index.rst").read_text(encoding="utf-8")
        tree = text.split(".. toctree::", 1)[1]
        return [
            line.strip()
            for line in tree.splitlines()
            if line.startswith("   ") and line.strip() and not line.strip().startswith(":")
        ]

    english = chapters(DOCS.parent / "examples")
    assert english == chapters(DOCS.parent / "examples" / "ko")
    assert len(english) >= 3
    for name in english:
        assert (DOCS.parent / "examples" / "ko" / f"{name}.rst").is_file()


@pytest.mark.parametrize("manual", ["examples", "examples/ko"])
def test_example_manual_compares_what_each_section_is_about(manual, manual_html):
    """ "Deferred" compares deferrals, "Refused" refusals; 334 vs 450 opens the guide."""
    from bs4 import BeautifulSoup

    built = manual_html(manual)  # with -W: it builds without a warning, too

    def compared(page: str) -> list[list[str]]:
        html = BeautifulSoup((built / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
        return [
            [
                th.get_text(" ", strip=True).split("(")[0].split()[0]
                for th in block.select("thead th")[1:]
            ]
            for block in html.select("div.smtp-compare")
        ]

    deferred, refused, *more = compared("delivery")
    assert all(code.startswith("4") for code in deferred)
    assert all(code.startswith("5") for code in refused)
    assert all(code.startswith("5") for block in more for code in block)
    assert ["334", "450"] in compared("index")
