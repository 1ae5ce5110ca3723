"""The pure layer under attack: codes, replies, registry files and overlays,
transcripts and language files. A few hundred generated examples per
property; each gives located problems, never an exception.
"""

from __future__ import annotations

import base64
import itertools
import re
import string
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sphinx_smtpcodes import content
from sphinx_smtpcodes.readers.transcript import MASK, parse_transcript
from sphinx_smtpcodes.registry import (
    CodeSyntaxError,
    EnhancedStatus,
    Problem,
    ReplyCode,
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

from .strategies import (
    HEAVY,
    LONGEST_MESSAGE,
    PURE,
    SCALE,
    URLS,
    code_like,
    dump,
    key_of,
    line_text,
    transcript_lines,
    transcripts,
)

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


def huge_dump(data, piece: str) -> str:
    """``dump(data)``, written by libyaml's emitter where it writes the same text.

    It is fifty times faster than PyYAML's on a 100 kB value, and writes the
    same text for every piece, field and place of the test below, except that
    it escapes characters beyond the BMP (``\\U0001F4E7``, a file ten times as
    large): those stay with PyYAML's.
    """
    emitter = getattr(yaml, "CSafeDumper", None)
    if emitter is None or max(piece) > "\uffff":
        return dump(data)
    return yaml.dump(data, Dumper=emitter, allow_unicode=True, sort_keys=False)


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
    path = write(huge_dump({"codes": [entry]}, piece))
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


# -- language files ---------------------------------------------------------------------


def _english_messages() -> list[str]:
    from babel.messages.pofile import read_po

    from sphinx_smtpcodes.registry.i18n import LOCALE_DIR

    with (LOCALE_DIR / "smtpcodes.pot").open("rb") as f:
        return [m.id for m in read_po(f) if m.id and isinstance(m.id, str)]


#: Every message of the catalog template: labels and sentence templates.
MESSAGES = _english_messages()
#: Pieces of a hostile translation: placeholders known, unknown, converted,
#: formatted, attribute lookups, lone braces, and text.
TRANSLATION_PIECES = [
    "{code}",
    "{a}",
    "{klass}",
    "{bogus}",
    "{0}",
    "{}",
    "{code!r}",
    "{code!z}",
    "{a_class!z}",
    "{code:은}",
    "{code:을}",
    "{code:xyz}",
    "{code:>{width}}",
    "{code.__class__}",
    "{code[0]}",
    "{",
    "}",
    "{{",
    "}}",
    "%s",
    "텍스트",
    " ",
    "é",
    '\\"',
    "\\n",
]
translations = st.lists(st.sampled_from(TRANSLATION_PIECES), max_size=6).map("".join)
CHARSETS = ["utf-8", "UTF-8", "latin-1", "ascii", "klingon", "", "utf-8; x=y"]


def po_text(charset: str, messages: list[tuple[str, str]], fuzzy: bool) -> str:
    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ['msgid ""', 'msgstr ""', f'"Content-Type: text/plain; charset={charset}\\n"', ""]
    for msgid, msgstr in messages:
        if fuzzy:
            lines.append("#, fuzzy")
        lines += [f"msgid {quoted(msgid)}", f"msgstr {quoted(msgstr)}", ""]
    return "\n".join(lines)


@st.composite
def catalog_files(draw) -> tuple[str, bytes]:
    """(file name, bytes) of a ``.po`` or ``.mo`` file: plausible, broken or garbage."""
    messages = draw(
        st.lists(st.tuples(st.sampled_from(MESSAGES), translations), min_size=1, max_size=6)
    )
    charset = draw(st.sampled_from(CHARSETS))
    text = po_text(charset, messages, draw(st.booleans()))
    form = draw(st.sampled_from(["po", "po", "po-latin1", "po-garbage", "mo", "mo-cut", "bytes"]))
    if form == "po":
        return "smtpcodes.po", text.encode("utf-8")
    if form == "po-latin1":
        return "smtpcodes.po", text.encode("latin-1", errors="replace")
    if form == "po-garbage":
        data = bytearray(text.encode("utf-8"))
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(min_size=1, max_size=8))
        return "smtpcodes.po", bytes(data)
    if form in ("mo", "mo-cut"):
        import io

        from babel.messages.catalog import Catalog
        from babel.messages.mofile import write_mo

        catalog = Catalog(locale="ko", charset="utf-8")
        for msgid, msgstr in messages:
            catalog.add(msgid, msgstr)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        data = buffer.getvalue()
        if form == "mo-cut":
            data = data[: draw(st.integers(0, len(data)))]
        return "smtpcodes.mo", data
    return draw(st.sampled_from(["smtpcodes.po", "smtpcodes.mo"])), draw(st.binary(max_size=200))


_catalog_dirs = itertools.count()


@PURE
@given(catalog_files())
def test_any_language_file_falls_back_with_located_problems(tmp_path_factory, catalog):
    from sphinx_smtpcodes.registry.i18n import Translator

    name, data = catalog
    folder = tmp_path_factory.mktemp(f"catalog{next(_catalog_dirs)}")
    path = folder / "xx" / "LC_MESSAGES" / name
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    (folder / "xx" / "house.yaml").write_text("language: xx\ncodes: {}\n", encoding="utf-8")
    translator = Translator("xx", [folder])
    lines = data.count(b"\n") + 1
    for problem in translator.problems:
        assert problem.subtype == "config" and problem.path == str(path), problem
        assert 0 <= problem.line <= lines and "\n" not in problem.message, problem
    for message in MESSAGES:  # every label and every template, filled in
        fields = {name: "450" for _t, name, _s, _c in string.Formatter().parse(message) if name}
        assert isinstance(translator.format(message, **fields), str)
    registry = load_registry("xx", locale_dirs=[str(folder)])
    entries = [registry.get("334"), registry.get("450"), registry.get("5.1.1")]
    content.compare(entries, registry)
    for entry in entries:
        content.explain(entry, registry)
