"""Bounce messages: who reported what, for which recipient, and what the remote server said.

:func:`read_bounce` reads one message; :func:`read_mailbox` reads a file
that may hold several (an mbox). Both accept ``str`` or ``bytes`` with LF,
CRLF or CR line endings. A message is one of three kinds:

``"dsn"``
    an RFC 3464 delivery status notification: a ``message/delivery-status``
    part, or (when an MTA or a copy-and-paste broke the MIME structure) the
    same fields found in the text. Per message: ``Reporting-MTA``,
    ``Arrival-Date``; per recipient: ``Final-Recipient``,
    ``Original-Recipient``, ``Action``, ``Status``, ``Diagnostic-Code``,
    ``Remote-MTA``, ``Last-Attempt-Date`` and ``Will-Retry-Until``. The
    human-readable part is read too, for a remote reply that the fields lack.
``"mta"``
    an MTA's own bounce text, with what it quotes from the remote server:
    Postfix (``host … said: … (in reply to … command)``), Exim (``SMTP error
    from remote mail server after …``), qmail (``Remote host said:``,
    ``(#5.1.1)``), Sendmail (``Transcript of session follows``), Exchange
    and Office 365 (``Remote Server returned '…'``), Gmail (``The response
    from the remote server was:``), Yahoo, Amazon SES (its JSON
    notification) and others that quote a reply after a recipient's address.
``"not-bounce"``
    an auto-reply (RFC 3834), a feedback report (ARF, RFC 5965) or ordinary
    mail; :attr:`Bounce.not_bounce` says which.

The remote server's reply is read by the reply reader,
:func:`~sphinx_smtpcodes.readers.reply.read_reply`, into a
:class:`~sphinx_smtpcodes.readers.reply.RealReply` (code, enhanced code, text,
the command it answered), after the forms only bounces use are put into its
forms (:func:`remote_reply`). Nothing here raises for a message's content: a broken MIME structure
is read as far as it goes and named in :attr:`Bounce.problems`. Only input
that is not an e-mail message at all (empty, binary, no header) raises
:class:`UnreadableMessage`.

Detection patterns were learnt from Sisimai's ``Lhost`` modules and from
GNU Mailman's ``flufl.bounce`` detectors; the code and the fixtures are ours.
Neither is a dependency: Sisimai is Perl, Ruby and Go, and ``flufl.bounce``
answers only *which addresses bounced* (no status, no remote reply, no
action), with ``zope.interface`` and ``atpublic`` at run time; the standard
library's :mod:`email` reads the MIME structure.
Pure Python (the standard library's :mod:`email`): no Sphinx, no docutils.
"""

from __future__ import annotations

import bisect
import email
import email.errors
import email.header
import email.message
import email.policy
import email.utils
import functools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from ..registry.frozen import frozen
from .reply import RealReply, read_reply

__all__ = [
    "ACTIONS",
    "Bounce",
    "Kind",
    "Recipient",
    "UnreadableMessage",
    "read_bounce",
    "read_mailbox",
    "remote_reply",
    "split_mailbox",
]

Kind = Literal["dsn", "mta", "not-bounce"]

#: The values of ``Action`` that RFC 3464 §2.3.3 defines.
ACTIONS = ("failed", "delayed", "delivered", "relayed", "expanded")

#: Largest input read, in bytes: a bounce with a big attachment is still a
#: bounce, but nothing past this is needed to explain it.
MAX_BYTES = 4 * 1024 * 1024


class UnreadableMessage(ValueError):
    """The input is not an e-mail message at all (empty, binary, no header)."""


@frozen
class Recipient:
    """One recipient of a bounce: what happened and what the remote server said."""

    #: The address the report is about (``Final-Recipient``, type removed).
    address: str
    #: ``Original-Recipient``, when it differs or is given.
    original: str = ""
    #: ``failed``, ``delayed``, ``delivered``, ``relayed``, ``expanded`` or ``""``.
    action: str = ""
    #: The ``Status`` field (``5.1.1``), or for an MTA bounce the enhanced
    #: code of the remote reply; ``""`` when neither is known.
    status: str = ""
    #: The remote server's reply as quoted (``550 5.1.1 <x@y>: User unknown``),
    #: or the MTA's own words when no server answered (``connect to …: timed out``).
    diagnostic: str = ""
    #: The type of the ``Diagnostic-Code`` field (``smtp``, ``X-Postfix``), or ``""``.
    diagnostic_type: str = ""
    #: The reply read from :attr:`diagnostic`, if it holds one.
    reply: RealReply | None = None
    #: The command the reply answered, in the reply reader's words (``RCPT``,
    #: ``MAIL``, ``DATA``, ``DATA-END``, ``CONNECT``…), when the bounce says.
    stage: str = ""
    #: ``Remote-MTA`` (type removed), or the host the MTA body names.
    remote_mta: str = ""
    #: Whether :attr:`status` is the report's own ``Status`` field (``False``
    #: when it was taken from the reply, and in an MTA bounce).
    status_field: bool = False
    last_attempt: str = ""
    will_retry_until: str = ""
    #: Where the parts of this report disagree (Status against the reply).
    problems: tuple[str, ...] = ()

    @property
    def agrees(self) -> bool | None:
        """Whether ``Status`` and the reply's enhanced code are the same code.

        ``None`` when one of them is missing.
        """
        if not self.status or self.reply is None or self.reply.enhanced is None:
            return None
        return _same_status(self.status, self.reply.enhanced)


@frozen
class Bounce:
    """One message read as a bounce (or named as not being one)."""

    kind: Kind
    #: Who wrote the bounce body: ``postfix``, ``exim``, ``sendmail``, ``qmail``,
    #: ``exchange``, ``gmail``, ``yahoo``, ``amazonses``, … or ``""`` (unknown).
    mta: str = ""
    #: ``Reporting-MTA`` (type removed), or the host the body names.
    reporting_mta: str = ""
    arrival_date: str = ""
    recipients: tuple[Recipient, ...] = ()
    #: The bounce's own headers that a reader wants: From, To, Date, Subject.
    headers: tuple[tuple[str, str], ...] = ()
    #: The headers of the returned original message, when it is included.
    original_headers: tuple[tuple[str, str], ...] = ()
    #: The returned original message as text (headers, and body if included).
    original: str = ""
    #: For ``not-bounce``: ``auto-reply``, ``feedback-report`` or ``ordinary``.
    not_bounce: str = ""
    #: What could not be read (a broken MIME structure, a field without value).
    problems: tuple[str, ...] = ()
    #: The whole message as text (line endings made LF), for display.
    text: str = ""

    def header(self, name: str) -> str:
        """A header of the bounce itself (case-insensitive), or ``""``."""
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return ""


# -- small helpers -------------------------------------------------------------


