"""The command line under attack: generated arguments and standard input.

Every run ends with a status of 0 or 2 (2 is argparse's and ours for bad
input; ``bounce`` says 1 for a message that is not a bounce), never with a
traceback; what it says on standard error is a message
of ours or argparse's usage; standard output holds text or JSON as asked.
"""

from __future__ import annotations

import io
import json
import os
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_smtpcodes import cli

from .strategies import (
    BOUNCES,
    PURE,
    code_like,
    known_codes,
    line_text,
    settings,
    transcript_lines,
)

#: Paths a hostile command line names: absent, a folder, a named pipe, a device,
#: a file that is not YAML, a real registry file. Made by the ``places`` fixture.
PLACES = ["missing.yaml", "folder", "fifo", "/dev/zero", "/dev/null", "garbage.yaml", "good.yaml"]


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-cli")
    (folder / "folder").mkdir()
    os.mkfifo(folder / "fifo")
    (folder / "garbage.yaml").write_bytes(b"\xff\xfe\x00codes: [[[")
    (folder / "good.yaml").write_text(
        'codes:\n  - code: "5.7.950"\n    name: "House rule"\n    summary: "Refused."\n',
        encoding="utf-8",
    )
    return {name: name if name.startswith("/") else str(folder / name) for name in PLACES}


words = st.one_of(known_codes, code_like, line_text, st.sampled_from(["-", "--", "-x", ""]))
common = st.lists(
    st.one_of(
        st.tuples(st.just("--lang"), st.sampled_from(["en", "ko", "ko_KR", "xx", "", "../.."])),
        st.tuples(st.just("--registry-file"), st.sampled_from(PLACES)),
        st.tuples(st.just("--locale-dir"), st.sampled_from(PLACES)),
    ),
    max_size=3,
).map(lambda pairs: [w for pair in pairs for w in pair])
COMMANDS = {
    "explain": st.lists(words, max_size=3),
    "compare": st.lists(words, max_size=4),
    "list": st.lists(
        st.sampled_from(["--class", "4", "--class", "9", "--kind", "reply", "--standard", "no"]),
        max_size=4,
    ),
    "parse": st.lists(st.one_of(words, st.just("-"), st.just("--format=json")), max_size=3),
    "session": st.lists(st.sampled_from(["-", "--format", "postfix", "--no-legend"]), max_size=3),
    "bounce": st.lists(st.sampled_from(["-", "--format=json", "--redact"]), max_size=3),
    "export": st.lists(st.sampled_from(["--format", "json", "yaml"]), max_size=2),
    "schema": st.just([]),
    "bogus": st.just([]),
}
stdin_bytes = st.one_of(
    transcript_lines.map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")),
    st.sampled_from(BOUNCES or [""]).map(lambda text: text.encode("utf-8")),
    st.binary(max_size=200),
    line_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
)


@settings(PURE, max_examples=60)
@given(
    st.sampled_from(sorted(COMMANDS)).flatmap(
        lambda name: st.tuples(st.just(name), COMMANDS[name], common)
    ),
    stdin_bytes,
)
def test_any_command_line_ends_with_a_message_not_a_traceback(places, argv, data):
    name, args, options = argv
    options = [places.get(word, word) for word in options]
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin, sys.stderr
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    sys.stderr = err
    try:
        status = cli.main([name, *args, *options], out=out)
    except SystemExit as exit:  # argparse: usage errors and --help
        status = exit.code
    finally:
        sys.stdin, sys.stderr = saved
    allowed = {0, cli.EXIT_USAGE} | ({cli.EXIT_NOT_BOUNCE} if name == "bounce" else set())
    assert status in allowed, (status, err.getvalue())
    for line in err.getvalue().splitlines():
        assert line.startswith(("smtpcodes", "usage:", "  ", " ")) or not line.strip(), line
    if (status == 0 and "--format=json" in args) or (name in ("export", "schema") and status == 0):
        json.loads(out.getvalue().split("\n\n")[0] if name == "parse" else out.getvalue())
