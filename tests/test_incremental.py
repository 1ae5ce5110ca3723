"""Incremental builds decided from the parsed pages: each rebuild equals a clean build.

Every test builds a project, changes it, builds again, and compares the
output with a clean build of the changed project, file by file.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

#: Output files that say when or how a build ran, not what it shows.
NOT_COMPARED = {".buildinfo"}


def _comparable(path: Path) -> bytes:
    """A file's bytes; the search index without what Sphinx itself gets wrong.

    Sphinx (9.0) drops the general-index entries from searchindex.js in
    every incremental build, and keeps a word that a re-read page no longer
    has as an empty entry, with or without this extension (a project with one
    ``.. index::`` shows the first), so those parts cannot match.
    """
    data = path.read_bytes()
    if path.name != "searchindex.js":
        return data
    index = json.loads(data.decode().removeprefix("Search.setIndex(").removesuffix(")"))
    index.pop("indexentries", None)
    for key in ("terms", "titleterms"):
        index[key] = {word: pages for word, pages in index.get(key, {}).items() if pages != []}
    return json.dumps(index, sort_keys=True).encode()


@dataclass
class Build:
    """What one build read, wrote and said."""

    read: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    status: str = ""
    warnings: str = ""
    outdir: Path | None = None

    def files(self) -> dict[str, bytes]:
        """Every output file (the HTML pages, objects.inv, the search index…)."""
        assert self.outdir is not None
        return {
            str(p.relative_to(self.outdir)): _comparable(p)
            for p in sorted(self.outdir.rglob("*"))
            if p.is_file() and p.name not in NOT_COMPARED
        }

    def page(self, name: str) -> str:
        assert self.outdir is not None
        return (self.outdir / f"{name}.html").read_text(encoding="utf-8")


def build(src: Path, builder: str = "html", *, parallel: int = 0, **conf) -> Build:
    """Build ``src`` into ``src/_build`` (reusing the last build's environment)."""
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        builder,
        srcdir=src,
        builddir=src / "_build",
        status=status,
        warning=warning,
        parallel=parallel,
        confoverrides={"html_theme": "basic", **conf},  # as SphinxTestApp would, every time
    )
    result = Build(outdir=Path(app.outdir))
    app.connect("env-before-read-docs", lambda _app, _env, docs: result.read.extend(docs))
    app.connect("doctree-resolved", lambda _app, _tree, doc: result.written.append(doc))
    try:
        app.build()
    finally:
        app.cleanup()
    result.status = strip_escape_sequences(status.getvalue())
    result.warnings = strip_escape_sequences(warning.getvalue())
    result.read.sort()
    result.written.sort()
    return result


def project(src: Path, pages: dict[str, str], conf: str = "") -> Path:
    """A project: ``conf.py`` and ``pages`` (``index`` lists the others in order)."""
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['sphinx_smtpcodes']\nproject = 'inc'\nshow_warning_types = True\n" + conf
    )
    names = [n.removesuffix(".rst") for n in pages if n.endswith(".rst") and n != "index.rst"]
    index = "Index\n=====\n\n.. toctree::\n\n" + "".join(f"   {n}\n" for n in names)
    (src / "index.rst").write_text(pages.get("index.rst", index), encoding="utf-8")
    for name, text in pages.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


def edit(path: Path, old: str, new: str) -> None:
    """Change a file, and make sure its time moves on (Sphinx compares times)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
    stamp = path.stat().st_mtime + 5
    os.utime(path, (stamp, stamp))


def clean_build(src: Path, tmp_path: Path, **conf) -> Build:
    """A clean build of a copy of ``src`` as it is now."""
    copy = tmp_path / "clean"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("_build"))
    return build(copy, **conf)


def assert_same_as_clean(incremental: Build, clean: Build) -> None:
    """Every file of the incremental build is the clean build's, byte for byte."""
    ours, theirs = incremental.files(), clean.files()
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert differing == []


PAGES = {
    "blocks.rst": "Blocks\n======\n\n.. smtp-code:: 450\n\n.. smtp-code:: 421\n",
    "quiet.rst": "Quiet\n=====\n\n.. smtp-code:: 450\n   :no-index:\n",
    "mentions.rst": "Mentions\n========\n\nSee :smtp:`450`, :smtp:`421` and :smtp:`451`.\n",
}


def test_touching_a_page_with_no_index_rereads_only_that_page(tmp_path):
    src = project(tmp_path / "src", PAGES)
    build(src)
    edit(src / "quiet.rst", "Quiet\n=====\n", "Quiet\n=====\n\nMore words.\n")
    again = build(src)
    assert again.read == ["quiet"]
    # Sphinx writes the page whose toctree lists it too; no page that mentions codes
    assert again.written == ["index", "quiet"]
    assert "More words." in again.page("quiet")
    assert_same_as_clean(again, clean_build(src, tmp_path))


def test_commenting_a_block_out_removes_the_links_to_it(tmp_path):
    src = project(tmp_path / "src", PAGES)
    first = build(src)
    assert 'href="blocks.html#smtp-450"' in first.page("mentions")
    edit(src / "blocks.rst", ".. smtp-code:: 450\n", "..\n   .. smtp-code:: 450\n")
    again = build(src)
    assert again.read == ["blocks"]
    assert "mentions" in again.written
    assert "#smtp-450" not in again.page("mentions")
    assert 'href="blocks.html#smtp-421"' in again.page("mentions")
    assert_same_as_clean(again, clean_build(src, tmp_path))


