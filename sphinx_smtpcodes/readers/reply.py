"""A real reply in any form people meet it: its code, enhanced code, text, stage.

:func:`read_reply` accepts what a server sent and what mail software wrote
about it:

- a multi-line reply as sent (``550-5.1.1 …`` lines, then ``550 5.1.1 …``),
  or the same flattened into one line, as Postfix writes it into a DSN;
- a DSN field value with its type (``smtp; 550 …``, ``X-Postfix; …``),
  with or without the ``Diagnostic-Code:`` field name;
- Postfix log text: ``host H[IP] said: 550 … (in reply to RCPT TO command)``
  and ``NOQUEUE: reject: RCPT from …: 554 5.7.1 …; from=<…> …``;
- Exim: ``SMTP error from remote mail server after RCPT TO:<x>: 550 …``;
- qmail: ``Remote host said: 550 …``, ``#5.1.0``, ``… (#5.7.1)``;
- Sendmail: ``… Deferred: 450 …``, ``>>> RCPT To:<x>`` / ``<<< 550 …``;
- Exchange / Office 365 NDR text: ``Remote Server returned '550 5.1.1 …'``;
- a reply with no text, and text with no code at all.

Nothing here raises: any string gives a :class:`RealReply`, and what is odd
about it (an unfinished multi-line reply, several replies in one line, a
code that is not SMTP) is said in :attr:`RealReply.notes`.
Pure Python: no Sphinx, no docutils.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..registry.frozen import frozen
from ..registry.model import (
    CodeSyntaxError,
    EnhancedStatus,
    ReplyCode,
    ReplyLine,
    parse_code,
)

__all__ = ["Note", "RealReply", "Span", "read_reply"]


@frozen
class Note:
    """Something a reader of the reply should be told.

    ``kind`` is stable, for programs and warning subtypes: ``unfinished``
    (a multi-line reply whose last line still has a hyphen), ``several``
    (more than one reply in the input: the last one counts), ``no-code``
    (no reply code found), ``mismatch`` (continuation lines with another
    code), ``local`` (the text was written by the reporting MTA itself,
    such as a Postfix ``X-Postfix;`` value), ``empty``.
    """

    kind: str
    message: str


@frozen
class Span:
    """Where a code stands in :attr:`RealReply.input`: ``input[start:end] == text``."""

    start: int
    end: int
    text: str


@frozen
class RealReply:
    """A reply as read from real text.

    ``code`` and ``enhanced`` are strings (``"550"``, ``"5.1.1"``) or
    ``None``; ``text`` is the reply's text with continuation prefixes
    removed and lines joined by spaces; ``stage`` is the command the reply
    answered, in the registry's command vocabulary (``CONNECT``, ``EHLO``,
    ``HELO``, ``STARTTLS``, ``AUTH``, ``MAIL``, ``RCPT``, ``DATA``,
    ``DATA-END``, ``BDAT``, ``QUIT``…), when the context says so.
    """

    input: str
    code: str | None
    enhanced: str | None
    text: str
    stage: str | None = None
    #: How the input was written: ``reply``, ``multiline``, ``dsn``,
    #: ``postfix``, ``exim``, ``qmail``, ``sendmail``, ``exchange``, ``text``.
    form: str = "reply"
    #: The DSN diagnostic type (``smtp``, ``X-Postfix``), when one was given.
    dsn_type: str | None = None
    #: The remote host named by the context (``mx.example.com``), if any.
    host: str | None = None
    notes: tuple[Note, ...] = ()
    #: Where the counted reply's codes stand in :attr:`input` (for linking).
    spans: tuple[Span, ...] = ()

    @property
    def problems(self) -> tuple[Note, ...]:
        """The notes that are warnings (all but ``local``)."""
        return tuple(n for n in self.notes if n.kind != "local")

    @property
    def line(self) -> ReplyLine | None:
        """The reply as a :class:`~sphinx_smtpcodes.registry.ReplyLine`, if it has a code."""
        if self.code is None:
            return None
        return ReplyLine(ReplyCode(self.code), self.enhanced_status, self.text)

    @property
    def enhanced_status(self) -> EnhancedStatus | None:
        """The enhanced code as a model object, or ``None``."""
        if self.enhanced is None:
            return None
        return _enhanced_status(self.enhanced)

    @property
    def consistent(self) -> bool:
        """Whether the enhanced code's class matches the reply code's (RFC 3463 §3.1)."""
        if self.code is None or self.enhanced is None:
            return True
        return self.code[0] == self.enhanced[0]

    @property
    def key(self) -> str:
        """``550 5.1.1``, ``550``, ``5.1.1`` or ``''``: the codes without the text."""
        return " ".join(p for p in (self.code, self.enhanced) if p)


# -- patterns -------------------------------------------------------------------------

# Digits are ASCII only: ``\d`` would accept other scripts' digits.
_ENH = r"[245]\.[0-9]{1,3}\.[0-9]{1,3}"
# A reply marker: a code at the start or after white space (or a quote or
# ``;`` as DSN and NDR texts write it), a hyphen, a space or the end, and
# maybe an enhanced code. Group ``enh`` ends at a word boundary so that
# ``5.1.1.`` or ``5.1.10`` are not cut.
_MARKER_RE = re.compile(
    r"(?:(?<=^)|(?<=[\s'\"(<;>]))(?P<code>[2-5][0-9]{2})"
    r"(?P<sep>-(?!')|-'|:?[ \t]+(?=[245]\.)|[ \t]+|(?=\r?\n)|$)"
    rf"(?:(?P<hash>#)?(?P<enh>{_ENH})(?![0-9.]?[0-9]))?"
)
_ENH_ALONE_RE = re.compile(rf"(?:(?<=^)|(?<=[\s(#'\"]))#?(?P<enh>{_ENH})(?![0-9]|\.[0-9])")
_HASH_STATUS_RE = re.compile(rf"\(#(?P<enh>{_ENH})\b[^)]*\)")
_DSN_FIELD_RE = re.compile(r"^\s*Diagnostic-Code\s*:\s*", re.IGNORECASE)
_DSN_TYPE_RE = re.compile(r"^\s*(?P<type>smtp|x-postfix|x-unix|x-local|x-[a-z0-9-]+)\s*;\s*", re.I)
_FOLD_RE = re.compile(r"\r?\n[ \t]+")
_PREFIX_LINE_RE = re.compile(r"[2-5][0-9]{2}(?:-|[ \t]|$)")

# Context that names the command answered, in the registry's vocabulary.
_POSTFIX_STAGE_RE = re.compile(r"\(in reply to (?P<cmd>[^()]*?) command\)\s*\)?\s*$", re.I)
_POSTFIX_SAID_RE = re.compile(r"(?P<host>[^\s\[(]+)\[(?P<ip>[^\]]*)\](?::[0-9]+)? said:\s*", re.I)
_POSTFIX_REFUSED_RE = re.compile(
    r"host (?P<host>[^\s\[]+)\[(?P<ip>[^\]]*)\] refused to talk to me:?\s*", re.I
)
_NOQUEUE_RE = re.compile(
    r"(?:NOQUEUE|[0-9A-F]{6,}|[0-9A-Za-z]{10,}):\s*(?:reject|milter-reject|discard|hold)"
    r":\s*(?P<cmd>[A-Z-]+) from (?P<client>\S+?):\s*",
)
_NOQUEUE_TAIL_RE = re.compile(r";\s*from=<[^>]*>.*$")
_EXIM_RE = re.compile(
    r"SMTP error from remote (?:mail server|mailer) after (?P<after>.*?):"
    r"\s*(?:host:? (?P<host>[^\s\[]+) ?\[(?P<ip>[^\]]*)\]:?\s*)?(?=[2-5][0-9]{2}[ :-]|$)",
    re.I,
)
# GMX / 1&1: "SMTP error from remote server after RCPT command: host: mx.example.org"
# and "SMTP error from remote server for TEXT command, host: H (IP) reason: 550 …".
_GMX_RE = re.compile(
    r"SMTP error from remote server (?:after|for) (?P<cmd>\w+) command[:,]\s*"
    r"host:\s*(?P<host>[^\s(]+)\s*(?:\([^)]*\)\s*)?(?:reason:\s*)?",
    re.I,
)
# Zoho: "Invalid Address, ERROR_CODE :550, ERROR_CODE :5.2.1 <x>... User Unknown".
_ZOHO_RE = re.compile(
    rf"ERROR_CODE\s*:\s*(?P<code>[2-5][0-9]{{2}}),\s*ERROR_CODE\s*:\s*(?P<enh>{_ENH})\s*"
)
# A code right after ": " in a sentence of the reporting MTA ("responded with
# failure: 552 sorry …"), when nothing else looks like a reply.
_AFTER_COLON_RE = re.compile(r"(?<=: )(?=[2-5][0-9]{2} )")
_EXIM_HOST_RE = re.compile(r"host (?P<host>[^\s\[]+) \[(?P<ip>[^\]]*)\]", re.I)
_QMAIL_SAID_RE = re.compile(r"Remote host said:\s*", re.I)
_QMAIL_STAGE_RE = re.compile(
    r"does not like (?P<who>recipient|sender)|failed after I sent the message"
    r"|but greeting failed|but sender was rejected|but my name was rejected",
    re.I,
)
_QMAIL_TAIL_RE = re.compile(r"\s*Giving up on \S+\.?\s*$|\s*I'm not going to try again;.*$", re.I)
_SENDMAIL_DEFERRED_RE = re.compile(r"\.\.\.\s*(?:Deferred|Unknown|Deferred:)\s*:?\s*", re.I)
_SENDMAIL_SESSION_RE = re.compile(r">>>\s*(?P<cmd>[A-Za-z]+(?: (?:To|From))?)\b[^\n<]*", re.I)
_SENDMAIL_REPLY_RE = re.compile(r"<<<\s*")
_EXCHANGE_RE = re.compile(r"Remote Server returned\s+'(?P<inner>.*)'\s*$", re.I | re.S)
_EXCHANGE_NESTED_RE = re.compile(r"<(?P<host>[^\s<>]+)\s+#(?P<enh>" + _ENH + r")\s+smtp;\s*", re.I)
_SMTP_SEMI_RE = re.compile(r"(?:^|\s)smtp;\s*(?=[2-5][0-9]{2}\b)", re.I)

_STAGE_WORDS = {
    "rcpt to": "RCPT",
    "rcpt": "RCPT",
    "pipelined rcpt to": "RCPT",
    "mail from": "MAIL",
    "mail": "MAIL",
    "pipelined mail from": "MAIL",
    "data": "DATA",
    "pipelined data": "DATA",
    "end of data": "DATA-END",
    "end-of-message": "DATA-END",
    "end of message": "DATA-END",
    "helo": "HELO",
    "ehlo": "EHLO",
    "starttls": "STARTTLS",
    "auth": "AUTH",
    "bdat": "BDAT",
    "quit": "QUIT",
    "rset": "RSET",
    "connect": "CONNECT",
    "initial connection": "CONNECT",
    "initial protocol greeting": "CONNECT",
    "greeting": "CONNECT",
    "etrn": "ETRN",
    "vrfy": "VRFY",
}


def _stage(words: str) -> str | None:
    """``RCPT TO:<x>`` → ``RCPT``; ``end of data`` → ``DATA-END``."""
    cleaned = re.sub(r"[:<].*$", "", words.strip()).strip().lower()
    cleaned = re.sub(r"\s+", " ", cleaned)
    if cleaned in _STAGE_WORDS:
        return _STAGE_WORDS[cleaned]
    first = cleaned.split(" ")[0] if cleaned else ""
    if cleaned.startswith("end of data") or cleaned.startswith("end-of-data"):
        return "DATA-END"
    return _STAGE_WORDS.get(first)


# -- the reader -----------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    text: str
    offset: int  # where ``text`` starts in the original input
    form: str = "reply"
    stage: str | None = None
    dsn_type: str | None = None
    host: str | None = None
    fallback_enhanced: str | None = None
    #: Zoho's labelled codes: (code, its offset in the input, enhanced, its offset).
    zoho: tuple[str, int, str, int] | None = None


def read_reply(text: str) -> RealReply:
    """Read a reply in any of the forms listed in this module's docstring.

    Several lines form one reply: a multi-line reply as sent, or a DSN
    field folded over several lines. When the input holds more than one
    reply (``220-laposte 421 4.2.1 …``), the one the server ended with
    counts and a ``several`` note says so.
    """
    original = text
    state = _State(text=text, offset=0)
    notes: list[Note] = []
    if not text.strip():
        return RealReply(original, None, None, "", notes=(Note("empty", "no reply given"),))
    _unwrap(state, notes)
    if state.dsn_type is not None and state.dsn_type.lower() == "x-unix":
        # An X-Unix value is a local program's exit status ("X-Unix; 77"), not a reply.
        return RealReply(
            original,
            None,
            None,
            _clean(state.text),
            form="dsn",
            dsn_type=state.dsn_type,
            notes=(*notes, Note("no-code", "the text holds no SMTP reply code")),
        )
    if state.zoho is not None:
        return _zoho_reply(original, state, notes)
    if not any(_is_marker(m, state.text) for m in _MARKER_RE.finditer(state.text)):
        if match := _AFTER_COLON_RE.search(state.text):
            _cut(state, match.start())
    code, enhanced, body, spans = _read_core(state, notes)
    if code is None and enhanced is None:
        found = state.fallback_enhanced
        if found is None:
            # qmail writes its status last: "... (#5.1.1)".
            match = _last(_ENH_ALONE_RE.finditer(state.text))
            if match is not None:
                found = match["enh"]
                spans.append(
                    Span(state.offset + match.start("enh"), state.offset + match.end("enh"), found)
                )
        enhanced = found
        if found is not None and "#" in state.text and state.form == "reply":
            state.form = "qmail"  # qmail's own status: "(#5.1.1)"
        if enhanced is None:
            notes.append(Note("no-code", "no reply code or enhanced status code was found"))
    elif code is not None and enhanced is None and state.fallback_enhanced:
        enhanced = state.fallback_enhanced
    elif code is not None and enhanced is None:
        # qmail-style status at the end of the text: "552 sorry, … (#5.1.1)".
        if match := _last(_HASH_STATUS_RE.finditer(state.text)):
            enhanced = match["enh"]
            spans.append(
                Span(state.offset + match.start("enh"), state.offset + match.end("enh"), enhanced)
            )
    if enhanced is not None and not _valid_enhanced(enhanced):
        enhanced = None
    return RealReply(
        input=original,
        code=code,
        enhanced=enhanced,
        text=body,
        stage=state.stage,
        form=state.form,
        dsn_type=state.dsn_type,
        host=state.host,
        notes=tuple(notes),
        spans=tuple(spans),
    )


def _enhanced_status(text: str) -> EnhancedStatus | None:
    try:
        parsed = parse_code(text)
    except CodeSyntaxError:
        return None  # leading zeros: not a status code
    return parsed if isinstance(parsed, EnhancedStatus) else None


def _zoho_reply(original: str, state: _State, notes: list[Note]) -> RealReply:
    """Zoho's labelled codes: ``ERROR_CODE :550, ERROR_CODE :5.2.1 text``."""
    code, code_at, enhanced, enhanced_at = state.zoho  # type: ignore[misc]
    return RealReply(
        input=original,
        code=code,
        enhanced=enhanced,
        text=_clean(state.text),
        form="zoho",
        host=state.host,
        notes=tuple(notes),
        spans=(
            Span(code_at, code_at + len(code), code),
            Span(enhanced_at, enhanced_at + len(enhanced), enhanced),
        ),
    )


