"""A mention is linked while its page is read (where it goes with no block) and
pointed at a block when the page is written: what each builder shows of it."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import soup, warnings

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


#: A page that mentions codes many times, as a manual does: most mentions are
#: typed before, on this page or another.
AGAIN = """\
Again
=====

Retry :smtp:`450`; :smtp:`450` again, :smtp:`retry <450>`, then :smtp:`550`.
A reply :smtp:`550 5.1.1`, and :smtp:`450`
once more.
"""

#: Translators as themes and extensions make them (``app.set_translator``).
TRANSLATORS = """\
from sphinx.writers.html5 import HTML5Translator


class NewTab(HTML5Translator):
    # Opens outside links in a new tab, as some themes do.
    def visit_reference(self, node):
        if "://" in node.get("refuri", ""):
            node["target"] = "_blank"
        super().visit_reference(node)


class Same(HTML5Translator):
    def visit_reference(self, node):
        super().visit_reference(node)


def setup(app):
    app.set_translator("html", {name}, override=True)
"""


def _project_with(path: Path, translator: str | None = None) -> Path:
    _project(path)
    (path / "again.rst").write_text(AGAIN, encoding="utf-8")
    index = (path / "index.rst").read_text(encoding="utf-8")
    (path / "index.rst").write_text(index.replace("   codes\n", "   codes\n   again\n"))
    if translator:
        # A module of its own name: the test process imports each module once.
        module = f"translator_{translator.lower()}"
        (path / f"{module}.py").write_text(TRANSLATORS.format(name=translator))
        (path / "conf.py").write_text(
            "import sys, os\nsys.path.insert(0, os.path.abspath('.'))\n"
            f'extensions = ["sphinx_smtpcodes", "{module}"]\n',
            encoding="utf-8",
        )
    return path


def _bodies(app) -> dict[str, str]:
    return {page: str(soup(app, page).select_one("div.body")) for page in ("index", "again")}


def test_the_html_of_every_mention_is_what_the_translator_writes(make_app, tmp_path):
    # Sphinx's own translator writes a mention typed again as it wrote the
    # first; a translator of another class writes each one itself: the same.
    plain = make_app("html", srcdir=_project_with(tmp_path / "plain"))
    plain.build()
    other = make_app("html", srcdir=_project_with(tmp_path / "other", "Same"))
    other.build()
    assert _bodies(plain) == _bodies(other)
    again = soup(plain, "again").select_one("div.body")
    links = again.select("a:has(> span.smtp-ref)")
    assert [a.get_text() for a in links] == ["450", "450", "retry", "550", "550 5.1.1", "450"]
    assert links[0]["href"] == links[1]["href"] == links[5]["href"] == RFC_450
    assert links[3]["href"].startswith("codes.html#smtp-550")


def test_a_theme_that_writes_links_its_own_way_writes_every_mention(make_app, tmp_path):
    app = make_app("html", srcdir=_project_with(tmp_path, "NewTab"))
    app.build()
    for page in ("index", "again"):
        links = soup(app, page).select("div.body a:has(> span.smtp-ref)")
        outside = [a for a in links if a["href"].startswith("https://")]
        assert len(outside) >= 2
        assert all(a.get("target") == "_blank" for a in outside), page


def test_a_mention_typed_again_warns_again_where_it_is(make_app, tmp_path):
    src = _project(tmp_path)
    (src / "codes.rst").write_text(
        CODES + "\nFirst :smtp:`299`.\n\nThen :smtp:`299` and :smtp:`!4.5.`.\n\n:smtp:`!4.5.`\n",
        encoding="utf-8",
    )
    # Sphinx 8 shows warning types by default, 7.4 does not.
    app = make_app("html", srcdir=src, confoverrides={"show_warning_types": True})
    app.build()
    lines = [
        line.split(": WARNING")[0].rsplit(":", 1)[-1]
        for line in warnings(app).splitlines()
        if "smtpcodes." in line
    ]
    assert lines == ["6", "8", "8", "10"]
