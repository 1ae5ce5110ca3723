"""Property-based tests: whatever a writer types, or puts in a registry file,
gives located problems and warnings, never a traceback.

The pure layer (codes, replies, registry files, transcripts) gets a few hundred
generated examples per property. The Sphinx layer gets a dozen builds, each of
one page holding dozens of generated directive and role uses, in HTML, LaTeX
and text.

Examples are random on a developer's machine (Hypothesis keeps a failing one in
``.hypothesis/`` and replays it first next time) and fixed in CI, so a CI run
does not fail on an example no one has seen before.
"""

from __future__ import annotations

import base64
import itertools
import os
import re
import time
import tracemalloc
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from sphinx_smtpcodes import content
from sphinx_smtpcodes.readers.transcript import MASK, parse_transcript
from sphinx_smtpcodes.registry import (
    CodeSyntaxError,
    EnhancedStatus,
    Problem,
    ReplyCode,
    ReplyExplanation,
    ReplyLine,
    load_registry,
    parse_code,
    parse_reply,
)
from sphinx_smtpcodes.registry.loader import (
    CONTROL_RE,
    ENTRY_FIELDS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    PROSE_FIELDS,
    REFERENCE_FIELDS,
    VARIANT_FIELDS,
)
from sphinx_smtpcodes.registry.model import COMMAND_PHASES
from sphinx_smtpcodes.sphinxext.domain import canonical, node_id

CI = os.environ.get("CI", "").lower() == "true"
#: ``SMTPCODES_FUZZ_SCALE=10`` runs ten times as many examples (a longer hunt).
SCALE = int(os.environ.get("SMTPCODES_FUZZ_SCALE", "1"))

