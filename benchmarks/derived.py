"""Are the compiled copies of the bundled registry worth keeping?

Loads the bundled registry, English and Korean, in fresh processes, four ways:

- ``merged copy``: as the package does for a project with no registry files of
  its own, from ``data/registry.<language>.json`` (its digest checked first);
- ``sources copy``: as it does for a project with files of its own, merging
  the validated sources of ``data/compiled.json``;
- ``yaml (C loader)``: parsing and validating the bundled YAML with libyaml's
  parser (PyYAML's ``CSafeLoader``), as a checkout with edited YAML does;
- ``yaml.load only``: ``yaml.load(..., CSafeLoader)`` of the same files, with
  no validation at all: the floor of any YAML route.

Each figure is the median of ``--repeat`` fresh processes (default 9), the
time inside the process (``perf_counter``) from an imported
``sphinx_smtpcodes.registry`` to a loaded registry: it includes importing
PyYAML where a route needs it (the copies do not), not the start of
the interpreter or the package's own import.
Run from the repository root: ``python benchmarks/derived.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

PROGRAMS = {
    "merged copy": """
import time
from sphinx_smtpcodes.registry import load_registry
t = time.perf_counter()
load_registry({lang!r})
print(time.perf_counter() - t)
""",
    "sources copy": """
import time
from sphinx_smtpcodes.registry import compiled, load_registry
compiled.load_merged = lambda language: None  # as for a project with files of its own
t = time.perf_counter()
load_registry({lang!r})
print(time.perf_counter() - t)
""",
    "yaml (C loader)": """
import time
from sphinx_smtpcodes.registry import compiled, load_registry
compiled.load_merged = lambda language: None
compiled.load_compiled = lambda: None  # as if the copies were stale
t = time.perf_counter()
load_registry({lang!r})
print(time.perf_counter() - t)
""",
    "yaml.load only": """
import time
from sphinx_smtpcodes.registry.compiled import bundled_files
t = time.perf_counter()
import yaml
files = [p for p in bundled_files() if {lang!r} != "en" or "locales" not in p.parts]
for path in files:
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
print(time.perf_counter() - t)
""",
}


def measure(program: str, repeat: int) -> float:
    """The median time (ms) the program prints, over ``repeat`` fresh processes."""
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, check=True
        ).stdout
        times.append(float(out) * 1000)
    return statistics.median(times)


def main() -> int:
    """Print the figures (and, with ``--json``, save them)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    results: dict[str, dict[str, float]] = {}
    for lang in ("en", "ko"):
        for name, template in PROGRAMS.items():
            ms = measure(template.format(lang=lang), args.repeat)
            results.setdefault(lang, {})[name] = round(ms, 1)
            print(f"{lang}  {name:<16} {ms:7.1f} ms")
        ratio = results[lang]["yaml (C loader)"] / results[lang]["merged copy"]
        print(f"{lang}  yaml (C loader) / merged copy: {ratio:.1f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
