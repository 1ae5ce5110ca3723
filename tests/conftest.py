"""Test fixtures: Sphinx's testing plugin (enabled in pyproject) and helpers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds its projects."""
    return ROOTS


@pytest.fixture(scope="session")
def _shared_builds(tmp_path_factory):
    """The builds ``built`` made in this session, by what the marker asked for."""
    return {}, tmp_path_factory


@pytest.fixture
def built(request, rootdir, _shared_builds):
    """The project of ``@pytest.mark.sphinx(...)``, built once per session.

    Tests whose markers ask for the same project (builder, test root,
    configuration) share one build: they only read what it made (pages,
    warnings, the environment), so there is no need to build it again. A
    test that changes a project builds its own with ``make_app``.
    """
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    marker = request.node.get_closest_marker("sphinx")
    kwargs = dict(marker.kwargs)
    buildername = marker.args[0] if marker.args else kwargs.pop("buildername", "html")
    kwargs.pop("freshenv", None)  # each shared build starts from a fresh copy anyway
    builds, factory = _shared_builds
    key = repr((buildername, sorted(kwargs.items(), key=lambda item: item[0])))
    if key not in builds:
        testroot = kwargs.pop("testroot", "root")
        src = factory.mktemp(f"built-{testroot}") / testroot
        shutil.copytree(rootdir / f"test-{testroot}", src)
        app = SphinxTestApp(
            buildername, srcdir=src, status=StringIO(), warning=StringIO(), **kwargs
        )
        try:
            app.build()
        finally:
            app.cleanup()  # the docutils registries go back; the results stay readable
        builds[key] = app
    return builds[key]


def soup(app, page: str = "index") -> BeautifulSoup:
    """The built HTML page ``page`` of ``app``, parsed."""
    return BeautifulSoup((app.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def write_file(folder: Path, text: str, name: str = "extra.yaml") -> str:
    """Write ``text`` to ``folder/name`` (a registry file, say); return its path."""
    path = Path(folder) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def problem_messages(registry) -> list[str]:
    """A registry's problems as ``path:line: message``."""
    return [str(p) for p in registry.problems]


def warnings(app) -> str:
    """Everything the build warned, with colour codes stripped."""
    from sphinx.util.console import strip_escape_sequences

    return strip_escape_sequences(app.warning.getvalue())


def require_tool(name: str) -> str:
    """The path of a command-line tool; skip without it, but fail in CI."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{name} is required in CI but not installed (see .ci/run)")
        pytest.skip(f"{name} not installed")
    return path


def compile_pdf(outdir, latexmk: str):
    """Compile a LaTeX build the way ``sphinx-build -M latexpdf`` does (its Makefile).

    The Makefile sets the engine and the index options (xindy for XeLaTeX).
    """
    import subprocess

    make = require_tool("make")
    env = {**os.environ, "LATEXMKOPTS": "-halt-on-error", "LATEXOPTS": "-interaction=nonstopmode"}
    return subprocess.run(
        [make, "-C", str(outdir)],
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
    )


def read_pdf(pdf, *, layout: bool = True) -> str:
    """The text of a compiled PDF, by ``pdftotext`` (pages end with a form feed)."""
    import subprocess

    pdftotext = require_tool("pdftotext")
    args = [pdftotext, *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pdf_text(app, pdf_name: str) -> str:
    """Compile the LaTeX build ``app`` (from ``built``) and return the PDF's text (layout kept).

    Skips without latexmk or pdftotext (fails in CI, see :func:`require_tool`).
    """
    latexmk = require_tool("latexmk")
    require_tool("pdftotext")
    result = compile_pdf(app.outdir, latexmk)
    assert result.returncode == 0, result.stdout[-3000:]
    return read_pdf(app.outdir / pdf_name)


def pytest_terminal_summary(terminalreporter) -> None:
    """The consistency checker's counts (tests/consistency.py), when it ran."""
    from .consistency import COUNTS

    if COUNTS:
        terminalreporter.section("prose consistency checker")
        for key in sorted(COUNTS):
            terminalreporter.write_line(f"{key}: {COUNTS[key]}")


@pytest.fixture(scope="session")
def example_build(tmp_path_factory):
    """Build one documentation example in one syntax, once per test session.

    ``example_build(name, "rst")`` gives (warnings, stored form of its
    doctree); test modules that look at the same example share its build.
    """
    from tools.golden import build_example

    done: dict[tuple[str, str], tuple[str, str]] = {}
    workdir = tmp_path_factory.mktemp("examples")

    def get(name: str, syntax: str) -> tuple[str, str]:
        if (name, syntax) not in done:
            done[name, syntax] = build_example(name, syntax, workdir)
        return done[name, syntax]

    return get