def _same_status(a: str, b: str) -> bool:
    return a.strip().split()[0:1] == b.strip().split()[0:1]


_ENHANCED_RE = re.compile(r"(?<![0-9.])([245])\.([0-9]{1,3})\.([0-9]{1,3})(?![0-9]|\.[0-9])")
# Bounded as RFC 5321 §4.5.3.1 bounds them (64 for the local part, 63 a label),
# and starting only where no address character precedes: a long run of
# address characters is then scanned once, not once per position.
_ADDRESS_RE = re.compile(
    r"(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-])"
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?){0,30}"
)
#: Most recipients, and most quoted replies, read from one message: a real
#: bounce has a handful; these bounds keep a hostile one from taking minutes.
MAX_RECIPIENTS = 500
MAX_REPLIES = 2000
#: Longest quoted reply kept (characters): continuation lines stop there.
MAX_REPLY = 4000
#: How far into a bounce's text its MTA is looked for (characters).
MARKER_SPAN = 20000
#: Senders of bounces, never their failed recipients (a failed "postmaster@"
#: recipient is named as such: only the bounce's own From is left out).
_DAEMONS = ("mailer-daemon@", "mail.delivery.system@")


def _status_of(value: str) -> str:
    """``5.1.1`` from a Status value such as ``5.1.1 (user unknown)``, or ``""``."""
    match = _ENHANCED_RE.search(value)
    return ".".join(match.groups()) if match else ""


def _typed(value: str) -> tuple[str, str]:
    """``("rfc822", "a@b")`` from ``rfc822; a@b`` (RFC 3464 §2.1.2 typed fields)."""
    kind, sep, rest = value.partition(";")
    if not sep:
        return "", value.strip()
    return kind.strip(), rest.strip()


def _address(value: str) -> str:
    """The address of an address-type field, without type, brackets or comment."""
    _, bare = _typed(value)
    bare = bare.strip().strip("<>").strip()
    match = _ADDRESS_RE.search(bare)
    return match.group(0).strip(".") if match and "@" in bare else bare


def _unfold(value: str) -> str:
    return " ".join(value.split())


def _decode_header(value: str) -> str:
    """An RFC 2047 header made readable; a broken encoding is shown as written."""
    try:
        return _unfold(str(email.header.make_header(email.header.decode_header(value))))
    except (ValueError, LookupError, UnicodeError, email.errors.HeaderParseError):
        return _unfold(value)


def _to_bytes(data: str | bytes) -> bytes:
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else bytes(data)
    raw = raw[:MAX_BYTES]
    # LF, CRLF and CR alike: the email package wants one kind of line end.
    return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _part_text(part: email.message.Message) -> str:
    """The decoded text of a non-multipart part; never raises."""
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, AssertionError):
        payload = None
    if payload is None:
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    if not isinstance(payload, bytes):
        return str(payload)
    charset = part.get_content_charset() or "utf-8"
    for candidate in (charset, "utf-8"):
        try:
            return payload.decode(candidate).replace("\r\n", "\n").replace("\r", "\n")
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1").replace("\r\n", "\n")


# -- header blocks (the fields of a DSN, the headers of a returned message) -----

_FIELD_RE = re.compile(r"([!-9;-~]+)[ \t]*:[ \t]?(.*)")


def _field_blocks(text: str) -> list[list[tuple[str, str]]]:
    """RFC 5322-style field blocks separated by blank lines, folding undone.

    A folded value is kept to :data:`MAX_REPLY` characters (RFC 5322 lines are
    at most 998): text that only looks like a field cannot grow one without end.
    """
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, list[str]]] = []
    length = 0  # of the value being folded

    def close() -> None:
        if current:
            blocks.append([(name, " ".join(pieces)) for name, pieces in current])
            current.clear()

    for line in text.split("\n"):
        if not line.strip():
            close()
            continue
        if line[0] in " \t" and current:
            if length < MAX_REPLY:
                current[-1][1].append(line.strip())
                length += len(line)
            continue
        match = _FIELD_RE.fullmatch(line)
        if match:
            current.append((match.group(1), [match.group(2).strip()]))
            length = len(line)
        else:
            close()
    close()
    return blocks


