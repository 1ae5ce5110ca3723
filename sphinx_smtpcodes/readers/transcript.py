"""SMTP session transcripts: which line is the server's, which reply it is.

:func:`parse_transcript` reads a session as a writer pastes it and returns
every line with its side (``server``, ``client`` or ``note``), the server's
replies (multi-line replies grouped), and the problems found. The format is
detected from the markers its lines carry, or forced with ``format=``:

``rfc``
    ``S: 250 OK`` / ``C: EHLO client.example`` (RFC 5321 and most RFCs;
    ``s:``/``c:`` and a missing space are accepted).
``rfc3030``
    RFC 3030's ``R:`` (the receiver, the server) and ``S:`` (the sender,
    the client). Chosen when any line starts with ``R:``.
``arrows`` (also ``sendmail``)
    ``<<< 250 OK`` / ``>>> MAIL FROM:<a@b>``, as mail logs and Sendmail's
    "Transcript of session follows" print them; Sendmail's ``... while
    talking to`` and ``<addr>... Deferred`` lines are notes.
``postfix``
    ``Out: 220 …`` / ``In: EHLO …`` (Postfix's postmaster notices).
``exim``
    Exim debug output: ``SMTP>> 250 …`` / ``SMTP<< EHLO …`` (or the other
    way round when Exim is the client), after any time stamp, process id or
    ``>>>``; Exim's own debug lines are notes.
``exim-bh``
    what ``exim -bh`` prints: the server's replies as plain lines, its
    ``>>>`` ACL trace and ``****`` banner as notes, what was typed as client
    lines.
``smtplib``
    Python :mod:`smtplib` debug output, levels 1 and 2 (``send: '…'`` /
    ``reply: b'…'``, with a time stamp first at level 2); the literals are
    read with :func:`ast.literal_eval`, never evaluated as code.
``swaks``
    ``<-``, ``<~`` (over TLS), ``<**``, ``<~*`` (error replies) for the
    server, ``->``, ``~>`` for the client, ``===``/``***`` notes.
``javamail``
    JavaMail's ``mail.debug`` output: ``DEBUG …`` lines are notes, the rest
    is read as ``plain``.
``plain``
    a telnet or ``openssl s_client`` paste: a line starting with a reply
    code is the server's; a line starting with an SMTP command, a line of
    message data (after ``354``, up to the ``.``) and an answer to a ``334``
    challenge are the client's; anything else (banners, certificates,
    ``Trying …``) is a note.

In every format, lines that are not protocol (blank lines, ``#`` comments,
RFC prose such as ``... TLS negotiation proceeds ...`` or ``<open
connection>``, tool trace) are notes: never commands, never replies. An
unmarked line holding only base64 right after a marked line continues it
(the RFCs wrap long base64 that way) and is joined to it before decoding.

Credentials are masked as ``****`` in :attr:`TranscriptLine.text` by a
state machine that cannot be talked out of it: from an ``AUTH`` command (or
a ``334`` challenge) until the server answers with a valid reply other than
``334``, every client line is masked whole, and so is every note that is
not a tool's own trace; the initial response of ``AUTH`` is masked whole,
every word of it and every continuation line. Only ``*`` (cancel) and ``=``
(empty) stay visible.

Nothing here raises: any string gives a :class:`Transcript`; what is wrong
is reported in :attr:`Transcript.problems`. Pure Python: no Sphinx, no
docutils.
"""

from __future__ import annotations

import ast
import base64
import binascii
import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..registry.frozen import frozen
from ..registry.model import CodeSyntaxError, ReplyLine, parse_reply
from .formats import FORMATS

__all__ = [
    "FORMATS",
    "MASK",
    "Problem",
    "Reply",
    "Side",
    "Transcript",
    "TranscriptLine",
    "decode_challenge",
    "parse_transcript",
]

Side = Literal["server", "client", "note"]

#: What replaces a credential in the shown text.
MASK = "****"


