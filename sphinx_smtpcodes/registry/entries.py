"""Registry records: immutable entries, references, meanings, vendor variants."""

from __future__ import annotations

from dataclasses import field
from typing import Any

from .frozen import frozen
from .i18n import N_
from .model import (
    Code,
    CodeSyntaxError,
    EnhancedClass,
    EnhancedStatus,
    ReplyClass,
    ReplyCode,
    parse_code,
)
from .schema import (
    CLASS_DIGITS,
    COMMANDS,
    FLAG,
    RFC,
    TEXT,
    URL,
    choice,
    code,
    codes,
    form,
    record,
    records,
    spec,
)

__all__ = [
    "Entry",
    "Meaning",
    "Problem",
    "RawEntry",
    "Reference",
    "SourceFile",
    "Variant",
    "cap_problems",
]

#: How an IANA registry reference is cited (a message id: renderers translate it).
IANA_LABEL = N_("IANA SMTP Enhanced Status Codes registry")
RFC_URL = "https://www.rfc-editor.org/rfc/rfc{rfc}.html"
RFC_SECTION_URL = "https://www.rfc-editor.org/rfc/rfc{rfc}.html#section-{section}"
IANA_URL = "https://www.iana.org/assignments/{registry}/{registry}.xhtml"
DRAFT_URL = "https://datatracker.ietf.org/doc/{draft}/"
#: What ``status`` may say.
STATUSES = ("deprecated", "draft")
#: Answers an entry may give to "retry?" where its class's default does not fit.
RETRIES = ("not-needed", "continue", "later", "after-change", "no")


