"""A project's own registry files: additions, overrides, and precise errors."""

from __future__ import annotations

import pytest

from sphinx_smtpcodes.registry import load_registry

from .conftest import problem_messages, soup, warnings, write_file


def test_project_file_adds_a_code_and_overrides_a_field(tmp_path):
    path = write_file(
        tmp_path,
        """
codes:
  - code: "450"
    fix: Wait five minutes.
  - code: "5.7.900"
    name: House Block
    summary: Our relay blocks this sender.
""",
    )
    registry = load_registry("en", [path])
    assert registry.problems == ()
    assert registry.get("450").fix == "Wait five minutes."
    assert registry.get("450").description == load_registry("en").get("450").description
    assert registry.get("5.7.900").name == "House Block"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'codes:\n  - code: "451"\n    fixx: typo\n',
            "extra.yaml:3: entry 451: unknown field 'fixx' (did you mean 'fix'?)",
        ),
        (
            'codes:\n  - code: "452"\n    summary: [a, b]\n',
            "extra.yaml:3: entry 452, field 'summary': expected text, got a list",
        ),
        ('codes:\n  - code: "4.9.9.9"\n', "extra.yaml:2: codes[0].code: '4.9.9.9' is neither"),
        (
            'codes:\n  - code: "5.7.901"\n    name: No summary\n',
            "extra.yaml:2: entry 5.7.901 is new, so it needs summary",
        ),
        (
            'codes:\n  - code: "250"\n    commands: [RCTP]\n',
            "extra.yaml:3: entry 250, field 'commands': "
            "unknown command 'RCTP' (did you mean 'RCPT'?)",
        ),
        (
            'codes:\n  - code: "250"\n    standard: maybe\n',
            "field 'standard': expected true or false",
        ),
        ("codes: [\n", "extra.yaml:2: not valid YAML"),
        ("codes: !!python/object:os.system {}\n", "extra.yaml:1: not valid YAML"),
        (
            "a: &a [x, x]\nb: [*a, *a]\n",
            "extra.yaml:2: anchors and aliases (*name) are not allowed",
        ),
        ("", "extra.yaml: the file is empty"),
        ("- just\n- a list\n", "extra.yaml:1: the file: expected a mapping, got a list"),
        (
            'codes:\n  - code: "250"\n    references: [{section: "4"}]\n',
            "a reference needs rfc, iana, draft or url",
        ),
    ],
)
def test_broken_file_gives_a_located_problem(tmp_path, text, expected):
    registry = load_registry("en", [write_file(tmp_path, text)])
    messages = problem_messages(registry)
    assert any(expected in m for m in messages), messages
    assert registry.get("450") is not None  # the bundled data is still there


def test_billion_laughs_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    registry = load_registry("en", [write_file(tmp_path, "\n".join(lines))])
    assert any("aliases" in m for m in problem_messages(registry))


def test_missing_file_is_a_problem_not_a_crash(tmp_path):
    registry = load_registry("en", [str(tmp_path / "nope.yaml")])
    assert any("cannot read the file" in m for m in problem_messages(registry))


def test_changed_file_is_read_again(tmp_path):
    import os

    path = write_file(tmp_path, 'codes:\n  - code: "450"\n    fix: First.\n')
    assert load_registry("en", [path]).get("450").fix == "First."
    write_file(tmp_path, 'codes:\n  - code: "450"\n    fix: Second.\n')
    os.utime(path, ns=(10**18, 10**18))
    assert load_registry("en", [path]).get("450").fix == "Second."


@pytest.mark.sphinx("html", testroot="registryfiles", freshenv=True)
def test_project_files_in_a_sphinx_build(built):
    page = soup(built)
    block = page.select_one("#smtp-450")
    assert "our relay greylists senders" in block.get_text()
    assert page.select_one("#smtp-5-7-900") is not None
    text = warnings(built)
    for fragment in (
        "broken.yaml:3: WARNING: entry 451: unknown field 'fixx'",
        "broken.yaml:5: WARNING: entry 452, field 'summary': expected text",
        "broken.yaml:6: WARNING: codes[2].code",
        "broken.yaml:8: WARNING: entry 5.7.901 is new, so it needs summary",
        "broken.yaml:11: WARNING: entry 250, field 'commands': unknown command 'RCTP'",
    ):
        assert fragment in text, text
    assert text.count("[smtpcodes.registry]") == 5