#: The pure layer: cheap examples, a few hundred of them.
PURE = settings(
    max_examples=300 * SCALE,
    deadline=None,
    derandomize=CI,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: Examples that parse a large file each: fewer.
HEAVY = settings(PURE, max_examples=30 * SCALE)
#: The Sphinx layer: each example is three builds. No shrinking (minutes of
#: builds); a failure prints the whole page, and its warnings say where to look.
BUILDS = settings(
    PURE,
    max_examples=12 * SCALE,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
)

#: A message that quotes a writer's value cuts it (a registry value may be 100 kB).
LONGEST_MESSAGE = 600

# -- text ---------------------------------------------------------------------------

#: What str.splitlines (and so docutils) splits a line at.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
#: Any character that keeps a line one line (and encodes to UTF-8).
line_chars = st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"))
line_text = st.text(line_chars, max_size=40)

#: Pieces of codes, near-codes and things that break naive parsers.
CODE_PIECES = [
    *"0123456789",
    "450",
    "550",
    "250",
    "334",
    "354",
    "199",
    "5.1.1",
    "4.7.1",
    "2.0.0",
    "X.1.1",
    "x.7.8",
    "5.7.900",
    "5.7.606-649",
    "5.01.1",
    "5.1.1.1",
    "1000",
    ".",
    " ",
    "  ",
    "-",
    ",",
    "X",
    "xxx",
    "yyy",
    "٤٥٠",  # Arabic-Indic digits: isdigit() but not [0-9]
    "４５０",  # fullwidth digits
    "\u00a0",
    "\u200b",
    "é",
    "<",
    ">",
    "&",
    "*",
    "_",
    "|",
    "!",
    ":",
    "abc",
    "550 5.1.1",
    "250-PIPELINING",
    "%s",
    "{0}",
    "{code}",
    "\U0001f4e7",
]
code_like = st.one_of(
    st.lists(st.sampled_from(CODE_PIECES), min_size=1, max_size=6).map("".join),
    st.from_regex(r"[1-6][0-9]{2}( [2-5Xx]\.[0-9]{1,3}\.[0-9]{1,3})?", fullmatch=True),
    line_text,
)


def key_of(parsed) -> str:
    """The canonical key of a parsed code (as :func:`canonical` computes it)."""
    return parsed.key if isinstance(parsed, ReplyLine) else str(parsed)


# -- codes and replies -----------------------------------------------------------------


@PURE
@given(st.one_of(code_like, st.text()))
def test_parse_code_raises_only_code_syntax_error(text):
    try:
        parsed = parse_code(text)
    except CodeSyntaxError as err:
        assert str(err)
        return
    key = key_of(parsed)
    assert key_of(parse_code(key)) == key  # a canonical key is its own key
    if isinstance(parsed, ReplyLine):
        parsed = parsed.code
    if isinstance(parsed, ReplyCode):
        assert re.fullmatch(r"[1-5][0-9]{2}", parsed.value)
    else:
        assert isinstance(parsed, EnhancedStatus)
        assert 0 <= parsed.subject <= 999 and 0 <= parsed.detail <= 999


reply_lines = st.lists(
    st.tuples(
        st.sampled_from(["250", "550", "334", "199", "25", "2500", "abc", ""]),
        st.sampled_from([" ", "-", "", "\t"]),
        st.one_of(code_like, line_text),
    ).map("".join),
    min_size=1,
    max_size=5,
)


@PURE
@given(st.one_of(reply_lines.map("\n".join), reply_lines.map("\r\n".join), st.text()))
def test_parse_reply_raises_only_code_syntax_error(text):
    try:
        line = parse_reply(text)
    except CodeSyntaxError as err:
        assert str(err)
        return
    assert re.fullmatch(r"[1-5][0-9]{2}", line.code.value)
    assert isinstance(line.consistent, bool)
    assert key_of(parse_code(line.key)) == line.key


# -- registry files ------------------------------------------------------------------

_numbers = itertools.count()


@pytest.fixture(scope="module")
def write(tmp_path_factory):
    """Write a registry file under a new name (the registry cache is per path and time)."""
    folder = tmp_path_factory.mktemp("fuzz-registry")

    def write(data: str | bytes) -> str:
        path = folder / f"r{next(_numbers)}.yaml"
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:  # lone surrogates make a file that is not UTF-8: a problem too
            path.write_bytes(data.encode("utf-8", errors="surrogatepass"))
        return str(path)

    return write


#: What YAML (and so a problem's line number) counts as the end of a line.
YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def check_problems(registry, path: str) -> list[str]:
    """Every problem is located in the file and says something short; the messages."""
    text = Path(path).read_bytes().decode("utf-8", errors="replace")
    lines = len(YAML_LINE_BREAK.findall(text)) + 1
    for problem in registry.problems:
        assert isinstance(problem, Problem)
        assert problem.path == path, problem
        assert isinstance(problem.line, int)
        assert 0 <= problem.line <= lines, problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert "\n" not in problem.message, problem
        assert len(problem.message) <= LONGEST_MESSAGE, problem.message[:300]
        assert problem.subtype == "registry"
    assert registry.get("450") is not None  # the bundled data is still there
    return [p.message for p in registry.problems]


def exercise(registry, path: str) -> None:
    """Explain, compare and select the project's entries as the directives do."""
    mine = [e for e in registry if e.source == path]
    other = registry.get("450")
    for entry in mine:
        assert entry.name and entry.summary, entry
        for name in PROSE_FIELDS:
            assert not CONTROL_RE.search(getattr(entry, name)), (name, entry)
        for ref in entry.references:
            assert not ref.url or ref.url.lower().startswith(("http://", "https://")), ref
        content.explain(entry, registry)
        content.categories(entry, registry)
        content.group_label(entry, registry.translator)
        if entry.code != other.code:
            content.compare([entry, other], registry)
        assert "-" in entry.code or registry.resolve(entry.code) is not None  # a range: no look-up
    content.select(registry, content.Selection(codes=tuple(e.code for e in mine[:5])))


YAML_PIECES = [
    "codes",
    "code",
    "variants",
    "language",
    "ko",
    "450",
    '"5.7.900"',
    "name",
    "summary",
    "references",
    "rfc",
    "url",
    "meanings",
    "text",
    "commands",
    "RCPT",
    ":",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\n    ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: ",
    "!!str ",
    "!!int ",
    "!!python/object:os.system ",
    "!x ",
    "|\n",
    ">-\n",
    "'",
    '"',
    "#",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "? ",
    "\t",
    "~",
    "@",
    "`",
    "é",
    "\ufeff",
    "\x00",
    "\\",
    "0x1F",
    "1:30",
    "2020-13-45",
    ".nan",
]
yamlish = st.lists(st.sampled_from(YAML_PIECES), max_size=60).map("".join)


@PURE
@given(st.one_of(yamlish, st.text(), st.binary().map(bytes)))
def test_any_registry_text_gives_located_problems(write, data):
    path = write(data)
    registry = load_registry("en", [path])
    check_problems(registry, path)
    exercise(registry, path)


# Structured files: the right shape with wrong values, and the wrong shape.

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    code_like,
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(ENTRY_FIELDS), st.text(max_size=8)), children),
    ),
    max_leaves=12,
)
URLS = [
    "https://example.org/x",
    "http://example.org",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "//example.org",
    "http://[::1",
    "https://",
    "ftp://example.org",
    "mailto:a@b",
    "",
]
reference = st.dictionaries(
    st.sampled_from((*REFERENCE_FIELDS, "rfcc")),
    st.one_of(st.integers(-5, 100000), st.text(max_size=20), st.sampled_from(URLS), values),
    max_size=4,
)
meaning = st.dictionaries(
    st.sampled_from(("context", "text", "references", "txt")),
    st.one_of(st.text(max_size=20), st.lists(reference, max_size=2), values),
    max_size=3,
)
COMMANDS = [*COMMAND_PHASES, "RCTP", "mail", ""]
FIELD_VALUES = {
    "code": st.one_of(code_like, st.integers(), values),
    "commands": st.one_of(st.lists(st.sampled_from(COMMANDS), max_size=4), values),
    "related": st.one_of(st.lists(code_like, max_size=3), values),
    "enhanced": st.one_of(st.lists(code_like, max_size=3), values),
    "basic": st.one_of(st.lists(code_like, max_size=3), values),
    "references": st.one_of(st.lists(reference, max_size=3), values),
    "meanings": st.one_of(st.lists(meaning, max_size=3), values),
    "standard": st.one_of(st.booleans(), values),
    "conflicts": st.one_of(st.booleans(), values),
    "status": st.one_of(st.sampled_from(["deprecated", "draft", "old"]), values),
}
NEW_CODES = ["5.7.900", "5.7.901-909", "4.9.42", "259", "X.9.9", "450", "5.1.1", "X.1.1"]


