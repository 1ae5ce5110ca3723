"""How much a long transcript costs: ``smtp-session`` against a ``code-block``.

Run from the repository root::

    python benchmarks/transcripts.py [--lines 10000] [--repeat 3] [--builder html]

Three projects share one ``conf.py`` (the extension loaded) and one page:

- ``session``: the transcript in ``.. smtp-session::``;
- ``code-block``: the same lines in ``.. code-block:: text``;
- ``empty``: the page's title only (what Sphinx and the extension cost anyway).

The transcript is a realistic session (greeting, multi-line EHLO, AUTH LOGIN
with challenges, pipelined envelope, message data, a refused recipient, QUIT)
repeated, with other addresses and queue ids each time, until it has
``--lines`` lines. Each build is ``python -m sphinx -b
BUILDER -q -E src out`` in a fresh subprocess with an empty output folder; the
projects take turns and each figure is the median of ``--repeat`` runs. The
figure of merit is ``session / code-block`` (whole builds); the target is at
most 1.5.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: One session: every kind of line the directive draws differently.
SESSION = """\
S: 220 mx.example.org ESMTP ready
C: EHLO client.example.net
S: 250-mx.example.org Hello client.example.net
S: 250-PIPELINING
S: 250-SIZE 35882577
S: 250-8BITMIME
S: 250-AUTH LOGIN PLAIN
S: 250-ENHANCEDSTATUSCODES
S: 250 SMTPUTF8
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: YWxpY2U=
S: 334 UGFzc3dvcmQ6
C: d29uZGVybGFuZA==
S: 235 2.7.0 Authentication successful
C: MAIL FROM:<alice{n}@example.net>
C: RCPT TO:<bob{n}@example.org>
C: RCPT TO:<nobody@example.org>
S: 250 2.1.0 OK
S: 250 2.1.5 OK
S: 550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown
C: DATA
S: 354 End data with <CR><LF>.<CR><LF>
C: From: Alice <alice@example.net>
C: To: Bob <bob@example.org>
C: Subject: Quarterly figures
C:
C: Hello Bob, the figures are attached.
C: .
S: 250 2.0.0 Ok: queued as 4BcX{n:06X}
C: QUIT
S: 221 2.0.0 Bye
"""

CONF = 'extensions = ["sphinx_smtpcodes"]\nproject = "bench"\nhtml_sidebars = {"**": []}\n'


def transcript(lines: int) -> list[str]:
    """``SESSION`` repeated (addresses and queue ids differ), cut at ``lines`` lines."""
    one = SESSION.splitlines()
    return [one[i % len(one)].format(n=i // len(one)) for i in range(lines)]


def write(root: Path, body: str) -> Path:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(CONF)
    (src / "index.rst").write_text("Transcript\n==========\n\n" + body)
    return src


def projects(base: Path, lines: int, legend: bool = False) -> dict[str, Path]:
    text = "\n".join("   " + line for line in transcript(lines))
    option = "" if legend else "   :no-legend:\n"
    return {
        "session": write(base / "session", f".. smtp-session::\n{option}\n{text}\n"),
        "code-block": write(base / "code-block", f".. code-block:: text\n\n{text}\n"),
        "empty": write(base / "empty", ""),
    }


def build(src: Path, builder: str) -> float:
    out = src.parent / "out"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-E", str(src), str(out)],
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--builder", default="html")
    parser.add_argument(
        "--legend", action="store_true", help="keep the legend (vendor readings included)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        found = projects(Path(tmp), args.lines, args.legend)
        times: dict[str, list[float]] = {name: [] for name in found}
        for run in range(args.repeat):
            for name, src in found.items():
                times[name].append(build(src, args.builder))
                print(f"run {run + 1} {name}: {times[name][-1]:.2f} s", file=sys.stderr)
    median = {name: statistics.median(values) for name, values in times.items()}
    ratio = median["session"] / median["code-block"]
    added = (median["session"] - median["empty"]) / max(
        median["code-block"] - median["empty"], 1e-9
    )
    print(f"{args.lines} transcript lines, {args.builder}, median of {args.repeat} runs")
    for name, value in median.items():
        print(f"  {name:<11} {value:6.2f} s")
    print(f"  session / code-block, whole builds: {ratio:.2f} (target at most 1.5)")
    print(f"  session / code-block, above the empty project: {added:.2f}")
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
