"""Codes and classes: parsing of ``450``, ``5.1.1``, ``550 5.1.1 text`` and
what follows from a code's digits.

Everything here is derived from the digits of a code, never typed per entry:
the class of a reply (RFC 5321 §4.2.1), the class and subject of an enhanced
status code (RFC 3463 §3.1/§3.2), who acts next and whether to retry.
Pure Python: no Sphinx, no docutils.
"""

from __future__ import annotations

import enum
import functools
import re

from .frozen import frozen
from .i18n import N_

__all__ = [
    "RETRY_ANSWERS",
    "CodeSyntaxError",
    "EnhancedClass",
    "EnhancedStatus",
    "Phase",
    "ReplyClass",
    "ReplyCode",
    "ReplyLine",
    "parse_code",
    "parse_reply",
    "phase_of",
    "shorten",
]


class CodeSyntaxError(ValueError):
    """Raised when a string is not a reply code, enhanced code or reply."""


#: Longest piece of a writer's text that a message quotes.
QUOTE_LIMIT = 60


def shorten(text: str) -> str:
    """``text`` quoted for a message (``repr``), cut to :data:`QUOTE_LIMIT` characters.

    A registry file may hold a 100 kB value where a code belongs; a message
    quoting it whole would be an unreadable warning.
    """
    if len(text) > QUOTE_LIMIT:
        return repr(text[: QUOTE_LIMIT - 1]) + "…"
    return repr(text)


class ReplyClass(enum.IntEnum):
    """The class of a basic reply code: its first digit (RFC 5321 §4.2.1)."""

    POSITIVE_COMPLETION = 2
    POSITIVE_INTERMEDIATE = 3
    TRANSIENT_NEGATIVE = 4
    PERMANENT_NEGATIVE = 5

    @property
    def label(self) -> str:
        """English name of the class (a message id for translation)."""
        return _REPLY_CLASS_LABELS[self]

    @property
    def pattern(self) -> str:
        """The class written as ``4xx``."""
        return f"{self.value}xx"

    @property
    def retry(self) -> str:
        """Whether the client should retry the command (a message id)."""
        return RETRY_ANSWERS[self.retry_kind]

    @property
    def retry_kind(self) -> str:
        """The class's default answer to "retry?", a key of :data:`RETRY_ANSWERS`."""
        return _RETRY[self]


_REPLY_CLASS_LABELS = {
    ReplyClass.POSITIVE_COMPLETION: N_("Positive Completion"),
    ReplyClass.POSITIVE_INTERMEDIATE: N_("Positive Intermediate"),
    ReplyClass.TRANSIENT_NEGATIVE: N_("Transient Negative Completion"),
    ReplyClass.PERMANENT_NEGATIVE: N_("Permanent Negative Completion"),
}
_RETRY = {
    ReplyClass.POSITIVE_COMPLETION: "not-needed",
    ReplyClass.POSITIVE_INTERMEDIATE: "continue",
    ReplyClass.TRANSIENT_NEGATIVE: "later",
    ReplyClass.PERMANENT_NEGATIVE: "no",
}
#: The short answers to "retry?" (a comparison row asks it); an entry's
#: ``retry`` field picks one where its facts differ from its class's default.
RETRY_ANSWERS = {
    "not-needed": N_("No need."),
    "continue": N_("No, continue."),
    "later": N_("Yes, later."),
    "after-change": N_("Yes, after the change."),
    "no": N_("Not as it is."),
}

#: RFC 5321 §4.2.1: the second digit of a reply groups replies by topic.
REPLY_CATEGORIES = {
    0: N_("Syntax"),
    1: N_("Information"),
    2: N_("Connections"),
    3: N_("Unspecified"),
    4: N_("Unspecified"),
    5: N_("Mail system"),
}


class EnhancedClass(enum.IntEnum):
    """The class of an enhanced status code (RFC 3463 §3.1)."""

    SUCCESS = 2
    PERSISTENT_TRANSIENT_FAILURE = 4
    PERMANENT_FAILURE = 5

    @property
    def label(self) -> str:
        """English name of the class (a message id for translation)."""
        return _ENHANCED_CLASS_LABELS[self]

    @property
    def reply_class(self) -> ReplyClass:
        """The basic reply class that carries this enhanced class."""
        return ReplyClass(self.value)


