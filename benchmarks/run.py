"""Benchmark sphinx-smtpcodes against pre-rendered reST and sphinxcontrib-httpdomain.

Run from the repository root::

    python benchmarks/run.py [--pages 300] [--quick] [--repeat N] [--json FILE]

Every measured build is ``python -m sphinx -b html -q -E SRC OUT`` in a fresh
subprocess with an empty output folder, so each timing includes Python start-up
and all imports and no build sees another's cache. Each measurement is repeated
(3 times, once with ``--quick``), the variants taking turns, and the median is
reported. See ``benchmarks/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx_smtpcodes.content import Para
    from sphinx_smtpcodes.registry import Registry

REPO = Path(__file__).resolve().parent.parent

#: Codes the comparisons cycle through (in pairs) and the mentions cite.
COMPARE_CODES = (
    "334",
    "450",
    "451",
    "550",
    "421",
    "535",
    "552",
    "452",
    "554",
    "250",
    "220",
    "354",
    "530",
    "503",
)
#: HTTP status codes the httpdomain pages cite, as many as the SMTP codes.
HTTP_CODES = (
    "200",
    "201",
    "204",
    "301",
    "302",
    "304",
    "400",
    "401",
    "403",
    "404",
    "409",
    "429",
    "500",
    "503",
)
#: Mentions per page.
MENTIONS = 30
#: Mentions per paragraph.
PER_PARAGRAPH = 10

#: Targets printed next to the figures (issue 10, part 9).
TARGET_MENTIONS = 0.9  # smtp mentions / httpdomain mentions
TARGET_RATIO = 0.8  # extension / the same content hand-written as reST
TARGET_IMPORT_SHARE = 0.03  # import + registry load, of an empty build
TARGET_CLI = 4.0  # `smtpcodes explain 450` / `python -c pass`
TARGET_LINEAR = 1.5

# Sphinx imports an extension from a process that has Sphinx loaded already, so
# the snippet loads Sphinx's own modules first and times only what we add.

#: What Sphinx has imported when it imports a project's extension: its own
#: built-in extensions, which ``Sphinx()`` loads first (the builders, domains,
#: transforms and post-transforms, and with them ``json``, ``dataclasses``…).
SPHINX_IMPORTED = """\
import importlib, sphinx.application
for name in sphinx.application.builtin_extensions:
    importlib.import_module(name)
"""

IMPORT_SNIPPET = (
    SPHINX_IMPORTED
    + """\
import time
t0 = time.perf_counter()
import sphinx_smtpcodes
# what setup() imports when Sphinx loads the extension
from sphinx_smtpcodes.sphinxext import (
    config, directives, domain, html, incremental, index, links, reference, session, transforms
)
from sphinx_smtpcodes.registry import load_registry
t1 = time.perf_counter()
load_registry("en")
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""
)


# -- measuring -------------------------------------------------------------------------


@dataclass
class Run:
    """One build (or one timed subprocess)."""

    seconds: float
    max_rss_mb: float
    warnings: int
    parts: dict[str, float] = field(default_factory=dict)
    #: CPU time (user + system) of the process, which other work on the machine
    #: inflates far less than the wall time.
    cpu: float = 0.0


@dataclass
class Measurement:
    """The repeated runs of one project and their medians."""

    name: str
    pages: int
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Median wall time in seconds."""
        return statistics.median(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        """Median CPU time (user + system) in seconds."""
        return statistics.median(r.cpu for r in self.runs)

    @property
    def max_rss_mb(self) -> float:
        """Median peak resident memory of the build process, in MiB."""
        return statistics.median(r.max_rss_mb for r in self.runs)

    @property
    def warnings(self) -> int:
        """Warnings printed by the last build (all builds of a project print the same)."""
        return self.runs[-1].warnings if self.runs else 0

    def part(self, name: str) -> float:
        """Median of one named part of the runs (see :func:`import_once`)."""
        return statistics.median(r.parts[name] for r in self.runs)

    def summary(self) -> dict[str, Any]:
        """The figures saved by ``--json``."""
        result = {
            "pages": self.pages,
            "median_s": round(self.seconds, 4),
            "runs_s": [round(r.seconds, 4) for r in self.runs],
            "median_cpu_s": round(self.cpu, 4),
            "max_rss_mb": round(self.max_rss_mb, 1),
            "warnings": self.warnings,
        }
        for name in self.runs[0].parts if self.runs else ():
            result[f"{name}_median_s"] = round(self.part(name), 4)
        return result


def child_env() -> dict[str, str]:
    """The environment of every subprocess: the repository importable, no bytecode writes."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.pop("SPHINXOPTS", None)
    return env


