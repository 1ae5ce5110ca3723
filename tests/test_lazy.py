"""Loading the extension costs little: a build imports what its pages use.

Each check runs in a fresh interpreter (this one has imported everything) and
lists the modules of the package that were run, not merely named: the Sphinx
layer names the heavy ones through :func:`sphinx_smtpcodes.lazy.lazy_module`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

LOADED = """
import json, sys
print(json.dumps(sorted(
    name for name, module in sys.modules.items()
    if name.startswith(("sphinx_smtpcodes", "email", "docutils", "sphinx.", "_hashlib", "yaml"))
    and type(module).__name__ != "_LazyModule"
)))
"""


def _loaded(code: str, cwd: Path) -> set[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + LOADED],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _project(tmp_path: Path, page: str, **conf: object) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    settings = "".join(f"{k} = {v!r}\n" for k, v in conf.items())
    (src / "conf.py").write_text(f"extensions = ['sphinx_smtpcodes']\n{settings}", "utf-8")
    (src / "index.rst").write_text(f"Manual\n======\n\n{page}\n", "utf-8")
    return src


BUILD = """
from sphinx.cmd.build import build_main
assert build_main(["-b", "html", "-q", "-E", "src", "out"]) == 0
"""

#: What only pages that use codes need: records, content, renderers, readers.
HEAVY = {
    "sphinx_smtpcodes.registry.entries",
    "sphinx_smtpcodes.registry.registry",
    "sphinx_smtpcodes.content.model",
    "sphinx_smtpcodes.render.nodes",
    "sphinx_smtpcodes.readers.reply",
    "sphinx_smtpcodes.readers.transcript",
    "sphinx_smtpcodes.readers.bounce",
}


def test_a_build_without_codes_loads_neither_registry_nor_content(tmp_path):
    _project(tmp_path, "No codes here.")
    loaded = _loaded(BUILD, tmp_path)
    assert "sphinx_smtpcodes.sphinxext.domain" in loaded  # the extension was set up
    assert not loaded & HEAVY, sorted(loaded & HEAVY)
    assert (tmp_path / "out" / "index.html").is_file()


def test_a_page_of_mentions_loads_no_reader_of_bounces_or_transcripts(tmp_path):
    _project(tmp_path, "Mentions of :smtp:`450` and :smtp:`550 5.1.1`.")
    loaded = _loaded(BUILD, tmp_path)
    assert "sphinx_smtpcodes.registry.registry" in loaded  # the page uses codes
    assert "sphinx_smtpcodes.readers.bounce" not in loaded
    assert "sphinx_smtpcodes.readers.transcript" not in loaded
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert 'href="https://www.rfc-editor.org/rfc/rfc5321.html#section-4.2.3"' in html
    assert '<span class="smtp smtp-ref">450</span></a>' in html


def test_project_registry_problems_are_still_reported_when_no_page_uses_codes(tmp_path):
    src = _project(
        tmp_path,
        "No codes here.",
        smtpcodes_registry_files=["missing.yaml"],
        show_warning_types=True,  # Sphinx 8 shows them by default, 7.4 does not
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", str(src), str(tmp_path / "o")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "missing.yaml" in done.stderr and "[smtpcodes." in done.stderr


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_bundled_registry_has_no_problems_to_report(language):
    # Why a build of the bundled registry alone need not load it before a page does.
    from sphinx_smtpcodes.registry import load_registry

    registry = load_registry(language)
    assert registry.problems == ()
    assert registry.translator.problems == ()


def test_explain_loads_no_reader_and_no_docutils(tmp_path):
    loaded = _loaded(
        """
        import io
        from sphinx_smtpcodes.cli import main
        out = io.StringIO()
        assert main(["explain", "450"], out) == 0
        assert out.getvalue().startswith("450 Mailbox Unavailable")
        """,
        tmp_path,
    )
    assert "sphinx_smtpcodes.content.explain" in loaded
    for name in ("readers.bounce", "readers.transcript", "readers.reply", "registry.vendors"):
        assert f"sphinx_smtpcodes.{name}" not in loaded, name
    assert not {m for m in loaded if m.startswith(("docutils", "email.message", "sphinx."))}
    # Nor OpenSSL (hashlib) or PyYAML: the bundled registry's compiled copy needs neither.
    assert "_hashlib" not in loaded and "yaml" not in loaded


def test_a_function_named_like_its_module_stays_the_function():
    # content.compare is a function; importing the module content/compare.py first
    # must not hide it (the package imports names when first asked for).
    import importlib

    importlib.import_module("sphinx_smtpcodes.content.compare")
    from sphinx_smtpcodes import content
    from sphinx_smtpcodes.content import compare, explain, select
    from sphinx_smtpcodes.readers import redact

    assert callable(compare) and compare.__module__ == "sphinx_smtpcodes.content.compare"
    assert content.explain is explain and explain.__module__.endswith("content.explain")
    assert select.__module__.endswith("content.select")
    assert redact.__module__.endswith("readers.redact")
    with pytest.raises(AttributeError):
        content.no_such_name  # noqa: B018
