"""A mention is linked while its page is read (where it goes with no block) and
pointed at a block when the page is written: what each builder shows of it."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import soup

RFC_450 = "https://www.rfc-editor.org/rfc/rfc5321.html#section-4.2.3"

INDEX = """\
Manual
======

.. contents::

.. toctree::

   codes

When :smtp:`450` comes back
---------------------------

Retry :smtp:`450` later; :smtp:`550` is documented.
"""

CODES = """\
About :smtp:`550`
=================

.. smtp-code:: 550
"""


def _project(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "conf.py").write_text('extensions = ["sphinx_smtpcodes"]\n', encoding="utf-8")
    (path / "index.rst").write_text(INDEX, encoding="utf-8")
    (path / "codes.rst").write_text(CODES, encoding="utf-8")
    return path


def test_html_mentions_link_outside_or_to_the_block(make_app, tmp_path):
    app = make_app("html", srcdir=_project(tmp_path))
    app.build()
    body = soup(app).select_one("div.body")
    text = body.select_one("section#when-450-comes-back p")
    outside, inside = text.select("a")[0], text.select("a")[1]
    assert outside["href"] == RFC_450 and outside["title"].startswith("The mailbox cannot")
    assert outside.select_one("span.smtp.smtp-ref").get_text() == "450"
    assert inside["href"].startswith("codes.html#smtp-550")
    assert inside.select_one("span.smtp.smtp-ref").get_text() == "550"


def test_a_mention_in_a_heading_is_text_in_every_table_of_contents(make_app, tmp_path):
    app = make_app("html", srcdir=_project(tmp_path))
    app.build()
    page = soup(app)
    # The heading itself links, as any mention does.
    heading = page.select_one("section#when-450-comes-back h2")
    assert heading.select_one(f'a[href="{RFC_450}"] span.smtp-ref') is not None
    # .. contents:: and the toctree copy the heading's text into their own link.
    for entry in (
        page.select_one("nav.contents a[href='#when-450-comes-back']"),
        page.select_one("div.toctree-wrapper a[href='codes.html']"),
    ):
        assert entry is not None
        assert entry.find("a") is None, entry
    assert page.select_one("div.toctree-wrapper a[href='codes.html']").get_text() == "About 550"
    nested = [a for a in page.select("a") if a.find_parent("a") is not None]
    assert nested == []


def test_latex_and_text_show_the_mention_as_a_link_and_as_text(make_app, tmp_path):
    latex = make_app("latex", srcdir=_project(tmp_path / "latex"))
    latex.build()
    tex = next(Path(latex.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxhref{" + RFC_450.replace("#", r"\#") + "}{450}" in tex
    text = make_app("text", srcdir=_project(tmp_path / "text"))
    text.build()
    assert "Retry 450 later; 550 is documented." in (Path(text.outdir) / "index.txt").read_text(
        encoding="utf-8"
    )


def test_html_writes_the_span_of_a_mention_linked_while_read(make_app, tmp_path):
    app = make_app("html", srcdir=_project(tmp_path))
    app.build()
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    links = page.select(f'a[href="{RFC_450}"]')
    assert links and all(a.select_one("span.smtp.smtp-ref") for a in links)
