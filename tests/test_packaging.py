"""Packaging like a real library: the sdist carries its own test suite, the wheel
carries the package data, and the wheel installs into a clean environment and
builds a project there."""

from __future__ import annotations

import email
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: Folders the test suite reads besides ``tests/`` (docs examples, the IANA source).
SUITE_INPUTS = ("tests", "docs", "tools", "examples")


def _skip_cache(path: Path) -> bool:
    return any(part in {"__pycache__", ".hypothesis", "_build"} for part in path.parts)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist and the wheel, built from this checkout (or this sdist)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def _sdist_names(dist: Path) -> set[str]:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("*.whl")
    return wheel


def test_sdist_carries_everything_its_test_suite_reads(dist):
    names = _sdist_names(dist)
    expected = {
        str(path.relative_to(REPO))
        for folder in SUITE_INPUTS
        for path in (REPO / folder).rglob("*")
        if path.is_file() and not _skip_cache(path.relative_to(REPO))
    }
    assert "tests/conftest.py" in expected  # the walk saw the suite
    assert sorted(expected - names) == []
    for name in ("LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml", "Makefile"):
        assert name in names


def test_wheel_carries_the_package_data_and_no_tests(dist):
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        names = set(wheel.namelist())
    for name in (
        "sphinx_smtpcodes/py.typed",
        "sphinx_smtpcodes/static/smtpcodes.css",
        "sphinx_smtpcodes/data/reply-codes.yaml",
        "sphinx_smtpcodes/data/locales/ko/reply-codes.yaml",
        "sphinx_smtpcodes/locales/ko/LC_MESSAGES/smtpcodes.mo",
    ):
        assert name in names
    # every file of the package a process reads (data, catalogs, static files)
    package = REPO / "sphinx_smtpcodes"
    wanted = {
        str(path.relative_to(REPO))
        for path in package.rglob("*")
        if path.is_file() and not _skip_cache(path) and path.suffix not in {".md", ".pyc"}
    }
    assert sorted(wanted - names) == []
    assert not [n for n in names if n.startswith(("tests/", "tools/", "docs/"))]
    licences = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    assert licences, sorted(names)


def test_metadata_names_licence_urls_and_classifiers(dist):
    with zipfile.ZipFile(_wheel(dist)) as wheel:
        (meta_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(wheel.read(meta_name))
    assert meta["License-Expression"] == "MIT"
    urls = {value.split(",", 1)[0].strip().lower() for value in meta.get_all("Project-URL")}
    assert {"homepage", "documentation", "source", "issues", "changelog"} <= urls
    classifiers = set(meta.get_all("Classifier"))
    assert "Typing :: Typed" in classifiers
    assert "Framework :: Sphinx :: Extension" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert any(c.startswith("Development Status ::") for c in classifiers)
    assert meta["Requires-Python"] == ">=3.11"


def test_wheel_installs_into_a_clean_venv_and_builds_a_project(dist, tmp_path):
    # Nothing of this checkout may leak in: no PYTHONPATH, no active venv.
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    venv = tmp_path / "venv"
    # No pip of its own (ensurepip alone takes seconds): this run's pip installs
    # into it, the wheel and the dependencies it declares, resolved from the index.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            str(_wheel(dist)),
        ],
        capture_output=True,
        text=True,
        env=clean,
    )
    assert install.returncode == 0, install.stderr
    project = tmp_path / "project"
    project.mkdir()
    (project / "conf.py").write_text('extensions = ["sphinx_smtpcodes"]\n', encoding="utf-8")
    (project / "index.rst").write_text(
        "Mail\n====\n\n.. smtp-code:: 450\n\nSee :smtp:`450`.\n", encoding="utf-8"
    )
    # Outside the checkout, so only the installed wheel can be imported.
    build = subprocess.run(
        [str(python), "-m", "sphinx", "-b", "html", "-W", "-q", ".", "_build"],
        cwd=project,
        capture_output=True,
        text=True,
        env=clean,
    )
    assert build.returncode == 0, build.stderr
    located = subprocess.run(
        [str(python), "-c", "import sphinx_smtpcodes; print(sphinx_smtpcodes.__file__)"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        env=clean,
    )
    assert str(venv) in located.stdout
    html = (project / "_build" / "index.html").read_text(encoding="utf-8")
    assert "Mailbox Unavailable" in html
    assert (project / "_build" / "_static" / "smtpcodes.css").is_file()
    cli = subprocess.run(
        [str(venv / "bin" / "smtpcodes"), "explain", "450"],
        cwd=project,
        capture_output=True,
        text=True,
        env=clean,
    )
    assert cli.returncode == 0 and "450" in cli.stdout
