"""The figures of ``run.py`` counted in instructions, which other work on the machine
does not change.

Wall and CPU time on a shared or virtual machine move by a tenth or more from
one run to the next, even when it is idle; the number of instructions a
process runs (``valgrind --tool=callgrind``) is the same each time. Each
project of ``run.py`` is built once under callgrind at ``--pages`` pages
(Python runs about 50 times slower there, so the projects are small), and
each figure is printed as a ratio of instructions. The 300-page ratios are
extrapolated from the cost of a page: a build's instructions less its empty
build's (and, for the extension, less the registry load, which a build pays
once).

Run from the repository root (valgrind must be installed)::

    python benchmarks/instructions.py [--pages 30]
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

COLLECTED = re.compile(r"Collected : (\d+)")
#: What Sphinx has imported before it imports an extension (as in run.IMPORT_SNIPPET).
SPHINX_ONLY = run.SPHINX_IMPORTED


def instructions(argv: list[str], cwd: Path) -> int:
    """Instructions ``argv`` runs, counted by callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        cwd=cwd,
        env=run.child_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    found = COLLECTED.search(done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind printed no count for {argv}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def build(project: Path) -> int:
    """Instructions of a clean HTML build of ``project/src``."""
    shutil.rmtree(project / "out", ignore_errors=True)
    return instructions(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "src", "out"], project
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30, help="pages of each project (30)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    compileall.compile_dir(run.REPO / "sphinx_smtpcodes", quiet=1)
    from sphinx_smtpcodes.registry import load_registry

    registry = load_registry("en")
    codes = run.block_codes(registry)
    n = args.pages
    with tempfile.TemporaryDirectory(prefix="smtpcodes-instructions-") as tmp:
        base = Path(tmp)
        projects = {
            "empty": ([], {}),
            "empty-ext": (["sphinx_smtpcodes"], {}),
            "extension": (["sphinx_smtpcodes"], run.extension_pages(n, codes)),
            "pre-rendered": ([], run.prerendered_pages(n, codes, registry)),
            "smtp-mentions": (["sphinx_smtpcodes"], run.smtp_mention_pages(n)),
        }
        if run.has_httpdomain():
            projects["http-mentions"] = (["sphinxcontrib.httpdomain"], run.http_mention_pages(n))
        for name, (extensions, pages) in projects.items():
            run.write_project(base / name, extensions, pages)
        snippet = run.IMPORT_SNIPPET.replace("print(t1 - t0, t2 - t1)", "")
        jobs = {name: (build, base / name) for name in projects}
        jobs["python -c pass"] = (
            lambda _p: instructions([sys.executable, "-c", "pass"], base),
            base,
        )
        jobs["explain 450"] = (
            lambda _p: instructions(
                [sys.executable, "-m", "sphinx_smtpcodes", "explain", "450"], base
            ),
            base,
        )
        jobs["sphinx imports"] = (
            lambda _p: instructions([sys.executable, "-c", SPHINX_ONLY], base),
            base,
        )
        jobs["+ import + load"] = (
            lambda _p: instructions([sys.executable, "-c", snippet], base),
            base,
        )
        print(f"counting {len(jobs)} processes under callgrind…", file=sys.stderr, flush=True)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            futures = {name: pool.submit(job, arg) for name, (job, arg) in jobs.items()}
            count = {name: future.result() for name, future in futures.items()}

    width = max(map(len, count))
    print(f"instructions (millions), {n}-page projects")
    for name, value in count.items():
        print(f"  {name:<{width}} {value / 1e6:10.1f}")
    empty, empty_ext = count["empty"], count["empty-ext"]
    load = count["+ import + load"] - count["sphinx imports"]
    print()
    print(f"import + load_registry('en'): {100 * load / empty:.1f}% of an empty build")
    print(f"an empty build with the extension: {100 * (empty_ext - empty) / empty:+.1f}%")
    cli = count["explain 450"] / count["python -c pass"]
    print(f"smtpcodes explain 450 / python -c pass: {cli:.2f}")

    def at(pages: int, project: str, fixed: int) -> float:
        """Instructions of ``project`` at ``pages`` pages, from its cost per page."""
        per_page = (count[project] - fixed) / n
        return fixed + pages * per_page

    ours_fixed = max(empty_ext, empty + load)  # set up, and the registry loaded once
    for label, ours, theirs, their_fixed in (
        ("extension / hand-written reST", "extension", "pre-rendered", empty),
        ("smtp mentions / httpdomain mentions", "smtp-mentions", "http-mentions", empty),
    ):
        if theirs not in count:
            continue
        measured = count[ours] / count[theirs]
        at300 = at(300, ours, ours_fixed) / at(300, theirs, their_fixed)
        print(f"{label}: {measured:.3f} at {n} pages, {at300:.3f} at 300 pages (per-page cost)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