def run_child(argv: Sequence[str], cwd: Path, log: Path) -> tuple[float, float, str, str, float]:
    """Run ``argv``; return wall seconds, the child's own peak RSS (MiB), stdout,
    stderr and its CPU seconds (user + system)."""
    out_path, err_path = log.with_suffix(".out"), log.with_suffix(".err")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=child_env())
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(errors="replace")
    stderr = err_path.read_text(errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return seconds, usage.ru_maxrss * scale, stdout, stderr, usage.ru_utime + usage.ru_stime


def build_once(project: Path) -> Run:
    """Build ``project/src`` into a fresh ``project/out``; time it in its own process."""
    out = project / "out"
    shutil.rmtree(out, ignore_errors=True)
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "src", "out"]
    seconds, rss, _stdout, stderr, cpu = run_child(argv, project, project / "build")
    warnings = sum(1 for line in stderr.splitlines() if "WARNING" in line or "ERROR" in line)
    return Run(seconds, rss, warnings, cpu=cpu)


def import_once(workdir: Path) -> Run:
    """Time ``import sphinx_smtpcodes`` + ``load_registry('en')`` inside a fresh process."""
    argv = [sys.executable, "-c", IMPORT_SNIPPET]
    _wall, rss, stdout, _stderr, _cpu = run_child(argv, workdir, workdir / "import")
    imported, loaded = (float(x) for x in stdout.split())
    return Run(imported + loaded, rss, 0, {"import": imported, "load_registry": loaded})


def command_once(workdir: Path, argv: Sequence[str], name: str) -> Run:
    """Time one command in a fresh process (start-up included)."""
    seconds, rss, _stdout, _stderr, cpu = run_child(
        [sys.executable, *argv], workdir, workdir / name
    )
    return Run(seconds, rss, 0, cpu=cpu)


def measure_all(
    jobs: Sequence[tuple[Measurement, Callable[[], Run]]], repeat: int, label: str
) -> None:
    """Run every job ``repeat`` times, jobs taking turns so that drift hits all alike."""
    for rep in range(repeat):
        for measurement, job in jobs:
            print(
                f"  [{label} {rep + 1}/{repeat}] {measurement.name} ({measurement.pages} pages)…",
                end="",
                flush=True,
                file=sys.stderr,
            )
            result = job()
            measurement.runs.append(result)
            print(f" {result.seconds:.2f}s", file=sys.stderr, flush=True)


# -- reST helpers -------------------------------------------------------------------------


def escape(text: str) -> str:
    """``text`` as literal reStructuredText inline content.

    No markup, no auto-links, and no smart quotes or dashes: the extension's
    blocks keep the registry's text as written.
    """
    for char in "\\*`_|<>[]:@'\"":
        text = text.replace(char, "\\" + char)
    return text.replace("...", "\\.\\.\\.").replace("--", "-\\-")


def indent(text: str, prefix: str) -> str:
    """Indent every non-empty line of ``text``."""
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())