def _split_block(block: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """A field block cut where a new recipient starts without a blank line before it.

    Some MTAs (AOL's among them) write the per-message fields and every
    recipient's fields as one block.
    """
    pieces: list[list[tuple[str, str]]] = [[]]
    seen: set[str] = set()
    for name, value in block:
        low = name.lower()
        if low in ("final-recipient", "original-recipient"):
            only_message = pieces[-1] and all(
                k.lower() in _MESSAGE_FIELDS or k.lower().startswith("x-") for k, _ in pieces[-1]
            )
            if low in seen or (not seen and only_message):
                pieces.append([])
                seen = set()
            seen.add(low)
        pieces[-1].append((name, value))
    return [p for p in pieces if p]


def _get(block: Iterable[tuple[str, str]], name: str) -> str:
    for key, value in block:
        if key.lower() == name:
            return _unfold(value)
    return ""


#: RFC 3464 §2.2: the fields about the message as a whole.
_MESSAGE_FIELDS = frozenset(
    ("reporting-mta", "arrival-date", "original-envelope-id", "dsn-gateway", "received-from-mta")
)
_RECIPIENT_FIELDS = ("final-recipient", "original-recipient", "x-actual-recipient")
_DSN_FIELDS = {"action", "status"}


def _is_recipient_block(block: list[tuple[str, str]]) -> bool:
    names = {key.lower() for key, _ in block}
    return bool(names & set(_RECIPIENT_FIELDS)) and bool(names & _DSN_FIELDS)


# -- the remote reply ----------------------------------------------------------

_REPLY_START_RE = re.compile(r"([245][0-9]{2})(?:[ \-]|:[ ]?|$)")
_IN_REPLY_TO_RE = re.compile(r"\(in reply to (?P<stage>[A-Za-z][A-Za-z /-]*?) command\)")


def _stage_name(text: str) -> str:
    """The reply reader's command word: ``RCPT TO`` → ``RCPT``, ``end of data`` → ``DATA-END``."""
    words = " ".join(text.upper().replace("PIPELINED ", "").split())
    if words.startswith("END OF"):
        return "DATA-END"
    if words == "INITIAL CONNECTION":
        return "CONNECT"
    return words.split(" ")[0] if words else ""


_HASH_STATUS_RE = re.compile(r"#[ \t]?([245]\.[0-9]{1,3}\.[0-9]{1,3})\b")


def _reply_status(reply: RealReply | None, text: str) -> str:
    """The enhanced code of a quoted reply, or qmail's own ``(#5.1.1)`` beside it."""
    if reply is not None and reply.enhanced:
        return reply.enhanced
    found = _HASH_STATUS_RE.search(text)
    return found.group(1) if found else ""


def remote_reply(text: str) -> RealReply:
    """Read what a bounce quotes from the remote server, with the reply reader.

    The forms only bounces use are put into the reply reader's forms first:
    Sendmail's ``554 <x>... 550 Host unknown`` (the detail after ``...`` is
    what was reported for that recipient), Yahoo's ``550: 5.2.2 …`` and
    Zoho's ``ERROR_CODE :550, ERROR_CODE :5.2.1 …``. Everything else is
    :func:`~sphinx_smtpcodes.readers.reply.read_reply`'s. Never raises.
    """
    text = text.strip()
    text = _ZOHO_RE.sub(r"\1 ", text)
    text = _COLON_CODE_RE.sub(r"\1 ", text)
    nested = _SENDMAIL_NESTED_RE.match(text)
    if nested:
        text = text[nested.end() :]
    return read_reply(text)


_ZOHO_RE = re.compile(r"(?:ERROR_CODE :)?([245][0-9]{2}), ERROR_CODE :(?=[245]\.)")
_COLON_CODE_RE = re.compile(r"^([245][0-9]{2}):[ \t]*(?::[ \t]*)?(?=[245]\.[0-9]|\S)")
_SENDMAIL_NESTED_RE = re.compile(
    r"[245][0-9]{2}[ \-]<?[^\s<>]+@[^\s<>]+>?\.\.\.\s*(?=[245][0-9]{2}[ \-])"
)


def _has_code(reply: RealReply | None) -> bool:
    return reply is not None and (reply.code is not None or reply.enhanced is not None)


# -- what kind of message is this ----------------------------------------------


def _is_feedback(message: email.message.Message) -> bool:
    if message.get_content_type() == "multipart/report":
        kind = (message.get_param("report-type") or "").lower() if message.get_params() else ""
        if kind == "feedback-report":
            return True
    return any(p.get_content_type() == "message/feedback-report" for p in _walk(message))


_AUTOREPLY_SUBJECT_RE = re.compile(
    r"^(?:auto(?:matic)?[ \-]?(?:reply|response)|out of (?:the )?office|vacation|"
    r"away from (?:the|my) office|自動応答|자동 ?응답|abwesenheit|absence|réponse automatique)",
    re.IGNORECASE,
)


def _is_autoreply(message: email.message.Message) -> bool:
    auto = (message.get("Auto-Submitted") or "").strip().lower()
    if auto.startswith("auto-replied") and not _looks_like_daemon(message):
        return True
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return True
    if (message.get("Precedence") or "").strip().lower() == "auto_reply":
        return True
    subject = _decode_header(message.get("Subject") or "")
    subject = re.sub(r"^(?:re|aw|fw|fwd)\s*:\s*", "", subject, flags=re.IGNORECASE)
    return bool(_AUTOREPLY_SUBJECT_RE.match(subject)) and not _looks_like_daemon(message)


def _looks_like_daemon(message: email.message.Message) -> bool:
    sender = (message.get("From") or "").lower()
    daemons = ("mailer-daemon", "mailer daemon", "postmaster", "mail delivery", "no-reply@")
    return any(d in sender for d in daemons) or "<>" in sender


def _walk(message: email.message.Message) -> Iterator[email.message.Message]:
    try:
        yield from message.walk()
    except (TypeError, AttributeError, RecursionError):
        return


# -- the returned original message ---------------------------------------------

_ORIGINAL_MARKERS = re.compile(
    r"^[ \t]*(?:"
    r"-+ ?This is a copy of the message.*|"
    r"-+ ?Below this line is a copy of the message.*|"
    r"-+ ?Original message -+|"
    r"-+ ?Original Message -+|"
    r"-+ ?The (?:original|header of the original) message.*|"
    r"-+ ?Unsent message follows -+|"
    r"-+ ?Returned message -+|"
    r"-+ ?(?:Original|Returned) mail follows -+|"
    r"Message headers follow\.?|"
    r"Original message headers:|"
    r"-+ ?Message header follows -+|"
    r"[ \t]*-+ ?Forwarded message -+|"
    r"-{20,}"
    r")[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _split_original(text: str) -> tuple[str, str]:
    """The bounce's own words and the returned message after them.

    A bare rule of dashes counts only when header lines follow it: Postfix
    and others also draw one above their own report.
    """
    for match in _ORIGINAL_MARKERS.finditer(text):
        after = text[match.end() :].lstrip("\n")
        if match.group(0).strip().strip("-") == "" and not _FIELD_RE.match(
            after.split("\n", 1)[0].strip()
        ):
            continue
        return text[: match.start()], after
    return text, ""


def _headers_of(text: str) -> tuple[tuple[str, str], ...]:
    blocks = _field_blocks(text.lstrip("\n"))
    if not blocks:
        return ()
    return tuple((k, _decode_header(v)) for k, v in blocks[0])


# -- MTA bodies ---------------------------------------------------------------

#: Who wrote a bounce body, from the words it starts with (Sisimai's and
#: flufl.bounce's markers, checked against our own fixtures).
_MTA_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE | re.MULTILINE))
    for name, pattern in (
        ("amazonses", r'"notificationType"\s*:\s*"Bounce"|amazonses\.com'),
        (
            "gmail",
            r"Google tried to deliver your message|^Delivery to the following recipient"
            r"|The response from the remote server was:|mail\.google\.com|googlemail\.com",
        ),
        ("office365", r"protection\.outlook\.com|Microsoft 365|Office 365"),
        (
            "exchange",
            r"Remote Server returned|Delivery has failed to these recipients|"
            r"did not reach the following recipient|MSEXCH:|Microsoft Exchange",
        ),
        (
            "postfix",
            r"This is the mail system at host|\(in reply to [A-Za-z ]+ command\)|"
            r"^The mail system\s*$|\(Postfix\)",
        ),
        (
            "exim",
            r"This message was created automatically by mail delivery software|"
            r"SMTP error from remote (?:mail server|mailer)|\bExim\b",
        ),
        ("qmail", r"This is the qmail-send program|Remote host said:|qmail"),
        ("sendmail", r"Transcript of session follows|^-+ The following addresses had"),
        ("yahoo", r"Sorry, we were unable to deliver your message|yahoo\.com"),
        ("dragonfly", r"DragonFly Mail Agent"),
        ("opensmtpd", r"This is the MAILER-DAEMON, please DO NOT REPLY|OpenSMTPD"),
        ("courier", r"Courier mail server"),
        ("domino", r"Lotus Domino|Domino"),
        ("notes", r"Lotus Notes"),
        ("mailru", r"mail\.ru"),
        ("yandex", r"yandex"),
        ("zoho", r"zoho"),
        ("gmx", r"gmx\.(?:net|com|de)|web\.de"),
    )
)


