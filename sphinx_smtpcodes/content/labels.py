"""Labels and short phrases: every derived spelling of a code, a class, a command.

One function spells each label; nothing else writes a code with its name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..registry import Entry, Reference, Registry, ReplyExplanation, Translator
from ..registry.i18n import N_
from ..registry.model import (
    ENHANCED_SUBJECTS,
    REPLY_CATEGORIES,
    RETRY_ANSWERS,
    EnhancedClass,
    ReplyClass,
    phase_of,
)
from .model import CodeRef, Link, Para, Text

# -- labels ---------------------------------------------------------------------------

#: Row keys of a comparison, in order, with their labels (message ids).
ROWS = {
    "class": N_("Class"),
    "meaning": N_("Meaning"),
    "when": N_("When you see this code"),
    "fix": N_("How to fix it"),
    "next": N_("Who acts next / retry?"),
    "commands": N_("Commands"),
    "references": N_("Defined in"),
}
ROW_KEYS = tuple(ROWS)
ROW_ALIASES = {"rfc": "references", "retry": "next", "description": "meaning"}

SECTIONS = {
    "description": N_("Description"),
    "meanings": N_("Meanings by context"),
    "when": N_("When you see this code"),
    "fix": N_("How to fix it"),
    "next": N_("Who acts next"),
    "commands": N_("Commands"),
    "basic": N_("Sent with reply codes"),
    "enhanced": N_("Typical enhanced status codes"),
    "related": N_("Related codes"),
    "variants": N_("Vendor meanings"),
    "origin": N_("Where it comes from"),
    "references": N_("Defined in"),
}

COMMAND_NAMES = {
    "CONNECT": N_("connection greeting"),
    "MAIL": "MAIL FROM",
    "RCPT": "RCPT TO",
    "DATA-END": N_("end of message data"),
    "ANY": N_("any command"),
}

# What a reply of each class means for the exchange, and who acts next
# (clauses: a renderer capitalises them where they open a sentence).
OUTCOME = {
    ReplyClass.POSITIVE_COMPLETION: N_("the command succeeded"),
    ReplyClass.POSITIVE_INTERMEDIATE: N_(
        "the command is accepted so far and the server is waiting for more from the client"
    ),
    ReplyClass.TRANSIENT_NEGATIVE: N_(
        "the command failed for now and the same command may succeed later"
    ),
    ReplyClass.PERMANENT_NEGATIVE: N_(
        "the command failed and fails again unless something changes"
    ),
}
NEXT_ACTOR = {
    ReplyClass.POSITIVE_COMPLETION: N_("the client goes on with its next command"),
    ReplyClass.POSITIVE_INTERMEDIATE: N_(
        "the client must send what the server asked for to finish the exchange"
    ),
    ReplyClass.TRANSIENT_NEGATIVE: N_("the client keeps the message and tries again later"),
    ReplyClass.PERMANENT_NEGATIVE: N_(
        "the sender or an administrator must change something before the client tries again"
    ),
}
KIND_WORD = {"reply": N_("reply"), "enhanced": N_("status code")}
KIND_WORDS = {"reply": N_("replies"), "enhanced": N_("status codes")}


def _sentence(translator: Translator, clause: str) -> str:
    """A clause made into a sentence: capitalised (where the script has case)."""
    text = clause[:1].upper() + clause[1:]
    return translator.format("{clause}.", clause=text)


def code_label(
    found: Entry | ReplyExplanation, translator: Translator | None = None, code: str | None = None
) -> str:
    """``450 Mailbox Unavailable``: a code and its name, as the language writes them.

    The one spelling of a code with its name: block titles, comparison
    columns, the session legend, the domain's inventory and indexes, the
    command line. Korean writes ``450(메일박스 일시 사용 불가)``, so that a
    particle after the label agrees with the code, not with a name that may
    end in a verb. A full reply names both parts: ``550 5.1.1 A / B``.
    ``code`` spells the code as the writer typed it (``5.1.1`` for the entry
    of ``X.1.1``).
    """
    if isinstance(found, ReplyExplanation):
        parts = (found.reply, found.enhanced)
        code, name = code or found.line.key, " / ".join(e.name for e in parts if e and e.name)
    else:
        code, name = code or found.code, found.name
    return named_code(code, name, translator)


def named_code(code: str, name: str, translator: Translator | None = None) -> str:
    """A code with a name, as :func:`code_label` spells it; for names that are not an
    entry's (a vendor's meaning of a code, a reply as read)."""
    if not name:
        return code
    if translator is None:
        return f"{code} {name}"
    template = translator.gettext("{code} {name}")
    if "({name})" in template:
        # A name inside brackets keeps no brackets of its own: 571(배달 권한
        # 없음, 관행 코드), not 571(배달 권한 없음(관행 코드)).
        name = _flatten_brackets(name)
    return translator.format("{code} {name}", code=code, name=name)


def _flatten_brackets(name: str) -> str:
    """``A (B)`` → ``A, B``: the bracketed part joined by a comma instead."""
    flat = re.sub(r"\s*\(([^()]*)\)", r", \1", name).strip()
    return flat.removeprefix(", ")


def tooltip(found: Entry | ReplyExplanation, translator: Translator) -> str:
    """What a mention of a code shows on hover: its one-line summary.

    A full reply has two summaries, so each is led by its part's label.
    """
    if not isinstance(found, ReplyExplanation):
        return found.summary
    parts = [e for e in (found.reply, found.enhanced) if e is not None]
    return " ".join(
        translator.format("{label}: {summary}", label=code_label(e, translator), summary=e.summary)
        for e in parts
    )


def badges(entry: Entry, translator: Translator) -> tuple[str, ...]:
    """The badges of a code (``non-standard``, ``deprecated``), in the reader's language."""
    _ = translator.gettext
    found = []
    if not entry.standard:
        found.append(_("non-standard"))
    if entry.status == "deprecated":
        found.append(_("deprecated"))
    elif entry.status == "draft":
        found.append(_("Internet-Draft only"))
    return tuple(found)


