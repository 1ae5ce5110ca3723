"""Text, LaTeX and other builders render the same content."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import compile_pdf, require_tool, warnings


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
    assert r"\X{16}{66}\X{25}{66}\X{25}{66}" in tex
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
    assert r"\X{16}{64}\X{12}{64}\X{12}{64}\X{12}{64}\X{12}{64}" in tex


@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_pdf_compiles_and_contains_the_comparison(app):
    latexmk = require_tool("latexmk")
    pdftotext = require_tool("pdftotext")
    app.build()
    result = compile_pdf(app.outdir, latexmk)
    assert result.returncode == 0, result.stdout[-3000:]
    text = subprocess.run(
        [pdftotext, "-layout", str(app.outdir / "manual.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "334 Server Challenge vs 450 Mailbox Unavailable" in " ".join(text.split())
    assert "Transient Negative Completion" in text