def _guess_mta(text: str, headers: str) -> str:
    # An MTA names itself near the top; the rest is what it quotes.
    text, headers = text[:MARKER_SPAN], headers[:MARKER_SPAN]
    for name, pattern in _MTA_MARKERS:
        if pattern.search(text):
            return name
    for name, pattern in _MTA_MARKERS:
        if pattern.search(headers):
            return name
    return ""


# A line that starts with an address (maybe in <>), maybe followed by ':' or
# more words: where Postfix, qmail, Exim, Gmail, Yahoo and Exchange name a
# failed recipient.
_RECIPIENT_LINE_RE = re.compile(
    r"^[ \t]*(?:\*[ \t]*)?(?:Recipient address:\s*|Original-Recipient:\s*|RCPT TO:?\s*|To:\s*)?"
    r"[<\"]?(?:mailto:)?(?P<addr>" + _ADDRESS_RE.pattern + r")[>\"]?"
    r"(?P<tail>(?:[ \t]*(?::|\.\.\.|\(|$)|[ \t]+\S).*)$",
    re.MULTILINE,
)
_REPLY_LINE_RE = re.compile(
    r"(?:^[ \t>]*(?:<<<\s*|Received >>>\s*)?|said:\s*|Remote host said:\s*|returned was:\s*|"
    r"server was:\s*|"
    r"Remote Server returned\s*'|\]:\s*|host \S+ \[[^\]]*\]:?\s*|:[ \t]+\[?|\[)"
    r"(?P<reply>[245][0-9]{2}(?:[ \-]|: ?|(?=\n)|$)(?:[^\n]*))",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(slots=True)
class _Found:
    address: str
    start: int
    replies: list[tuple[str, int]] = field(default_factory=list)


def _clean_reply_text(text: str) -> str:
    text = text.strip()
    text = re.sub(r"'\s*$", "", text)
    text = re.sub(r"##.*$", "", text)
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]  # Sendmail: "(reason: 550 5.7.1 … denied)"
    return text.strip()


def _continuation(section: str, start: int, end: int) -> str:
    """The reply at ``start`` with the indented lines that continue it.

    At most :data:`MAX_REPLY` characters: the lines are read one by one from
    ``start``, never the rest of the text at once.
    """
    line_end = section.find("\n", end)
    if line_end < 0:
        return section[start : start + MAX_REPLY]
    text = section[start : min(line_end, start + MAX_REPLY)]
    line_start = section.rfind("\n", 0, start) + 1
    first = section[line_start : min(line_end, line_start + MAX_REPLY)]
    indent = len(first) - len(first.lstrip())
    code = text.strip()[:3]
    pieces = [text]
    length = len(text)
    position = line_end + 1
    while length <= MAX_REPLY and position < len(section):
        next_end = section.find("\n", position)
        if next_end < 0:
            next_end = len(section)
        line = section[position : min(next_end, position + MAX_REPLY)]
        position = next_end + 1
        # Postfix wraps "said: 550 5.1.1\n    <x>: Recipient …": only lines indented
        # at least as deep as the reply's own line continue it, and never the
        # next recipient (Exim lists them one under the other).
        stripped = line.strip()
        if not stripped or not line[:1].isspace():
            break
        if len(line) - len(line.lstrip()) < indent or _RECIPIENT_LINE_RE.match(line):
            break
        if _REPLY_START_RE.match(stripped) and stripped[:3] != code:
            break
        pieces.append(stripped)
        length += len(stripped) + 1
    return " ".join(pieces)


def _mta_recipients(section: str, skip: set[str]) -> list[_Found]:
    """Recipients named at the start of lines, each with the replies after it."""
    found: list[_Found] = []
    seen: dict[str, _Found] = {}
    for match in _RECIPIENT_LINE_RE.finditer(section):
        if len(found) >= MAX_RECIPIENTS:
            break
        address = match.group("addr").strip(".")
        low = address.lower()
        if low in skip or low.startswith(_DAEMONS):
            continue
        if low in seen:
            continue
        item = _Found(address, match.start())
        seen[low] = item
        found.append(item)
    return found


_VENDOR_FORMS_RE = re.compile(
    r"(?P<label>ERROR_CODE) :(?P<code>[245][0-9]{2}), ERROR_CODE :|"
    r"(?P<label2>ResponseCode) (?P<code2>[245][0-9]{2}), (?:, )?"
)


def _replies(section: str) -> list[tuple[str, int]]:
    """Replies quoted in the text, with where each starts."""
    # Zoho: "ERROR_CODE :550, ERROR_CODE :5.2.1 <x>... User Unknown" and
    # "[Status: Error, Address: <x>, ResponseCode 421, , Host not reachable.]".
    # Rewritten to the same length, so that positions still point into the text.
    section = _VENDOR_FORMS_RE.sub(
        lambda m: f"{m['label'] or m['label2']}: {m['code'] or m['code2']} ".ljust(len(m[0])),
        section,
    )
    replies: list[tuple[str, int]] = []
    taken_until = -1
    for match in _REPLY_LINE_RE.finditer(section):
        if len(replies) >= MAX_REPLIES:
            break
        start = match.start("reply")
        if start < taken_until:
            continue
        text = _continuation(section, start, match.end("reply"))
        taken_until = start + len(text)
        replies.append((_clean_reply_text(text), match.start()))
    # Lines that start with an enhanced code alone ("5.2.1 <x>... User Unknown").
    spans = [(at, at + len(text)) for text, at in replies]
    for match in _ENHANCED_LINE_RE.finditer(section):
        if len(replies) >= MAX_REPLIES:
            break
        index = bisect.bisect_right(spans, (match.start(), len(section))) - 1
        if index >= 0 and spans[index][0] <= match.start() < spans[index][1]:
            continue
        text = _continuation(section, match.end(), match.end()).strip()
        replies.append((text, match.start()))
    replies.sort(key=lambda item: item[1])
    if not replies:
        # qmail's own status on a line of its words: "… (#5.1.1)".
        seen: set[int] = set()
        for match in _HASH_STATUS_RE.finditer(section):
            line_start = section.rfind("\n", 0, match.start()) + 1
            if line_start in seen or len(replies) >= MAX_REPLIES:
                continue
            seen.add(line_start)
            line_end = section.find("\n", match.end())
            line = section[line_start : line_end if line_end >= 0 else len(section)]
            replies.append((line[:MAX_REPLY].strip(), line_start))
    return replies


_ENHANCED_LINE_RE = re.compile(r"^[ \t]*(?=[245]\.[0-9]{1,3}\.[0-9]{1,3}\s)", re.MULTILINE)


