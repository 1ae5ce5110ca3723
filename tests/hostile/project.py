"""Throw-away Sphinx projects for the hostile suite."""

from __future__ import annotations

import os
import pickle
import re
import select
import signal
import time
import traceback
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

#: The start of any message Sphinx prints to its warning stream.
RECORD = re.compile(r"^(?:\S.*?: )?(?:WARNING|ERROR|CRITICAL|SEVERE|INFO): ", re.M)
#: One warning of ours: a location (``path:line``, or ``path:`` for a whole file),
#: the message, the type.
OURS = re.compile(
    r"(?P<path>\S.*?)(?::(?P<line>\d*))?: WARNING: (?P<message>.+) "
    r"\[smtpcodes\.(?P<subtype>[a-z-]+)\]",
    re.S,
)


def write_project(src: Path, pages: dict[str, str], conf: str = "") -> Path:
    """A project in ``src``: ``conf.py`` (our extension, warning types shown) and pages."""
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(
        "project = 'hostile'\n"
        "extensions = ['sphinx_smtpcodes']\n"
        "show_warning_types = True\n" + conf,
        encoding="utf-8",
    )
    for name, text in pages.items():
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return src


def build(
    src: Path,
    builder: str = "html",
    *,
    outdir: Path | None = None,
    fresh: bool = True,
    parallel: int = 0,
    read: list[str] | None = None,
    **confoverrides,
) -> tuple[str, str, Path]:
    """Build ``src``: (status, warnings, output folder), colour codes stripped.

    Builds with the same ``outdir`` share one environment (unless ``fresh``);
    ``read`` collects the pages a build reads.
    """
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_escape_sequences

    status, warning = StringIO(), StringIO()
    builddir = outdir or src / "_build" / builder
    app = SphinxTestApp(
        builder,
        srcdir=src,
        builddir=builddir,
        freshenv=fresh,
        confoverrides={"show_warning_types": True, **confoverrides},
        status=status,
        warning=warning,
        parallel=parallel,
        # Sphinx says why it reads a page only in its debug messages.
        verbosity=2 if read is not None else 0,
    )
    if read is not None:
        app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    try:
        app.build()
    finally:
        app.cleanup()
    return (
        strip_escape_sequences(status.getvalue()),
        strip_escape_sequences(warning.getvalue()),
        Path(app.outdir),
    )


def records(text: str) -> list[str]:
    """The messages in Sphinx's warning stream (some span several lines).

    Colour codes are dropped: a ``sphinx-build`` run as a subprocess colours its
    messages when the environment asks for colour (``FORCE_COLOR``, a terminal).
    """
    from sphinx.util.console import strip_escape_sequences

    text = strip_escape_sequences(text)
    starts = [m.start() for m in RECORD.finditer(text)]
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)])]


def why_read(status: str) -> list[str]:
    """Sphinx's reasons, in a build's status, for reading the pages it read."""
    return [
        line
        for line in status.splitlines()
        if "[build target]" in line or "configuration has changed" in line
    ]


def assert_no_traceback(*texts: str) -> None:
    """Nothing in what a build or a command printed says Python failed."""
    for text in texts:
        assert "Traceback" not in text and "Exception occurred" not in text, text


def ours(text: str) -> list[re.Match[str]]:
    """Our warnings in a warning stream; every other record must be located (path:line)."""
    found = []
    for record in records(text):
        if "[smtpcodes." in record:
            match = OURS.fullmatch(record)
            assert match, f"not located and typed: {record!r}"
            found.append(match)
    return found


def isolated(function: Callable[..., Any], *args: Any, timeout: float = 300) -> Any:
    """``function(*args)`` in a forked copy of this process: its result.

    For a run that, were a fix to regress, would hang (a FIFO opened) or read
    without end (``/dev/zero``): the copy is killed after ``timeout`` seconds,
    and a copy the system kills fails the test, not the suite. A fork starts
    with everything imported, where a new interpreter would import Sphinx and
    the registry again.
    """
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy: report, then leave without running pytest's exit code
        os.close(read)
        try:
            data = pickle.dumps((True, function(*args)))
        except BaseException:
            data = pickle.dumps((False, traceback.format_exc()))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(write)
    chunks = []
    deadline = time.monotonic() + timeout
    with os.fdopen(read, "rb") as pipe:
        while True:
            ready, _w, _x = select.select([pipe], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise AssertionError(f"{function.__name__} did not end in {timeout} s")
            chunk = os.read(pipe.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    _pid, status = os.waitpid(pid, 0)
    assert chunks, f"{function.__name__} died (wait status {status})"
    finished, value = pickle.loads(b"".join(chunks))
    assert finished, value
    return value
