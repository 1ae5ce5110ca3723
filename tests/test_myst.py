"""MyST Markdown gives the same doctree as reStructuredText."""

from __future__ import annotations

import pytest
from docutils import nodes

from .conftest import warnings

pytest.importorskip("myst_parser")

#: Attributes that say where a node came from, not what it is.
WHERE = ("source", "line", "refdoc", "ids", "backrefs", "names", "dupnames")


def _normalised(app, docname: str) -> str:
    doctree = app.env.get_doctree(docname)
    section = next(iter(doctree.findall(nodes.section)))
    for node in section.findall(nodes.Element):
        for attribute in WHERE:
            node.attributes.pop(attribute, None)
    return "\n".join(child.pformat() for child in section.children[1:])


@pytest.mark.sphinx("html", testroot="myst", freshenv=True)
def test_rst_and_myst_give_the_same_doctree(built):
    assert warnings(built) == ""
    rst = _normalised(built, "rst_page")
    assert "smtp-compare" in rst and "smtp-session" in rst and "smtp-table" in rst
    assert _normalised(built, "md_page") == rst


@pytest.mark.sphinx("html", testroot="myst", freshenv=True)
def test_myst_mentions_link_with_tooltips(built):
    from .conftest import soup

    page = soup(built, "md_page")
    abbrs = {a.get_text(strip=True): a["title"] for a in page.select("p abbr.smtp-ref")}
    assert abbrs["550"]  # {smtp}`!550`: no link, but the tooltip
    links = {a.get_text(strip=True): a.get("title") for a in page.select("p > a.reference")}
    assert {"450", "text", "5.1.1"} <= set(links)  # no block: linked to their RFC or IANA
    assert all(links[k] for k in ("450", "text", "5.1.1"))
    assert "greylists" in page.select_one("div.smtp-code .smtp-note").get_text()
    assert "house" in page.select_one("div.smtp-code")["class"]
