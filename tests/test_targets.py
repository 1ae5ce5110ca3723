"""Each code has one target, the same under ``-j``, per builder, and none left stale.

Regression tests for issue 14, items 6 (duplicate blocks under ``-j``),
7 (``.. only::``) and 13 (cleanup after a rebuild, man pages).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .test_incremental import assert_same_as_clean, build, clean_build, edit, project

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
    assert r"\label{\detokenize{index:smtp-250-2}}" in tex
    assert r"\hyperref[\detokenize{index:smtp-250-2}]" in tex
    assert "smtp-221" not in tex


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