@st.composite
def records(draw, fields):
    """An entry or a variant: some of its fields, some misspelt, values of any type."""
    names = draw(st.lists(st.sampled_from((*fields, "fixx", "nmae")), unique=True, max_size=8))
    record = {}
    if draw(st.integers(0, 4)):
        record["code"] = draw(st.one_of(st.sampled_from(NEW_CODES), FIELD_VALUES["code"]))
    for name in names:
        record[name] = draw(FIELD_VALUES.get(name, st.one_of(line_text, values)))
    return record


overlay = st.fixed_dictionaries(
    {
        "language": st.one_of(st.sampled_from(["en", "ko", "xx", ""]), values),
        "codes": st.one_of(
            st.dictionaries(
                st.one_of(st.sampled_from(NEW_CODES), code_like),
                st.one_of(
                    st.dictionaries(
                        st.sampled_from((*PROSE_FIELDS, "meanings", "fixx")),
                        st.one_of(line_text, st.lists(meaning, max_size=2), values),
                    ),
                    values,
                ),
                max_size=4,
            ),
            values,
        ),
    },
    optional={"variants": st.one_of(st.lists(records(VARIANT_FIELDS), max_size=3), values)},
)
registry_data = st.one_of(
    st.fixed_dictionaries(
        {"codes": st.one_of(st.lists(records(ENTRY_FIELDS), max_size=5), values)},
        optional={
            "variants": st.one_of(st.lists(records(VARIANT_FIELDS), max_size=3), values),
            "extra": values,
        },
    ),
    overlay,
    values,
)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@PURE
@given(registry_data, st.integers(0, 3))
def test_structured_registry_files_give_located_problems(write, data, shared):
    if shared and isinstance(data, dict) and isinstance(data.get("codes"), list):
        # The same object several times: safe_dump writes it once, as &anchor and *alias.
        data["codes"] = data["codes"] + [data["codes"][:1]] * shared * 2
    path = write(dump(data))
    for language in ("en", "ko"):
        registry = load_registry(language, [path])
        check_problems(registry, path)
        exercise(registry, path)


#: What a 100 kB value is made of (the value is made in the test: Hypothesis
#: would print a 100 kB example otherwise).
HUGE_PIECES = ["x", "é", "<", "\\", "{", " ", "5.", "\U0001f4e7"]


