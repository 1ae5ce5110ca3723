"""SMTP session transcripts: which line is the server's, which reply it is.

:func:`parse_transcript` reads a session as a writer pastes it and returns
every line with its side, the server's replies (multi-line replies grouped),
and the problems found. The form is detected line by line:

``S: 250 OK`` / ``C: EHLO client.example``
    RFC style; ``s:``/``c:`` and a missing space are accepted.
``<<< 250 OK`` / ``>>> MAIL FROM:<a@b>``
    as mail logs print them; swaks' ``<-``, ``<**``, ``<~``, ``<~*`` (server)
    and ``->``, ``~>`` (client) arrows too, and its ``===``/``***`` info lines
    are shown as other lines.
``send: 'ehlo x\\r\\n'`` / ``reply: b'250-x\\r\\n'``
    Python :mod:`smtplib` debug output (``set_debuglevel(1)``; with level 2
    a time stamp comes first). The ``reply:`` lines are the server's lines;
    the ``reply: retcode …``, ``data: …`` and ``connect: …`` summaries are
    other lines. The Python literals are read with :func:`ast.literal_eval`.
    When a transcript holds smtplib lines, its lines without a prefix (such
    as warnings printed to the same stream) are other lines.
``250 OK`` / ``MAIL FROM:<a@b>``
    plain: a line starting with three digits followed by a space, a hyphen
    or its end is a server line; any other line is a client line (so a
    message body line starting with three digits needs a ``C:`` prefix).

Blank lines and ``#`` comments are other lines. Credentials sent by the
client (the initial response of ``AUTH``, the answers to ``334``
challenges) are masked as ``****`` in :attr:`TranscriptLine.text`. Nothing
here raises: any string gives a :class:`Transcript`; what is wrong is
reported in :attr:`Transcript.problems`.
Pure Python: no Sphinx, no docutils.
"""

from __future__ import annotations

import ast
import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Literal

from ..registry.model import CodeSyntaxError, ReplyLine, parse_reply

__all__ = [
    "MASK",
    "Problem",
    "Reply",
    "Side",
    "Transcript",
    "TranscriptLine",
    "decode_challenge",
    "parse_transcript",
]

Side = Literal["server", "client", "other"]

#: What replaces a credential in the shown text.
MASK = "****"


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    """One input line, with its side and the text to show for it."""

    #: 1-based line number in the input text.
    number: int
    side: Side
    #: The line as it should be shown (credentials masked unless asked not to).
    text: str
    #: The line as typed.
    raw: str
    #: Index into :attr:`Transcript.replies` of the reply this server line
    #: belongs to; ``None`` for client and other lines and malformed server lines.
    reply_index: int | None
    #: A remark on the line: for a 334 challenge, its decoded text.
    note: str = ""


@dataclass(frozen=True, slots=True)
class Reply:
    """A server reply: its parsed form and where it is in the input."""

    #: The parsed reply; the lines of a multi-line reply are joined.
    line: ReplyLine
    first_line: int
    last_line: int
    #: For a 334 challenge: its base64 text decoded, if printable; else ``''``.
    decoded: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in the transcript, at a 1-based input line."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Transcript:
    """A parsed session: lines, server replies and problems, in input order."""

    lines: tuple[TranscriptLine, ...]
    replies: tuple[Reply, ...]
    problems: tuple[Problem, ...]

    def codes(self) -> list[str]:
        """The distinct codes of the replies in order of first appearance.

        Each reply contributes its reply code, then its enhanced status code
        if it has one: ``["220", "250", "550", "5.1.1"]``.
        """
        seen: dict[str, None] = {}
        for reply in self.replies:
            seen.setdefault(str(reply.line.code))
            if reply.line.enhanced is not None:
                seen.setdefault(str(reply.line.enhanced))
        return list(seen)