_STAGE_BEFORE_RE = re.compile(
    r"\bafter (?P<after>(?:pipelined )?(?:MAIL FROM|RCPT TO|DATA)|end of data|initial connection|"
    r"HELO|EHLO|STARTTLS|AUTH)\b|>>>[ \t]*(?P<sent>MAIL FROM|RCPT TO|DATA|EHLO|HELO|QUIT)\b|"
    r"did not like our (?P<liked>MAIL FROM|RCPT TO|DATA)|does not like (?P<like>recipient|sender)",
    re.IGNORECASE,
)


def _stage_near(section: str, at: int) -> str:
    """The command a reply at ``at`` answered, from the words around it.

    Postfix says so after the reply ("(in reply to RCPT TO command)");
    Exim, Sendmail's transcript and qmail say so before it.
    """
    line_end = section.find("\n\n", at, at + MAX_REPLY)
    after = _IN_REPLY_TO_RE.search(section[at : line_end if line_end >= 0 else at + MAX_REPLY])
    if after:
        return _stage_name(after.group("stage"))
    found = None
    for found in _STAGE_BEFORE_RE.finditer(section[max(0, at - 400) : at]):  # noqa: B007
        pass
    if found is None:
        return ""
    if found.group("like"):
        return "RCPT" if found.group("like").lower() == "recipient" else "MAIL"
    return _stage_name(found.group("after") or found.group("sent") or found.group("liked"))


def _host_near(section: str, at: int) -> str:
    window = section[max(0, at - 300) : at + 50]
    hosts = re.findall(r"\bhost ([A-Za-z0-9.\-]+\.[A-Za-z]{2,})\s*\[", window) or re.findall(
        r"([A-Za-z0-9.\-]+\.[A-Za-z]{2,})\s*\[[0-9.:a-fA-F]+\]", window
    )
    return hosts[-1] if hosts else ""


def _read_mta_body(section: str, skip: set[str], fallback: list[str]) -> list[Recipient]:
    recipients = _mta_recipients(section, skip) or _mta_recipients(section, set())
    replies = _replies(section)
    if not recipients:
        # Sendmail's transcript names each recipient in a reply: "554 <x>... 550 …".
        for text, at in replies:
            named = re.match(r"[245][0-9]{2}[ \-]<([^<>\s]+@[^<>\s]+)>\.\.\.", text)
            if named and named.group(1).lower() not in skip:
                if all(r.address.lower() != named.group(1).lower() for r in recipients):
                    recipients.append(_Found(named.group(1), at))
    if not recipients and replies:
        addresses = [a for a in fallback if a.lower() not in skip]
        for address in addresses[:1]:
            recipients = [_Found(address, 0)]
    if not recipients:
        return []
    # A reply that names a recipient belongs to it; otherwise to the recipient before it.
    by_address = {}
    for item in recipients:
        by_address.setdefault(item.address.lower(), item)
    starts = [item.start for item in recipients]
    for text, at in replies:
        owner = next(
            (
                by_address[named.group(0).strip(".").lower()]
                for named in _ADDRESS_RE.finditer(text)
                if named.group(0).strip(".").lower() in by_address
            ),
            None,
        )
        if owner is None:
            index = bisect.bisect_right(starts, at) - 1
            owner = recipients[max(index, 0)]
        owner.replies.append((text, at))
    result = []
    for item in recipients:
        chosen = _best(item.replies)
        if chosen is None:
            # No reply quoted for this recipient: the MTA's own words say why
            # (a timeout, a DNS failure, qmail's "(#5.1.1)").
            text = _block_after(section, item.start)
            reply = remote_reply(text) if text else None
            status = _reply_status(reply, text)
            result.append(
                Recipient(
                    item.address,
                    action="delayed" if status[:1] == "4" else "failed",
                    status=status,
                    diagnostic=text,
                    reply=reply if _has_code(reply) else None,
                )
            )
            continue
        text, at = chosen
        reply = remote_reply(text)
        status = _reply_status(reply, text)
        transient = (reply.code or status or "5")[0] == "4"
        result.append(
            Recipient(
                item.address,
                action="delayed" if transient else "failed",
                status=status,
                diagnostic=text,
                reply=reply if _has_code(reply) else None,
                stage=reply.stage or _stage_near(section, at),
                remote_mta=_host_near(section, at),
            )
        )
    return result


def _best(replies: list[tuple[str, int]]) -> tuple[str, int] | None:
    """The most informative reply of a recipient: one with an enhanced code first."""
    if not replies:
        return None
    read = [(remote_reply(text), text, at) for text, at in reversed(replies)]
    for reply, text, at in read:
        if reply.enhanced is not None and (reply.code or reply.enhanced)[0] in "45":
            return text, at
    for reply, text, at in read:
        if reply.code is not None and reply.code[0] in "45":
            return text, at
    return replies[-1]


def _block_after(section: str, start: int) -> str:
    """The lines after a recipient's address, up to a blank line: the MTA's own words."""
    end = section.find("\n\n", start, start + MAX_REPLY)
    block = section[start : end if end >= 0 else start + MAX_REPLY]
    lines = [line.strip() for line in block.split("\n")]
    first = _RECIPIENT_LINE_RE.match(lines[0]) if lines else None
    if first:
        lines[0] = first.group("tail").lstrip(" :.").strip()
    return " ".join(line for line in lines if line)[:500]


def _amazon_json(text: str) -> tuple[list[Recipient], str] | None:
    """Amazon SES's bounce notification (JSON), also inside an SNS envelope."""
    start = text.find("{")
    if start < 0 or "notificationType" not in text:
        return None
    try:
        data, _ = json.JSONDecoder().raw_decode(text[start:].replace("\n ", "").replace("!\n", ""))
        if isinstance(data, dict) and isinstance(data.get("Message"), str):
            data = json.loads(data["Message"])  # SNS carries the notification as a string
    except (ValueError, RecursionError):
        return None
    bounce = data.get("bounce") if isinstance(data, dict) else None
    if not isinstance(bounce, dict):
        return None
    result = []
    for item in bounce.get("bouncedRecipients") or []:
        if not isinstance(item, dict):
            continue
        diagnostic = str(item.get("diagnosticCode") or "")
        reply = remote_reply(diagnostic)
        kind, value = _typed(diagnostic) if diagnostic else ("", "")
        result.append(
            Recipient(
                str(item.get("emailAddress") or ""),
                action=str(item.get("action") or ""),
                status=_status_of(str(item.get("status") or "")),
                diagnostic=value,
                diagnostic_type=kind,
                reply=reply if _has_code(reply) else None,
                stage=reply.stage or "",
            )
        )
    return result, _typed(str(bounce.get("reportingMTA") or ""))[1]


# -- DSNs ----------------------------------------------------------------------