def write_project(
    root: Path, extensions: Sequence[str], pages: dict[str, str], *, sidebars: bool = False
) -> Path:
    """Write ``root/src``: ``conf.py``, an index with a toctree, and ``pages``.

    Without ``sidebars`` the theme's sidebars are off: its navigation lists the
    whole (flat) toctree on every page, which makes any large flat project
    quadratic and would hide what the pages themselves cost.
    """
    src = root / "src"
    shutil.rmtree(root, ignore_errors=True)
    src.mkdir(parents=True)
    conf = f'project = "benchmark"\nextensions = {list(extensions)!r}\n'
    if not sidebars:
        conf += 'html_sidebars = {"**": []}\n'
    (src / "conf.py").write_text(conf, encoding="utf-8")
    toctree = "\n".join(f"   {name}" for name in pages)
    index = f"Benchmark\n=========\n\n.. toctree::\n   :maxdepth: 1\n\n{toctree}\n"
    (src / "index.rst").write_text(index, encoding="utf-8")
    for name, text in pages.items():
        (src / f"{name}.rst").write_text(text, encoding="utf-8")
    return root


def page_name(i: int) -> str:
    """File name (without suffix) of page ``i``."""
    return f"page{i:05d}"


def heading(i: int) -> str:
    """The title of page ``i``."""
    title = f"Page {i}"
    return f"{title}\n{'=' * len(title)}\n"


def mentions(i: int, codes: Sequence[str], mention: Callable[[str], str]) -> str:
    """``MENTIONS`` sentences, each citing one code, in paragraphs of ``PER_PARAGRAPH``."""
    sentences = [
        f"When the log shows {mention(codes[(i + k) % len(codes)])}, read the reply text."
        for k in range(MENTIONS)
    ]
    paragraphs = [
        " ".join(sentences[k : k + PER_PARAGRAPH]) for k in range(0, MENTIONS, PER_PARAGRAPH)
    ]
    return "\n\n".join(paragraphs) + "\n"


def compare_pair(i: int) -> tuple[str, str]:
    """The two codes page ``i`` compares: consecutive codes of ``COMPARE_CODES``, cycling."""
    n = len(COMPARE_CODES)
    return COMPARE_CODES[i % n], COMPARE_CODES[(i + 1) % n]


def block_codes(registry: Registry) -> list[str]:
    """Codes for the per-page ``smtp-code`` blocks: the compared codes first, then the rest."""
    from sphinx_smtpcodes.registry import CodeSyntaxError
    from sphinx_smtpcodes.sphinxext.domain import canonical

    rest = []
    for entry in registry:
        try:
            key = canonical(entry.code)
        except CodeSyntaxError:  # ranges such as 4.7.321-325 have no block
            continue
        if key == entry.code and key not in COMPARE_CODES:
            rest.append(key)
    return [*COMPARE_CODES, *rest]


def block_of(i: int, codes: Sequence[str]) -> tuple[str, bool]:
    """The code of page ``i``'s ``smtp-code`` block, and whether it is its first block."""
    return codes[i % len(codes)], i < len(codes)


# -- (a) the extension ------------------------------------------------------------------------


def extension_pages(count: int, codes: Sequence[str]) -> dict[str, str]:
    """Pages with one ``smtp-compare``, one ``smtp-code`` and ``MENTIONS`` ``:smtp:`` roles."""
    pages = {}
    for i in range(count):
        a, b = compare_pair(i)
        code, first = block_of(i, codes)
        no_index = "" if first else "   :no-index:\n"
        pages[page_name(i)] = (
            f"{heading(i)}\n.. smtp-compare:: {a} {b}\n\n.. smtp-code:: {code}\n{no_index}\n"
            + mentions(i, COMPARE_CODES, lambda c: f":smtp:`{c}`")
        )
    return pages


# -- (b) the same content, pre-rendered ----------------------------------------------------


