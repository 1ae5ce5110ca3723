"""Mentions into another project: project A is built, project B links to it."""

from __future__ import annotations

import shutil

import pytest

from .conftest import soup, warnings

A_URL = "https://relay.example.org/"


def _build_a(make_app, rootdir, tmp_path):
    src = tmp_path / "a"
    shutil.copytree(rootdir / "test-intersphinx-a", src)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert warnings(app) == ""
    app.cleanup()  # so that B starts from a clean docutils registry
    return app.outdir / "objects.inv"


def _build_b(make_app, rootdir, tmp_path, inventory, **conf):
    src = tmp_path / "b"
    shutil.copytree(rootdir / "test-intersphinx-b", src)
    overrides = {"intersphinx_mapping": {"a": (A_URL, str(inventory))}, **conf}
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    return app


@pytest.fixture
def project_b(make_app, rootdir, tmp_path):
    inventory = _build_a(make_app, rootdir, tmp_path)
    return _build_b(make_app, rootdir, tmp_path, inventory)


def _mentions(app):
    """Every mention in B's page: (text, href, title, classes of the inner span)."""
    body = soup(app).select_one("div.body")
    found = []
    for a in body.select("a.reference"):
        span = a.select_one("span.smtp-ref")
        if span is not None:
            found.append((a.get_text(strip=True), a["href"], a.get("title", ""), span["class"]))
    return found


def test_mentions_into_another_project_keep_text_tooltip_and_classes(project_b):
    assert warnings(project_b) == ""
    paragraphs = soup(project_b).select("div.body > section > p")
    by_text = {}
    for p in paragraphs[:3]:
        for a in p.select("a.reference"):
            by_text.setdefault(a.get_text(strip=True), []).append(a)
    # the text typed, not the inventory's "450 Mailbox Unavailable" nor "a:450"
    assert len(by_text["450"]) == 3
    for a in by_text["450"]:
        assert a["href"] == A_URL + "index.html#smtp-450"
        assert "later" in a["title"]  # the summary, not "(in Relay Manual v2.0)"
        assert a.select_one("span.smtp.smtp-ref") is not None
    assert by_text["334"][0]["href"] == A_URL + "index.html#smtp-334"
    assert by_text["my words"][0]["href"] == A_URL + "index.html#smtp-334"
    assert by_text["5.7.1"][0]["href"] == A_URL + "index.html#smtp-5-7-1"


def test_fallbacks_cross_into_another_project(project_b):
    body = soup(project_b).select("div.body > section > p")[1]
    links = body.select("a.reference")
    # 450 4.7.1: A documents neither the reply nor 4.7.1, but it documents 450
    assert [a.get_text(strip=True) for a in links] == ["450 4.7.1", "450 4.7.1"]
    assert all(a["href"] == A_URL + "index.html#smtp-450" for a in links)
    assert all("Greylist" in a["title"] or "later" in a["title"] for a in links)


def test_codes_the_other_project_lacks_link_to_their_source(project_b):
    body = soup(project_b).select("div.body > section > p")[3]
    (a,) = body.select("a.reference")
    assert a["href"].startswith("https://www.rfc-editor.org/rfc/rfc5321.html#section-")


@pytest.mark.parametrize(
    "extensions",
    [
        ["sphinx_smtpcodes", "sphinx.ext.intersphinx"],
        ["sphinx.ext.intersphinx", "sphinx_smtpcodes"],
    ],
)
def test_order_of_extensions_does_not_matter(make_app, rootdir, tmp_path, extensions):
    inventory = _build_a(make_app, rootdir, tmp_path)
    app = _build_b(make_app, rootdir, tmp_path, inventory, extensions=extensions)
    assert warnings(app) == ""
    into_a = [m for m in _mentions(app) if m[1].startswith(A_URL)]
    # 9 typed mentions, and 450 and 334 among the 421 block's related codes
    block = soup(app).select_one("div.smtp-code")
    generated = [a for a in block.select("a.reference") if a["href"].startswith(A_URL)]
    assert generated, "the 421 block's mentions of codes A documents link to A"
    assert len(into_a) == 8 + len(generated)


def test_malformed_inventory_mention_warns(make_app, rootdir, tmp_path):
    inventory = _build_a(make_app, rootdir, tmp_path)
    src = tmp_path / "b"
    shutil.copytree(rootdir / "test-intersphinx-b", src)
    (src / "index.rst").write_text("Guide\n=====\n\n:smtp:`a:45x`\n", encoding="utf-8")
    app = make_app(
        "html",
        srcdir=src,
        freshenv=True,
        confoverrides={"intersphinx_mapping": {"a": (A_URL, str(inventory))}},
    )
    app.build()
    assert "malformed SMTP code" in warnings(app) and "[smtpcodes.syntax]" in warnings(app)
