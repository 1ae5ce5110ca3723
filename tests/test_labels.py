"""One spelling: every place that shows a code with its name agrees, in English and Korean."""

from __future__ import annotations

import io
import zlib

import pytest

from sphinx_smtpcodes.cli import main
from sphinx_smtpcodes.content import badge_text, badges, class_label, code_label, tooltip
from sphinx_smtpcodes.registry import load_registry

from .conftest import soup, warnings


def _inventory(app) -> dict[str, str]:
    """``objects.inv`` of a build: name → display name (``-`` means the name itself)."""
    data = (app.outdir / "objects.inv").read_bytes()
    header_end = 0
    for _ in range(4):
        header_end = data.index(b"\n", header_end) + 1
    lines = zlib.decompress(data[header_end:]).decode().splitlines()
    found = {}
    for line in lines:
        name, rest = line.split(" smtp:", 1) if " smtp:" in line else (None, "")
        if name is None:
            continue
        display = rest.split(" ", 3)[3]
        found[name] = name if display == "-" else display
    return found


def _cli_title(language: str, code: str) -> str:
    out = io.StringIO()
    assert main(["explain", code, "--lang", language], out=out) == 0
    return out.getvalue().splitlines()[0]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_place_spells_a_code_with_its_name_the_same_way(
    make_app, rootdir, tmp_path, language
):
    import shutil

    src = tmp_path / language
    shutil.copytree(rootdir / "test-labels", src)
    app = make_app("html", srcdir=src, confoverrides={"language": language})
    app.build()
    assert warnings(app) == ""
    registry = load_registry(language)
    t = registry.translator
    entry = registry.get("450")
    label = code_label(entry, t)
    assert "450" in label and entry.name in label
    page = soup(app)

    title = page.select_one("div#smtp-450 p.smtp-title").get_text()
    column = [th.get_text(" ", strip=True) for th in page.select("table.smtp-compare-table th")]
    legend = [dt.get_text(" ", strip=True) for dt in page.select("dl.smtp-legend dt")]
    inventory = _inventory(app)
    codeindex = soup(app, "smtp-codeindex").select("table.indextable a")
    genindex = soup(app, "genindex").select("table.genindextable a")
    assert title == label
    assert label in column
    assert label in legend
    assert inventory["450"] == label
    assert label in [a.get_text(" ", strip=True) for a in codeindex]
    assert label in [a.get_text(strip=True) for a in genindex]
    assert _cli_title(language, "450") == label

    # A full reply: its block title, its inventory name and the command line agree.
    reply = registry.resolve("550 5.1.1")
    reply_label = code_label(reply, t)
    assert page.select_one("div#smtp-550-5-1-1 p.smtp-title").get_text() == reply_label
    assert inventory["550 5.1.1"] == reply_label
    assert _cli_title(language, "550 5.1.1") == reply_label

    # Tooltips: a typed mention, a transcript's reply and the table show the same text.
    hover = tooltip(entry, t)
    assert hover == entry.summary
    mention = page.select_one('p a.reference[href="#smtp-450"]')
    in_session = page.select_one('pre.smtp-transcript a[href="#smtp-450"]')
    in_table = page.select_one('table.smtp-table a[href="#smtp-450"]')
    assert mention["title"] == in_session["title"] == in_table["title"] == hover
    assert page.select_one("div#smtp-450 .smtp-summary").get_text() == hover
    assert page.select_one('p a.reference[href="#smtp-550-5-1-1"]')["title"] == tooltip(reply, t)

    # Class lines: the block's begins with the label the table and the comparison show.
    klass = class_label(entry, t)
    assert page.select_one("div#smtp-450 .smtp-class-line").get_text().startswith(klass)
    table_rows = {
        row.select("td")[0].get_text(" ", strip=True).split()[0]: row
        for row in page.select("table.smtp-table tbody tr")
    }
    assert table_rows["450"].select("td")[2].get_text(strip=True) == klass
    compare_class = page.select_one("table.smtp-compare-table tr.smtp-row-class")
    assert klass in [td.get_text(strip=True) for td in compare_class.select("td")]

    # Badges: the block of a non-standard code and its table cell show the same mark.
    mark = badge_text(badges(registry.get("571"), t)[0])
    assert page.select_one("div#smtp-571 .smtp-badge").get_text() == mark
    assert table_rows["571"].select_one(".smtp-badge").get_text() == mark
    app.cleanup()


def test_korean_label_keeps_the_particle_with_the_code():
    registry = load_registry("ko")
    assert code_label(registry.get("450"), registry.translator).startswith("450(")


def test_korean_build_names_the_code_index_and_object_types_in_korean(make_app, rootdir, tmp_path):
    import json
    import shutil

    src = tmp_path / "ko"
    shutil.copytree(rootdir / "test-korean", src)
    app = make_app("html", srcdir=src)
    app.build()
    page = soup(app, "smtp-codeindex")
    assert "SMTP 코드 색인" in page.title.get_text()
    assert page.select_one("h1").get_text(strip=True) == "SMTP 코드 색인"
    search = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    objnames = json.loads(search.removeprefix("Search.setIndex(").removesuffix(")"))["objnames"]
    shown = {name for *_, name in objnames.values()}
    assert {"SMTP 응답 코드", "SMTP 응답"} <= shown  # reply codes, and a full reply
    assert not [name for name in shown if "reply" in name]
    for path in app.outdir.rglob("*"):
        if path.suffix in (".html", ".js", ".txt") and "_static" not in path.parts:
            assert "SMTP Code Index" not in path.read_text(encoding="utf-8"), path
    app.cleanup()

    latex = make_app("latex", srcdir=src)
    latex.build()
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert r"\renewcommand{\indexname}{SMTP 코드 색인}" in tex
    assert "SMTP Code Index" not in tex
    latex.cleanup()
