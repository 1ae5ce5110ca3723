"""Registry input a hostile or careless writer gives (issue 14, items 2, 4, 10 and 11).

Each case once crashed, hung or was accepted in silence; each is now refused
with a located problem, and the rest of the registry still works.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sphinx_smtpcodes.registry import load_registry
from sphinx_smtpcodes.registry.entries import MAX_PROBLEMS

from .conftest import problem_messages, soup, warnings, write_file

#: Every case runs in a child process with this limit: a hang fails, not blocks.
TIMEOUT = 60


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_smtpcodes", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.fixture
def fifo(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return str(path)


# -- item 2: files that are not files ----------------------------------------------------


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_what_is_not_a_regular_file_is_refused_without_reading_it(tmp_path, kind, request):
    if kind == "device":
        if not Path("/dev/zero").exists():
            pytest.skip("no /dev/zero")
        path, word = "/dev/zero", "a device"
    elif kind == "fifo":
        path, word = request.getfixturevalue("fifo"), "a pipe (FIFO)"
    else:
        path, word = str(tmp_path), "a folder"
    # In a child process: before the fix /dev/zero filled the memory and a FIFO hung.
    code = (
        "import sys; from sphinx_smtpcodes.registry import load_registry\n"
        f"r = load_registry('en', [{path!r}])\n"
        "print('\\n'.join(map(str, r.problems))); print(r.get('450').name)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert result.returncode == 0, result.stderr
    assert f"{path}: cannot read {word}: registry files must be regular files" in result.stdout
    assert "Mailbox Unavailable" in result.stdout


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_the_command_line_refuses_a_registry_file_that_is_not_a_file(tmp_path, kind, request):
    path = {"device": "/dev/zero", "folder": str(tmp_path)}.get(kind) or request.getfixturevalue(
        "fifo"
    )
    if not Path(path).exists():
        pytest.skip("no /dev/zero")
    result = _cli("explain", "450", "--registry-file", path)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert f"smtpcodes: warning: {path}: cannot read " in result.stderr
    assert "Mailbox Unavailable" in result.stdout


def test_a_file_larger_than_the_limit_is_refused(tmp_path):
    from sphinx_smtpcodes.registry.files import MAX_FILE_BYTES

    path = write_file(tmp_path, "# " + "x" * MAX_FILE_BYTES + "\n")
    messages = problem_messages(load_registry("en", [path]))
    assert any(f"larger than {MAX_FILE_BYTES} bytes" in m for m in messages)


# -- item 4: overlays go through the same validation ------------------------------------


def test_an_overlay_cannot_bring_control_characters_to_the_terminal(tmp_path):
    overlay = write_file(
        tmp_path,
        "language: ko\ncodes:\n  '454':\n    fix: \"\\e[2J지움\"\n    meanings:\n"
        '      - context: AUTH\n        text: "\\e[2J\\e[31m빨강"\n',
    )
    registry = load_registry("ko", [overlay])
    messages = problem_messages(registry)
    assert any(
        "4: entry 454, field 'fix': contains the control character U+001B" in m for m in messages
    ), messages
    assert any(
        "7: entry 454, field 'meanings'[0].text: contains the control character U+001B" in m
        for m in messages
    ), messages
    result = _cli("explain", "454", "--lang", "ko", "--registry-file", overlay)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout


def test_an_overlay_text_that_is_not_text_is_reported(tmp_path):
    overlay = write_file(
        tmp_path,
        "language: ko\ncodes:\n  '454':\n    name: [a, b]\n    meanings:\n"
        "      - context: AUTH\n        text: {a: 1}\n",
    )
    messages = problem_messages(load_registry("ko", [overlay]))
    assert any("4: entry 454, field 'name': expected text, got a list" in m for m in messages)
    assert any(
        "7: entry 454, field 'meanings'[0].text: expected text, got a mapping" in m
        for m in messages
    ), messages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "language: ko\nvariants:\n  - code: '432 4.3.2'\n    name: \"\\x07\"\n",
            "4: variants[0].name: contains the control character U+0007",
        ),
        (
            "language: ko\nvariants:\n  - {code: '432 4.3.2', vendor: [x]}\n",
            "3: variants[0].vendor: expected text, got a list",
        ),
    ],
)
def test_translated_variants_are_checked_like_english_ones(tmp_path, text, expected):
    messages = problem_messages(load_registry("ko", [write_file(tmp_path, text)]))
    assert any(expected in m for m in messages), messages


# -- item 10: input accepted in silence ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("codes: [{}]\n", "extra.yaml:1: codes[0]: missing field 'code'"),
        (
            'codes:\n  - code: "550 5.1.1"\n    name: A reply\n    summary: Not one code.\n',
            "extra.yaml:2: codes[0].code: '550 5.1.1' is a full reply; an entry is one code",
        ),
        (
            'codes:\n  - code: "5.7.960-950"\n    name: Backwards\n    summary: A range.\n',
            "extra.yaml:2: codes[0].code: the range '5.7.960-950' is empty or backwards; "
            "write the lower number first: 5.7.950-960",
        ),
        (
            "codes:\n  - code: '450'\n    references: [{}]\n",
            "a reference needs rfc, iana, draft or url",
        ),
        ("variants:\n  - code: '450'\n    name: N\n", "variant 450 needs vendor and summary"),
        (
            "variants:\n" + "  - {code: '450', vendor: V, name: N, summary: S}\n" * 2,
            "extra.yaml:3: variant 450 of 'V' is given twice in this file",
        ),
    ],
)
def test_input_once_accepted_in_silence_is_a_located_problem(tmp_path, text, expected):
    registry = load_registry("en", [write_file(tmp_path, text)])
    assert any(expected in m for m in problem_messages(registry)), problem_messages(registry)
    assert all(e.code != "550 5.1.1" for e in registry)


def test_problems_per_file_are_capped_with_a_count_of_the_rest(tmp_path):
    fields = "".join(f"    fixx{n}: typo\n" for n in range(400))
    registry = load_registry("en", [write_file(tmp_path, "codes:\n  - code: '450'\n" + fields)])
    mine = [p for p in registry.problems if p.path.endswith("extra.yaml")]
    assert len(mine) == MAX_PROBLEMS + 1
    assert mine[-1].message.startswith(f"…and {400 - MAX_PROBLEMS} more problems in this file")
    assert registry.get("450") is not None


# -- item 11: file-level problems located at the file's path ------------------------------


def test_file_level_problems_are_located_at_the_real_path(make_app, tmp_path):
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "registry" / "folder.yaml").mkdir()
    (tmp_path / "conf.py").write_text(
        textwrap.dedent(
            """
            extensions = ["sphinx_smtpcodes"]
            smtpcodes_registry_files = [
                "registry/missing.yaml", "registry/empty.yaml", "registry/folder.yaml"
            ]
            """
        )
    )
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. smtp-code:: 450\n")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    text = warnings(app)
    registry = tmp_path / "registry"
    for name, message in (
        ("missing.yaml", "cannot read the file: no such file"),
        ("empty.yaml", "the file is empty"),
        ("folder.yaml", "cannot read a folder"),
    ):
        assert f"{registry / name}:: WARNING: {message}" in text, text
    assert ".yaml.rst" not in text
    assert soup(app).select_one("#smtp-450") is not None


# -- the vendor catalogue goes through the same schema ------------------------------------

CATALOGUE = """\
vendors:
  - id: example
    name: Example Mail
    match:
      hosts: [example.net]
      tags: ['[EX']
    references: [{title: Example, url: "https://example.net/help"}]