def badge_text(badge: str) -> str:
    """A badge as it reads in running text: ``[non-standard]``."""
    return f"[{badge}]"


def class_label(entry: Entry, translator: Translator) -> str:
    """``4xx Transient Negative Completion`` or ``5.X.X Permanent Failure``."""
    _ = translator.gettext
    if entry.kind == "enhanced":
        klass = entry.enhanced_class
        if klass is None:
            return _("Enhanced status code (any class)")
        return f"{entry.class_pattern} {_(klass.label)}"
    reply_class = entry.reply_class
    if reply_class is None:
        return _("Not an SMTP reply class")
    return f"{reply_class.pattern} {_(reply_class.label)}"


def class_line(entry: Entry, translator: Translator) -> str:
    """The class line of a block: the class, then the subject or the category.

    ``4xx Transient Negative Completion, x5z Mail system`` or ``5.X.X Permanent
    Failure, subject X.1.X Addressing``.
    """
    _ = translator.gettext
    line = class_label(entry, translator)
    if entry.kind == "enhanced" and entry.subject is not None:
        subject = ENHANCED_SUBJECTS.get(entry.subject)
        if subject:
            line = translator.format(
                "{klass}, subject X.{subject}.X {subject_label}",
                klass=line,
                subject=entry.subject,
                subject_label=_(subject),
            )
    elif entry.kind == "reply" and entry.code[1] in "012345":
        line = translator.format(
            "{klass}, x{digit}z {category}",
            klass=line,
            digit=entry.code[1],
            category=_(REPLY_CATEGORIES[int(entry.code[1])]),
        )
    if entry.status_note:
        line = f"{line} — {entry.status_note}"
    return line


def _code_ref(registry: Registry, code: str, text: str | None = None) -> CodeRef:
    found = registry.get(code) if code in registry else None
    label = (
        text if text is not None else (code_label(found, registry.translator) if found else code)
    )
    return CodeRef(code, label, tooltip(found, registry.translator) if found else "")