class Prerenderer:
    """Writes what the directives show as plain reST, from the extension's pure API."""

    def __init__(self, registry: Registry, documented: set[str]) -> None:
        self.registry = registry
        self.documented = documented

    @staticmethod
    def label(code: str) -> str:
        """The reST label of a code's block (the extension's HTML id)."""
        from sphinx_smtpcodes.sphinxext.domain import node_id

        return node_id(code)

    def target(self, code: str) -> str | None:
        """The documented code a mention of ``code`` links to, as the domain resolves it."""
        from sphinx_smtpcodes.sphinxext.domain import fallbacks

        if code in self.documented:
            return code
        return next((key for key in fallbacks(code) if key in self.documented), None)

    def mention(self, code: str, text: str) -> str:
        """A ``:ref:`` to a documented code, or plain text (as the extension's quiet mention)."""
        target = self.target(code)
        if target is not None:
            return f":ref:`{escape(text)} <{self.label(target)}>`"
        return escape(text)

    def inline(self, para: Para) -> str:
        """One paragraph's inline pieces."""
        from sphinx_smtpcodes.content import CodeRef, Link, Text

        parts = []
        for piece in para:
            if isinstance(piece, Text):
                parts.append(escape(piece.text))
            elif isinstance(piece, CodeRef):
                parts.append(self.mention(piece.code, piece.text))
            elif isinstance(piece, Link):
                parts.append(f"`{escape(piece.text)} <{piece.url}>`__")
        return "".join(parts)

    def paragraphs(self, paras: Sequence[Para], *, items: bool) -> str:
        """Paragraphs, or a bullet list of them (as :func:`render.paragraphs`)."""
        if items and len(paras) > 1:
            return "\n".join(f"* {self.inline(p)}" for p in paras)
        return "\n\n".join(self.inline(p) for p in paras)

    def comparison(self, codes: Sequence[str]) -> str:
        """An ``smtp-compare`` block: rubric, lead, list-table, differences, guidance."""
        from sphinx_smtpcodes.content import compare

        data = compare([self.registry.get(c) for c in codes], self.registry)
        count = len(data.columns)
        width = (66 - 16) // count
        lines = [
            ".. container:: smtp-compare",
            "",
            f"   .. rubric:: {escape(data.title)}",
            "",
            f"   {escape(data.lead)}",
            "",
            f"   .. list-table:: {escape(data.labels['table'])}",
            "      :header-rows: 1",
            "      :stub-columns: 1",
            f"      :widths: 16 {' '.join([str(width)] * count)}",
            "      :class: smtp-compare-table",
            "",
            f"      * - {escape(data.labels['aspect'])}",
        ]
        for code, column in zip(data.codes, data.columns):
            lines.append(f"        - {self.mention(code, column)}")
        for row in data.rows:
            lines.append(f"      * - {escape(row.label)}")
            for cell in row.cells:
                body = self.paragraphs(cell, items=row.key == "references")
                if not body:
                    lines.append("        -")
                    continue
                first, *rest = body.splitlines()
                lines.append(f"        - {first}")
                lines.extend(indent(line, "          ") for line in rest)
        if data.differences:
            lines += ["", f"   .. rubric:: {escape(data.labels['differences'])}", ""]
            lines += [f"   * {escape(sentence)}" for sentence in data.differences]
        if data.guidance:
            lines += ["", f"   .. rubric:: {escape(data.labels['guidance'])}", ""]
            for ref, text in data.guidance:
                lines += [f"   {self.mention(ref.code, ref.text)}", f"      {escape(text)}"]
        return "\n".join(lines) + "\n"

    def code(self, code: str, first: bool) -> str:
        """An ``smtp-code`` block: (label,) rubric, class line, summary, definition list."""
        from sphinx_smtpcodes.content import explain

        data = explain(self.registry.get(code), self.registry)
        title = escape(data.title) + "".join(f" :smtp-badge:`[{escape(b)}]`" for b in data.badges)
        lines = [".. role:: smtp-badge", ""] if data.badges else []
        if first:
            lines += [f".. _{self.label(code)}:", ""]
        lines += [
            ".. container:: smtp-code",
            "",
            f"   .. rubric:: {title}",
            "",
            f"   {escape(data.class_line)}",
            "",
        ]
        if data.summary:
            lines += [f"   *{escape(data.summary)}*", ""]
        for section in data.sections:
            lines.append(f"   {escape(section.label)}")
            body = self.paragraphs(section.paragraphs, items=section.items)
            lines.append(indent(body, "      "))
        return "\n".join(lines) + "\n"