@frozen
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
    #: belongs to; ``None`` for client and note lines and malformed server lines.
    reply_index: int | None
    #: A remark on the line: for a 334 challenge, its decoded text.
    note: str = ""
    #: The line continues the line before it (wrapped base64).
    continuation: bool = False
    #: Something in the line was masked.
    masked: bool = False


@frozen
class Reply:
    """A server reply: its parsed form and where it is in the input."""

    #: The parsed reply; the lines of a multi-line reply are joined.
    line: ReplyLine
    first_line: int
    last_line: int
    #: For a 334 challenge: its base64 text decoded, if printable; else ``''``.
    decoded: str = ""


@frozen
class Problem:
    """Something wrong in the transcript, at a 1-based input line."""

    line: int
    message: str


@frozen
class Transcript:
    """A parsed session: lines, server replies and problems, in input order."""

    lines: tuple[TranscriptLine, ...]
    replies: tuple[Reply, ...]
    problems: tuple[Problem, ...]
    #: The format the transcript was read as (a key of :data:`FORMATS`).
    format: str = "plain"

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


# --- line forms ---------------------------------------------------------------------
# Digits are ASCII only: ``\d`` would accept other scripts' digits.

_STAMP = r"(?:[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?[ \t]+)?"
_SMTPLIB_RE = re.compile(r"[ \t]*" + _STAMP + r"(send|reply|data|connect|connect fail):(?:[ \t]|$)")
_SMTPLIB_SUMMARY_RE = re.compile(r"retcode \(")
_RFC_RE = re.compile(r"([SsCcRr]):(?:[ \t]|$)?")
_POSTFIX_RE = re.compile(r"(In|Out):(?:[ \t]+|$)")
# Exim debug lines: a time stamp, a process id or a '>>>' (in -bh -d) may come first.
_EXIM_RE = re.compile(r"[ \t0-9:.\-]*(?:>>>[ \t]+)?SMTP(<<|>>|\|>|\+>)(?:[ \t]|$)")
_SWAKS: tuple[tuple[str, str], ...] = (
    ("<~*", "in"),
    ("<**", "in"),
    ("<~", "in"),
    ("<-", "in"),
    ("*~>", "out"),
    ("**>", "out"),
    ("~>", "out"),
    ("->", "out"),
)
_ARROWS: tuple[tuple[str, str], ...] = (("<<<", "in"), (">>>", "out"))
_REPLY_LINE_RE = re.compile(r"([0-9]{3})([ \t-]|$)")
_CODE_RE = re.compile(r"[1-5][0-9][0-9]")
_BASE64_RE = re.compile(r"[A-Za-z0-9+/]+={0,2}")
#: A line wrapped by a writer is long: the word it continues has at least this many characters.
_WRAPPED = 16
_AUTH_RE = re.compile(r"AUTH(?:[ \t]+(\S+))?(?:[ \t]+)?", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[bB]?(['\"]).*\1", re.DOTALL)
_QUOTE_START_RE = re.compile(r"[bB]?['\"]")
_LITERAL_END_RE = re.compile(r"(?:\\r)?(?:\\n)?['\"][ \t]*$")
_ESCAPE_RE = re.compile(r"\\(.)", re.DOTALL)
_BYTES_ESCAPES = frozenset("\\'\"abfnrtvx01234567\n")
_STR_ESCAPES = _BYTES_ESCAPES | frozenset("NuU")
# Commands a client types (RFC 5321 and the extensions people meet), for plain pastes.
_VERBS = frozenset(
    "HELO EHLO LHLO MAIL RCPT DATA BDAT RSET VRFY EXPN HELP NOOP QUIT AUTH STARTTLS "
    "ETRN ATRN TURN SEND SOML SAML BURL XCLIENT XFORWARD XEXCH50 X-EXPS".split()
)
# Notes that the RFCs and people write among protocol lines: ``... TLS negotiation
# proceeds``, ``<open connection>``, ``(note: ...)``, ``[connection continues]``.
_PROSE_START = ("...", "(", "<", "[")

_EXAMPLE = "such as '250 OK' or '250-PIPELINING'"


@dataclass(slots=True)
class _Line:
    """A classified input line, before replies are grouped."""

    side: Side
    #: The client command or server reply, without marker or smtplib quoting.
    content: str = ""
    #: Where the content starts and ends in the raw line (for masking).
    start: int = 0
    end: int = -1
    #: Why a server line cannot be read, if it cannot.
    error: str = ""
    #: A note that a tool printed as its own trace (it never holds what the
    #: client sent, so it stays visible during authentication).
    trace: bool = False
    #: A client line written without a marker in a format that has markers.
    unmarked: bool = False


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


def _marked(raw: str, start: int, side: Side) -> _Line:
    """A line whose marker ends at ``start``: its content is the rest."""
    content = raw[start:].strip()
    return _Line(side, content, start, len(raw))


def _is_blank_or_comment(raw: str) -> bool:
    stripped = raw.strip()
    return not stripped or stripped.startswith("#")


def _looks_like_reply(content: str) -> bool:
    return _REPLY_LINE_RE.match(content) is not None


def _is_prose(content: str) -> bool:
    """RFC prose or an action in angle brackets, not a command or reply."""
    return content.startswith(_PROSE_START) and not _looks_like_reply(content)


def _ends_prose(content: str) -> bool:
    """The last line of RFC prose wrapped over lines: ``... layer ...``, ``line)``."""
    return content.endswith(("...", ")")) and " " in content


def _verb(content: str) -> str:
    word = content.split(None, 1)[0] if content.split() else ""
    return word.split(":", 1)[0].upper()


# --- the formats --------------------------------------------------------------------


def _smtplib(raw: str, _direction: dict[str, Side]) -> _Line:
    """A line of smtplib debug output."""
    match = _SMTPLIB_RE.match(raw)
    if match is None:
        return _Line("note")
    kind, rest_start = match.group(1), match.end()
    rest = raw[rest_start:]
    if kind == "send":
        value = _read_literal(rest)
        end = len(raw)
        if value is not None:
            tail = _LITERAL_END_RE.search(raw)
            end = tail.start() if tail else end
        # The command starts after the opening quote, even when the closing one is lost.
        quote = _QUOTE_START_RE.match(rest.lstrip())
        start = rest_start + (len(rest) - len(rest.lstrip())) + (quote.end() if quote else 0)
        content = value if value is not None else raw[start:]
        return _Line("client", content.strip(), start, end)
    if kind != "reply" or _SMTPLIB_SUMMARY_RE.match(rest.lstrip()):
        return _Line("note", trace=True)
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


def _rfc(raw: str, direction: dict[str, Side]) -> _Line:
    indent = len(raw) - len(raw.lstrip())
    match = _RFC_RE.match(raw, indent)
    if match is None or match.group(1).upper() not in direction:
        return _Line("note")
    return _marked(raw, match.end(), direction[match.group(1).upper()])


def _prefixed(markers: tuple[tuple[str, str], ...], trace: tuple[str, ...] = ()):
    """A format whose lines start with one of ``markers`` (after spaces)."""

    def classify(raw: str, direction: dict[str, Side]) -> _Line:
        line = raw.lstrip()
        indent = len(raw) - len(line)
        for marker, way in markers:
            if line.startswith(marker):
                return _marked(raw, indent + len(marker), direction[way])
        return _Line("note", trace=line.startswith(trace) if trace else False)

    return classify


def _postfix(raw: str, direction: dict[str, Side]) -> _Line:
    indent = len(raw) - len(raw.lstrip())
    match = _POSTFIX_RE.match(raw, indent)
    if match is None:
        return _Line("note")
    return _marked(raw, match.end(), direction["out" if match.group(1) == "Out" else "in"])


def _exim(raw: str, direction: dict[str, Side]) -> _Line:
    match = _EXIM_RE.match(raw)
    if match is None:
        return _Line("note")
    return _marked(raw, match.end(), direction["in" if match.group(1) == "<<" else "out"])


def _plain_side(raw: str) -> _Line:
    """A line of a plain paste: its side is decided later, from its content."""
    indent = len(raw) - len(raw.lstrip())
    return _Line("client", raw.strip(), indent, len(raw), unmarked=True)


def _plain(raw: str, _direction: dict[str, Side]) -> _Line:
    return _plain_side(raw)


def _exim_bh(raw: str, _direction: dict[str, Side]) -> _Line:
    line = raw.lstrip()
    if line.startswith((">>>", "****", "LOG:")):
        return _Line("note", trace=True)
    return _plain_side(raw)


def _javamail(raw: str, _direction: dict[str, Side]) -> _Line:
    if raw.lstrip().startswith("DEBUG"):
        return _Line("note", trace=True)
    return _plain_side(raw)


_Classifier = Callable[[str, dict[str, Side]], _Line]

#: Per format: how to classify a line, and which marker means the server by default.
_CLASSIFIERS: dict[str, _Classifier] = {
    "rfc": _rfc,
    "rfc3030": _rfc,
    "arrows": _prefixed(_ARROWS),
    "sendmail": _prefixed(_ARROWS),
    "postfix": _postfix,
    "exim": _exim,
    "exim-bh": _exim_bh,
    "smtplib": _smtplib,
    "swaks": _prefixed(_SWAKS, ("===", "***")),
    "javamail": _javamail,
    "plain": _plain,
}
#: The formats whose lines are read by content (no side markers).
_UNMARKED = frozenset({"plain", "exim-bh", "javamail"})


# --- detection ----------------------------------------------------------------------


def _family(raw: str) -> tuple[str, str, str] | None:
    """``(format, way, content)`` of a line that carries a side marker, else ``None``.

    ``way`` is ``"in"`` or ``"out"`` for arrows whose direction depends on
    who wrote the log, or the marker letter for RFC prefixes.
    """
    if _SMTPLIB_RE.match(raw):
        return ("smtplib", "", "")
    match = _EXIM_RE.match(raw)
    if match:
        return ("exim", "in" if match.group(1) == "<<" else "out", raw[match.end() :].strip())
    line = raw.lstrip()
    indent = len(raw) - len(line)
    match = _RFC_RE.match(raw, indent)
    if match:
        return ("rfc", match.group(1).upper(), raw[match.end() :].strip())
    match = _POSTFIX_RE.match(raw, indent)
    if match:
        way = "out" if match.group(1) == "Out" else "in"
        return ("postfix", way, raw[match.end() :].strip())
    for marker, way in _ARROWS:
        if line.startswith(marker):
            return ("arrows", way, line[len(marker) :].strip())
    for marker, way in _SWAKS:
        if line.startswith(marker) and not line.startswith("<<<"):
            return ("swaks", way, line[len(marker) :].strip())
    return None


def _detect(raws: list[str]) -> tuple[str, int | None]:
    """The format of a transcript, and the first line of another format, if any."""
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    exim_bh_banner = False
    javamail = False
    rfc3030 = False
    sendmail = False
    plain_reply = False
    for number, raw in enumerate(raws, start=1):
        found = _family(raw)
        stripped = raw.strip()
        if found is None:
            if stripped.startswith("**** SMTP testing session"):
                exim_bh_banner = True
            elif stripped.startswith("DEBUG"):
                javamail = True
            elif stripped.startswith("... while talking to") or re.match(
                r"<[^>]*>\.\.\. ", stripped
            ):
                sendmail = True
            elif _looks_like_reply(stripped):
                plain_reply = True
            continue
        name, way, _content = found
        if name == "rfc" and way == "R":
            rfc3030 = True
        first.setdefault(name, number)
        counts[name] = counts.get(name, 0) + 1
    arrows_out_only = "arrows" in counts and not any(
        (_family(raw) or ("", "", ""))[:2] == ("arrows", "in") for raw in raws
    )
    if exim_bh_banner or (arrows_out_only and plain_reply):
        # 'exim -bh' prints '>>>' trace and plain replies; its '>>>' are no client lines.
        counts.pop("arrows", None)
        first.pop("arrows", None)
        chosen = "exim-bh"
    elif "smtplib" in counts:
        chosen = "smtplib"  # its lines of other output are notes, whatever they look like
    elif counts:
        chosen = max(counts, key=lambda name: (counts[name], -first[name]))
    elif javamail:
        chosen = "javamail"
    else:
        chosen = "plain"
    if chosen == "rfc" and rfc3030:
        chosen = "rfc3030"
    if chosen == "arrows" and sendmail:
        chosen = "sendmail"
    others = [first[name] for name in counts if name != _base(chosen)]
    return chosen, (min(others) if others else None)


def _base(name: str) -> str:
    return {"rfc3030": "rfc", "sendmail": "arrows"}.get(name, name)


def _direction(name: str, raws: list[str]) -> dict[str, Side]:
    """Which marker means the server, for the format ``name``.

    For arrows, Postfix and Exim the marker's direction depends on who
    wrote the log (Exim as a server writes ``SMTP>>`` before its replies, as
    a client before its commands), so the side whose lines look like
    replies is the server's.
    """
    if name == "rfc":
        return {"S": "server", "C": "client"}
    if name == "rfc3030":
        return {"R": "server", "S": "client", "C": "client"}
    default = {"in": "server", "out": "client"}
    if name not in ("arrows", "sendmail", "postfix", "exim"):
        return default
    if name == "postfix":
        default = {"out": "server", "in": "client"}
    elif name == "exim":
        default = {"out": "server", "in": "client"}
    score = {"in": 0, "out": 0}
    for raw in raws:
        found = _family(raw)
        if found and _base(name) == found[0] and found[1] in score:
            score[found[1]] += 1 if _looks_like_reply(found[2]) else -1
    server_way = "in" if default["in"] == "server" else "out"
    client_way = "out" if server_way == "in" else "in"
    if score[client_way] > score[server_way]:
        return {client_way: "server", server_way: "client"}
    return default


# --- challenges -----------------------------------------------------------------------


def decode_challenge(text: str) -> str:
    """The text of a 334 challenge, base64-decoded, or ``''``.

    ``VXNlcm5hbWU6`` gives ``Username:``. Missing padding is tolerated,
    trailing NUL bytes (some servers send C strings) and line ends are
    dropped, and a JSON challenge (the error of XOAUTH2 and OAUTHBEARER) is
    shown on one line; text that is empty, not base64, not UTF-8 or not
    printable gives ``''``.
    """
    text = "".join(text.split())
    if not text or len(text) > 8192:
        return ""
    text += "=" * (-len(text) % 4)
    try:
        data = base64.b64decode(text, validate=True)
        decoded = data.rstrip(b"\0").decode("utf-8").rstrip("\r\n")
    except (binascii.Error, ValueError):
        return ""
    if decoded.lstrip().startswith(("{", "[")):
        try:
            return json.dumps(json.loads(decoded), ensure_ascii=False)
        except (ValueError, RecursionError):
            pass
    return decoded if decoded.isprintable() else ""


# --- the parse ------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    """The lines of a reply being collected."""

    numbers: list[int] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


#: Replies repeat in a long transcript ("250 OK"); a ReplyLine is immutable.
_parse_reply = functools.lru_cache(maxsize=4096)(parse_reply)


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


def _loose_content(raw: str) -> str:
    """What a line says once any format's marker and quoting are taken off."""
    found = _family(raw)
    if found is not None and found[0] != "smtplib":
        text = found[2]
    else:
        match = _SMTPLIB_RE.match(raw)
        text = raw[match.end() :] if match else raw
    return text.strip().lstrip("bB").lstrip("'\"").strip()


def _is_auth(content: str) -> bool:
    return _verb(content) == "AUTH"


class _Parser:
    """The state of one parse: lines so far, the reply being collected, problems."""

    def __init__(self, name: str, show_credentials: bool) -> None:
        self.name = name
        self.show_credentials = show_credentials
        self.lines: list[TranscriptLine] = []
        self.replies: list[Reply] = []
        self.problems: list[Problem] = []
        self.group: _Group | None = None
        #: From AUTH (or a 334) until a reply other than 334: every client line is secret.
        self.authenticating = False
        #: After 354 until the '.' line: the client sends message data.
        self.in_data = False
        #: The line before, if it can be continued (a marked protocol line).
        self.previous: tuple[_Line, int] | None = None
        self.unmarked_reported = False
        #: The note before opened RFC prose that a later line closes.
        self.in_prose = False
        #: The reply collected is complete once no continuation line follows.
        self.pending = False

    # -- taking lines ------------------------------------------------------------------

    def add(self, raw: str, line: _Line) -> None:
        """Take the next input line."""
        number = len(self.lines) + 1
        if self.continues(raw, line):
            return self.continuation(number, raw)
        if line.side == "note" and self.group is not None and not self.pending:
            # Exim's debug output indents the further lines of a reply, unmarked.
            content = raw.strip()
            if content[:3] == self.group.codes[-1] and _looks_like_reply(content):
                line = _Line("server", content, len(raw) - len(raw.lstrip()), len(raw))
        if self.pending:
            self.close()
        if self.name in _UNMARKED and line.unmarked:
            line = self.decide_unmarked(raw, line)
        self.previous = None
        if line.side != "note":
            self.in_prose = False
        if line.side == "server":
            self.server(number, raw, line)
        elif line.side == "client":
            self.close()
            self.client(number, raw, line)
            self.previous = (line, number)
        else:
            self.note(number, raw, line)

    def decide_unmarked(self, raw: str, line: _Line) -> _Line:
        """The side of a line of a plain paste, from what it says."""
        content = line.content
        if _is_blank_or_comment(raw) and not self.in_data:
            return _Line("note")
        if self.in_data:
            return line
        if _looks_like_reply(content):
            return _Line("server", content, line.start, line.end)
        if self.authenticating or _verb(content) in _VERBS:
            return line
        return _Line("note")

    def continues(self, raw: str, line: _Line) -> bool:
        """An unmarked line of base64 right after a marked line continues it.

        In a plain paste it must also be indented deeper than that line.
        """
        if self.previous is None or line.trace or _is_blank_or_comment(raw):
            return False
        if line.side != "note" and not (self.name in _UNMARKED and line.unmarked):
            return False
        before, _number = self.previous
        if self.name in _UNMARKED and len(raw) - len(raw.lstrip()) <= before.start:
            return False
        words = before.content.split()
        if not words or len(words[-1]) < _WRAPPED or not _BASE64_RE.fullmatch(words[-1]):
            return False
        return _BASE64_RE.fullmatch(raw.strip()) is not None

    def continuation(self, number: int, raw: str) -> None:
        """A wrapped line: it takes the side of the line it continues."""
        before, first = self.previous  # type: ignore[misc]
        head = self.lines[first - 1]
        masked = head.masked or (before.side == "client" and self.authenticating)
        text = self.masked(raw) if masked and not self.show_credentials else raw
        self.lines.append(
            TranscriptLine(
                number, before.side, text, raw, None, continuation=True, masked=text != raw
            )
        )
        if before.side == "server" and self.group is not None and first in self.group.numbers:
            self.group.texts[-1] += raw.strip()
            self.group.numbers.append(number)
            self.group.codes.append(self.group.codes[-1])

    def note(self, number: int, raw: str, line: _Line) -> None:
        """A line that is not protocol: masked too while credentials are sent."""
        stripped = raw.strip()
        if stripped and not line.trace and not _is_blank_or_comment(raw):
            content = _loose_content(raw)
            if _is_auth(content) and not self.authenticating:
                self.authenticating = not self.in_data
                self.lines.append(self.mask_auth(number, raw, content, 0, len(raw), "note"))
                return
            elif content.startswith("334"):
                self.authenticating = True
            elif self.authenticating and not self.prose(stripped):
                self.lines.append(self.mask_line(number, raw, "note", 0, len(raw)))
                self.in_prose = False
                return
            self.in_prose = _is_prose(stripped) or (self.in_prose and not _ends_prose(stripped))
            self.report_unmarked(number, raw, content)
        self.lines.append(TranscriptLine(number, "note", raw, raw, None))

    def prose(self, stripped: str) -> bool:
        """An RFC note (``(note: ...)``, ``... TLS proceeds ...``), or the line ending one."""
        return _is_prose(stripped) or (self.in_prose and _ends_prose(stripped))

    def report_unmarked(self, number: int, raw: str, content: str) -> None:
        """Once per transcript: a line that looks like protocol but has no marker."""
        if self.unmarked_reported or self.name in _UNMARKED or self.name == "smtplib":
            return
        if _family(raw) is not None:
            return  # a line of another format: reported once, when the format was chosen
        if self.name == "sendmail" or self.name == "exim":
            return  # their notes quote replies ('<x>... Deferred: 450 ...')
        if _looks_like_reply(content) or _verb(content) in _VERBS - {"DATA", "HELP", "SEND"}:
            self.unmarked_reported = True
            self.problems.append(
                Problem(
                    number,
                    f"this line has no marker of the {self.name} format "
                    f"({FORMATS[self.name]}), so it is shown as a note; add the "
                    "marker, or set the format",
                )
            )

    def client(self, number: int, raw: str, line: _Line) -> None:
        """A client line: mask what it sends while authenticating."""
        content = line.content
        if self.in_data and not _is_auth(content):
            if content == ".":
                self.in_data = False
            self.lines.append(TranscriptLine(number, "client", raw, raw, None))
            return
        if self.name not in _UNMARKED and _is_prose(content) and not self.authenticating:
            self.lines.append(TranscriptLine(number, "note", raw, raw, None))
            return
        if self.authenticating:
            if content in ("*", "=", ""):
                self.lines.append(TranscriptLine(number, "client", raw, raw, None))
            else:
                self.lines.append(self.mask_line(number, raw, "client", line.start, line.end))
            return
        if _is_auth(content):
            # Message data that reads like AUTH is masked too, but starts no exchange.
            self.authenticating = not self.in_data
            self.lines.append(self.mask_auth(number, raw, content, line.start, line.end))
            return
        self.lines.append(TranscriptLine(number, "client", raw, raw, None))

    def mask_auth(
        self, number: int, raw: str, content: str, start: int, end: int, side: Side = "client"
    ) -> TranscriptLine:
        """An AUTH command: its initial response, every word of it, is masked."""
        match = _AUTH_RE.match(content)
        mechanism = match.group(1) if match else None
        after = content[match.end() :] if match else ""
        if mechanism and after.strip() and after.strip() != "=":
            at = raw.find(mechanism, start)
            at = (at if at >= 0 else start) + len(mechanism)
            return self.mask_line(number, raw, side, at, end)
        return TranscriptLine(number, side, raw, raw, None)

    def mask_line(self, number: int, raw: str, side: Side, start: int, end: int) -> TranscriptLine:
        """A line with ``raw[start:end]`` hidden (unless credentials are shown)."""
        if self.show_credentials:
            return TranscriptLine(number, side, raw, raw, None)
        end = len(raw) if end < 0 else end
        while start < end and raw[start] in " \t":
            start += 1
        if start >= end:
            return TranscriptLine(number, side, raw, raw, None)
        text = raw[:start] + MASK + raw[end:]
        return TranscriptLine(number, side, text, raw, None, masked=True)

    @staticmethod
    def masked(raw: str) -> str:
        indent = raw[: len(raw) - len(raw.lstrip())]
        return indent + MASK

    def server(self, number: int, raw: str, line: _Line) -> None:
        """A server line: add it to the reply being collected."""
        content = line.content
        if content.startswith("334"):
            self.authenticating = True
        if not line.error and _is_prose(content) and self.name not in _UNMARKED:
            # RFC 3030's 'R: <wait for connection on TCP port 25>' is no reply.
            self.lines.append(TranscriptLine(number, "note", raw, raw, None))
            return
        self.lines.append(TranscriptLine(number, "server", raw, raw, None))
        error = line.error or _reply_error(content)
        if error:
            self.problems.append(Problem(number, error))
            return
        match = _REPLY_LINE_RE.match(content)
        assert match is not None
        if self.group is None:
            self.group = _Group()
        self.group.numbers.append(number)
        self.group.codes.append(match.group(1))
        self.group.texts.append(content)
        self.previous = (line, number)
        # The reply is complete, but a wrapped line of base64 may still follow.
        self.pending = match.group(2) != "-"

    def close(self) -> None:
        """Turn the collected lines into a reply, or report why they are not one.

        A multi-line reply that another line interrupts is taken as it is:
        RFCs and writers abridge replies (RFC 4954 quotes ``S: 220-smtp.example.com``
        alone), so that is no mistake worth a warning.
        """
        group, self.group = self.group, None
        self.pending = False
        if group is None:
            return
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
            parsed = _parse_reply("\n".join(group.texts))
        except CodeSyntaxError as error:
            self.problems.append(
                Problem(group.numbers[0], f"the server reply is not valid: {error}")
            )
            return
        decoded = decode_challenge(parsed.text) if first_code == "334" else ""
        index = len(self.replies)
        self.replies.append(Reply(parsed, group.numbers[0], group.numbers[-1], decoded))
        for number in group.numbers:
            old = self.lines[number - 1]
            note = decoded if number == group.numbers[0] else ""
            self.lines[number - 1] = TranscriptLine(
                old.number, old.side, old.text, old.raw, index, note, old.continuation, old.masked
            )
        self.authenticating = first_code == "334"
        if first_code == "354":
            self.in_data = True

    def result(self) -> Transcript:
        """The transcript, once every line has been added."""
        self.close()
        if not self.replies and any(line.raw.strip() for line in self.lines):
            first = next(line.number for line in self.lines if line.raw.strip())
            self.problems.append(
                Problem(
                    first,
                    f"no server reply found: the transcript was read as {self.name} "
                    f"({FORMATS[self.name]}); mark the server's lines, or set the format",
                )
            )
        problems = tuple(sorted(self.problems, key=lambda problem: problem.line))
        return Transcript(tuple(self.lines), tuple(self.replies), problems, self.name)


def parse_transcript(
    text: str, *, show_credentials: bool = False, format: str = "auto"
) -> Transcript:
    """Parse an SMTP session transcript (see the module documentation for the formats).

    Lines are split as :meth:`str.splitlines` splits them, the way docutils
    numbers a directive's content. ``format`` is ``"auto"`` (detect it) or a
    key of :data:`FORMATS`. Never raises: problems are returned in
    :attr:`Transcript.problems`, each with its line number. Credentials are
    masked in :attr:`TranscriptLine.text` unless ``show_credentials``.
    """
    raws = text.splitlines()
    problems: list[Problem] = []
    if format in FORMATS:
        name = format
    else:
        name, other = _detect(raws)
        if other is not None:
            problems.append(
                Problem(
                    other,
                    f"this line is written in another format than the lines before it, "
                    f"which read as {name} ({FORMATS[name]}); lines of the other format are "
                    "shown as notes: set the format, or write every line in one format",
                )
            )
    direction = _direction(name, raws)
    classify = _CLASSIFIERS[name]
    parser = _Parser(name, show_credentials)
    parser.problems.extend(problems)
    for raw in raws:
        parser.add(raw, classify(raw, direction))
    return parser.result()