def _refs(registry: Registry, codes: Sequence[str]) -> tuple[Para, ...]:
    # A code the registry does not explain (IANA lists 533 with X.7.1) is
    # plain text: a mention would promise a tooltip it cannot give.
    return tuple(
        (_code_ref(registry, code),) if code in registry else (Text(code),) for code in codes
    )


def links(refs: Sequence[Reference], translator: Translator) -> tuple[Para, ...]:
    return tuple((Link(translator.gettext(ref.label), ref.href),) for ref in refs)


def _commands(entry: Entry, translator: Translator) -> str:
    _ = translator.gettext
    names = [_(COMMAND_NAMES.get(c, c)) for c in entry.commands]
    phases = [_(p.value) for p in phase_of(entry.commands)]
    if not names:
        return ""
    return translator.format(
        "{commands} ({phases})",
        commands=", ".join(names),
        phases=translator.join(phases, alternatives=True),
    )


def next_step(entry: Entry, translator: Translator) -> str:
    """Who acts next, as a statement: the entry's own ``next_step``, else its class's.

    An explanation shows only this; the yes/no answer to "retry?" belongs
    where that question is asked (:func:`retry_answer`, a comparison row).
    """
    if entry.next_step:
        return entry.next_step
    reply_class = entry.reply_class
    if reply_class is None:
        return ""
    return _sentence(translator, translator.gettext(NEXT_ACTOR[reply_class]))


def retry_answer(entry: Entry, translator: Translator) -> str:
    """The short answer to "retry?": the entry's own ``retry``, else its class's."""
    kind = entry.retry_kind
    return translator.gettext(RETRY_ANSWERS[kind]) if kind else ""


def _next(entry: Entry, translator: Translator) -> str:
    """The comparison cell "Who acts next / retry?": the answer, then the statement."""
    step = next_step(entry, translator)
    answer = retry_answer(entry, translator)
    return " ".join(p for p in (answer, step) if p)


def group_label(entry: Entry, translator: Translator) -> str:
    """The heading a code is listed under: its class, and its subject if enhanced."""
    _ = translator.gettext
    if entry.kind == "reply":
        return class_label(entry, translator)
    subject = entry.subject
    subject_label = _(ENHANCED_SUBJECTS.get(subject, "")) if subject is not None else ""
    if entry.enhanced_class is not None:
        klass = class_label(entry, translator)
        return f"{klass} — X.{subject}.X {subject_label}".strip()
    return translator.format(
        "Enhanced status codes — X.{subject}.X {subject_label}",
        subject=subject,
        subject_label=subject_label,
    )


def class_heading(digit: str, translator: Translator) -> str:
    """The heading of one class in the Code Index: its replies and its status codes.

    ``4xx Transient Negative Completion · 4.X.X Persistent Transient Failure``;
    ``3xx Positive Intermediate`` (no enhanced class 3); ``X`` for status codes
    of any class.
    """
    _ = translator.gettext
    parts = []
    if digit.isdigit() and int(digit) in ReplyClass._value2member_map_:
        reply_class = ReplyClass(int(digit))
        parts.append(f"{reply_class.pattern} {_(reply_class.label)}")
    if digit.isdigit() and int(digit) in EnhancedClass._value2member_map_:
        parts.append(f"{digit}.X.X {_(EnhancedClass(int(digit)).label)}")
    if digit in "Xx":
        return _("Enhanced status codes (any class)")
    if not parts:
        return _("Not an SMTP reply class")
    return " · ".join(parts)


def subject_heading(digit: str, subject: int, translator: Translator) -> str:
    """``4.1.X Addressing Status``: a subject of one class (``X.1.X`` for any class)."""
    label = translator.gettext(ENHANCED_SUBJECTS[subject]) if subject in ENHANCED_SUBJECTS else ""
    return f"{digit.upper()}.{subject}.X {label}".strip()