def test_a_block_turned_into_a_sample_removes_the_links_to_it(tmp_path):
    src = project(tmp_path / "src", PAGES)
    build(src)
    edit(
        src / "blocks.rst", ".. smtp-code:: 450\n", ".. code-block:: rst\n\n   .. smtp-code:: 450\n"
    )
    again = build(src)
    assert "#smtp-450" not in again.page("mentions")
    assert_same_as_clean(again, clean_build(src, tmp_path))


def _a_new_block_of_451_links(src: Path, tmp_path: Path, path: str, old: str, new: str) -> None:
    """Add a block of 451 by editing ``path``; the page that read it is linked from mentions."""
    first = build(src)
    assert "#smtp-451" not in first.page("mentions")
    edit(src / path, old, new)
    again = build(src)
    page = again.read[0]
    assert len(again.read) == 1
    assert f'href="{page}.html#smtp-451"' in again.page("mentions")
    assert_same_as_clean(again, clean_build(src, tmp_path))


def test_a_block_written_in_capitals_is_seen(tmp_path):
    src = project(tmp_path / "src", PAGES)
    _a_new_block_of_451_links(
        src, tmp_path, "quiet.rst", "Quiet\n=====\n", "Quiet\n=====\n\n.. SMTP-Code:: 451\n"
    )


def test_a_block_in_an_included_file_links(tmp_path):
    pages = {
        **PAGES,
        "included.rst": "Included\n========\n\n.. include:: part.txt\n",
        "part.txt": "Nothing yet.\n",
    }
    src = project(tmp_path / "src", pages)
    # the included file is read as part of the page that includes it
    _a_new_block_of_451_links(src, tmp_path, "part.txt", "Nothing yet.\n", ".. smtp-code:: 451\n")


def _third_language(src: Path) -> None:
    """A German overlay and catalog in the project (as ``tests/roots/test-thirdlang``)."""
    root = Path(__file__).resolve().parent / "roots" / "test-thirdlang" / "locale"
    shutil.copytree(root, src / "locale")


def test_editing_an_overlay_updates_the_output(tmp_path):
    src = project(
        tmp_path / "src",
        PAGES,
        "language = 'de'\nsmtpcodes_locale_dirs = ['locale']\n",
    )
    _third_language(src)
    overlay = src / "locale" / "de" / "reply-codes.yaml"
    first = build(src)
    name = "Postfach nicht verfügbar"
    assert name in overlay.read_text(encoding="utf-8") and name in first.page("blocks")
    edit(overlay, name, "Postfach gerade nicht erreichbar")
    again = build(src)
    assert "Postfach gerade nicht erreichbar" in again.page("blocks")
    assert name not in again.page("blocks")
    assert_same_as_clean(again, clean_build(src, tmp_path))


def test_editing_a_po_file_updates_the_output(tmp_path):
    src = project(
        tmp_path / "src",
        PAGES,
        "language = 'de'\nsmtpcodes_locale_dirs = ['locale']\n",
    )
    _third_language(src)
    catalog = src / "locale" / "de" / "LC_MESSAGES" / "smtpcodes.po"
    first = build(src)
    assert "Lösung" in first.page("blocks")
    edit(catalog, 'msgstr "Lösung"', 'msgstr "Abhilfe"')
    again = build(src)
    assert "Abhilfe" in again.page("blocks")
    assert "Lösung" not in again.page("blocks")
    assert_same_as_clean(again, clean_build(src, tmp_path))


def test_a_rebuild_with_nothing_changed_says_nothing_about_the_configuration(tmp_path):
    src = project(tmp_path / "src", PAGES)
    build(src)
    again = build(src)
    assert again.read == [] and again.written == []
    assert "configuration has changed" not in again.status
    assert "config changed" not in again.status
    assert again.warnings == ""
    assert_same_as_clean(again, clean_build(src, tmp_path))


def test_a_block_moving_to_another_page_moves_the_links(tmp_path):
    src = project(tmp_path / "src", PAGES)
    build(src)
    edit(src / "blocks.rst", ".. smtp-code:: 421\n", "")
    edit(src / "quiet.rst", "Quiet\n=====\n", "Quiet\n=====\n\n.. smtp-code:: 421\n")
    again = build(src)
    assert again.read == ["blocks", "quiet"]
    assert 'href="quiet.html#smtp-421"' in again.page("mentions")
    assert_same_as_clean(again, clean_build(src, tmp_path))


def test_a_new_block_relinks_every_page_that_mentions_its_code(tmp_path):
    # Each page mentions 451 typed the same way, as a manual mentions a code
    # on many pages: every mention after the first is made from the first's
    # recipe, and each page must still count as mentioning 451.
    pages = {
        **PAGES,
        "again.rst": "Again\n=====\n\nRetry after :smtp:`451`, then :smtp:`451` once more.\n",
        "twice.rst": "Twice\n=====\n\nA :smtp:`451` here.\n",
    }
    for parallel in (0, 2):
        src = project(tmp_path / f"src{parallel}", pages)
        first = build(src, parallel=parallel)
        assert "#smtp-451" not in first.page("again") + first.page("twice")
        edit(src / "quiet.rst", "Quiet\n=====\n", "Quiet\n=====\n\n.. smtp-code:: 451\n")
        again = build(src, parallel=parallel)
        assert again.read == ["quiet"]
        assert {"again", "mentions", "twice"} <= set(again.written)
        for page in ("again", "mentions", "twice"):
            assert 'href="quiet.html#smtp-451"' in again.page(page), page
        assert_same_as_clean(again, clean_build(src, tmp_path / f"clean{parallel}"))