def _valid_enhanced(text: str) -> bool:
    return _enhanced_status(text) is not None


def _cut(state: _State, start: int, end: int | None = None) -> None:
    """Keep ``state.text[start:end]``, tracking the offset into the input."""
    end = len(state.text) if end is None else end
    state.offset += start
    state.text = state.text[start:end]


def _unwrap(state: _State, notes: list[Note]) -> None:
    """Peel the wrappers (DSN field, log line, NDR sentence) off the reply."""
    # A folded DSN field keeps its offsets: folding white space is replaced
    # one character for one so that spans still point into the input.
    state.text = _FOLD_RE.sub(lambda m: " " * len(m.group()), state.text)
    if match := _DSN_FIELD_RE.match(state.text):
        state.form = "dsn"
        _cut(state, match.end())
    if match := _DSN_TYPE_RE.match(state.text):
        state.form = "dsn"
        state.dsn_type = match["type"]
        _cut(state, match.end())
        if match["type"].lower() not in ("smtp",):
            notes.append(
                Note(
                    "local",
                    f"the text comes from the reporting system ({match['type']}), "
                    "not from the remote server",
                )
            )
    if match := _EXCHANGE_RE.search(state.text):
        state.form = "exchange"
        _cut(state, match.start("inner"), match.end("inner"))
    if match := _EXCHANGE_NESTED_RE.search(state.text):
        # Exchange 2007: "<mx.example.com #5.0.0 smtp; 550 5.1.1 …>": the
        # part after "smtp;" is the remote reply; #5.0.0 is Exchange's own.
        state.host = match["host"]
        state.fallback_enhanced = match["enh"]
        end = state.text.rfind(">")
        _cut(state, match.end(), end if end > match.end() else None)
    if match := _POSTFIX_STAGE_RE.search(state.text):
        state.form = "postfix"
        state.stage = _stage(match["cmd"])
        _cut(state, 0, match.start())
    if match := _POSTFIX_SAID_RE.search(state.text) or _POSTFIX_REFUSED_RE.search(state.text):
        state.form = "postfix"
        state.host = match["host"]
        if "refused to talk" in match.group().lower():
            state.stage = state.stage or "CONNECT"
        if state.text[match.end() :].strip():  # else the sentence itself is the text
            _cut(state, match.end())
    elif match := _NOQUEUE_RE.search(state.text):
        state.form = "postfix"
        state.stage = _stage(match["cmd"])
        _cut(state, match.end())
        if tail := _NOQUEUE_TAIL_RE.search(state.text):
            _cut(state, 0, tail.start())
    elif match := _EXIM_RE.search(state.text):
        state.form = "exim"
        state.stage = _stage(match["after"])
        if match["host"]:
            state.host = match["host"]
        elif host := _EXIM_HOST_RE.search(state.text[: match.start()]):
            state.host = host["host"]
        _cut(state, match.end())
    elif match := _GMX_RE.search(state.text):
        state.form = "exim"
        state.stage = _stage(match["cmd"]) if match["cmd"].upper() != "TEXT" else "DATA-END"
        state.host = match["host"]
        _cut(state, match.end())
    elif match := _ZOHO_RE.search(state.text):
        state.form = "zoho"
        state.zoho = (
            match["code"],
            state.offset + match.start("code"),
            match["enh"],
            state.offset + match.start("enh"),
        )
        _cut(state, match.end())
    elif match := _QMAIL_SAID_RE.search(state.text):
        state.form = "qmail"
        if stage := _QMAIL_STAGE_RE.search(state.text[: match.start()]):
            state.stage = _qmail_stage(stage.group())
        _cut(state, match.end())
        if tail := _QMAIL_TAIL_RE.search(state.text):
            _cut(state, 0, tail.start())
    elif match := _SENDMAIL_REPLY_RE.search(state.text):
        state.form = "sendmail"
        # The last command before the reply is the one it answered.
        last = _last(_SENDMAIL_SESSION_RE.finditer(state.text[: match.start()]))
        if last is not None:
            state.stage = _stage(last["cmd"])
        _cut(state, match.end())
    elif match := _SENDMAIL_DEFERRED_RE.search(state.text):
        state.form = "sendmail"
        _cut(state, match.end())
    if match := _SMTP_SEMI_RE.search(state.text):
        _cut(state, match.end())
    stripped = len(state.text) - len(state.text.lstrip())
    _cut(state, stripped, len(state.text.rstrip()) + 0 if state.text.strip() else stripped)


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    found = None
    for found in matches:  # noqa: B007 - the loop only advances to the last one
        pass
    return found


