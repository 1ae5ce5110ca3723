"""Test fixtures: Sphinx's testing plugin (enabled in pyproject) and helpers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOTS = Path(__file__).resolve().parent / "roots"


@pytest.fixture(autouse=True)
def _no_message_catalogs_left_behind():
    """Each test starts with none of Sphinx's message catalogs loaded.

    Sphinx keeps them in one dict for the whole process (``sphinx.locale.
    translators``) and, when a new project starts, builds on the catalog it
    finds there. ``SphinxTestApp.cleanup`` empties it; a build made with
    ``build_main`` in the test process does not. After such a Korean build,
    the next English project started with the Korean catalog: its defaults
    that Sphinx translates (``numfig_format``, ``html_title``) came out in
    Korean, the build after it saw a changed configuration and read every page
    again (seen once in CI, hostile test 1, with Sphinx's reason printed).
    """
    from sphinx import locale

    locale.translators.clear()
    yield


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds its projects."""
    return ROOTS


@pytest.fixture(scope="session")
def _shared_builds(tmp_path_factory):
    """The builds ``built`` made in this session, by what the marker asked for."""
    return {}, tmp_path_factory


@pytest.fixture(scope="session")
def shared_build(rootdir, _shared_builds):
    """``shared_build(buildername, testroot=..., **options)``: that build, made once per session.

    What ``built`` gives a test marked ``@pytest.mark.sphinx(buildername, ...)``
    with the same arguments; for a test that needs such a build beside its own.
    """
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    builds, factory = _shared_builds

    def get(buildername: str = "html", **kwargs):
        kwargs.pop("freshenv", None)  # each shared build starts from a fresh copy anyway
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

    return get


@pytest.fixture
def built(request, shared_build):
    """The project of ``@pytest.mark.sphinx(...)``, built once per session.

    Tests whose markers ask for the same project (builder, test root,
    configuration) share one build: they only read what it made (pages,
    warnings, the environment), so there is no need to build it again. A
    test that changes a project builds its own with ``make_app``.
    """
    marker = request.node.get_closest_marker("sphinx")
    kwargs = dict(marker.kwargs)
    buildername = marker.args[0] if marker.args else kwargs.pop("buildername", "html")
    return shared_build(buildername, **kwargs)


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
    options = "-halt-on-error"
    latexmkrc = Path(outdir) / "latexmkrc"
    if latexmkrc.is_file() and "$pdflatex = 'xelatex" in latexmkrc.read_text(encoding="utf-8"):
        # As the Makefile advises for XeLaTeX ("for faster builds"): the passes
        # write no PDF, xdvipdfmx writes it once at the end.
        options += " -xelatex"
    env = {**os.environ, "LATEXMKOPTS": options, "LATEXOPTS": "-interaction=nonstopmode"}
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


# -- running in two processes (pytest-xdist; pyproject's addopts: -n 2 --dist loadfile) --

#: Test files that read the same session-wide builds (``built``, ``example_build``)
#: run in one worker, so that no build is made twice.
SAME_WORKER = {
    "tests/test_links.py": "tests/test_html.py",  # html of test-basic
    "tests/test_reference.py": "tests/test_builds.py",  # html and latex of test-reference
    "tests/test_golden.py": "tests/test_docs.py",  # the docs examples, both syntaxes
}

#: The files that take longest (a PDF engine, a browser, a wheel, a build of
#: every output), started first so that neither worker is left with one at the
#: end; the rest follow, most tests first. Only the order depends on this list.
SLOW_FIRST = (
    "tests/test_consistency.py",
    "tests/test_browser.py",
    "tests/test_builds.py",
    "tests/test_packaging.py",
    "tests/test_i18n.py",
    "tests/test_session_pdf.py",
    "tests/test_builders.py",
    "tests/test_docs.py",
    "tests/test_canary.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    """In a worker: the :data:`SLOW_FIRST` files first, the rest in their order.

    Every worker sorts alike, so they still agree on the collection; the
    scheduler hands out files in this order.
    """
    if not hasattr(config, "workerinput"):
        return
    rank = {path: at for at, path in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, with the files of :data:`SAME_WORKER` as one unit, handed
    out in collection order. Other ``--dist`` modes are left alone."""
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedBuildScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return SAME_WORKER.get(path, path)

    config.option.loadscopereorder = False  # keep SLOW_FIRST's order
    return SharedBuildScheduling(config, log)


def pytest_sessionfinish(session) -> None:
    """In a worker: hand the consistency checker's counts to the main process."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from .consistency import COUNTS

        workeroutput["smtpcodes_counts"] = dict(COUNTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """In the main process: add up what each worker's consistency checker counted."""
    from .consistency import COUNTS

    COUNTS.update(getattr(node, "workeroutput", {}).get("smtpcodes_counts", {}))


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