@HEAVY
@given(
    st.sampled_from(("code", *ENTRY_FIELDS, "fixx", "huge-key")),
    st.sampled_from(HUGE_PIECES),
    st.sampled_from(["plain", "list", "reference", "meaning", "key"]),
)
def test_huge_values_are_refused_or_kept_with_short_messages(write, field, piece, where):
    huge = piece * (100_000 // len(piece.encode()))
    entry = {"code": "250"}
    if where == "plain":
        entry[field] = huge
    elif where == "list":
        entry[field] = [huge, huge[:10]]
    elif where == "reference":
        entry["references"] = [{"url": huge, "title": huge}, {"rfc": huge}]
    elif where == "meaning":
        entry["meanings"] = [{"context": huge, "text": huge}]
    else:
        entry[huge] = "value"
    path = write(dump({"codes": [entry]}))
    start = time.perf_counter()
    registry = load_registry("en", [path])
    assert time.perf_counter() - start < 20
    check_problems(registry, path)
    exercise(registry, path)


def alias_bomb(levels: int, width: int, style: str) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        if style == "merge":
            lines.append(f"a{i}: &a{i} {{<<: *a{i - 1}, k{i}: v}}")
        else:
            lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    if style == "codes":
        lines.append(f"codes: [*a{levels - 1}, *a{levels - 1}]")
    return "\n".join(lines) + "\n"


@HEAVY
@given(st.integers(2, 12), st.integers(2, 12), st.sampled_from(["lists", "merge", "codes"]))
def test_alias_bombs_are_refused_quickly(write, levels, width, style):
    path = write(alias_bomb(levels, width, style))
    start = time.perf_counter()
    registry = load_registry("en", [path])
    assert time.perf_counter() - start < 2
    messages = check_problems(registry, path)
    assert any("aliases" in m for m in messages), messages


def test_billion_laughs_uses_little_memory(write):
    path = write(alias_bomb(12, 12, "codes"))  # 12**11 "lol"s if expanded
    tracemalloc.start()
    try:
        start = time.perf_counter()
        registry = load_registry("en", [path])
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 5
    assert peak < 64 * 1024 * 1024, peak
    assert any("aliases" in m for m in check_problems(registry, path))


TAGS = [
    "!!python/object/apply:os.system",
    "!!python/name:os.system",
    "!!python/object:os.system",
    "!!timestamp",
    "!!binary",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!str",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!seq",
    "!!map",
    "!!merge",
    "!custom",
    "!<tag:example.com,2000:x>",
    "",
]
TAGGED = [
    "abc",
    "2020-13-45",
    "2020-02-30 25:61:61",
    "0x1F",
    "0o17",
    "0b12",
    "1:30",
    "~",
    "[]",
    "{}",
    "[a, b]",
    "[[a, b], [c]]",
    "{a: 1}",
    "'x'",
    '"\\x00"',
    "1e999",
    "-.inf",
    ".nan",
    "9" * 5000,
    "yes",
    "maybe",
    "@@@",
    "AAAA",
    '["echo hi"]',
]


@PURE
@given(
    st.sampled_from(TAGS),
    st.sampled_from(TAGGED),
    st.sampled_from(("code", *ENTRY_FIELDS, "rfc", "url", "extra")),
)
def test_tags_and_odd_scalars_give_located_problems(write, tag, value, field):
    if field in ("rfc", "url"):
        text = f'codes:\n  - code: "250"\n    references:\n      - {field}: {tag} {value}\n'
    elif field == "code":
        text = f"codes:\n  - code: {tag} {value}\n    name: x\n    summary: y\n"
    else:
        text = f'codes:\n  - code: "250"\n    {field}: {tag} {value}\n'
    path = write(text)
    registry = load_registry("en", [path])
    messages = check_problems(registry, path)
    if tag.startswith("!!python"):
        assert messages


@settings(HEAVY, max_examples=60 * SCALE)
@given(
    st.integers(1, 3000),
    st.sampled_from(["flow-list", "flow-map", "block-list", "block-map", "mixed"]),
)
def test_deep_nesting_gives_a_problem_not_a_recursion_error(write, depth, style):
    if style == "flow-list":
        body = "[" * depth + "]" * depth
    elif style == "flow-map":
        body = "{a: " * depth + "1" + "}" * depth
    elif style == "block-list":
        body = "\n" + "- " * depth + "x"
    elif style == "block-map":
        depth = min(depth, 300)
        body = "".join("\n" + "  " * (i + 1) + "a:" for i in range(depth)) + " 1"
    else:
        body = "[{a: " * depth + "1" + "}]" * depth
    path = write(f"codes: {body}\n")
    registry = load_registry("en", [path])
    messages = check_problems(registry, path)
    assert messages or depth < MAX_DEPTH


def test_too_large_file_is_refused_without_reading_it(write):
    path = write("# " + "x" * MAX_FILE_BYTES + "\n")
    start = time.perf_counter()
    registry = load_registry("en", [path])
    assert time.perf_counter() - start < 2
    assert any("at most" in m for m in check_problems(registry, path))


#: Files that once raised (or passed a hostile value), and the problem each gives now.
FOUND = [
    (
        'codes:\n  - code: "250"\n    when: 2020-13-45\n',
        "3: not valid YAML: '2020-13-45' is not a valid timestamp (month must be in 1..12)",
    ),
    (
        'codes:\n  - code: "250"\n    when: !!timestamp abc\n',
        "3: not valid YAML: 'abc' is not a valid timestamp",
    ),
    (
        'codes:\n  - code: "250"\n    when: !!int abc\n',
        "3: not valid YAML: 'abc' is not a valid int",
    ),
    (
        'codes:\n  - code: "250"\n    when: !!bool maybe\n',
        "3: not valid YAML: 'maybe' is not a valid bool",
    ),
    ("codes:\n  - code: " + "1" * 5000 + "\n", "2: not valid YAML: '1111"),
    ("codes: " + "[" * 2000 + "]" * 2000 + "\n", "1: lists and mappings are nested more than 32"),
    (
        'codes:\n  - code: "250"\n    references: [{rfc: 0x10}]\n',
        "3: entry 250, field 'references'[0].rfc: expected an RFC number, got '0x10'",
    ),
    ('codes:\n  - code: "250"\n    references: [{rfc: 1:30}]\n', "got '1:30'"),
    (
        'codes:\n  - code: "250"\n    references: [{rfc: 1, section: "4#x"}]\n',
        "section: expected a section number like 4.2.1, got '4#x'",
    ),
    (
        'codes:\n  - code: "250"\n    references: [{iana: "../x"}]\n',
        "iana: expected a registry name",
    ),
    ('codes:\n  - code: "250"\n    references: [{draft: "x?y"}]\n', "draft: expected a draft name"),
    ('codes:\n  - code: "450"\n    name: "  "\n', "3: entry 450, field 'name': must not be empty"),
    (
        'language: ko\ncodes:\n  "450": {summary: ""}\n',
        "3: entry 450, field 'summary': must not be empty",
    ),
    (
        'codes:\n  - code: "450"\n    fix: "a \\e[2J b"\n',
        "3: entry 450, field 'fix': contains the control character U+001B",
    ),
    ("codes: \x00\n", "1: not valid YAML: unacceptable character #x0000"),
    ("codes:\n  - code: " + "x" * 1000 + "\n", "'xxxxxxxxx"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_what_the_fuzzing_found_stays_fixed(write, text, expected):
    path = write(text)
    registry = load_registry("ko" if text.startswith("language") else "en", [path])
    messages = [f"{p.line}: {p.message}" for p in registry.problems]
    check_problems(registry, path)
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://example.org/a?b=c#d", True),
        ("http://example.org", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" https://example.org", False),
        ("data:text/html,x", False),
        ("//example.org/x", False),
        ("https://", False),
        ("http://[::1", False),
        ("example.org", False),
    ],
)
def test_reference_urls_must_be_web_addresses(write, url, accepted):
    path = write(
        dump(
            {"codes": [{"code": "250", "references": [{"url": url, "title": "T"}, {"rfc": 5321}]}]}
        )
    )
    registry = load_registry("en", [path])
    messages = check_problems(registry, path)
    urls = [r.url for r in registry.get("250").references]
    if accepted:
        assert messages == [] and url in urls
    else:
        assert url not in urls
        assert any(m.startswith("entry 250, field 'references'[0].url:") for m in messages)
        assert not any("needs rfc" in m for m in messages), messages


# -- transcripts ----------------------------------------------------------------------

TRANSCRIPT_PREFIXES = [
    "S: ",
    "C: ",
    "s:",
    "c:",
    "<<< ",
    ">>> ",
    "<- ",
    " -> ",
    "<~ ",
    "~> ",
    "<** ",
    "<~* ",
    "=== ",
    "*** ",
    "send: ",
    "reply: ",
    "reply: retcode (",
    "data: ",
    "connect: ",
    "12:00:01.123456 send: ",
    "",
    "  ",
    "# ",
]
transcript_body = st.one_of(
    st.tuples(
        st.sampled_from(["220", "250", "334", "354", "535", "550", "199", "25", "2500", ""]),
        st.sampled_from([" ", "-", "", "\t"]),
        st.one_of(code_like, line_text),
    ).map("".join),
    st.text(line_chars, max_size=30).map(repr),
    st.binary(max_size=30).map(repr),
    st.text(line_chars, max_size=30).map(lambda t: f"b'{t}'"),
    st.sampled_from(
        ["AUTH PLAIN dGVzdA==", "AUTH LOGIN", "VXNlcm5hbWU6", "*", "=", "b'250 OK\\r\\n'"]
    ),
    line_text,
)
transcript_lines = st.lists(
    st.tuples(st.sampled_from(TRANSCRIPT_PREFIXES), transcript_body).map("".join), max_size=15
)
transcripts = st.one_of(
    transcript_lines.map("\n".join), transcript_lines.map("\r\n".join), st.text()
)


@PURE
@given(transcripts, st.booleans())
def test_any_transcript_parses_with_located_problems(text, show):
    transcript = parse_transcript(text, show_credentials=show)
    raws = text.splitlines()
    assert [line.raw for line in transcript.lines] == raws
    assert [line.number for line in transcript.lines] == list(range(1, len(raws) + 1))
    for line in transcript.lines:
        assert line.side in ("server", "client", "note")
        if line.reply_index is not None:
            reply = transcript.replies[line.reply_index]
            assert line.side == "server"
            assert reply.first_line <= line.number <= reply.last_line
        if show:
            assert line.text == line.raw
    for reply in transcript.replies:
        assert 1 <= reply.first_line <= reply.last_line <= len(raws)
    for problem in transcript.problems:
        assert 1 <= problem.line <= len(raws), problem
        assert problem.message.strip()
    for code in transcript.codes():
        parse_code(code)


secrets = st.from_regex(r"[A-Za-z0-9+/]{8,30}", fullmatch=True).map(lambda s: "Zq9" + s)


@PURE
@given(transcript_lines, transcript_lines, secrets, st.sampled_from(["PLAIN", "LOGIN", "XOAUTH2"]))
def test_credentials_are_masked_wherever_they_are(before, after, secret, mechanism):
    filler = "\n".join(before + after)
    assume(secret not in filler)
    challenge = base64.b64encode(b"Password:").decode()
    lines = [
        f"S: 334 {challenge}",
        f"C: {secret}",  # the answer to a challenge, right after it
        *before,
        f"C: AUTH {mechanism} {secret}",  # an initial response
        *after,
    ]
    transcript = parse_transcript("\n".join(lines))
    assert all(secret not in line.text for line in transcript.lines), [
        line.text for line in transcript.lines if secret in line.text
    ]
    assert MASK in transcript.lines[1].text


# -- the Sphinx layer -------------------------------------------------------------------

#: Every code of the bundled registry: a generated use names a real code often.
KNOWN = [entry.code for entry in load_registry("en")]
#: Codes a generated project file adds (or overrides, the last four).
PROJECT_CODES = ["5.7.950", "5.7.951", "4.9.42", "259", "X.9.9", "5.9.1-9", "450", "X.1.1", "5.1.1"]
#: One line of text a role or a directive argument holds: no backquote or
#: backslash (a role gets escaped backquotes apart).
arg_chars = st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="`\\")
known_codes = st.sampled_from(KNOWN + PROJECT_CODES)
use_codes = st.one_of(
    known_codes,
    known_codes,
    known_codes,
    st.sampled_from(KNOWN + PROJECT_CODES).map(lambda code: code.lower()),
    st.builds(
        "{} {}".format,
        st.sampled_from([*KNOWN[:60], "299"]),
        st.sampled_from([*KNOWN[62:], "5.9.99"]),
    ),
    st.lists(st.sampled_from(CODE_PIECES), min_size=1, max_size=4).map("".join),
    st.text(arg_chars, max_size=12),
)
option_text = st.one_of(st.text(arg_chars, max_size=30), use_codes, st.just(""))
class_option = st.from_regex(r"[a-z][a-z0-9-]{0,8}( [a-z][a-z0-9-]{0,8})?", fullmatch=True)
word_lists = st.lists(
    st.one_of(st.sampled_from([*content.ROW_KEYS, "rfc", "retry", "colour", "Class"]), use_codes),
    max_size=5,
)
separators = st.sampled_from([", ", " ", ",", " ,  "])