def prerendered_pages(count: int, codes: Sequence[str], registry: Registry) -> dict[str, str]:
    """The pages of :func:`extension_pages`, written out as static reST."""
    documented = set(codes[:count])
    render = Prerenderer(registry, documented)
    pages = {}
    for i in range(count):
        code, first = block_of(i, codes)
        pages[page_name(i)] = (
            f"{heading(i)}\n{render.comparison(compare_pair(i))}\n{render.code(code, first)}\n"
            + mentions(i, COMPARE_CODES, lambda c: render.mention(c, c))
        )
    return pages


# -- (c) mentions only ----------------------------------------------------------------------


def smtp_mention_pages(count: int) -> dict[str, str]:
    """Pages with ``MENTIONS`` ``:smtp:`` roles each and nothing else."""
    return {
        page_name(i): heading(i) + "\n" + mentions(i, COMPARE_CODES, lambda c: f":smtp:`{c}`")
        for i in range(count)
    }


def http_mention_pages(count: int) -> dict[str, str]:
    """Pages with ``MENTIONS`` ``:http:statuscode:`` roles each and nothing else."""
    return {
        page_name(i): heading(i)
        + "\n"
        + mentions(i, HTTP_CODES, lambda c: f":http:statuscode:`{c}`")
        for i in range(count)
    }


# -- report -------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    """``ok`` or ``MISSED`` next to a target."""
    return "ok" if ok else "MISSED"


def print_ratio(label: str, ours: Any, theirs: Any, empty: Any, target: float) -> float:
    """Print a ratio against its target, and the same without the empty build's cost."""
    ratio = ours.seconds / theirs.seconds
    print(f"{label} {ratio:5.2f}   target <= {target:.1f}: {verdict(ratio <= target)}")
    net = (ours.seconds - empty.seconds) / max(theirs.seconds - empty.seconds, 1e-9)
    print(f"        same, each minus the empty build: {net:5.2f}")
    print(f"        same in CPU time:                 {ours.cpu / theirs.cpu:5.2f}")
    return ratio


def busy_note(label: str, loadavg: Sequence[float], limit: float) -> str:
    """The 1/5/15-minute load average, with a warning when other work shares the CPUs.

    ``limit`` is the 1-minute figure above which other processes are taken to
    be running (after a run, the benchmark's own builds count about 1).
    """
    text = f"{label}: " + " ".join(f"{x:.2f}" for x in loadavg)
    if loadavg[0] > limit:
        text += " (other processes are running: timings may be inflated and noisy)"
    return text


def sphinx_version() -> str:
    """The Sphinx version the builds use (asked of a subprocess, like the builds)."""
    out = subprocess.run(
        [sys.executable, "-c", "import sphinx; print(sphinx.__display_version__)"],
        capture_output=True,
        text=True,
        check=True,
        env=child_env(),
    )
    return out.stdout.strip()


def has_httpdomain() -> bool:
    """Whether ``sphinxcontrib.httpdomain`` can be imported by the builds."""
    probe = subprocess.run(
        [sys.executable, "-c", "import sphinxcontrib.httpdomain"],
        capture_output=True,
        env=child_env(),
    )
    return probe.returncode == 0


