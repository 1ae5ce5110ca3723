"""Score ``smtp-session`` on real transcripts: every reply linked, every other line a note.

Run from the repository root::

    python benchmarks/transcripts_corpus.py [DIR ...]

Without arguments it reads ``../shared/data/real/transcripts/`` (when it is
there) and the project's own fixtures, ``tests/fixtures/transcripts/`` (one
file per format the reader accepts). Each file becomes one page of a Sphinx
project, built once to HTML; for each transcript the script reports:

- the format detected and the number of replies;
- ``linked``: replies whose code is a link (or a tooltip) with an explanation;
- ``notes``: lines shown as notes; ``suspect``: client lines that are neither
  an SMTP command, message data, nor a masked answer (a note shown as a
  command would be one);
- ``warnings``: the build's located warnings for that page.

A transcript passes when every reply is linked and explained and nothing is
suspect, or when the build warned about it at a line of its own. The script
exits with status 1 if any transcript fails.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [
    # shared/ lies beside the clone (CI) or beside the worktrees' folder
    REPO.parent / "shared" / "data" / "real" / "transcripts",
    REPO.parent.parent / "shared" / "data" / "real" / "transcripts",
    REPO / "tests" / "fixtures" / "transcripts",
]
_VERB = re.compile(r"[A-Za-z][A-Za-z-]*")


def build(files: list[Path], out: Path) -> str:
    """Build one page per transcript; return the warnings."""
    from io import StringIO

    from sphinx.application import Sphinx

    src = out / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_smtpcodes"]\nshow_warning_types = True\n')
    names = []
    for index, path in enumerate(files):
        name = f"t{index:03d}"
        names.append(name)
        lines = path.read_text(encoding="utf-8").split("\n")
        body = "\n".join("   " + line if line.strip() else "" for line in lines)
        (src / f"{name}.rst").write_text(
            f"{path.name}\n{'=' * len(path.name)}\n\n.. smtp-session::\n\n{body}\n"
        )
    toctree = "\n".join(f"   {name}" for name in names)
    (src / "index.rst").write_text(f"Corpus\n======\n\n.. toctree::\n\n{toctree}\n")
    warnings = StringIO()
    app = Sphinx(
        src,
        src,
        out / "html",
        out / "doctrees",
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    return warnings.getvalue()


def score(path: Path, html: Path, warnings: list[str]) -> dict[str, object]:
    from bs4 import BeautifulSoup

    from sphinx_smtpcodes.readers.transcript import (
        _VERBS,  # the commands the reader knows: a bold line should be one
        parse_transcript,
    )

    parsed = parse_transcript(path.read_text(encoding="utf-8"))
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    pre = page.select_one("pre.smtp-transcript")
    refs = pre.select(".smtp-ref") if pre else []
    explained = [r for r in refs if r.get("title") or (r.parent and r.parent.get("title"))]
    expected = sum(1 + (reply.line.enhanced is not None) for reply in parsed.replies)
    in_data = False
    suspect = []
    for line in parsed.lines:
        if line.side == "server" and line.reply_index is not None:
            reply = parsed.replies[line.reply_index]
            in_data = str(reply.line.code) == "354"
            continue
        if line.side != "client":
            continue
        words = line.text.split()
        content = " ".join(w for w in words if not re.fullmatch(r"[<>~*\-]+|[SCRscr]:|In:", w))
        verb = (_VERB.match(content) or [""])[0].upper() if content else ""
        if in_data or "****" in line.text or verb in _VERBS or content in ("", ".", "*", "="):
            if content == ".":
                in_data = False
            if verb == "BDAT":
                in_data = True  # a chunk of message data follows, up to the next reply
            continue
        if "send:" in line.text or "SMTP" in line.text:
            continue  # smtplib and Exim quote the command: its verb is inside
        suspect.append(line.number)
    return {
        "format": parsed.format,
        "replies": len(parsed.replies),
        "linked": f"{len(explained)}/{expected}",
        "notes": sum(1 for line in parsed.lines if line.side == "note" and line.text.strip()),
        "suspect": suspect,
        "warnings": warnings,
        "ok": (len(explained) == expected and expected > 0 and not suspect) or bool(warnings),
    }


def main(argv: list[str]) -> int:
    dirs = [Path(a) for a in argv] or [d for d in DEFAULT_DIRS if d.is_dir()]
    files = sorted(p for d in dirs for p in d.glob("*.txt"))
    if not files:
        print("no transcripts found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        warnings = build(files, out)
        failed = 0
        print(f"{'transcript':<44} {'format':<9} {'replies':>7} {'linked':>7} {'notes':>5}  result")
        for index, path in enumerate(files):
            name = f"t{index:03d}"
            mine = [w for w in warnings.splitlines() if f"{name}.rst" in w]
            result = score(path, out / "html" / f"{name}.html", mine)
            failed += not result["ok"]
            verdict = "ok" if result["ok"] else f"FAIL suspect lines {result['suspect']}"
            if mine:
                verdict += f" ({len(mine)} warning(s): {mine[0].split('WARNING: ')[-1][:60]})"
            label = f"{path.parent.name}/{path.name}"[-44:]
            print(
                f"{label:<44} {result['format']:<9} {result['replies']:>7} "
                f"{result['linked']:>7} {result['notes']:>5}  {verdict}"
            )
    print(f"{len(files) - failed} of {len(files)} transcripts pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
