"""Throw-away Sphinx projects for the hostile suite."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

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
    **confoverrides,
) -> tuple[str, str, Path]:
    """Build ``src``: (status, warnings, output folder), colour codes stripped."""
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
    )
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