def _dsn_recipient(block: list[tuple[str, str]], human: str) -> Recipient:
    final = _get(block, "final-recipient") or _get(block, "x-actual-recipient")
    original = _get(block, "original-recipient")
    address = _address(final or original)
    action = _get(block, "action").split()[0].lower() if _get(block, "action") else ""
    status_field = _get(block, "status")
    status = _status_of(status_field)
    diagnostic_field = _get(block, "diagnostic-code")
    kind, diagnostic = _typed(diagnostic_field) if diagnostic_field else ("", "")
    problems: list[str] = []
    # An X-Unix (or other mailer) diagnostic is an exit status, not a reply.
    reads_reply = kind.lower() in ("smtp", "") or (
        kind.lower().startswith("x-") and kind.lower() != "x-unix"
    )
    read = remote_reply(diagnostic) if reads_reply else None
    line = read if read is not None and read.code is not None else None
    stage = read.stage or "" if read is not None else ""
    if line is None and human:
        # The fields lack the remote reply (Sendmail, Exim and others put it
        # only in the human-readable part): take it from there.
        found = _human_reply_for(human, address)
        if found:
            quoted, at = found
            read = remote_reply(quoted)
            line = read if read.code is not None else None
            stage = stage or read.stage or _stage_near(human, at)
            if not diagnostic or (line is not None and not reads_reply):
                # An exit status ("X-Unix; 77") says less than the quoted reply.
                diagnostic, kind = quoted, ""
    if line is None and read is not None and _has_code(read):
        line = read  # an enhanced code alone ("smtp; 5.1.1 user unknown")
    if stage == "" and human:
        stage = _stage_for(human, address)
    from_field = bool(status)
    if status_field and not status:
        problems.append(f"the Status field {status_field!r} holds no status code such as 5.1.1")
    if not status and line is not None and line.enhanced is not None:
        status = line.enhanced
        problems.append(
            f"the report gives no Status; {status} is taken from the remote server's reply"
        )
    if (
        line is not None
        and line.enhanced is not None
        and status
        and not _same_status(status, line.enhanced)
    ):
        problems.append(f"Status says {status}, but the remote server's reply says {line.enhanced}")
    if action and action not in ACTIONS:
        problems.append(f"the Action {action!r} is not one of RFC 3464's: " + ", ".join(ACTIONS))
    return Recipient(
        address,
        original=_address(original) if original else "",
        action=action,
        status=status,
        diagnostic=diagnostic,
        diagnostic_type=kind,
        reply=line,
        stage=stage,
        remote_mta=(_typed(_get(block, "remote-mta"))[1].split() or [""])[0],
        status_field=from_field,
        last_attempt=_get(block, "last-attempt-date"),
        will_retry_until=_get(block, "will-retry-until"),
        problems=tuple(problems),
    )


@functools.lru_cache(maxsize=4)
def _human_index(human: str) -> tuple[list[tuple[str, int, str]], list[_Found], str]:
    """A DSN's human-readable part read once per message: its replies (with
    their text lower-cased), its recipients, and itself lower-cased."""
    replies = [(text, at, text.lower()) for text, at in _replies(human)]
    return replies, _mta_recipients(human, set()), human.lower()


def _human_reply_for(human: str, address: str) -> tuple[str, int] | None:
    """The reply the human-readable part quotes for ``address``, and where."""
    indexed, recipients, _ = _human_index(human)
    if not indexed:
        return None
    replies = [(text, at) for text, at, _ in indexed]
    low = address.lower()
    # A transcript's "<<< 550 …" is the server's own line: it comes first.
    naming = [(text, at) for text, at, lowered in indexed if low and low in lowered]
    quoted = [item for item in naming if human[item[1] : item[1] + 8].lstrip().startswith("<<<")]
    if quoted or naming:
        return (quoted or naming)[0]
    mine = [r for r in recipients if r.address.lower() == low]
    if mine:
        start = mine[0].start
        later = [r.start for r in recipients if r.start > start]
        end = min(later) if later else len(human)
        inside = [(text, at) for text, at in replies if start <= at < end]
        if inside:
            return _best(inside)
    if len({r.address.lower() for r in recipients}) <= 1:
        return _best(replies)
    return None


def _stage_for(human: str, address: str) -> str:
    low = address.lower()
    at = _human_index(human)[2].find(low) if low else -1
    return _stage_near(human, at) if at >= 0 else ""


# -- the message as a whole ----------------------------------------------------


def _parse(raw: bytes) -> email.message.Message:
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def _looks_like_message(raw: bytes) -> bool:
    head = raw.lstrip(b"\n")[:4096]
    first = head.split(b"\n", 1)[0]
    return bool(re.match(rb"[!-9;-~]+[ \t]*:", first)) or first.startswith(b"From ")


def read_bounce(data: str | bytes) -> Bounce:
    """Read one message as a bounce (see the module documentation).

    Raises :class:`UnreadableMessage` only when the input is not an e-mail
    message at all; everything else gives a :class:`Bounce`.
    """
    raw = _to_bytes(data)
    if not raw.strip():
        raise UnreadableMessage("the input is empty")
    if b"\0" in raw[:65536]:
        raise UnreadableMessage("the input is binary data, not an e-mail message")
    if raw.startswith(b"From ") and not raw.startswith(b"From:"):
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    if not _looks_like_message(raw):
        text = raw.decode("utf-8", "replace")
        if _field_blocks(text) and any(_is_recipient_block(b) for b in _field_blocks(text)):
            raw = b"Content-Type: text/plain\n\n" + raw  # only the DSN fields were pasted
        else:
            raise UnreadableMessage(
                "the input does not start with a header line (such as 'From: …'), "
                "so it is not an e-mail message"
            )
    try:
        message = _parse(raw)
    except (ValueError, TypeError, IndexError, RecursionError, LookupError) as error:
        raise UnreadableMessage(f"the message cannot be parsed: {error}") from None
    try:
        return _read(message, raw.decode("utf-8", "replace"))
    except RecursionError:
        raise UnreadableMessage("the message nests its parts too deeply to read") from None


_SHOWN_HEADERS = ("From", "To", "Date", "Subject")