@record(
    "reference",
    "Where a fact comes from: an RFC section, an IANA registry, a draft or a page.",
    one_of=("rfc", "iana", "draft", "url"),
    exports=(("label", "label"), ("url", "href")),  # in an export, url is the link address
)
@frozen
class Reference:
    """Where a fact comes from: an RFC section, an IANA registry, a draft or a page."""

    rfc: int | None = spec(RFC, "the RFC's number: ``5321``")
    section: str = spec(
        form(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*", "a section number like 4.2.1"),
        'the section of the RFC: ``"4.2.3"``',
    )
    iana: str = spec(
        form(r"[a-z0-9]+(?:-[a-z0-9]+)*", "a registry name like smtp-enhanced-status-codes"),
        "an IANA registry's name: ``smtp-enhanced-status-codes``",
    )
    draft: str = spec(
        form(r"draft-[a-z0-9]+(?:-[a-z0-9]+)*", "a draft name like draft-ietf-x-00"),
        "an Internet-Draft's name: ``draft-ietf-x-00``",
    )
    title: str = spec(TEXT, "how the reference is cited, for a page or a draft")
    url: str = spec(URL, "the page's address (``https://…``), for a vendor's own page")

    @property
    def label(self) -> str:
        """How the reference is cited in text: ``RFC 5321 §4.2.3``."""
        if self.rfc is not None:
            return f"RFC {self.rfc} §{self.section}" if self.section else f"RFC {self.rfc}"
        if self.iana:
            return self.title or IANA_LABEL
        if self.draft:
            return self.title or self.draft
        return self.title or self.url

    @property
    def href(self) -> str:
        """The address of the cited text."""
        if self.url:
            return self.url
        if self.rfc is not None:
            template = RFC_SECTION_URL if self.section else RFC_URL
            return template.format(rfc=self.rfc, section=self.section)
        if self.iana:
            return IANA_URL.format(registry=self.iana)
        if self.draft:
            return DRAFT_URL.format(draft=self.draft)
        return ""


@record("meaning", "One of several meanings of a code, by the command it answers.")
@frozen
class Meaning:
    """One of several meanings a code has, by context (454 after AUTH or STARTTLS)."""

    context: str = spec(
        TEXT,
        "the command this meaning answers (``AUTH``); a translation names it to say which "
        "meaning it translates",
        key=True,
    )
    text: str = spec(TEXT, "what the code means after that command", required=True, translated=True)
    references: tuple[Reference, ...] = spec(records(Reference), "the sources of this meaning")


@record("variant", "A vendor's own meaning of a code or full reply that a standard defines.")
@frozen
class Variant:
    """A vendor's own meaning of a code or reply that a standard defines."""

    code: str = spec(
        code("any"),
        'the code or full reply the vendor sends: ``"4.5.3"``, ``"432 4.3.2"``',
        key=True,
    )
    vendor: str = spec(
        TEXT,
        "who sends it, by name (the same in every language): ``Yahoo Mail``; with the code, "
        "it names the variant a translation translates",
        key=True,
    )
    name: str = spec(TEXT, "the vendor's meaning, as a short name", required=True, translated=True)
    summary: str = spec(TEXT, "one sentence", required=True, translated=True)
    description: str = spec(TEXT, "what the vendor means by it", translated=True)
    fix: str = spec(TEXT, "what to do", translated=True)
    conflicts: bool = spec(FLAG, "``true`` when the vendor's meaning contradicts the standard's")
    clash: str = spec(TEXT, "how it contradicts the standard", translated=True)
    references: tuple[Reference, ...] = spec(records(Reference), "the vendor's own page")


@record(
    "entry",
    "One code, with everything the extension says about it.",
    overrides=True,
)
@frozen
class Entry:
    """One code of the registry, with everything the extension says about it.

    ``code`` is the canonical key: ``450``, ``X.1.1`` (an IANA pattern),
    ``5.1.1`` (a concrete enhanced code, the pattern's entry bound to a
    class), ``5.7.606-649`` (a vendor range). What follows from the digits
    (class, subject, who acts next) is derived, not stored.
    """

    code: str = spec(
        code("entry"),
        '``"450"``, ``"5.1.1"``, ``"X.1.1"`` (all classes) or a vendor range '
        '``"5.7.606-649"``; in a language overlay, the key of the translation',
        key=True,
    )
    name: str = spec(
        TEXT, "a short name in title case: ``Mailbox Unavailable``", required=True, translated=True
    )
    summary: str = spec(
        TEXT, "one sentence; the tooltip of every mention", required=True, translated=True
    )
    description: str = spec(TEXT, "what the code means, in whole sentences", translated=True)
    when: str = spec(TEXT, "when a reader meets it", translated=True)
    fix: str = spec(TEXT, "what to do about it", translated=True)
    use: str = spec(
        TEXT,
        'when a server should send it: a comparison\'s "Which code to send" '
        "(``:audience: operator``)",
        translated=True,
    )
    advice: str = spec(
        TEXT,
        "what it means for the reader who got it, and what to do, in a sentence or two: "
        'a comparison\'s "When to use which" (the default audience); never a copy of '
        "``fix``",
        translated=True,
    )
    next_step: str = spec(
        TEXT,
        "who acts next, as a statement, where the class's default does not fit the entry's "
        'facts (421 and 221 close the connection); shown under "Who acts next"',
        translated=True,
    )
    retry: str = spec(
        choice(*RETRIES),
        'the short answer to "retry?" in a comparison, where the class\'s default does not fit',
    )
    classes: tuple[int, ...] = spec(
        CLASS_DIGITS,
        "for an enhanced code: the classes its detail is meant for (``[4, 5]``), where "
        "``basic`` does not tell",
    )
    commands: tuple[str, ...] = spec(
        COMMANDS,
        "the commands that get the reply (any case), from ``CONNECT EHLO HELO STARTTLS AUTH "
        "MAIL RCPT DATA BDAT DATA-END RSET VRFY EXPN HELP NOOP QUIT ETRN ATRN ANY``",
    )
    related: tuple[str, ...] = spec(codes(), 'codes to compare with (``[451, "5.1.1"]``)')
    enhanced: tuple[str, ...] = spec(codes("enhanced"), "typical enhanced codes of a reply")
    basic: tuple[str, ...] = spec(codes("reply"), "the reply codes an enhanced code is sent with")
    basic_note: str = spec(TEXT, "a note on those reply codes", translated=True)
    references: tuple[Reference, ...] = spec(records(Reference), "the sources of the entry")
    meanings: tuple[Meaning, ...] = spec(
        records(Meaning), "for a code with several meanings: one per command", translated=True
    )
    standard: bool = spec(FLAG, "``false`` marks a code no RFC defines", default=True)
    origin: str = spec(TEXT, "for a non-standard code: who uses it", translated=True)
    status: str = spec(choice(*STATUSES), "for a code no longer or not yet in use")
    status_note: str = spec(TEXT, "a short note on the status", translated=True)
    pattern: str = ""
    variants: tuple[Variant, ...] = field(default=(), compare=False)
    source: str = field(default="", compare=False)

    @property
    def parsed(self) -> Code | None:
        """The code as a :mod:`~sphinx_smtpcodes.registry.model` object."""
        try:
            return parse_code(self.code)
        except CodeSyntaxError:
            return None  # a vendor range such as 5.7.606-649

    @property
    def kind(self) -> str:
        """``reply`` for three-digit codes, ``enhanced`` for x.y.z codes."""
        return "reply" if "." not in self.code else "enhanced"

    @property
    def reply_class(self) -> ReplyClass | None:
        """The class that tells a client what to do (for enhanced codes too)."""
        parsed = self.parsed
        if isinstance(parsed, ReplyCode):
            return parsed.reply_class
        if isinstance(parsed, EnhancedStatus) and parsed.klass is not None:
            return parsed.klass.reply_class
        if self.kind == "enhanced" and self.code[0] in "245":
            return EnhancedClass(int(self.code[0])).reply_class
        return None

    @property
    def enhanced_class(self) -> EnhancedClass | None:
        """For an enhanced code bound to a class: that class."""
        if self.kind == "enhanced" and self.code[0] in "245":
            return EnhancedClass(int(self.code[0]))
        return None

    @property
    def subject(self) -> int | None:
        """For an enhanced code: its subject number (the middle one)."""
        if self.kind != "enhanced":
            return None
        return int(self.code.split(".")[1])

    @property
    def retry_kind(self) -> str:
        """Whether to retry: the entry's own ``retry``, else its class's default."""
        if self.retry:
            return self.retry
        reply_class = self.reply_class
        return reply_class.retry_kind if reply_class is not None else ""

    @property
    def fitting_classes(self) -> tuple[int, ...]:
        """For an enhanced code: the classes its detail is meant for.

        The entry's own ``classes`` where the registry states them, else the
        first digits of the reply codes IANA pairs it with (``basic``); empty
        when neither says.
        """
        if self.classes:
            return self.classes
        return tuple(sorted({int(code[0]) for code in self.basic if code[0] in "245"}))

    @property
    def unusual_class(self) -> bool:
        """Whether this class-bound enhanced code pairs a class its detail does not fit."""
        klass = self.enhanced_class
        fitting = self.fitting_classes
        return klass is not None and bool(fitting) and klass.value not in fitting

    @property
    def class_pattern(self) -> str:
        """``4xx`` for a reply, ``5.X.X`` for an enhanced code, ``X.X.X`` if unbound."""
        if self.kind == "reply":
            return f"{self.code[0]}xx"
        return f"{self.code[0]}.X.X"


@frozen
class Problem:
    """A located error in a registry file."""

    path: str
    line: int
    message: str
    subtype: str = "registry"

    @property
    def location(self) -> str:
        """``path:line`` as Sphinx and compilers print it."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


#: At most this many problems are reported per file; the rest are counted.
MAX_PROBLEMS = 50


def cap_problems(problems: list[Problem]) -> list[Problem]:
    """At most :data:`MAX_PROBLEMS` problems per file, then one saying how many more.

    A large broken file would otherwise give a warning per line: 200,000 of
    them for a 2.6 MB file, which buries the first (usually the cause).
    """
    kept: list[Problem] = []
    extra: dict[str, list[Problem]] = {}
    counts: dict[str, int] = {}
    for problem in problems:
        counts[problem.path] = counts.get(problem.path, 0) + 1
        if counts[problem.path] <= MAX_PROBLEMS:
            kept.append(problem)
        else:
            extra.setdefault(problem.path, []).append(problem)
    for path, more in extra.items():
        kept.append(
            Problem(
                path,
                more[0].line,
                f"…and {len(more)} more problem{'s' if len(more) > 1 else ''} in this file "
                f"(only the first {MAX_PROBLEMS} are reported)",
            )
        )
    return kept


@frozen
class RawEntry:
    """A validated entry as written in a file: only the fields it sets."""

    code: str
    fields: dict[str, Any]
    path: str
    line: int


@frozen
class SourceFile:
    """A registry file after validation: source entries or a language overlay."""

    path: str
    language: str | None
    entries: tuple[RawEntry, ...]
    variants: tuple[RawEntry, ...]
    problems: tuple[Problem, ...]


def make_variant(raw: RawEntry) -> Variant:
    """A :class:`Variant` from a validated record (the loader checked its required fields)."""
    return Variant(code=raw.code, **raw.fields)