_ENHANCED_CLASS_LABELS = {
    EnhancedClass.SUCCESS: N_("Success"),
    EnhancedClass.PERSISTENT_TRANSIENT_FAILURE: N_("Persistent Transient Failure"),
    EnhancedClass.PERMANENT_FAILURE: N_("Permanent Failure"),
}

#: RFC 3463 §3.2 and the IANA registry: the subject (second number).
ENHANCED_SUBJECTS = {
    0: N_("Other or Undefined Status"),
    1: N_("Addressing Status"),
    2: N_("Mailbox Status"),
    3: N_("Mail System Status"),
    4: N_("Network and Routing Status"),
    5: N_("Mail Delivery Protocol Status"),
    6: N_("Message Content or Media Status"),
    7: N_("Security or Policy Status"),
}


class Phase(enum.Enum):
    """The stage of an SMTP session, derived from the commands of a code."""

    CONNECTION = N_("connection setup")
    TLS = N_("TLS negotiation")
    AUTHENTICATION = N_("authentication")
    ENVELOPE = N_("the envelope stage")
    MESSAGE = N_("the message stage")
    SESSION = N_("session housekeeping")
    QUEUE = N_("remote queue start")
    ANY = N_("any stage of the session")


#: The command vocabulary of the registry, and the phase each belongs to.
COMMAND_PHASES = {
    "CONNECT": Phase.CONNECTION,
    "EHLO": Phase.CONNECTION,
    "HELO": Phase.CONNECTION,
    "STARTTLS": Phase.TLS,
    "AUTH": Phase.AUTHENTICATION,
    "MAIL": Phase.ENVELOPE,
    "RCPT": Phase.ENVELOPE,
    "DATA": Phase.MESSAGE,
    "BDAT": Phase.MESSAGE,
    "DATA-END": Phase.MESSAGE,
    "RSET": Phase.SESSION,
    "VRFY": Phase.SESSION,
    "EXPN": Phase.SESSION,
    "HELP": Phase.SESSION,
    "NOOP": Phase.SESSION,
    "QUIT": Phase.SESSION,
    "ETRN": Phase.QUEUE,
    "ATRN": Phase.QUEUE,
    "ANY": Phase.ANY,
}


def phase_of(commands: tuple[str, ...]) -> tuple[Phase, ...]:
    """The phases of a session in which these commands are answered, in order."""
    phases = dict.fromkeys(COMMAND_PHASES[c] for c in commands if c in COMMAND_PHASES)
    return tuple(phases)


#: A vendor range of enhanced codes, such as ``5.7.606-649``.
RANGE_RE = re.compile(r"([245])\.([0-9]{1,3})\.([0-9]{1,3})-([0-9]{1,3})")
_REPLY_RE = re.compile(r"[1-5][0-9][0-9]")
_ENHANCED_RE = re.compile(r"([245Xx])\.([0-9]{1,3}|[Xx]{3})\.([0-9]{1,3}|[Yy]{3})")


@frozen
class ReplyCode:
    """A three-digit basic reply code such as ``450``."""

    value: str

    @property
    def reply_class(self) -> ReplyClass | None:
        """The class from the first digit; ``None`` for 1xx (not SMTP)."""
        digit = int(self.value[0])
        return ReplyClass(digit) if digit in ReplyClass._value2member_map_ else None

    @property
    def category(self) -> int:
        """The second digit (RFC 5321 §4.2.1)."""
        return int(self.value[1])

    def __str__(self) -> str:
        return self.value


@frozen
class EnhancedStatus:
    """An enhanced status code ``class.subject.detail`` (RFC 3463).

    ``klass`` is ``None`` for the registry's ``X.s.d`` patterns.
    """

    klass: EnhancedClass | None
    subject: int
    detail: int

    @property
    def pattern(self) -> str:
        """The IANA form of the code, ``X.1.1``."""
        return f"X.{self.subject}.{self.detail}"

    @property
    def subject_label(self) -> str:
        """English name of the subject (a message id), or an empty string."""
        return ENHANCED_SUBJECTS.get(self.subject, "")

    def __str__(self) -> str:
        first = "X" if self.klass is None else str(self.klass.value)
        return f"{first}.{self.subject}.{self.detail}"


