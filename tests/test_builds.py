"""Parallel, incremental and reproducible builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import warnings

#: The documents the current build read (filled by the ``tracked`` fixture).
READ: list[str] = []


def _copy(rootdir: Path, name: str, tmp_path: Path, label: str) -> Path:
    src = tmp_path / label
    shutil.copytree(rootdir / f"test-{name}", src)
    return src


def _outputs(outdir: Path, suffixes=(".html",)) -> dict[str, bytes]:
    return {
        str(p.relative_to(outdir)): p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.suffix in suffixes and "_sources" not in p.parts
    }


def _build(make_app, src: Path, **kwargs):
    """Build, keep what the test looks at, and clean up (so the next app starts fresh)."""
    app = make_app("html", srcdir=src, **kwargs)
    READ.clear()
    app.build()
    result = {
        "outputs": _outputs(app.outdir),
        "warnings": warnings(app),
        "domain": app.env.get_domain("smtp").data,
        "parallel": app.parallel,
        "read": sorted(READ),
        "outdir": app.outdir,
    }
    app.cleanup()
    return result


def test_parallel_and_serial_builds_give_the_same_html(make_app, rootdir, tmp_path):
    serial = _build(make_app, _copy(rootdir, "parallel", tmp_path, "serial"))
    parallel = _build(make_app, _copy(rootdir, "parallel", tmp_path, "parallel"), parallel=4)
    assert serial["warnings"] == ""
    assert parallel["warnings"] == ""  # no "not parallel safe" warning either
    assert parallel["parallel"] == 4
    assert serial["outputs"] == parallel["outputs"]
    assert len(parallel["domain"]["objects"]) == 18
    assert parallel["domain"]["mentions"]["page00"] >= {"221", "334", "451", "5.1.1", "550 5.7.1"}


def test_duplicates_across_parallel_chunks_are_reported(make_app, rootdir, tmp_path):
    result = _build(make_app, _copy(rootdir, "duplicates", tmp_path, "dup"), parallel=4)
    assert "duplicate smtp-code block for 450" in result["warnings"]
    # the first in document order is the target, whatever order the chunks merged in
    assert result["domain"]["objects"]["450"][0] == "p1"
    assert "p6.rst:4: WARNING: duplicate smtp-code block for 450" in result["warnings"]


def _touch(path: Path) -> None:
    stamp = path.stat().st_mtime + 5
    os.utime(path, (stamp, stamp))


def _reread(make_app, src: Path, **kwargs) -> dict:
    return _build(make_app, src, **kwargs)


@pytest.fixture
def tracked(monkeypatch):
    """Record which documents each build reads."""
    from sphinx.builders import Builder

    original = Builder.read_doc

    def read_doc(self, docname, *args, **kwargs):
        READ.append(docname)
        return original(self, docname, *args, **kwargs)

    monkeypatch.setattr(Builder, "read_doc", read_doc)


def test_touching_one_page_rereads_only_that_page(make_app, rootdir, tmp_path, tracked):
    src = _copy(rootdir, "parallel", tmp_path, "inc")
    _build(make_app, src)
    # page00 still holds the block of 220, so no link elsewhere changes
    (src / "page00.rst").write_text((src / "page00.rst").read_text() + "\nMore text.\n")
    _touch(src / "page00.rst")
    again = _reread(make_app, src)
    assert again["read"] == ["page00"]
    assert again["warnings"] == ""


def test_removing_a_block_unlinks_its_mentions(make_app, rootdir, tmp_path, tracked):
    src = _copy(rootdir, "parallel", tmp_path, "rm")
    first = _build(make_app, src)
    linking = first["outputs"]["page13.html"].decode()
    assert 'href="page06.html#smtp-450"' in linking  # page13 mentions 450, defined on page06
    text = (src / "page06.rst").read_text().replace(".. smtp-code:: 450", "No block here.")
    (src / "page06.rst").write_text(text)
    _touch(src / "page06.rst")
    again = _reread(make_app, src)
    # page06 is read again; page13 is written again (its links are resolved then)
    assert again["read"] == ["page06"]
    page = again["outputs"]["page13.html"].decode()
    assert "#smtp-450" not in page
    assert 'title="' in page


def test_registry_file_change_rereads_pages_that_use_codes(make_app, rootdir, tmp_path, tracked):
    src = _copy(rootdir, "registryfiles", tmp_path, "reg")
    _build(make_app, src)
    house = src / "registry" / "house.yaml"
    house.write_text(house.read_text().replace("Wait five minutes", "Wait ten minutes"))
    _touch(house)
    again = _reread(make_app, src)
    assert again["read"] == ["index"]
    assert "Wait ten minutes" in again["outputs"]["index.html"].decode()


def test_config_change_rebuilds(make_app, rootdir, tmp_path, tracked):
    src = _copy(rootdir, "basic", tmp_path, "conf")
    _build(make_app, src)
    again = _reread(make_app, src, confoverrides={"smtpcodes_show_name": True})
    assert again["read"] == ["index", "reference", "troubleshooting"]


def test_incremental_build_equals_clean_build(make_app, rootdir, tmp_path):
    src = _copy(rootdir, "parallel", tmp_path, "a")
    _build(make_app, src)
    text = (src / "page06.rst").read_text().replace(".. smtp-code:: 450", "No block here.")
    (src / "page06.rst").write_text(text)
    _touch(src / "page06.rst")
    (src / "page02.rst").write_text((src / "page02.rst").read_text() + "\n.. smtp-code:: 450\n")
    _touch(src / "page02.rst")
    incremental = _build(make_app, src)
    clean_src = tmp_path / "clean"
    shutil.copytree(src, clean_src, ignore=shutil.ignore_patterns("_build"))
    clean = _build(make_app, clean_src)
    assert incremental["outputs"] == clean["outputs"]


@pytest.mark.parametrize("builder", ["html", "latex"])
def test_two_clean_builds_are_byte_identical(make_app, shared_build, rootdir, tmp_path, builder):
    suffixes = (".html", ".tex", ".js", ".css")
    # One is the session's build of the root (test_reference reads it), made in
    # another folder and after other builds: the second is made here.
    first = _outputs(shared_build(builder, testroot="reference").outdir, suffixes)
    app = make_app(builder, srcdir=_copy(rootdir, "reference", tmp_path, "two"))
    app.build()
    second = _outputs(app.outdir, suffixes)
    app.cleanup()
    assert first == second