def _qmail_stage(words: str) -> str:
    lowered = words.lower()
    if "recipient" in lowered:
        return "RCPT"
    if "sender" in lowered:
        return "MAIL"
    if "greeting" in lowered:
        return "CONNECT"
    if "name" in lowered:
        return "HELO"
    return "DATA-END"


def _read_core(state: _State, notes: list[Note]) -> tuple[str | None, str | None, str, list[Span]]:
    """Code, enhanced code, text and spans of the reply in ``state.text``."""
    text = state.text
    markers = [m for m in _MARKER_RE.finditer(text) if _is_marker(m, text)]
    if not markers:
        return None, None, _clean(text), []
    # Continuation prefixes repeat the code of the reply they continue; a
    # marker with another code begins another reply.
    replies: list[list[re.Match[str]]] = []
    for marker in markers:
        if replies and marker["code"] == replies[-1][0]["code"]:
            replies[-1].append(marker)
        elif replies and not _starts_reply(marker, replies[-1][-1], text):
            continue
        else:
            replies.append([marker])
    if len(replies) > 1 and markers[0].start() != 0 and text[: markers[0].start()].strip():
        pass  # text before the first code is a wrapper we did not know
    counted = replies[-1]
    if len(replies) > 1:
        codes = ", ".join(group[0]["code"] for group in replies)
        notes.append(
            Note(
                "several",
                f"the input holds several replies ({codes}); "
                f"the last one, {counted[0]['code']}, is the one the server ended with",
            )
        )
        if state.form == "reply":
            state.form = "reply"
    end_of_counted = len(text)
    pieces: list[str] = []
    enhanced: str | None = None
    spans: list[Span] = []
    for index, marker in enumerate(counted):
        stop = counted[index + 1].start() if index + 1 < len(counted) else end_of_counted
        piece_start = marker.end()
        if marker["enh"]:
            if enhanced is None:
                enhanced = marker["enh"]
                spans.append(
                    Span(
                        state.offset + marker.start("enh"),
                        state.offset + marker.end("enh"),
                        enhanced,
                    )
                )
            elif marker["enh"] != enhanced:
                piece_start = marker.start("enh")  # a different code is text, not a prefix
        if index == 0:
            spans.insert(
                0,
                Span(
                    state.offset + marker.start("code"),
                    state.offset + marker.end("code"),
                    marker["code"],
                ),
            )
        pieces.append(text[piece_start:stop])
    last = counted[-1]
    if last["sep"] == "-":
        notes.append(
            Note(
                "unfinished",
                f"the multi-line reply is unfinished: its last line ({last['code']}-) "
                "still announces more lines",
            )
        )
    if "\n" in text.strip() and state.form == "reply":
        state.form = "multiline"
    elif len(counted) > 1 and state.form == "reply":
        state.form = "multiline"
    body = _clean(" ".join(pieces))
    return counted[0]["code"], enhanced, body, spans