@frozen
class ReplyLine:
    """A server reply: code, optional enhanced code, and the text after them."""

    code: ReplyCode
    enhanced: EnhancedStatus | None = None
    text: str = ""

    @property
    def consistent(self) -> bool:
        """Whether the enhanced code's class agrees with the reply's class.

        RFC 3463 §3.1: the class of the enhanced code must match the class
        of the basic reply it is sent with (2 with 2xx, 4 with 4xx, 5 with
        5xx).
        """
        if self.enhanced is None or self.enhanced.klass is None:
            return True
        return self.enhanced.klass.value == int(self.code.value[0])

    @property
    def key(self) -> str:
        """``550 5.1.1``: the code part, without the text."""
        return f"{self.code} {self.enhanced}" if self.enhanced else str(self.code)


Code = ReplyCode | EnhancedStatus | ReplyLine


def _parse_enhanced(text: str) -> EnhancedStatus | None:
    match = _ENHANCED_RE.fullmatch(text)
    if not match:
        return None
    first, subject, detail = match.groups()
    if not subject.isdigit() or not detail.isdigit():
        raise CodeSyntaxError(
            f"{shorten(text)} is a class or subject pattern, not an enhanced code"
        )
    if subject != str(int(subject)) or detail != str(int(detail)):
        raise CodeSyntaxError(f"{shorten(text)} has leading zeros (RFC 3463 forbids them)")
    klass = None if first in "Xx" else EnhancedClass(int(first))
    return EnhancedStatus(klass, int(subject), int(detail))


@functools.lru_cache(maxsize=4096)  # a manual mentions the same codes many times
def parse_code(text: str) -> Code:
    """Parse what a writer typed: ``450``, ``5.1.1``, ``X.1.1`` or ``550 5.1.1``.

    Raises :class:`CodeSyntaxError` with a reason a writer can act on.
    """
    stripped = text.strip()
    if not stripped:
        raise CodeSyntaxError("no code given")
    parts = stripped.split()
    if len(parts) == 1:
        word = parts[0]
        if _REPLY_RE.fullmatch(word):
            return ReplyCode(word)
        enhanced = _parse_enhanced(word)
        if enhanced is not None:
            return enhanced
        if word.isdigit():
            raise CodeSyntaxError(
                f"{shorten(word)} is not a reply code (three digits, the first 2 to 5)"
            )
        raise CodeSyntaxError(
            f"{shorten(word)} is neither a reply code like 450 "
            "nor an enhanced status code like 5.1.1"
        )
    return parse_reply(stripped, allow_text=False)


def parse_reply(text: str, *, allow_text: bool = True) -> ReplyLine:
    """Parse a reply line ``550 5.1.1 <bob@example.org>: Recipient …``.

    A multi-line reply (RFC 5321 §4.2.1: ``250-first``, ``250 last``) is
    accepted: its lines must share the code; their texts are joined with
    newlines.
    """
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        raise CodeSyntaxError("no reply given")
    code: str | None = None
    enhanced: EnhancedStatus | None = None
    texts: list[str] = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        match = re.match(r"([0-9]{3})([ -]|$)(.*)", line)
        if not match or not _REPLY_RE.fullmatch(match.group(1)):
            raise CodeSyntaxError(
                f"line {number} ({shorten(line)}) does not start with a reply code"
            )
        this_code, rest = match.group(1), match.group(3)
        if code is None:
            code = this_code
        elif this_code != code:
            raise CodeSyntaxError(
                f"line {number} has code {this_code}, the reply started with {code}"
            )
        first, _, remainder = rest.strip().partition(" ")
        found = _parse_enhanced(first) if first else None
        if found is not None:
            if enhanced is None:
                enhanced = found
            rest = remainder
        texts.append(rest.strip())
    body = "\n".join(t for t in texts if t)
    if body and not allow_text:
        raise CodeSyntaxError(
            f"{shorten(text.strip())}: only a code and an enhanced code are expected here"
        )
    assert code is not None
    return ReplyLine(ReplyCode(code), enhanced, body)