def _read(message: email.message.Message, whole: str) -> Bounce:
    problems: list[str] = []
    for defect in message.defects:
        problems.append(_defect_text(defect))
    headers = tuple(
        (name, _decode_header(message.get(name) or ""))
        for name in _SHOWN_HEADERS
        if message.get(name)
    )
    parts = list(_walk(message))
    for part in parts[1:]:
        for defect in getattr(part, "defects", ()):
            problems.append(_defect_text(defect))
    problems = list(dict.fromkeys(problems))
    base = {"headers": headers, "text": whole}

    if _is_feedback(message):
        return Bounce("not-bounce", not_bounce="feedback-report", problems=tuple(problems), **base)

    human_parts: list[str] = []
    dsn_blocks: list[list[tuple[str, str]]] = []
    original = ""
    # Parts of a returned message are not the bounce's own words, and the
    # field blocks of a delivery-status part are not text parts.
    inner = _inner_ids(message)
    for part in parts:
        if id(part) in inner:
            continue
        ctype = part.get_content_type()
        if ctype in ("message/delivery-status", "message/global-delivery-status"):
            dsn_blocks.extend(_dsn_part_blocks(part))
        elif ctype in (
            "message/rfc822",
            "message/global",
            "text/rfc822-headers",
            "message/global-headers",
            "text/rfc822",
        ):
            if not original:
                original = _original_text(part)
        elif ctype == "text/plain":
            if part.get_payload() is not None and not part.is_multipart():
                human_parts.append(_part_text(part))
        elif not part.is_multipart() and part is message and ctype != "text/plain":
            human_parts.append(_part_text(part))
    if message.get_content_maintype() == "multipart" and len(parts) == 1:
        # A multipart without any part: its boundary is wrong or missing.
        problems.append(
            "the message says it is multipart, but none of its parts could be found "
            "(its boundary is missing or wrong); it is read as plain text"
        )
        human_parts = [_part_text_raw(message)]
    human = "\n".join(human_parts)
    own, returned = _split_original(human)
    if not original and returned:
        original = returned
    if not dsn_blocks:
        # The MIME structure was lost: DSN fields may still be in the text.
        dsn_blocks = [b for b in _field_blocks(own if own.strip() else human) if _dsn_like(b)]
        if not any(_is_recipient_block(b) for b in dsn_blocks):
            dsn_blocks = [b for b in _field_blocks(human) if _dsn_like(b)]
    original_headers = _headers_of(original) if original else ()
    header_text = "\n".join(f"{k}: {v}" for k, v in message.items())
    mta = _guess_mta(own, header_text)

    dsn_blocks = [piece for b in dsn_blocks for piece in _split_block(b)]
    recipients_blocks = [b for b in dsn_blocks if _is_recipient_block(b)]
    if recipients_blocks:
        per_message = next((b for b in dsn_blocks if not _is_recipient_block(b)), [])
        if not per_message:
            per_message = dsn_blocks[0]
        if len(recipients_blocks) > MAX_RECIPIENTS:
            problems.append(
                f"the report names {len(recipients_blocks)} recipients; "
                f"the first {MAX_RECIPIENTS} are read"
            )
            recipients_blocks = recipients_blocks[:MAX_RECIPIENTS]
        recipients = tuple(_dsn_recipient(b, own) for b in recipients_blocks)
        reporting = (
            _typed(_get(per_message, "reporting-mta"))[1]
            or _typed(_get(recipients_blocks[0], "reporting-mta"))[1]
        )
        arrival = _get(per_message, "arrival-date") or _get(recipients_blocks[0], "arrival-date")
        return Bounce(
            "dsn",
            mta=mta,
            reporting_mta=reporting.split()[0] if reporting else "",
            arrival_date=arrival,
            recipients=recipients,
            original_headers=original_headers,
            original=original,
            problems=tuple(problems),
            **base,
        )

    if _is_autoreply(message):
        return Bounce("not-bounce", not_bounce="auto-reply", problems=tuple(problems), **base)

    amazon = _amazon_json(human)
    if amazon is not None and amazon[0]:
        return Bounce(
            "mta",
            mta="amazonses",
            reporting_mta=amazon[1],
            recipients=tuple(amazon[0]),
            problems=tuple(problems),
            **base,
        )

    if _looks_like_bounce(message, own):
        skip = _sender_addresses(message, original_headers)
        fallback = _fallback_addresses(message, own, original_headers)
        recipients = _read_mta_body(own, skip, fallback)
        if not recipients and own is not human:
            recipients = _read_mta_body(human, skip, fallback)
        if not recipients:
            address = next(iter(fallback), "")
            if address:
                recipients = [Recipient(address, action="failed", diagnostic=_first_words(own))]
        if recipients:
            return Bounce(
                "mta",
                mta=mta,
                reporting_mta=_reporting_host(message, own),
                recipients=tuple(recipients),
                original_headers=original_headers,
                original=original,
                problems=tuple(problems),
                **base,
            )
        problems.append("it looks like a bounce, but no recipient could be found in it")
    return Bounce("not-bounce", not_bounce="ordinary", problems=tuple(problems), **base)


def _first_words(text: str) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return " ".join(lines)[:300]


def _defect_text(defect: object) -> str:
    name = type(defect).__name__
    readable = {
        "StartBoundaryNotFoundDefect": "the multipart boundary it declares never appears",
        "CloseBoundaryNotFoundDefect": "a multipart part is not closed by its boundary",
        "MultipartInvariantViolationDefect": "it says it is multipart but has no parts",
        "NoBoundaryInMultipartDefect": "it says it is multipart but declares no boundary",
        "MissingHeaderBodySeparatorDefect": "a header block does not end with a blank line",
        "InvalidBase64PaddingDefect": "a base64 part is badly padded",
        "InvalidBase64CharactersDefect": "a base64 part holds characters that are not base64",
        "InvalidMultipartContentTransferEncodingDefect": "a multipart part is encoded",
        "MisplacedEnvelopeHeaderDefect": "an mbox 'From ' line is inside the headers",
        "FirstHeaderLineIsContinuationDefect": "the first header line is a continuation",
    }.get(name)
    return f"broken MIME structure: {readable}" if readable else f"broken MIME structure ({name})"


def _part_text_raw(message: email.message.Message) -> str:
    payload = message.get_payload()
    if isinstance(payload, str):
        return payload
    if isinstance(payload, list):
        return "\n".join(_part_text_raw(p) for p in payload if isinstance(p, email.message.Message))
    return ""


def _dsn_like(block: list[tuple[str, str]]) -> bool:
    names = {k.lower() for k, _ in block}
    return bool(
        names
        & {
            "reporting-mta",
            "arrival-date",
            "final-recipient",
            "original-recipient",
            "action",
            "status",
            "diagnostic-code",
            "x-actual-recipient",
        }
    )


def _dsn_part_blocks(part: email.message.Message) -> list[list[tuple[str, str]]]:
    payload = part.get_payload()
    blocks: list[list[tuple[str, str]]] = []
    if isinstance(payload, list):
        for sub in payload:
            if isinstance(sub, email.message.Message):
                items = [(k, str(v)) for k, v in sub.items()]
                if items:
                    blocks.append(items)
                # A field block the parser took as body (no blank line rule).
                rest = sub.get_payload()
                if isinstance(rest, str) and rest.strip():
                    blocks.extend(_field_blocks(rest.replace("\r\n", "\n")))
    else:
        text = _part_text(part)
        blocks.extend(_field_blocks(text))
    if not any(_is_recipient_block(b) for b in blocks):
        # Encoded (base64, quoted-printable) delivery-status parts.
        text = _part_text(part)
        blocks = _field_blocks(text) or blocks
    return blocks


