"""Each code has one target, the same under ``-j``, per builder, and none left stale.

Regression tests for issue 14, items 6 (duplicate blocks under ``-j``),
7 (``.. only::``) and 13 (cleanup after a rebuild, man pages).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .test_incremental import Build, assert_same_as_clean, build, clean_build, edit, project

ROOTS = Path(__file__).resolve().parent / "roots"


def test_duplicate_blocks_give_the_same_output_with_j1_and_j4(tmp_path):
    outputs = {}
    for jobs in (1, 4):
        src = tmp_path / f"j{jobs}"
        shutil.copytree(ROOTS / "test-duplicates", src)
        result = build(src, parallel=jobs)
        assert result.warnings.count("duplicate smtp-code block for 450") == 1
        assert "p6.rst:4: WARNING: duplicate smtp-code block for 450; the other one is in p1" in (
            result.warnings
        )
        outputs[jobs] = result
    assert outputs[1].files() == outputs[4].files()
    # the first block in document order is the target; the other one is not a target
    p1, p6 = outputs[4].page("p1"), outputs[4].page("p6")
    assert 'id="smtp-450"' in p1 and 'id="smtp-450"' not in p6
    genindex = outputs[4].page("genindex")
    assert 'href="p1.html#smtp-450"' in genindex and "p6.html#smtp-450" not in genindex


def test_the_first_block_in_the_toctree_wins_not_the_first_by_name(tmp_path):
    pages = {
        "index.rst": "Index\n=====\n\n.. toctree::\n\n   zeta\n   alpha\n",
        "alpha.rst": "Alpha\n=====\n\n.. smtp-code:: 450\n\nSee :smtp:`450`.\n",
        "zeta.rst": "Zeta\n====\n\n.. smtp-code:: 450\n",
    }
    src = project(tmp_path / "src", pages)
    for jobs in (1, 4):
        result = build(src, parallel=jobs)
        assert 'href="zeta.html#smtp-450"' in result.page("alpha")
        shutil.rmtree(src / "_build")


def test_when_the_target_goes_the_next_block_takes_over(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-duplicates", src)
    (src / "p0.rst").write_text("P0\n==\n\n.. smtp-code:: 250\n\nSee :smtp:`450`.\n")
    first = build(src)
    assert 'href="p1.html#smtp-450"' in first.page("p0")
    edit(src / "p1.rst", ".. smtp-code:: 450\n", "Gone.\n")
    again = build(src)
    assert again.read == ["p1"]
    assert 'href="p6.html#smtp-450"' in again.page("p0")
    assert 'id="smtp-450"' in again.page("p6")
    assert "duplicate" not in again.warnings
    assert_same_as_clean(again, clean_build(src, tmp_path))


ONLY = """\
Only
====

.. only:: text

   .. smtp-code:: 221

.. only:: html

   .. smtp-code:: 250

.. only:: latex

   .. smtp-code:: 250