# Line forms. Digits are ASCII only: ``\d`` would accept other scripts' digits.
_STAMP = r"(?:[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?[ \t]+)?"
_SMTPLIB_RE = re.compile(_STAMP + r"(send|reply|data|connect|connect fail):(?:[ \t]|$)")
_SMTPLIB_SUMMARY_RE = re.compile(r"retcode \(")
_SIDE_PREFIX_RE = re.compile(r"([SsCc]):[ \t]?")
_ARROWS: tuple[tuple[str, Side], ...] = (
    ("<<<", "server"),
    (">>>", "client"),
    ("<~*", "server"),
    ("<**", "server"),
    ("<~", "server"),
    ("<-", "server"),
    ("->", "client"),
    ("~>", "client"),
)
_INFO_PREFIXES = ("===", "***")
_PLAIN_REPLY_RE = re.compile(r"[0-9]{3}(?:[ \t-]|$)")
_REPLY_LINE_RE = re.compile(r"([0-9]{3})([ -]|$)")
_CODE_RE = re.compile(r"[1-5][0-9][0-9]")
_AUTH_RE = re.compile(r"AUTH[ \t]+\S+[ \t]+(\S+)", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[bB]?(['\"]).*\1", re.DOTALL)
_QUOTE_START_RE = re.compile(r"[bB]?['\"]")
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_BYTES_ESCAPES = frozenset("\\'\"abfnrtvx01234567\n")
_STR_ESCAPES = _BYTES_ESCAPES | frozenset("NuU")

_EXAMPLE = "such as '250 OK' or '250-PIPELINING'"


@dataclass(slots=True)
class _Line:
    """A classified input line, before replies are grouped."""

    side: Side
    #: The client command or server reply, without prefix or smtplib quoting.
    content: str = ""
    #: Where to start looking for a credential in the raw line.
    offset: int = 0
    #: Why a server line cannot be read, if it cannot.
    error: str = ""


@dataclass(slots=True)
class _Group:
    """The lines of a reply being collected."""

    numbers: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _read_literal(text: str) -> str | None:
    """The value of a Python string or bytes literal, or ``None``.

    Bytes are decoded as UTF-8 (invalid bytes replaced). Only a single
    quoted literal with valid escapes is evaluated, with
    :func:`ast.literal_eval` (never :func:`eval`); an invalid escape would
    make Python print a warning, so such a literal is refused instead.
    """
    text = text.strip()
    if not _QUOTED_RE.fullmatch(text):
        return None
    is_bytes = text[0] in "bB"
    allowed = _BYTES_ESCAPES if is_bytes else _STR_ESCAPES
    if any(escape not in allowed for escape in _ESCAPE_RE.findall(text)):
        return None
    try:
        value = ast.literal_eval(text)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError, Warning):
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value if isinstance(value, str) else None


def _classify_smtplib(raw: str, match: re.Match[str]) -> _Line:
    """A line of smtplib debug output."""
    kind, rest_start = match.group(1), match.end()
    rest = raw[rest_start:]
    if kind == "send":
        value = _read_literal(rest)
        content = value if value is not None else rest
        return _Line("client", content.strip(), rest_start)
    if kind != "reply" or _SMTPLIB_SUMMARY_RE.match(rest.lstrip()):
        return _Line("other")
    if not _QUOTE_START_RE.match(rest.strip()):
        return _Line("server", rest.strip(), rest_start)
    value = _read_literal(rest)
    if value is None:
        return _Line(
            "server",
            rest.strip(),
            rest_start,
            error=f"cannot read the smtplib reply {rest.strip()!r}: "
            "expected a Python bytes literal such as b'250 OK\\r\\n'",
        )
    value = value.rstrip("\r\n")
    if "\n" in value or "\r" in value:
        return _Line(
            "server",
            value,
            rest_start,
            error=f"the smtplib reply {rest.strip()!r} holds more than one line: "
            "smtplib prints one 'reply:' line per reply line",
        )
    return _Line("server", value.strip(), rest_start)


def _classify(raw: str, smtplib_mode: bool) -> _Line:
    """Decide the side of one line and extract its command or reply."""
    stripped = raw.strip()
    if not stripped or stripped.startswith("#"):
        return _Line("other")
    indent = len(raw) - len(raw.lstrip())
    line = raw[indent:]
    match = _SMTPLIB_RE.match(raw, indent)
    if match:
        return _classify_smtplib(raw, match)
    match = _SIDE_PREFIX_RE.match(line)
    if match:
        side: Side = "server" if match.group(1) in "Ss" else "client"
        return _Line(side, line[match.end() :].strip(), indent + match.end())
    for arrow, side in _ARROWS:
        if line.startswith(arrow):
            start = indent + len(arrow)
            return _Line(side, raw[start:].strip(), start)
    if smtplib_mode or line.startswith(_INFO_PREFIXES):
        return _Line("other")
    side = "server" if _PLAIN_REPLY_RE.match(line) else "client"
    return _Line(side, stripped, indent)


def _reply_error(content: str) -> str:
    """Why a server line is not a reply line, or ``''`` if it is one."""
    if not content:
        return f"the server line is empty: expected a reply {_EXAMPLE}"
    match = _REPLY_LINE_RE.match(content)
    if not match:
        return (
            f"the server line {content!r} does not start with a reply code: expected "
            f"three digits, then a space, a hyphen or the end of the line, {_EXAMPLE}"
        )
    if not _CODE_RE.fullmatch(match.group(1)):
        return (
            f"{match.group(1)!r} in the server line {content!r} is not a reply code "
            "(three digits, the first 2 to 5)"
        )
    return ""


def decode_challenge(text: str) -> str:
    """The text of a 334 challenge, base64-decoded, or ``''``.

    ``VXNlcm5hbWU6`` gives ``Username:``. Missing padding is tolerated and
    trailing NUL bytes (some servers send C strings) are dropped; text that
    is empty, not base64, not UTF-8 or not printable gives ``''``.
    """
    text = text.strip()
    if not text or len(text) > 4096:
        return ""
    text += "=" * (-len(text) % 4)
    try:
        data = base64.b64decode(text, validate=True)
        decoded = data.rstrip(b"\0").decode("utf-8")
    except (binascii.Error, ValueError):
        return ""
    return decoded if decoded.isprintable() else ""


def _mask(raw: str, start: int, secret: str) -> str:
    """``raw`` with ``secret`` (looked for from ``start``) replaced by the mask."""
    at = raw.find(secret, start)
    if at < 0:
        return raw[:start] + MASK
    return raw[:at] + MASK + raw[at + len(secret) :]


def _credential(content: str, answering_challenge: bool) -> str:
    """The credential in a client command, or ``''``."""
    if answering_challenge:
        answer = content.strip()
        return "" if answer in ("", "*", "=") else answer
    match = _AUTH_RE.match(content.strip())
    if match and match.group(1) != "=":
        return match.group(1)
    return ""


class _Parser:
    """The state of one parse: lines so far, the reply being collected, problems."""

    def __init__(self, show_credentials: bool) -> None:
        self.show_credentials = show_credentials
        self.sides: list[Side] = []
        self.raws: list[str] = []
        self.texts: list[str] = []
        self.reply_index: list[int | None] = []
        self.notes: list[str] = []
        self.replies: list[Reply] = []
        self.problems: list[Problem] = []
        self.group: _Group | None = None
        self.answering_challenge = False

    def add(self, raw: str, line: _Line) -> None:
        """Take the next input line."""
        number = len(self.raws) + 1
        self.sides.append(line.side)
        self.raws.append(raw)
        self.texts.append(raw)
        self.reply_index.append(None)
        self.notes.append("")
        if line.side == "server":
            self.server(number, line)
        elif line.side == "client":
            self.close_unfinished()
            self.client(number, line)

    def client(self, number: int, line: _Line) -> None:
        """A client line: mask its credential."""
        secret = _credential(line.content, self.answering_challenge)
        self.answering_challenge = False
        if secret and not self.show_credentials:
            self.texts[number - 1] = _mask(self.raws[number - 1], line.offset, secret)

    def server(self, number: int, line: _Line) -> None:
        """A server line: add it to the reply being collected."""
        error = line.error or _reply_error(line.content)
        if error:
            self.problems.append(Problem(number, error))
            return
        match = _REPLY_LINE_RE.match(line.content)
        assert match is not None
        if self.group is None:
            self.group = _Group()
        self.group.numbers.append(number)
        self.group.codes.append(match.group(1))
        self.group.texts.append(line.content)
        if match.group(2) != "-":
            self.close()

    def close_unfinished(self) -> None:
        """End a multi-line reply that another line interrupts."""
        group = self.group
        if group is None:
            return
        self.problems.append(
            Problem(
                group.numbers[-1],
                f"the multi-line reply that starts on line {group.numbers[0]} is not "
                f"finished: its last line needs a space after the code, like "
                f"'{group.codes[-1]} {group.texts[-1][4:] or 'OK'}', not a hyphen",
            )
        )
        self.close()

    def close(self) -> None:
        """Turn the collected lines into a reply, or report why they are not one."""
        group, self.group = self.group, None
        if group is None:
            return
        self.answering_challenge = False
        first_code = group.codes[0]
        for number, code in zip(group.numbers, group.codes):
            if code != first_code:
                self.problems.append(
                    Problem(
                        number,
                        f"this line has code {code}, but the multi-line reply that starts on "
                        f"line {group.numbers[0]} has code {first_code}: the lines of one "
                        f"reply share its code, and all but its last have a hyphen after "
                        f"the code ('{first_code}-…', then '{first_code} …')",
                    )
                )
                return
        try:
            parsed = parse_reply("\n".join(group.texts))
        except CodeSyntaxError as error:
            self.problems.append(
                Problem(group.numbers[0], f"the server reply is not valid: {error}")
            )
            return
        decoded = decode_challenge(parsed.text) if first_code == "334" else ""
        index = len(self.replies)
        self.replies.append(Reply(parsed, group.numbers[0], group.numbers[-1], decoded))
        for number in group.numbers:
            self.reply_index[number - 1] = index
        self.notes[group.numbers[0] - 1] = decoded
        self.answering_challenge = first_code == "334"

    def result(self) -> Transcript:
        """The transcript, once every line has been added."""
        self.close_unfinished()
        lines = tuple(
            TranscriptLine(number, side, text, raw, index, note)
            for number, (side, text, raw, index, note) in enumerate(
                zip(self.sides, self.texts, self.raws, self.reply_index, self.notes), start=1
            )
        )
        problems = tuple(sorted(self.problems, key=lambda problem: problem.line))
        return Transcript(lines, tuple(self.replies), problems)


def parse_transcript(text: str, *, show_credentials: bool = False) -> Transcript:
    """Parse an SMTP session transcript (see the module documentation for the forms).

    Lines are split as :meth:`str.splitlines` splits them, the way docutils
    numbers a directive's content. Never raises: problems are returned in
    :attr:`Transcript.problems`, each with its line number. Credentials are
    masked in :attr:`TranscriptLine.text` unless ``show_credentials``.
    """
    raws = text.splitlines()
    smtplib_mode = any(_SMTPLIB_RE.match(raw.lstrip()) for raw in raws)
    parser = _Parser(show_credentials)
    for raw in raws:
        parser.add(raw, _classify(raw, smtplib_mode))
    return parser.result()