def growth_fit(points: Sequence[tuple[int, float]], baseline: float) -> dict[str, Any]:
    """Per-page figures of growth and whether the build time grows linearly.

    ``points`` are (pages, median seconds), smallest first. The marginal cost
    of a page between two sizes is the slope between them; growth is called
    linear when the slope of the largest step is at most ``TARGET_LINEAR``
    times that of the smallest step.
    """
    slopes = [
        (b_pages, (b_time - a_time) / (b_pages - a_pages))
        for (a_pages, a_time), (b_pages, b_time) in pairwise(points)
    ]
    n = len(points)
    mean_x = sum(p for p, _ in points) / n
    mean_y = sum(t for _, t in points) / n
    sxx = sum((p - mean_x) ** 2 for p, _ in points)
    slope = sum((p - mean_x) * (t - mean_y) for p, t in points) / sxx
    intercept = mean_y - slope * mean_x
    ss_tot = sum((t - mean_y) ** 2 for _, t in points)
    ss_res = sum((t - (intercept + slope * p)) ** 2 for p, t in points)
    ratio = slopes[-1][1] / slopes[0][1] if slopes and slopes[0][1] > 0 else float("nan")
    return {
        "points": [
            {
                "pages": p,
                "median_s": round(t, 4),
                "ms_per_page": round(1000 * t / p, 3),
                "ms_per_page_minus_empty": round(1000 * (t - baseline) / p, 3),
            }
            for p, t in points
        ],
        "step_ms_per_page": [{"up_to": p, "ms": round(1000 * s, 3)} for p, s in slopes],
        "fit_intercept_s": round(intercept, 4),
        "fit_ms_per_page": round(1000 * slope, 4),
        "fit_r2": round(1 - ss_res / ss_tot, 5) if ss_tot else 1.0,
        "step_ratio": round(ratio, 3),
        "linear": bool(ratio <= TARGET_LINEAR),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the projects, build them side by side, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300, help="pages of (a), (b), (c)")
    parser.add_argument("--quick", action="store_true", help="one run each, smaller growth")
    parser.add_argument("--repeat", type=int, help="runs per measurement (default 3, quick 1)")
    parser.add_argument(
        "--sizes", help="comma-separated page counts of the growth series (default 30,300,3000)"
    )
    parser.add_argument("--json", type=Path, help="also save the figures as JSON here")
    parser.add_argument("--keep", type=Path, help="generate the projects here and keep them")
    parser.add_argument(
        "--sidebars",
        action="store_true",
        help="keep the theme's sidebars (quadratic in a flat toctree: see README)",
    )
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 3)
    if args.sizes:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    else:
        sizes = [30, 100, 300] if args.quick else [30, 300, 3000]
    if len(sizes) < 2 or min(sizes) < 1 or args.pages < 1:
        parser.error("--sizes needs at least two page counts, and page counts must be positive")
    pages = args.pages

    sys.path.insert(0, str(REPO))
    # As installed: pip compiles a package's bytecode when it installs it, and
    # Sphinx's is compiled in site-packages. A checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise compile our modules in every
    # measured process, and only ours.
    compileall.compile_dir(REPO / "sphinx_smtpcodes", quiet=1)
    from sphinx_smtpcodes.registry import load_registry

    registry = load_registry("en")
    codes = block_codes(registry)
    httpdomain = has_httpdomain()

    header = {
        "python": platform.python_version(),
        "sphinx": sphinx_version(),
        "platform": platform.platform(),
        "nproc": os.cpu_count(),
        "pages": pages,
        "repeat": repeat,
        "growth_sizes": sizes,
        "sidebars": args.sidebars,
        "loadavg_before": [round(x, 2) for x in os.getloadavg()],
    }
    print("sphinx-smtpcodes benchmark")
    print(
        f"Python {header['python']}, Sphinx {header['sphinx']}, {header['platform']}, "
        f"nproc={header['nproc']}"
    )
    print(f"{pages} pages, median of {repeat} run(s) per figure; growth at {sizes} pages")
    print(f"theme sidebars: {'on' if args.sidebars else 'off'}")
    print(busy_note("load average before", header["loadavg_before"], 0.75))
    print()

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="smtpcodes-bench-") as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        print("generating projects…", file=sys.stderr, flush=True)
        empty = Measurement("empty", 1)
        imports = Measurement("import+load_registry", 0)
        python_pass = Measurement("python -c pass", 0)
        explain_450 = Measurement("smtpcodes explain 450", 0)
        write_project(base / "empty", [], {}, sidebars=args.sidebars)
        empty_ext = Measurement("empty, with extension", 1)
        write_project(base / "empty-ext", ["sphinx_smtpcodes"], {}, sidebars=args.sidebars)
        ext_sizes = sorted({pages, *sizes})
        extension = {n: Measurement("extension", n) for n in ext_sizes}
        for n in ext_sizes:
            write_project(
                base / f"extension-{n}",
                ["sphinx_smtpcodes"],
                extension_pages(n, codes),
                sidebars=args.sidebars,
            )
        pre = Measurement("pre-rendered", pages)
        write_project(
            base / "prerendered",
            [],
            prerendered_pages(pages, codes, registry),
            sidebars=args.sidebars,
        )
        smtp_only = Measurement("smtp mentions", pages)
        write_project(
            base / "smtp-mentions",
            ["sphinx_smtpcodes"],
            smtp_mention_pages(pages),
            sidebars=args.sidebars,
        )
        http_only = Measurement("httpdomain mentions", pages)
        if httpdomain:
            write_project(
                base / "http-mentions",
                ["sphinxcontrib.httpdomain"],
                http_mention_pages(pages),
                sidebars=args.sidebars,
            )

        def builder(name: str) -> Callable[[], Run]:
            """A job that builds the project in ``base/name``."""
            return lambda: build_once(base / name)

        main_jobs: list[tuple[Measurement, Callable[[], Run]]] = [
            (empty, builder("empty")),
            (empty_ext, builder("empty-ext")),
            (imports, lambda: import_once(base)),
            (python_pass, lambda: command_once(base, ["-c", "pass"], "pass")),
            (
                explain_450,
                lambda: command_once(base, ["-m", "sphinx_smtpcodes", "explain", "450"], "cli"),
            ),
            (extension[pages], builder(f"extension-{pages}")),
            (pre, builder("prerendered")),
            (smtp_only, builder("smtp-mentions")),
        ]
        if httpdomain:
            main_jobs.append((http_only, builder("http-mentions")))
        measure_all(main_jobs, repeat, "side by side")
        growth_jobs = [(extension[n], builder(f"extension-{n}")) for n in sizes if n != pages]
        measure_all(growth_jobs, repeat, "growth")
    elapsed = time.perf_counter() - started

    # -- print ----------------------------------------------------------------------------
    a = extension[pages]
    rows = [empty, a, pre, smtp_only] + ([http_only] if httpdomain else [])
    print(f"{'build':<24}{'pages':>7}{'median s':>10}{'ms/page':>9}{'peak RSS MiB':>14}{'warn':>6}")
    for m in rows:
        per_page = f"{1000 * m.seconds / m.pages:.1f}" if m.pages > 1 else "-"
        print(
            f"{m.name:<24}{m.pages:>7}{m.seconds:>10.2f}{per_page:>9}"
            f"{m.max_rss_mb:>14.0f}{m.warnings:>6}"
        )
    print()
    ratio_ab = print_ratio("(a)/(b) extension / pre-rendered:       ", a, pre, empty, TARGET_RATIO)
    ratio_ac = float("nan")
    if httpdomain:
        ratio_ac = print_ratio(
            "(a)/(c) smtp / httpdomain mentions only:", smtp_only, http_only, empty, TARGET_MENTIONS
        )
    else:
        print("(c) skipped: sphinxcontrib-httpdomain is not installed (pip install -e '.[bench]')")
    share = imports.seconds / empty.seconds
    print(
        f"import + load_registry('en'): {1000 * imports.seconds:.0f} ms = {100 * share:.1f}% "
        f"of an empty build ({empty.seconds:.2f} s)   target < "
        f"{100 * TARGET_IMPORT_SHARE:.0f}%: {verdict(share < TARGET_IMPORT_SHARE)}"
    )
    print(
        f"        of which import {1000 * imports.part('import'):.0f} ms, "
        f"load_registry {1000 * imports.part('load_registry'):.0f} ms"
    )
    # What an empty build pays: the extension is set up, no page uses a code, so
    # the registry is never loaded.
    paid = (empty_ext.seconds - empty.seconds) / empty.seconds
    paid_cpu = (empty_ext.cpu - empty.cpu) / empty.cpu
    print(
        f"an empty build with the extension: {empty_ext.seconds:.3f} s, "
        f"{100 * paid:+.1f}% ({100 * paid_cpu:+.1f}% in CPU time)"
    )
    cli_ratio = explain_450.seconds / python_pass.seconds
    print(
        f"smtpcodes explain 450: {1000 * explain_450.seconds:.0f} ms = {cli_ratio:.1f}x "
        f"python -c pass ({1000 * python_pass.seconds:.0f} ms)   target < {TARGET_CLI:.0f}x: "
        f"{verdict(cli_ratio < TARGET_CLI)}"
    )
    print(f"        same in CPU time: {explain_450.cpu / python_pass.cpu:.1f}x")
    rss_ratio = a.max_rss_mb / pre.max_rss_mb
    print(
        f"peak RSS: (a) {a.max_rss_mb:.0f} MiB, (b) {pre.max_rss_mb:.0f} MiB "
        f"(ratio {rss_ratio:.2f}); empty build {empty.max_rss_mb:.0f} MiB"
    )
    print()
    growth = growth_fit([(n, extension[n].seconds) for n in sizes], empty.seconds)
    print("growth of (a):")
    print(f"{'pages':>7}{'median s':>10}{'ms/page':>9}{'ms/page - empty':>17}{'peak RSS MiB':>14}")
    for point in growth["points"]:
        n = point["pages"]
        print(
            f"{n:>7}{point['median_s']:>10.2f}{point['ms_per_page']:>9.1f}"
            f"{point['ms_per_page_minus_empty']:>17.1f}{extension[n].max_rss_mb:>14.0f}"
        )
    steps = ", ".join(
        f"{s['ms']:.1f} ms/page up to {s['up_to']}" for s in growth["step_ms_per_page"]
    )
    print(f"marginal cost: {steps}")
    print(
        f"least squares: {growth['fit_intercept_s']:.2f} s + {growth['fit_ms_per_page']:.2f} "
        f"ms/page, R^2 = {growth['fit_r2']:.4f}"
    )
    print(
        f"largest/smallest step: {growth['step_ratio']:.2f}   target <= {TARGET_LINEAR}: "
        f"{'linear' if growth['linear'] else 'NOT linear'}"
    )
    header["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    print("\nthe four targets (issue 10, part 9):")
    figures = [
        ("smtp mentions / httpdomain mentions", f"{ratio_ac:.2f}", f"<= {TARGET_MENTIONS}",
         ratio_ac <= TARGET_MENTIONS),
        ("import + registry load / empty build", f"{100 * share:.1f}%",
         f"< {TARGET_IMPORT_SHARE:.0%}", share < TARGET_IMPORT_SHARE),
        ("smtpcodes explain 450 / python -c pass", f"{cli_ratio:.2f}", f"< {TARGET_CLI:.0f}",
         cli_ratio < TARGET_CLI),
        ("extension / hand-written reST", f"{ratio_ab:.2f}", f"<= {TARGET_RATIO}",
         ratio_ab <= TARGET_RATIO),
    ]  # fmt: skip
    for label, shown, target, ok in figures:
        print(f"  {label:<40} {shown:>7}   target {target:<6} {verdict(ok)}")
    print(f"\ntotal benchmark time: {elapsed:.0f} s")
    print(busy_note("load average after", header["loadavg_after"], 1.5))

    if args.json:
        result = {
            "header": header,
            "empty": empty.summary(),
            "empty_with_extension": empty_ext.summary(),
            "import_load_registry": imports.summary(),
            "extension": a.summary(),
            "prerendered": pre.summary(),
            "smtp_mentions": smtp_only.summary(),
            "http_mentions": http_only.summary() if httpdomain else None,
            "ratio_a_b": round(ratio_ab, 4),
            "ratio_a_c": round(ratio_ac, 4) if httpdomain else None,
            "import_share_of_empty_build": round(share, 4),
            "empty_build_share_paid": round(paid, 4),
            "python_pass": python_pass.summary(),
            "explain_450": explain_450.summary(),
            "ratio_cli_python": round(cli_ratio, 4),
            "growth": growth,
            "growth_builds": {str(n): extension[n].summary() for n in sizes},
            "total_s": round(elapsed, 1),
        }
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"saved {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