def joined(words_strategy):
    return st.tuples(words_strategy, separators).map(lambda pair: pair[1].join(pair[0]))


@st.composite
def role_use(draw) -> tuple[str, str | None]:
    """A mention, and its target when it is the plain form (for the expected warning)."""
    target = draw(use_codes).strip()
    assume(target)
    form = draw(st.sampled_from(["plain", "plain", "plain", "title", "bang", "long", "escaped"]))
    if form == "title":
        title = draw(st.text(arg_chars.filter(lambda c: c not in "<>"), min_size=1, max_size=8))
        assume(title.strip() == title and title)
        return f":smtp:`{title} <{target}>`", None
    if form == "bang":
        return f":smtp:`!{target}`", None
    if form == "long":
        return f":smtp:code:`{target}`", None
    if form == "escaped":
        return f":smtp:`{target}\\`x`", None
    plain = not any(c in target for c in "<>!")
    return f":smtp:`{target}`", target if plain else None


def directive(name: str, argument: str, options: dict[str, str], body: list[str]) -> list[str]:
    lines = [f".. {name}::" + (f" {argument}" if argument else "")]
    lines += [f"   :{key}:" + (f" {value}" if value else "") for key, value in options.items()]
    if body:
        lines += ["", *("   " + line if line.strip() else "" for line in body)]
    return lines


