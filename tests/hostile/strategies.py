"""The Hypothesis strategies and settings of the hostile suite.

Examples are random on a developer's machine (Hypothesis keeps a failing one
in ``.hypothesis/`` and replays it first next time) and fixed in CI, so a CI
run does not fail on an example no one has seen before.
``SMTPCODES_FUZZ_SCALE=10`` runs ten times as many examples (a longer hunt).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, assume, settings
from hypothesis import strategies as st

from sphinx_smtpcodes import content
from sphinx_smtpcodes.registry import (
    ReplyLine,
    load_registry,
)
from sphinx_smtpcodes.registry.model import COMMAND_PHASES

CI = os.environ.get("CI", "").lower() == "true"
#: ``SMTPCODES_FUZZ_SCALE=10`` runs ten times as many examples (a longer hunt).
SCALE = int(os.environ.get("SMTPCODES_FUZZ_SCALE", "1"))

#: The pure layer: cheap examples, a few hundred of them.
PURE = settings(
    max_examples=100 * SCALE,
    deadline=None,
    derandomize=CI,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: Examples that parse a large file each: fewer.
HEAVY = settings(PURE, max_examples=15 * SCALE)
#: The Sphinx layer: each example is three builds. No shrinking (minutes of
#: builds); a failure prints the whole page, and its warnings say where to look.
BUILDS = settings(
    PURE,
    max_examples=4 * SCALE,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
)

#: Projects of several pages, each built two or three times: a few examples.
PROJECTS = settings(BUILDS, max_examples=2 * SCALE)

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


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


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
    form = draw(
        st.sampled_from(
            ["plain", "plain", "plain", "title", "bang", "bangbang", "long", "escaped", "wrapped"]
        )
    )
    plain = not any(c in target for c in "<>!")
    if form == "title":
        title = draw(st.text(arg_chars.filter(lambda c: c not in "<>"), min_size=1, max_size=8))
        assume(title.strip() == title and title)
        return f":smtp:`{title} <{target}>`", None
    if form == "bang":
        return f":smtp:`!{target}`", None
    if form == "bangbang":  # "!" and then a code that starts with "!": malformed
        return f":smtp:`!!{target}`", None
    if form == "long":
        return f":smtp:code:`{target}`", None
    if form == "escaped":
        return f":smtp:`{target}\\`x`", None
    if form == "wrapped" and " " in target:
        # A mention wrapped over two lines (issue 14, item 8): the break is a space.
        head, tail = target.split(" ", 1)
        return f":smtp:`{head}\n{tail.lstrip()}`", " ".join(target.split()) if plain else None
    return f":smtp:`{target}`", target if plain else None


def directive(name: str, argument: str, options: dict[str, str], body: list[str]) -> list[str]:
    lines = [f".. {name}::" + (f" {argument}" if argument else "")]
    lines += [f"   :{key}:" + (f" {value}" if value else "") for key, value in options.items()]
    if body:
        lines += ["", *("   " + line if line.strip() else "" for line in body)]
    return lines


#: Options no directive of ours has, and values docutils refuses (issue 14, item 9).
BAD_OPTION_NAMES = ["bogus", "nmae", "no-index", "codes", "rows"]  # (docutils lowercases names)
BAD_CLASS_VALUES = ["!!!", "***", "-"]


@st.composite
def options(draw, choices: dict, known: Iterable[str] = ()) -> tuple[dict[str, str], bool]:
    """Some of ``choices``; sometimes an option the directive refuses (then True)."""
    names = draw(st.lists(st.sampled_from(sorted(choices)), unique=True, max_size=4))
    chosen = {name: draw(choices[name]) for name in names}
    refused = False
    if draw(st.integers(0, 5)) == 0:
        unknown = [n for n in BAD_OPTION_NAMES if n not in set(known) and n not in chosen]
        if unknown:
            chosen[draw(st.sampled_from(unknown))] = draw(st.sampled_from(["", "1", "yes"]))
            refused = True
    elif "class" in choices and draw(st.integers(0, 5)) == 0:
        chosen["class"] = draw(st.sampled_from(BAD_CLASS_VALUES))
        refused = True
    return chosen, refused


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
TABLE_COLUMNS = [
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
#: Replies as servers send them: written from the forms ``readers/reply.py`` reads.
REPLY_FORMS = [
    "550 5.1.1 <user@example.com>: Recipient address rejected: User unknown",
    "550-5.1.1 The email account that you tried to reach does not exist.\n550 5.1.1 Try again",
    "421 4.7.0 Try again later, closing connection.",
    "status=bounced (host mx.example.com said: 550 5.7.1 Relaying denied (in reply to RCPT TO))",
    "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full",
    "250-",
    "550-5.1.1 unfinished",
    "999 9.9.9 nothing",
    "",
]
reply_texts = st.one_of(
    st.sampled_from(REPLY_FORMS),
    st.lists(st.one_of(st.sampled_from(REPLY_FORMS), code_like, line_text), max_size=4).map(
        "\n".join
    ),
)


#: Bounce messages written by the bounce reader's author (tests/fixtures/bounces,
#: sources in its README): cut, spliced and mixed with garbage below.
BOUNCES = [
    path.read_text(encoding="utf-8", errors="replace")
    for path in sorted((Path(__file__).parent.parent / "fixtures" / "bounces").glob("*.eml"))
    if path.stat().st_size < 4000
]


@st.composite
def bounce_texts(draw) -> str:
    """A bounce: as written, cut short, two spliced, or lines of garbage added."""
    text = draw(st.sampled_from(BOUNCES)) if BOUNCES else ""
    how = draw(st.sampled_from(["whole", "cut", "splice", "garbage", "empty-lines"]))
    if how == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "splice" and BOUNCES:
        other = draw(st.sampled_from(BOUNCES))
        text = text[: len(text) // 2] + other[len(other) // 2 :]
    elif how == "garbage":
        lines = text.splitlines()
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = draw(st.lists(st.one_of(line_text, code_like), min_size=1, max_size=4))
        text = "\n".join(lines)
    elif how == "empty-lines":
        text = "\n\n".join(text.splitlines()[:10])
    return text


#: Values of smtp-bounce's :file: and whether the build must refuse them. The
#: project of a generated page holds each (``fifo`` is a named pipe).
BOUNCE_FILES = {"bounce.eml": False, "missing.eml": True, "fifo": True, "folder": True}


@dataclass
class Page:
    """A generated page, what its uses should warn, and where its sessions are."""

    lines: list[str] = field(default_factory=list)
    #: (line, argument, indexed) of each smtp-code, (line, target) of each plain mention.
    blocks: list[tuple[int, str, bool]] = field(default_factory=list)
    mentions: list[tuple[int, str]] = field(default_factory=list)
    #: First and last line of each smtp-session directive.
    sessions: list[tuple[int, int]] = field(default_factory=list)
    #: (line, subtype) of each use that must be refused with a warning.
    refusals: list[tuple[int, str]] = field(default_factory=list)

    def add(self, lines: list[str], wrapper: str = "") -> int:
        """Append a use, maybe inside something; the line the use starts on (1-based)."""
        lines = [piece for line in lines for piece in line.split("\n")]
        start = len(self.lines) + 1
        if wrapper == "note":
            lines, start = [".. note::", "", *indent(lines, 3)], start + 2
        elif wrapper == "bullet":
            lines = ["* " + lines[0], *indent(lines[1:], 2)]
        elif wrapper == "smtp-code":  # in the writer's note of a block
            lines, start = [".. smtp-code:: 250", "   :no-index:", "", *indent(lines, 3)], start + 3
        self.lines += [*lines, ""]
        return start

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def indent(lines: list[str], width: int) -> list[str]:
    return [" " * width + line if line.strip() else "" for line in lines]


@functools.cache
def _known(name: str) -> frozenset[str]:
    """The options the directive ``smtp-<name>`` has."""
    from sphinx_smtpcodes.sphinxext import directive_classes

    classes = directive_classes()
    return frozenset(dict.keys(classes[name].option_spec))


KINDS = ["code"] * 6 + ["compare"] * 3 + ["table"] * 2 + ["reference"] + ["reply"] * 2
KINDS += ["bounce"] * 2
KINDS += ["session"] * 3 + ["mentions"] * 5


@st.composite
def pages(draw, uses: tuple[int, int] = (20, 40), targets: bool = True) -> Page:
    """A page of generated uses of every directive and role.

    ``targets=False`` gives every block ``:no-index:`` and leaves out
    ``smtp-reference``: a page of a project whose blocks live elsewhere.
    """
    page = Page()
    page.add(["Generated", "========="])
    for _ in range(draw(st.integers(*uses))):
        kind = draw(st.sampled_from([k for k in KINDS if targets or k != "reference"]))
        wrapper = draw(st.sampled_from(["", "", "", "", "", "note", "bullet", "smtp-code"]))
        known = _known(kind) if kind != "mentions" else frozenset()
        refused = False
        if kind == "code":
            argument = draw(use_codes).strip()
            assume(not argument.startswith(":"))
            opts, refused = draw(
                options({**COMMON, "no-index": st.just(""), "noindex": st.just("")}, known)
            )
            if not targets:
                opts["no-index"] = ""
            body = []
            if draw(st.booleans()):
                mentions = draw(st.lists(role_use(), max_size=3))
                body = ["A note, " + ", ".join(use for use, _ in mentions) + "."]
            line = page.add(directive("smtp-code", argument, opts, body), wrapper)
            indexed = not {"no-index", "noindex"} & opts.keys()
            page.blocks.append((line, argument, indexed))
        elif kind == "compare":
            argument = draw(joined(st.lists(use_codes, max_size=4))).strip()
            assume(not argument.startswith(":"))
            opts, refused = draw(
                options({**COMMON, "rows": joined(word_lists), "caption": option_text}, known)
            )
            body = ["Content it does not take."] if draw(st.integers(0, 7)) == 0 else []
            line = page.add(directive("smtp-compare", argument, opts, body), wrapper)
            if body:
                page.refusals.append((line, "option"))
        elif kind in ("table", "reference"):
            choices = dict(SELECTION)
            if kind == "table":
                choices["columns"] = joined(st.lists(st.sampled_from(TABLE_COLUMNS), max_size=4))
                choices["caption"] = option_text
            opts, refused = draw(options(choices, known))
            if kind == "reference" or not {"codes", "category", "kind"} & opts.keys():
                # A reference of the whole registry is 190 sections: keep pages small.
                opts["codes"] = draw(SELECTION["codes"])
            argument = draw(st.sampled_from(["", "", "", "", "450 550"]))
            line = page.add(directive(f"smtp-{kind}", argument, opts, []), wrapper)
            if argument:
                page.refusals.append((line, "option"))
        elif kind == "session":
            opts, refused = draw(
                options(
                    {
                        **COMMON,
                        "caption": option_text,
                        "show-credentials": st.sampled_from(["", "yes", "no", "maybe"]),
                        "format": st.sampled_from(["auto", "rfc", "postfix", "smtplib", "bogus"]),
                        "no-legend": st.just(""),
                    },
                    known,
                )
            )
            body = draw(transcript_lines)
            lines = directive("smtp-session", "", opts, body)
            line = page.add(lines, wrapper)
            page.sessions.append((line, line + len(lines) - 1))
        elif kind == "bounce":
            choices = {
                **COMMON,
                "redact": st.sampled_from(["", "yes", "no", "maybe"]),
                "caption": option_text,
                "file": st.sampled_from(sorted(BOUNCE_FILES)),
            }
            opts, refused = draw(options(choices, known))
            body = (
                [] if "file" in opts and draw(st.booleans()) else draw(bounce_texts()).split("\n")
            )
            line = page.add(directive("smtp-bounce", "", opts, body), wrapper)
            if BOUNCE_FILES.get(opts.get("file", ""), False) or not (body or "file" in opts):
                page.refusals.append((line, "bounce"))
        elif kind == "reply":
            opts, refused = draw(
                options({**COMMON, "redact": st.sampled_from(["", "yes", "no", "maybe"])}, known)
            )
            body = draw(reply_texts).split("\n")
            line = page.add(directive("smtp-reply", "", opts, body), wrapper)
        else:
            mentions = draw(st.lists(role_use(), min_size=1, max_size=6))
            line = page.add(["Mentions: " + ", ".join(use for use, _ in mentions) + "."], wrapper)
            page.mentions += [(line, target) for _, target in mentions if target is not None]
        if refused:
            page.refusals.append((line, "option"))
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
