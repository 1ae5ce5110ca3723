"""Registry records: immutable entries, references, meanings, vendor variants."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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

__all__ = ["Entry", "Meaning", "Problem", "RawEntry", "Reference", "SourceFile", "Variant"]

#: How an IANA registry reference is cited (a message id: renderers translate it).
IANA_LABEL = N_("IANA SMTP Enhanced Status Codes registry")
RFC_URL = "https://www.rfc-editor.org/rfc/rfc{rfc}.html"
RFC_SECTION_URL = "https://www.rfc-editor.org/rfc/rfc{rfc}.html#section-{section}"
IANA_URL = "https://www.iana.org/assignments/{registry}/{registry}.xhtml"
DRAFT_URL = "https://datatracker.ietf.org/doc/{draft}/"


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a fact comes from: an RFC section, an IANA registry, a draft or a page."""

    rfc: int | None = None
    section: str = ""
    iana: str = ""
    draft: str = ""
    title: str = ""
    url: str = ""

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


@dataclass(frozen=True, slots=True)
class Meaning:
    """One of several meanings a code has, by context (454 after AUTH or STARTTLS)."""

    context: str
    text: str
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Variant:
    """A vendor's own meaning of a code or reply that a standard defines."""

    code: str
    vendor: str
    name: str
    summary: str
    description: str = ""
    fix: str = ""
    conflicts: bool = False
    clash: str = ""
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
class Entry:
    """One code of the registry, with everything the extension says about it.

    ``code`` is the canonical key: ``450``, ``X.1.1`` (an IANA pattern),
    ``5.1.1`` (a concrete enhanced code, the pattern's entry bound to a
    class), ``5.7.606-649`` (a vendor range). What follows from the digits
    (class, subject, who acts next) is derived, not stored.
    """

    code: str
    name: str
    summary: str
    description: str = ""
    when: str = ""
    fix: str = ""
    use: str = ""
    advice: str = ""
    next_step: str = ""
    retry: str = ""
    classes: tuple[int, ...] = ()
    commands: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    enhanced: tuple[str, ...] = ()
    basic: tuple[str, ...] = ()
    basic_note: str = ""
    references: tuple[Reference, ...] = ()
    meanings: tuple[Meaning, ...] = ()
    standard: bool = True
    origin: str = ""
    status: str = ""
    status_note: str = ""
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class RawEntry:
    """A validated entry as written in a file: only the fields it sets."""

    code: str
    fields: dict[str, Any]
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A registry file after validation: source entries or a language overlay."""

    path: str
    language: str | None
    entries: tuple[RawEntry, ...]
    variants: tuple[RawEntry, ...]
    problems: tuple[Problem, ...]


def make_variant(raw: RawEntry) -> Variant:
    """A :class:`Variant` from a validated record."""
    f = raw.fields
    return Variant(
        code=raw.code,
        vendor=f.get("vendor", ""),
        name=f.get("name", ""),
        summary=f.get("summary", ""),
        description=f.get("description", ""),
        fix=f.get("fix", ""),
        conflicts=f.get("conflicts", False),
        clash=f.get("clash", ""),
        references=f.get("references", ()),
    )