def _is_marker(match: re.Match[str], text: str) -> bool:
    """Whether a three-digit number is a reply code rather than a number in the text.

    At the start of the text or of a line, any code counts; inside a line
    only a code with a hyphen (``550-``) or followed by an enhanced code
    (``550 5.1.1``) does, so "retry in 300 seconds" is text.
    """
    start = match.start()
    line_start = start == 0 or text[start - 1] == "\n"
    if line_start:
        return True
    if match["sep"] == "-":
        rest = text[match.end() : match.end() + 1]
        return bool(rest) and not rest.isdigit()
    return bool(match["enh"])


def _starts_reply(marker: re.Match[str], previous: re.Match[str], text: str) -> bool:
    """A marker with a new code begins a reply if it has an enhanced code of its class.

    ``550 5.7.1 550 User Unknown`` quotes the remote 550 in the text: same
    code, no new reply. ``220-laposte 421 4.2.1 Service refusé``: a new one.
    """
    line_start = marker.start() == 0 or text[marker.start() - 1] == "\n"
    if line_start:
        return True
    return bool(marker["enh"]) and marker["enh"][0] == marker["code"][0]


def _clean(text: str) -> str:
    """Lines joined by single spaces, outer white space removed."""
    return re.sub(r"\s+", " ", text).strip()
