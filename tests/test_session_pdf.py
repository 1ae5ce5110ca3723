"""Every transcript feature compiles to PDF with pdflatex, xelatex and lualatex.

Each fixture format, a decoded 334 challenge (and a JSON one), masked
credentials, notes and a long unbroken base64 line, in one document, built
by each engine; the PDF's text shows the decoded note and no secret.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import compile_pdf, read_pdf, require_tool, warnings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"
LONG = "QUJD" * 60  # a long 334 line, as NTLM and XOAUTH2 send them


def _page() -> str:
    parts = ["Sessions\n========\n"]
    for path in sorted(FIXTURES.glob("*.txt")):
        body = "\n".join(
            "   " + line if line.strip() else "" for line in path.read_text().split("\n")
        )
        parts.append(f".. smtp-session::\n   :caption: {path.stem}\n\n{body}\n")
    parts.append(
        f".. smtp-session::\n\n   C: AUTH NTLM\n   S: 334 {LONG}\n   C: TlRMTVNTUAAB\n"
        "   S: 235 2.7.0 ok\n"
    )
    return "\n".join(parts)


@pytest.mark.parametrize("engine", ["pdflatex", "xelatex", "lualatex"])
def test_transcripts_compile_with_every_latex_engine(make_app, tmp_path, engine):
    latexmk = require_tool("latexmk")
    require_tool(engine)
    require_tool("pdftotext")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        'extensions = ["sphinx_smtpcodes"]\n'
        f'latex_engine = "{engine}"\n'
        'latex_documents = [("index", "sessions.tex", "Sessions", "Ops", "manual")]\n'
    )
    (src / "index.rst").write_text(_page())
    app = make_app("latex", srcdir=src)
    app.build()
    assert warnings(app) == ""
    result = compile_pdf(app.outdir, latexmk)
    assert result.returncode == 0, result.stdout[-3000:]
    text = read_pdf(app.outdir / "sessions.pdf", layout=False)
    flat = " ".join(text.split())
    assert "[decoded: Username:]" in flat
    assert "<4192942341.12828472@sourcefour.andrew.cmu.edu>]" in flat.replace("- ", "-")
    assert '"status": "401"' in flat
    assert "d29uZGVybGFuZA==" not in text and "****" in text
    # the long challenge wraps inside the page (sphinxalltt breaks only at spaces)
    log = (app.outdir / "sessions.log").read_text(encoding="utf-8", errors="replace")
    overfull = [chunk for chunk in log.split("Overfull")[1:] if "QUJD" in chunk[:400]]
    assert overfull == []
