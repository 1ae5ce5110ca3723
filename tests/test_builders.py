"""Text, LaTeX and other builders render the same content."""

from __future__ import annotations

import re

import pytest
import sphinx

from .conftest import pdf_text, read_pdf, warnings


@pytest.mark.sphinx("text", testroot="basic", freshenv=True)
def test_text_builder_shows_readable_table(built):
    text = (built.outdir / "troubleshooting.txt").read_text(encoding="utf-8")
    assert "SMTP 334 Server Challenge vs 450 Mailbox Unavailable" in text
    table_lines = [line for line in text.splitlines() if line.startswith(("+", "|"))]
    assert table_lines, "the comparison table is missing"
    assert max(len(line) for line in table_lines) <= 80
    assert "Key differences" in text
    assert warnings(built) == ""


@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_latex_table_has_proportional_columns(built):
    tex = (built.outdir / "manual.tex").read_text(encoding="utf-8")
    # Widths from the content: the label column as wide as its longest word
    # (well under a quarter), the code columns sharing the rest.
    table = r"\\begin\{(?:longtable|tabulary|tabular)\}[^\n]*?"
    spec = re.search(table + r"((?:\\X\{\d+\}\{66\})+)", tex)
    assert spec is not None
    widths = [int(w) for w in re.findall(r"\\X\{(\d+)\}\{66\}", spec.group(1))]
    assert len(widths) == 3 and sum(widths) == 66
    assert widths[0] < 66 / 4 and widths[0] >= 11
    assert abs(widths[1] - widths[2]) <= 8
    assert "334 Server Challenge" in tex
    assert r"\sphinxhref{https://www.rfc-editor.org/rfc/rfc4954.html" in tex
    # links to a block land on a label (containers get none of their own in LaTeX)
    assert r"\label{\detokenize{reference:smtp-450}}" in tex
    assert r"\hyperref[\detokenize{reference:smtp-450}]" in tex
    assert warnings(built) == ""


@pytest.mark.parametrize(
    "builder",
    ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man", "texinfo", "xml", "gettext"],
)
def test_every_builder_builds_every_directive(make_app, rootdir, tmp_path, builder):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-everything", src)
    app = make_app(builder, srcdir=src)
    app.build()
    assert warnings(app) == ""
    if builder == "gettext":
        # the writer's own text is offered for translation
        catalog = (app.outdir / "codes.pot").read_text(encoding="utf-8")
        assert 'msgid "Our relay greylists unknown senders for five minutes."' in catalog


@pytest.mark.sphinx("latex", testroot="everything", freshenv=True)
def test_latex_escapes_special_characters_and_breaks_long_tables(built):
    tex = (built.outdir / "everything.tex").read_text(encoding="utf-8")
    assert r"Four replies \& their 100\% honest \textless{}differences\textgreater{}" in tex
    assert tex.count(r"\begin{longtable}") >= 2  # the four-code comparison and the table
    four = re.search(r"((?:\\X\{\d+\}\{66\}){5})", tex)
    assert four is not None  # the four-code comparison: a label column and four codes
    widths = [int(w) for w in re.findall(r"\\X\{(\d+)\}", four.group(1))]
    assert sum(widths) == 66 and widths[0] < 66 / 4 and min(widths[1:]) >= 8


@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_pdf_compiles_and_contains_the_comparison(built):
    text = pdf_text(built, "manual.pdf")
    assert "334 Server Challenge vs 450 Mailbox Unavailable" in " ".join(text.split())
    assert "Transient Negative Completion" in text


@pytest.mark.sphinx("latex", testroot="typography", freshenv=True)
def test_latex_tables_are_ragged_unhyphenated_and_titles_keep_with_what_follows(built):
    tex = (built.outdir / "manual.tex").read_text(encoding="utf-8")
    assert warnings(built) == ""
    # every cell of every comparison starts ragged right; header and label cells
    # also forbid hyphenation
    assert tex.count(r"\raggedright\arraybackslash") >= 12 * 3 * 7
    assert tex.count(r"\hyphenpenalty=10000") >= 12 * 3 + 12 * 6
    # no page break between each table and the title and lead before it
    assert tex.count(r"\nopagebreak[4]") == 12 * 2  # after the title, before the table
    first = tex.index(r"\nopagebreak[4]")
    assert "SMTP 450 Mailbox Unavailable vs 451" in tex[first - 600 : first]
    # captions name the codes compared
    assert "Side\\sphinxhyphen{}by\\sphinxhyphen{}side comparison of 450 and 451" in tex


def _pdf_pages(pdf, *, layout: bool) -> list[str]:
    return read_pdf(pdf, layout=layout).split("\f")


@pytest.mark.xfail(
    sphinx.version_info < (8,),
    reason="Sphinx 7.4's long tables may still break between their caption and first row",
    strict=False,
)
@pytest.mark.sphinx("latex", testroot="typography", freshenv=True)
def test_pdf_pages_keep_titles_with_their_tables_and_headers_whole(built):
    """Look at every page of the compiled PDF, as text."""
    pdf_text(built, "manual.pdf")  # compiles it
    pdf = built.outdir / "manual.pdf"
    footer = re.compile(r"^\s*(?:\d+|.*Release 1\.0.*|Typography)\s*$")
    titles_seen = 0
    for number, page in enumerate(_pdf_pages(pdf, layout=True), start=1):
        lines = [line for line in page.splitlines() if line.strip() and not footer.match(line)]
        for at, line in enumerate(lines):
            if line.strip().startswith("SMTP ") and " vs " in line:
                titles_seen += 1
                # a title is followed on its page by its lead and the table's start
                assert len(lines) - at > 3, f"page {number}: title alone at the foot: {line!r}"
    assert titles_seen == 12
    # No header word is broken by a hyphen ("Unavail-/able"), read in reading order.
    text = "".join(_pdf_pages(pdf, layout=False))
    from sphinx_smtpcodes.registry import load_registry

    registry = load_registry("en")
    words = {
        word
        for code in ("450", "451", "421", "550", "553", "334", "535", "452", "552", "5.1.1")
        for word in registry.get(code).name.split()
        if len(word) >= 6
    }
    broken = [
        f"{w[:i]}-/{w[i:]}"
        for w in sorted(words)
        for i in range(2, len(w) - 1)
        if re.search(rf"{re.escape(w[:i])}-\n\s*{re.escape(w[i:])}", text)
    ]
    assert broken == []