@st.composite
def options(draw, choices: dict) -> dict[str, str]:
    names = draw(st.lists(st.sampled_from(sorted(choices)), unique=True, max_size=4))
    return {name: draw(choices[name]) for name in names}


COMMON = {"name": st.text(arg_chars, min_size=1, max_size=10), "class": class_option}
SELECTION = {
    **COMMON,
    "codes": joined(st.lists(use_codes, min_size=1, max_size=4)),
    "code-class": st.sampled_from(["2", "3", "4xx", "5XX", "6", "x", "", "4 5", "٤"]),
    "kind": st.sampled_from(["reply", "enhanced", "both", ""]),
    "standard": st.sampled_from(["yes", "no", "True", "maybe", ""]),
    "category": joined(
        st.lists(st.sampled_from([*content.CATEGORIES, "policyy", "é"]), max_size=3)
    ),
}


@dataclass
class Page:
    """A generated page, what its uses should warn, and where its sessions are."""

    lines: list[str] = field(default_factory=list)
    #: (line, argument, indexed) of each smtp-code, (line, target) of each plain mention.
    blocks: list[tuple[int, str, bool]] = field(default_factory=list)
    mentions: list[tuple[int, str]] = field(default_factory=list)
    #: First and last line of each smtp-session directive.
    sessions: list[tuple[int, int]] = field(default_factory=list)

    def add(self, lines: list[str], wrapper: str = "") -> int:
        """Append a use, maybe inside something; the line the use starts on (1-based)."""
        start = len(self.lines) + 1
        if wrapper == "note":
            lines, start = [".. note::", "", *indent(lines, 3)], start + 2
        elif wrapper == "bullet":
            lines = ["* " + lines[0], *indent(lines[1:], 2)]
        elif wrapper == "smtp-code":  # in the writer's note of a block
            lines, start = [".. smtp-code:: 250", "   :no-index:", "", *indent(lines, 3)], start + 3
        self.lines += [*lines, ""]
        return start