See :smtp:`221` and :smtp:`250`.
"""


def test_html_links_no_block_that_only_another_builder_shows(tmp_path):
    src = project(tmp_path / "src", {"index.rst": ONLY})
    result = build(src)
    page = result.page("index")
    assert result.warnings == ""
    assert "#smtp-221" not in page  # the block of 221 is in the text output only
    assert 'href="#smtp-250"' in page and 'id="smtp-250"' in page
    assert "smtp-250-2" not in page
    genindex = result.page("genindex")
    assert "#smtp-221" not in genindex and "smtp-250-2" not in genindex
    assert 'href="index.html#smtp-250"' in genindex


def test_latex_copy_of_a_block_is_its_target_there_and_no_duplicate(tmp_path):
    src = project(tmp_path / "src", {"index.rst": ONLY})
    result = build(src, "latex")
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert result.warnings == ""
    # the LaTeX copy was parsed as smtp-250-2 (the HTML copy holds smtp-250 in the
    # doctree); LaTeX drops the HTML copy, so its copy is the code's target, as smtp-250
    assert r"\label{\detokenize{index:smtp-250}}" in tex
    assert r"\hyperref[\detokenize{index:smtp-250}]" in tex
    assert "smtp-250-2" not in tex
    assert "smtp-221" not in tex


#: The same blocks, the LaTeX copy first: now HTML's copy is the one parsed as smtp-250-2.
LATEX_FIRST = (
    ONLY.replace(".. only:: html", ".. only:: HTML")
    .replace(".. only:: latex", ".. only:: html")
    .replace(".. only:: HTML", ".. only:: latex")
)


def test_html_copy_after_the_latex_copy_has_the_codes_own_id(tmp_path):
    assert LATEX_FIRST.index("only:: latex") < LATEX_FIRST.index("only:: html")
    pages = {"index.rst": LATEX_FIRST, "other.rst": "Other\n=====\n\nSee :smtp:`250`.\n"}
    src = project(tmp_path / "src", pages)
    (src / "index.rst").write_text(LATEX_FIRST + "\n.. toctree::\n\n   other\n")
    result = build(src)
    assert result.warnings == ""
    page = result.page("index")
    assert 'id="smtp-250"' in page and 'href="#smtp-250"' in page
    assert "smtp-250-2" not in page
    assert 'href="index.html#smtp-250"' in result.page("other")
    for name in ("genindex", "smtp-codeindex"):
        assert 'href="index.html#smtp-250"' in result.page(name), name
        assert "smtp-250-2" not in result.page(name), name
    latex = build(src, "latex")  # the same environment, read once, settled for LaTeX
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert latex.warnings == ""
    assert r"\label{\detokenize{index:smtp-250}}" in tex
    assert r"\hyperref[\detokenize{index:smtp-250}]" in tex
    assert "smtp-250-2" not in tex


def test_a_real_duplicate_warns_only_for_the_builder_that_shows_both(tmp_path):
    page = (
        "Dup\n===\n\n.. smtp-code:: 250\n\n"
        ".. only:: latex\n\n   .. smtp-code:: 250\n\n"
        ".. only:: html\n\n   .. smtp-code:: 221\n\n   .. smtp-code:: 221\n\n"
        "See :smtp:`250` and :smtp:`221`.\n"
    )
    src = project(tmp_path / "src", {"index.rst": page})
    shutil.copytree(src, tmp_path / "latex")  # its own environment: both builds read it
    html = build(src)
    # HTML shows one block of 250 and two of 221: the second 221 is the duplicate
    assert html.warnings.count("duplicate smtp-code block") == 1, html.warnings
    assert "index.rst:14: WARNING: duplicate smtp-code block for 221" in html.warnings
    assert 'id="smtp-250"' in html.page("index") and 'id="smtp-221"' in html.page("index")
    assert "smtp-221-2" not in html.page("index") and "smtp-250-2" not in html.page("index")
    latex = build(tmp_path / "latex", "latex")
    # LaTeX shows two blocks of 250 and none of 221: the first 250 stays the target
    assert latex.warnings.count("duplicate smtp-code block") == 1, latex.warnings
    assert "index.rst:8: WARNING: duplicate smtp-code block for 250" in latex.warnings
    tex = next(latex.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count(r"\label{\detokenize{index:smtp-250}}") == 1
    assert "smtp-250-2" not in tex and "smtp-221" not in tex


def _latex_same_as_clean(incremental: Build, src: Path, tmp_path: Path) -> None:
    copy = tmp_path / "clean-latex"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("_build"))
    assert_same_as_clean(incremental, build(copy, "latex"))


def test_only_copies_rebuilt_give_the_clean_output_in_html_and_latex(tmp_path):
    pages = {"only.rst": LATEX_FIRST, "other.rst": "Other\n=====\n\nSee :smtp:`250`.\n"}
    src = project(tmp_path / "src", pages)
    build(src)
    build(src, "latex")
    again = build(src)  # HTML after LaTeX in one environment: HTML's ids come back
    assert again.read == [] and "smtp-250-2" not in again.page("only")
    assert_same_as_clean(again, clean_build(src, tmp_path))
    # the HTML copy goes: HTML links to the code's source, LaTeX keeps its copy
    edit(src / "only.rst", ".. only:: html\n\n   .. smtp-code:: 250\n", "")
    again = build(src)
    assert again.read == ["only"] and "other" in again.written
    assert "only.html#smtp-250" not in again.page("other")
    assert_same_as_clean(again, clean_build(src, tmp_path / "1"))
    _latex_same_as_clean(build(src, "latex"), src, tmp_path / "1")
    # it comes back after the LaTeX copy, parsed as smtp-250-2 again
    html_copy = ".. only:: html\n\n   .. smtp-code:: 250\n\n"
    edit(src / "only.rst", "See :smtp:`221`", html_copy + "See :smtp:`221`")
    again = build(src)
    assert 'href="only.html#smtp-250"' in again.page("other")
    assert_same_as_clean(again, clean_build(src, tmp_path / "2"))
    _latex_same_as_clean(build(src, "latex"), src, tmp_path / "2")


def test_text_output_shows_the_block_of_its_own_only(tmp_path):
    src = project(tmp_path / "src", {"index.rst": ONLY})
    result = build(src, "text")
    text = (result.outdir / "index.txt").read_text(encoding="utf-8")
    assert result.warnings == ""
    assert "221 Service Closing" in text
    assert text.count("250 Requested Action Completed") == 1  # the link text, not a block


def test_code_index_page_goes_when_the_last_block_goes(tmp_path):
    src = project(tmp_path / "src", {"page.rst": "Page\n====\n\n.. smtp-code:: 450\n"})
    first = build(src)
    assert (first.outdir / "smtp-codeindex.html").is_file()
    edit(src / "page.rst", ".. smtp-code:: 450\n", "No block any more.\n")
    again = build(src)
    assert not (again.outdir / "smtp-codeindex.html").exists()
    assert "smtp-codeindex" not in again.page("genindex")
    assert_same_as_clean(again, clean_build(src, tmp_path))


TRANSCRIPT = """\
Session
=======

.. smtp-session::

   S: 220 mail.example.org ESMTP
   C: EHLO client.example.org
   S: 250 mail.example.org
   C: RCPT TO:<nobody@example.org>
   S: 550 5.1.1 no such user

.. smtp-code:: 250
"""


def test_man_page_shows_the_transcript_as_typed(tmp_path):
    src = project(tmp_path / "src", {"index.rst": TRANSCRIPT}, "man_show_urls = True\n")
    result = build(src, "man")
    man = next(result.outdir.rglob("*.1")).read_text(encoding="utf-8")
    lines = [line for line in man.splitlines() if line.startswith(("S:", "C:"))]
    assert lines == [
        "S: 220 mail.example.org ESMTP",
        "C: EHLO client.example.org",
        "S: 250 mail.example.org",
        "C: RCPT TO:<nobody@example.org>",
        "S: 550 5.1.1 no such user",
    ]
    assert "smtp-250" not in man
    assert "\\%<#" not in man  # nor in the legend: an anchor a reader cannot follow


def test_texinfo_shows_the_transcript_as_typed(tmp_path):
    src = project(tmp_path / "src", {"index.rst": TRANSCRIPT})
    result = build(src, "texinfo")
    texi = next(result.outdir.glob("*.texi")).read_text(encoding="utf-8")
    assert "S: 220 mail.example.org ESMTP\n" in texi
    assert "S: 550 5.1.1 no such user\n" in texi