meanings:
  - id: example.blocked
    vendor: example
    codes: [550 5.7.1]
    name: Blocked
    summary: "Example refuses the sender.\\e[2J"
    references: [{title: Example, url: "https://example.net/help"}]
  - id: nobody.blocked
    vendor: nobody
    codes: ["550"]
    name: Blocked
    summary: By nobody.
    references: [{title: Example, url: "https://example.net/help"}]
"""
CATALOGUE_KO = """\
vendors:
  - {id: example, name: "예제\\x07"}
meanings:
  - {id: example.unknown, name: 모름}
"""


def test_the_vendor_catalogue_is_checked_by_the_registry_schema(tmp_path):
    from sphinx_smtpcodes.registry.vendors import read_catalogue

    english = Path(write_file(tmp_path, CATALOGUE, "vendors.yaml"))
    korean = Path(write_file(tmp_path, CATALOGUE_KO, "ko.yaml"))
    catalogue = read_catalogue(english, [korean])
    messages = [f"{p.path.rsplit('/', 1)[1]}:{p.line}: {p.message}" for p in catalogue.problems]
    for expected in (
        "vendors.yaml:6: vendors[0].match.tags[0]: '[EX' is not a regular expression",
        "vendors.yaml:13: meanings[0].summary: contains the control character U+001B",
        "vendors.yaml:15: meanings: meaning nobody.blocked names an unknown vendor 'nobody'",
        "ko.yaml:2: vendors[0].name: contains the control character U+0007",
        "ko.yaml:4: meanings: the translation names an unknown vendor meaning 'example.unknown'",
    ):
        assert any(m.startswith(expected) for m in messages), (expected, messages)
    assert [v.id for v in catalogue.vendors] == ["example"]
    assert catalogue.vendors[0].name == "Example Mail"  # the refused translation is not used
    assert catalogue.meanings == ()  # one refused for its text, one for its vendor