def indent(lines: list[str], width: int) -> list[str]:
    return [" " * width + line if line.strip() else "" for line in lines]


@st.composite
def pages(draw) -> Page:
    page = Page()
    page.add(["Generated", "========="])
    for _ in range(draw(st.integers(20, 40))):
        kind = draw(
            st.sampled_from(["code"] * 6 + ["compare"] * 3 + ["table"] * 2 + ["reference"])
            | st.sampled_from(["session"] * 3 + ["mentions"] * 5)
        )
        wrapper = draw(st.sampled_from(["", "", "", "", "", "note", "bullet", "smtp-code"]))
        if kind == "code":
            argument = draw(use_codes).strip()
            assume(not argument.startswith(":"))
            opts = draw(options({**COMMON, "no-index": st.just(""), "noindex": st.just("")}))
            body = []
            if draw(st.booleans()):
                uses = draw(st.lists(role_use(), max_size=3))
                body = ["A note, " + ", ".join(use for use, _ in uses) + "."]
            line = page.add(directive("smtp-code", argument, opts, body), wrapper)
            indexed = not {"no-index", "noindex"} & opts.keys()
            page.blocks.append((line, argument, indexed))
        elif kind == "compare":
            argument = draw(joined(st.lists(use_codes, max_size=4))).strip()
            assume(not argument.startswith(":"))
            opts = draw(options({**COMMON, "rows": joined(word_lists), "caption": option_text}))
            page.add(directive("smtp-compare", argument, opts, []), wrapper)
        elif kind in ("table", "reference"):
            choices = dict(SELECTION)
            if kind == "table":
                choices["columns"] = joined(
                    st.lists(
                        st.sampled_from(
                            [
                                "code",
                                "name",
                                "summary",
                                "kind",
                                "references",
                                "standard",
                                "commands",
                                "class",
                                "colour",
                            ]
                        ),
                        max_size=4,
                    )
                )
                choices["caption"] = option_text
            opts = draw(options(choices))
            if kind == "reference" or not {"codes", "category", "kind"} & opts.keys():
                # A reference of the whole registry is 190 sections: keep pages small.
                opts["codes"] = draw(SELECTION["codes"])
            page.add(directive(f"smtp-{kind}", "", opts, []), wrapper)
        elif kind == "session":
            opts = draw(
                options(
                    {
                        **COMMON,
                        "caption": option_text,
                        "show-credentials": st.just(""),
                        "no-legend": st.just(""),
                    }
                )
            )
            body = draw(transcript_lines)
            lines = directive("smtp-session", "", opts, body)
            start = page.add(lines, wrapper)
            page.sessions.append((start, start + len(lines) - 1))
        else:
            uses = draw(st.lists(role_use(), min_size=1, max_size=6))
            line = page.add(["Mentions: " + ", ".join(use for use, _ in uses) + "."], wrapper)
            page.mentions += [(line, target) for _, target in uses if target is not None]
    return page


project_text = st.text(line_chars, max_size=30)
project_entry = st.fixed_dictionaries(
    {"code": st.sampled_from(PROJECT_CODES)},
    optional={
        "name": project_text,
        "summary": project_text,
        "description": project_text,
        "when": project_text,
        "fix": project_text,
        "use": project_text,
        "origin": project_text,
        "status_note": project_text,
        "standard": st.booleans(),
        "status": st.sampled_from(["deprecated", "draft"]),
        "commands": st.lists(st.sampled_from(sorted(COMMAND_PHASES)), unique=True, max_size=3),
        "related": st.lists(st.sampled_from(KNOWN), unique=True, max_size=3),
        "references": st.lists(
            st.fixed_dictionaries(
                {"title": project_text},
                optional={"url": st.sampled_from(URLS), "rfc": st.integers(1, 9999)},
            ),
            max_size=2,
        ),
        "meanings": st.lists(
            st.fixed_dictionaries({"context": project_text, "text": project_text}), max_size=2
        ),
    },
)
project_files = st.one_of(
    st.none(), st.lists(project_entry, max_size=6).map(lambda codes: dump({"codes": codes}))
)