_CONTAINERS = (
    "message/rfc822",
    "message/global",
    "message/delivery-status",
    "message/global-delivery-status",
)


def _inner_ids(root: email.message.Message) -> set[int]:
    """The ids of the parts inside returned messages and delivery-status parts."""
    ids: set[int] = set()
    for part in _walk(root):
        if id(part) not in ids and part.get_content_type() in _CONTAINERS:
            for inner in _walk(part):
                if inner is not part:
                    ids.add(id(inner))
    return ids


def _original_text(part: email.message.Message) -> str:
    ctype = part.get_content_type()
    if ctype in ("text/rfc822-headers", "message/global-headers", "text/rfc822"):
        return _part_text(part)
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], email.message.Message):
        try:
            return payload[0].as_string()
        except (ValueError, TypeError, LookupError, KeyError, UnicodeError):
            return "\n".join(f"{k}: {v}" for k, v in payload[0].items())
    return payload if isinstance(payload, str) else ""


def _sender_addresses(
    message: email.message.Message, original: Iterable[tuple[str, str]]
) -> set[str]:
    skip: set[str] = set()
    for name in ("From", "To", "Return-Path", "Reply-To", "Sender"):
        for _, address in email.utils.getaddresses([message.get(name) or ""]):
            if address:
                skip.add(address.lower())
    for name, value in original:
        if name.lower() in ("from", "return-path", "sender", "reply-to"):
            for _, address in email.utils.getaddresses([value]):
                if address:
                    skip.add(address.lower())
    return skip


def _fallback_addresses(
    message: email.message.Message, own: str, original: Iterable[tuple[str, str]]
) -> list[str]:
    """Where a recipient may be named when the body names none at a line start."""
    found: list[str] = []
    for name in ("X-Failed-Recipients", "X-Original-To", "Original-Recipient"):
        value = message.get(name)
        if value:
            found += [a for _, a in email.utils.getaddresses([value]) if a]
    found += [m.group(0).strip(".") for m in _ADDRESS_RE.finditer(own)]
    for name, value in original:
        if name.lower() in ("to", "cc"):
            found += [a for _, a in email.utils.getaddresses([value]) if a]
    return [a for a in dict.fromkeys(found) if not a.lower().startswith(_DAEMONS)]


_BOUNCE_SUBJECT_RE = re.compile(
    r"undeliver|undelivered|returned mail|delivery (?:status )?notification|"
    r"delivery (?:has )?failed|failure notice|mail delivery failed|non[- ]?delivery|"
    r"could not be delivered|delivery failure|mail system error|warning: could not send|"
    r"delayed mail|delivery delayed|returned to sender|message not delivered|"
    r"unzustellbar|não entregue|no se puede entregar|配信|전송 ?실패|반송",
    re.IGNORECASE,
)
_BOUNCE_BODY_RE = re.compile(
    r"could not be delivered|couldn't be delivered|was not delivered|wasn't delivered|"
    r"unable to deliver|delivery (?:to the following recipient|has failed)|"
    r"permanent (?:fatal )?error|did not reach|rejected your message|"
    r"Remote host said|SMTP error from remote|Transcript of session follows|"
    r"following address(?:es)? (?:failed|had)|not able to deliver|error delivering|"
    r"delivery failed|delivery status notification|returned to sender|"
    r"user unknown|mailbox (?:is )?(?:full|unavailable)|"
    r"Recipient address rejected|undeliverable|attempting to deliver|"
    r"could not deliver|delivery to the following|failed addresses",
    re.IGNORECASE,
)


#: From a mailer daemon, a subject with one of these words is a bounce.
_DAEMON_SUBJECT_RE = re.compile(
    r"fail|error|problem|reject|return|undeliver|not delivered|warning", re.IGNORECASE
)


def _looks_like_bounce(message: email.message.Message, own: str) -> bool:
    if message.get_content_type() == "multipart/report":
        return True
    if message.get("X-Failed-Recipients"):
        return True
    subject = _decode_header(message.get("Subject") or "")
    daemon = _looks_like_daemon(message)
    if _BOUNCE_SUBJECT_RE.search(subject) and (daemon or _BOUNCE_BODY_RE.search(own)):
        return True
    if daemon and _DAEMON_SUBJECT_RE.search(subject):
        return True
    return daemon and bool(_BOUNCE_BODY_RE.search(own) or _replies(own))


def _reporting_host(message: email.message.Message, own: str) -> str:
    match = re.search(
        r"(?:This is the (?:mail system|qmail-send program|MAILER-DAEMON) at (?:host )?|"
        r"This is the DragonFly Mail Agent \S+ at |Generating server:\s*)([A-Za-z0-9.\-]+)",
        own,
        re.IGNORECASE,
    )
    if match:
        return match.group(1).rstrip(".")
    _, address = email.utils.parseaddr(message.get("From") or "")
    return address.partition("@")[2] if "@" in address else ""


# -- mbox ------------------------------------------------------------------------

_MBOX_FROM_RE = re.compile(rb"^From [^\s]+ ", re.MULTILINE)


def split_mailbox(data: str | bytes) -> list[bytes]:
    """The messages of an mbox file (``From `` lines), or the input as one message."""
    raw = _to_bytes(data)
    if not raw.startswith(b"From ") or raw.startswith(b"From:"):
        return [raw]
    starts = [
        m.start()
        for m in _MBOX_FROM_RE.finditer(raw)
        if m.start() == 0 or raw[m.start() - 2 : m.start()] == b"\n\n"
    ]
    if not starts:
        return [raw]
    chunks = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(raw)
        body = raw[start:end]
        body = body.split(b"\n", 1)[1] if b"\n" in body else b""
        # mboxrd/mboxo escaping: ">From " at a line start was "From ".
        body = re.sub(rb"^>(>*From )", rb"\1", body, flags=re.MULTILINE)
        chunks.append(body)
    return chunks


def read_mailbox(data: str | bytes) -> list[Bounce | UnreadableMessage]:
    """Each message of an mbox file (or the one message given), read as a bounce.

    A message that is not an e-mail message at all gives its
    :class:`UnreadableMessage` in its place, so one bad message does not hide
    the others.
    """
    results: list[Bounce | UnreadableMessage] = []
    for chunk in split_mailbox(data):
        try:
            results.append(read_bounce(chunk))
        except UnreadableMessage as error:
            results.append(error)
    return results