#: A warning of ours: located at a line of the page or of a registry file, and typed.
OURS = re.compile(
    r"(?P<path>\S.*?(?:index\.rst:(?P<line>\d+)|\.yaml(?::\d+)?)): WARNING: (?P<message>.+) "
    r"\[smtpcodes\.(?P<subtype>[a-z-]+)\]"
)
#: The start of any warning Sphinx prints.
RECORD = re.compile(r"^(?:\S.*?: )?(?:WARNING|ERROR|CRITICAL|SEVERE|INFO): ", re.M)


def records(text: str) -> list[str]:
    """The warnings in Sphinx's warning stream (some span several lines)."""
    starts = [m.start() for m in RECORD.finditer(text)]
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)])]


def expected_warning(registry, text: str, *, block: bool = False) -> str | None:
    """The subtype a use of ``text`` warns with (as smtp-code or a mention), if any."""
    try:
        found = registry.resolve(text)
    except CodeSyntaxError:
        return "syntax"
    if isinstance(found, ReplyExplanation) and found.reply is None and found.enhanced is None:
        # A full reply of two unknown codes: a mention warns; smtp-code does not yet
        # (see test_smtp_code_warns_for_an_unknown_full_reply).
        return None if block else "unknown"
    return "unknown" if found is None else None


def build(src: Path, builder: str, language: str) -> tuple[str, str, Path]:
    from sphinx.testing.util import SphinxTestApp
    from sphinx.util.console import strip_escape_sequences

    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        builder,
        srcdir=src,
        builddir=src / "_build" / builder,
        freshenv=True,
        confoverrides={"language": language, "show_warning_types": True},
        status=status,
        warning=warning,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return (
        strip_escape_sequences(status.getvalue()),
        strip_escape_sequences(warning.getvalue()),
        app.outdir,
    )


@BUILDS
@given(pages(), project_files, st.sampled_from(["en", "en", "ko"]), st.booleans())
def test_generated_pages_build_with_located_warnings(
    tmp_path_factory, page, project, language, show_name
):
    from bs4 import BeautifulSoup

    src = tmp_path_factory.mktemp("fuzz-project")
    conf = [
        "project = 'fuzz'",
        "extensions = ['sphinx_smtpcodes']",
        f"smtpcodes_show_name = {show_name}",
    ]
    files = []
    if project is not None:
        (src / "house.yaml").write_text(project, encoding="utf-8")
        conf.append("smtpcodes_registry_files = ['house.yaml']")
        files.append(str(src / "house.yaml"))
    (src / "conf.py").write_text("\n".join(conf) + "\n", encoding="utf-8")
    (src / "index.rst").write_text("\n".join(page.lines) + "\n", encoding="utf-8")
    registry = load_registry(language, files)

    for builder in ("html", "latex", "text"):
        status, warned, outdir = build(src, builder, language)
        for text in (status, warned):
            assert "Traceback" not in text and "Exception occurred" not in text, text
        found: set[tuple[int, str]] = set()
        for record in records(warned):
            if "[smtpcodes." not in record:
                # docutils' or Sphinx's own: located, or the one Sphinx gives for Korean.
                assert re.match(r"\S+:\d+: ", record) or "Babel" in record, record
                continue
            match = OURS.fullmatch(record)
            assert match, f"not located and typed: {record!r}"
            if match["line"]:
                found.add((int(match["line"]), match["subtype"]))
                if match["subtype"] == "session":
                    assert any(a <= int(match["line"]) <= b for a, b in page.sessions), record
        for line, text, _indexed in page.blocks:
            text = " ".join(text.split())
            subtype = "syntax" if not text else expected_warning(registry, text, block=True)
            if subtype:
                assert (line, subtype) in found, (line, text, subtype, warned)
        for line, target in page.mentions:
            subtype = expected_warning(registry, target)
            if subtype:
                assert (line, subtype) in found, (line, target, subtype, warned)
        written = {
            "html": outdir / "index.html",
            "latex": outdir / "fuzz.tex",
            "text": outdir / "index.txt",
        }[builder]
        assert "Generated" in written.read_text(encoding="utf-8")

    # Each code that an indexed smtp-code names has its target.
    html = BeautifulSoup((src / "_build/html/html/index.html").read_text("utf-8"), "html.parser")
    for _line, text, indexed in page.blocks:
        if indexed and expected_warning(registry, text, block=True) is None and text.strip():
            assert html.find(id=node_id(canonical(text))) is not None, text


# -- bugs the fuzzing found, kept as regression tests -----------------------------------


def test_smtp_code_warns_for_an_unknown_full_reply(make_app, tmp_path):
    from .conftest import warnings

    (tmp_path / "conf.py").write_text(
        "extensions = ['sphinx_smtpcodes']\nshow_warning_types = True\n", encoding="utf-8"
    )
    (tmp_path / "index.rst").write_text("T\n=\n\n.. smtp-code:: 299 5.9.99\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    assert "index.rst:4: WARNING: unknown SMTP code '299 5.9.99'" in warnings(app)
