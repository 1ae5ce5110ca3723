"""What to say about codes, computed once as plain data.

:func:`explain` describes one code, :func:`explain_reply` a full reply and
:func:`compare` two or more codes. The results hold text in the registry's
language and inline pieces (:class:`CodeRef`, :class:`Link`) that a renderer
turns into docutils nodes (:mod:`sphinx_smtpcodes.render`) or terminal text
(:mod:`sphinx_smtpcodes.cli`). No Sphinx, no docutils.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .registry import Entry, Reference, Registry, ReplyExplanation, Translator
from .registry.i18n import N_
from .registry.model import (
    ENHANCED_SUBJECTS,
    REPLY_CATEGORIES,
    ReplyClass,
    phase_of,
)

__all__ = [
    "CATEGORIES",
    "ROW_KEYS",
    "CodeRef",
    "Comparison",
    "Explanation",
    "Link",
    "ReplyExplanationData",
    "Row",
    "Section",
    "Selection",
    "Text",
    "categories",
    "class_label",
    "code_label",
    "compare",
    "explain",
    "explain_reply",
    "group_label",
    "select",
]


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class CodeRef:
    """A mention of a code: a renderer links it to the code's block."""

    code: str
    text: str
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A link to an outside page (an RFC section, a vendor page)."""

    text: str
    url: str


Inline = Text | CodeRef | Link
Para = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A labelled part of an explanation; ``items`` render as a list."""

    key: str
    label: str
    paragraphs: tuple[Para, ...]
    items: bool = False


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything said about one code."""

    code: str
    name: str
    title: str
    class_line: str
    summary: str
    standard: bool
    badges: tuple[str, ...]
    sections: tuple[Section, ...]
    reply_class: ReplyClass | None


@dataclass(frozen=True, slots=True)
class ReplyExplanationData:
    """A full reply: a sentence on how its parts fit, then each part."""

    key: str
    title: str
    verdict: str
    consistent: bool
    parts: tuple[Explanation, ...]
    variants: Section | None


@dataclass(frozen=True, slots=True)
class Row:
    """A row of a comparison table: a label and one cell per code."""

    key: str
    label: str
    cells: tuple[tuple[Para, ...], ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """A comparison of two or more codes, ready to render."""

    codes: tuple[str, ...]
    title: str
    lead: str
    columns: tuple[str, ...]
    column_classes: tuple[ReplyClass | None, ...]
    rows: tuple[Row, ...]
    differences: tuple[str, ...]
    guidance: tuple[tuple[CodeRef, str], ...]
    labels: dict[str, str]


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
    ReplyClass.TRANSIENT_NEGATIVE: N_(
        "the client keeps the message and retries later, with no change needed"
    ),
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


def code_label(entry: Entry, translator: Translator | None = None) -> str:
    """``450 Mailbox Unavailable``: the code and its name, as the language writes them.

    Korean writes ``450(메일박스 일시 사용 불가)``, so that a particle after the
    label agrees with the code, not with a name that may end in a verb.
    """
    if not entry.name:
        return entry.code
    if translator is None:
        return f"{entry.code} {entry.name}"
    return translator.format("{code} {name}", code=entry.code, name=entry.name)


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


def _code_ref(registry: Registry, code: str, text: str | None = None) -> CodeRef:
    found = registry.get(code) if code in registry else None
    label = (
        text if text is not None else (code_label(found, registry.translator) if found else code)
    )
    return CodeRef(code, label, found.summary if found else "")


def _refs(registry: Registry, codes: Sequence[str]) -> tuple[Para, ...]:
    # A code the registry does not explain (IANA lists 533 with X.7.1) is
    # plain text: a mention would promise a tooltip it cannot give.
    return tuple(
        (_code_ref(registry, code),) if code in registry else (Text(code),) for code in codes
    )


def _links(refs: Sequence[Reference], translator: Translator) -> tuple[Para, ...]:
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


def _next(entry: Entry, translator: Translator) -> str:
    reply_class = entry.reply_class
    if reply_class is None:
        return ""
    _ = translator.gettext
    return " ".join((_sentence(translator, _(NEXT_ACTOR[reply_class])), _(reply_class.retry)))


# -- one code ---------------------------------------------------------------------------


def explain(entry: Entry, registry: Registry) -> Explanation:
    """Everything the registry says about one code, in sections."""
    t = registry.translator
    _ = t.gettext
    sections: list[Section] = []

    def add(key: str, paragraphs: Sequence[Para], *, items: bool = False) -> None:
        if paragraphs:
            sections.append(Section(key, _(SECTIONS[key]), tuple(paragraphs), items))

    def text(value: str) -> list[Para]:
        return [(Text(value),)] if value else []

    add("description", text(entry.description))
    add(
        "meanings",
        [
            (
                Text(
                    t.format(
                        "{context}: {text}",
                        context=_(COMMAND_NAMES.get(m.context, m.context)),
                        text=m.text,
                    )
                ),
            )
            for m in entry.meanings
        ],
        items=True,
    )
    add("when", text(entry.when))
    add("fix", text(entry.fix))
    add("next", text(_next(entry, t)))
    add("commands", text(_commands(entry, t)))
    if entry.basic:
        basic = list(_refs(registry, entry.basic))
        if entry.basic_note:
            basic.append((Text(entry.basic_note),))
        add("basic", basic, items=True)
    add("enhanced", _refs(registry, entry.enhanced), items=True)
    add("related", _refs(registry, entry.related), items=True)
    add(
        "variants",
        [_variant_para(v, t) for v in entry.variants],
        items=True,
    )
    if not entry.standard and entry.origin:
        add("origin", text(entry.origin))
    add("references", _links(entry.references, t), items=True)

    badges = []
    if not entry.standard:
        badges.append(_("non-standard"))
    if entry.status == "deprecated":
        badges.append(_("deprecated"))
    elif entry.status == "draft":
        badges.append(_("Internet-Draft only"))
    class_line = class_label(entry, t)
    if entry.kind == "enhanced" and entry.subject is not None:
        subject = ENHANCED_SUBJECTS.get(entry.subject)
        if subject:
            class_line = t.format(
                "{klass}, subject X.{subject}.X {subject_label}",
                klass=class_line,
                subject=entry.subject,
                subject_label=_(subject),
            )
    elif entry.kind == "reply" and entry.code[1] in "012345":
        category = REPLY_CATEGORIES[int(entry.code[1])]
        class_line = t.format(
            "{klass}, x{digit}z {category}",
            klass=class_line,
            digit=entry.code[1],
            category=_(category),
        )
    if entry.status_note:
        class_line = f"{class_line} — {entry.status_note}"
    return Explanation(
        code=entry.code,
        name=entry.name,
        title=code_label(entry, t),
        class_line=class_line,
        summary=entry.summary,
        standard=entry.standard,
        badges=tuple(badges),
        sections=tuple(sections),
        reply_class=entry.reply_class,
    )


def _variant_para(variant, translator: Translator) -> Para:
    parts: list[Inline] = [
        Text(
            translator.format(
                "{vendor} — {name}: {summary}",
                vendor=variant.vendor,
                name=variant.name,
                summary=variant.summary,
            )
        )
    ]
    if variant.conflicts and variant.clash:
        parts.append(
            Text(" " + translator.format("Differs from the standard: {clash}", clash=variant.clash))
        )
    for ref in variant.references:
        parts.extend((Text(" "), Link(ref.label, ref.href)))
    return tuple(parts)


def explain_reply(found: ReplyExplanation, registry: Registry) -> ReplyExplanationData:
    """A full reply line: whether its parts agree, then each part explained."""
    t = registry.translator
    line = found.line
    # Each part keeps only the vendor meanings of that part alone; those of the
    # pair are listed once, after both parts.
    own = {str(line.code), str(line.enhanced)}
    parts = tuple(
        explain(replace(e, variants=tuple(v for v in e.variants if v.code in own)), registry)
        for e in (found.reply, found.enhanced)
        if e is not None
    )
    if line.enhanced is None:
        verdict = ""
    elif found.consistent:
        verdict = t.format(
            "The enhanced code {enhanced} agrees with the reply code {code}: "
            "both are of class {digit}.",
            enhanced=line.enhanced,
            code=line.code,
            digit=str(line.code)[0],
        )
    else:
        verdict = t.format(
            "The enhanced code {enhanced} does not agree with the reply code {code}: "
            "RFC 3463 requires the class digit of the enhanced code to match the "
            "first digit of the reply, so one of them is wrong.",
            enhanced=line.enhanced,
            code=line.code,
        )
    variants = None
    if found.variants:
        variants = Section(
            "variants",
            t.gettext(SECTIONS["variants"]),
            tuple(_variant_para(v, t) for v in found.variants),
            True,
        )
    names = " / ".join(e.name for e in (found.reply, found.enhanced) if e is not None)
    title = f"{line.key} {names}".strip()
    return ReplyExplanationData(line.key, title, verdict, found.consistent, parts, variants)


# -- comparison ---------------------------------------------------------------------------


def compare(
    entries: Sequence[Entry], registry: Registry, rows: Sequence[str] = ROW_KEYS
) -> Comparison:
    """Compare two or more codes: table rows, key differences, guidance."""
    t = registry.translator
    _ = t.gettext
    labels = [code_label(e, t) for e in entries]
    title = t.format("SMTP {codes}", codes=_(" vs ").join(labels))

    cells: dict[str, list[tuple[Para, ...]]] = {key: [] for key in ROW_KEYS}
    for entry in entries:
        meaning = " ".join(p for p in (entry.summary, entry.description) if p)
        cells["class"].append(((Text(class_label(entry, t)),),))
        cells["meaning"].append(((Text(meaning),),) if meaning else ())
        cells["when"].append(((Text(entry.when),),) if entry.when else ())
        cells["fix"].append(((Text(entry.fix),),) if entry.fix else ())
        nxt = _next(entry, t)
        cells["next"].append(((Text(nxt),),) if nxt else ())
        commands = _commands(entry, t)
        cells["commands"].append(((Text(commands),),) if commands else ())
        cells["references"].append(_links(entry.references, t))
    table_rows = tuple(Row(key, _(ROWS[key]), tuple(cells[key])) for key in rows if any(cells[key]))
    return Comparison(
        codes=tuple(e.code for e in entries),
        title=title,
        lead=_lead(entries, t),
        columns=tuple(labels),
        column_classes=tuple(e.reply_class for e in entries),
        rows=table_rows,
        differences=tuple(_differences(entries, t)),
        guidance=tuple(
            (_code_ref(registry, e.code), e.use or e.when or e.summary) for e in entries
        ),
        labels={
            "differences": _("Key differences"),
            "guidance": _("When to use which"),
            "table": _("Side-by-side comparison"),
            "aspect": _("Aspect"),
        },
    )


def _kind_class(entry: Entry, t: Translator) -> tuple[str, str]:
    return class_label(entry, t), t.gettext(KIND_WORD[entry.kind])


def _lead(entries: Sequence[Entry], t: Translator) -> str:
    labels = [code_label(e, t) for e in entries]
    classes = [_kind_class(e, t) for e in entries]
    if any(e.kind == "reply" and e.reply_class is None for e in entries):
        return " ".join(
            t.format(
                "{code} is not an SMTP reply: SMTP reply codes start with 2, 3, 4 or 5.", code=label
            )
            if e.kind == "reply" and e.reply_class is None
            else t.format("{code} is a {klass} {kind}.", code=label, klass=klass, kind=kind)
            for e, label, (klass, kind) in zip(entries, labels, classes)
        )
    if len(entries) == 2:
        (a_class, a_kind), (b_class, b_kind) = classes
        if (a_class, a_kind) == (b_class, b_kind):
            return t.format(
                "{a} and {b} are both {klass} {kinds}.",
                a=labels[0],
                b=labels[1],
                klass=a_class,
                kinds=t.gettext(KIND_WORDS[entries[0].kind]),
            )
        return t.format(
            "{a} is a {a_class} {a_kind}, while {b} is a {b_class} {b_kind}.",
            a=labels[0],
            a_class=a_class,
            a_kind=a_kind,
            b=labels[1],
            b_class=b_class,
            b_kind=b_kind,
        )
    grouped: dict[tuple[str, str], list[str]] = {}
    for label, entry in zip(labels, entries):
        grouped.setdefault((class_label(entry, t), entry.kind), []).append(label)
    sentences = []
    for (klass, kind), members in grouped.items():
        if len(members) == 1:
            sentence = t.format(
                "{code} is a {klass} {kind}.",
                code=members[0],
                klass=klass,
                kind=t.gettext(KIND_WORD[kind]),
            )
        else:
            sentence = t.format(
                "{codes} are {klass} {kinds}.",
                codes=t.join(members),
                klass=klass,
                kinds=t.gettext(KIND_WORDS[kind]),
            )
        sentences.append(sentence)
    return " ".join(sentences)


def _per_code(
    t: Translator, clause: str, pairs: Sequence[tuple[str, str]], plural: str | None = None
) -> str:
    """One sentence with a clause per value: "With 450 and 451, …; with 550, …".

    Codes that share a value share a clause; ``plural`` is the clause's
    template for more than one code where the verb must agree.
    """
    grouped: dict[str, list[str]] = {}
    for code, value in pairs:
        grouped.setdefault(value, []).append(code)
    parts = [
        t.format(plural if plural and len(codes) > 1 else clause, code=t.join(codes), value=value)
        for value, codes in grouped.items()
    ]
    joined = t.gettext("; ").join(parts)
    return _sentence(t, joined)


def _differences(entries: Sequence[Entry], t: Translator) -> list[str]:
    _ = t.gettext
    codes = [e.code for e in entries]
    found: list[str] = []

    classes = [e.reply_class for e in entries]
    if None not in classes and len(set(classes)) > 1:
        found.append(
            _per_code(
                t,
                N_("with {code}, {value}"),
                [(code, _(OUTCOME[c])) for code, c in zip(codes, classes)],
            )
        )
        found.append(
            _per_code(
                t,
                N_("after {code}, {value}"),
                [(code, _(NEXT_ACTOR[c])) for code, c in zip(codes, classes)],
            )
        )
    elif None not in classes:
        found.append(
            t.format(
                "All of them report the same outcome: {outcome}; they differ in what the server is "
                "reporting, as the table shows.",
                outcome=_(OUTCOME[classes[0]]),
            )
            if len(entries) > 2
            else t.format(
                "Both report the same outcome: {outcome}; they differ in what the server is "
                "reporting, as the table shows.",
                outcome=_(OUTCOME[classes[0]]),
            )
        )

    phases = [phase_of(e.commands) for e in entries]
    if all(phases) and len({p for p in phases}) > 1:
        found.append(
            _per_code(
                t,
                N_("{code} comes during {value}"),
                plural=N_("{code} come during {value}"),
                pairs=[
                    (code, t.join((_(p.value) for p in ph), alternatives=True))
                    for code, ph in zip(codes, phases)
                ],
            )
        )
    elif all(phases) and len(entries) > 1:
        found.append(
            t.format(
                "They come at the same stage of the session: {phases}.",
                phases=t.join((_(p.value) for p in phases[0]), alternatives=True),
            )
        )

    subjects = [e.subject for e in entries]
    if all(s is not None for s in subjects) and len(set(subjects)) > 1:
        found.append(
            _per_code(
                t,
                N_("{code} reports {value}"),
                plural=N_("{code} report {value}"),
                pairs=[(code, _(ENHANCED_SUBJECTS.get(s, ""))) for code, s in zip(codes, subjects)],
            )
        )

    nonstandard = [e.code for e in entries if not e.standard]
    if len(nonstandard) == 1 and len(entries) > 1:
        found.append(
            t.format(
                "No RFC defines {code}; a client can rely only on its first digit.",
                code=nonstandard[0],
            )
        )
    elif nonstandard and len(nonstandard) < len(entries):
        found.append(
            t.format(
                "No RFC defines {codes}; a client can rely only on their first digits.",
                codes=t.join(nonstandard),
            )
        )
    return found


# -- selections of many codes -----------------------------------------------------------

#: Categories a writer can filter by; derived from commands and subjects.
CATEGORIES = (
    "connection",
    "tls",
    "authentication",
    "addressing",
    "mailbox",
    "message",
    "policy",
    "protocol",
    "system",
    "queue",
)
_PHASE_CATEGORY = {
    "CONNECTION": "connection",
    "TLS": "tls",
    "AUTHENTICATION": "authentication",
    "ENVELOPE": "addressing",
    "MESSAGE": "message",
    "SESSION": "protocol",
    "QUEUE": "queue",
}
_SUBJECT_CATEGORY = {
    1: "addressing",
    2: "mailbox",
    3: "system",
    4: "connection",
    5: "protocol",
    6: "message",
    7: "policy",
}


def categories(entry: Entry, registry: Registry) -> set[str]:
    """The categories of a code, derived from its commands and subjects.

    A reply code takes the categories of the stages it comes in and of its
    typical enhanced codes; an enhanced code those of its subject and of the
    reply codes it is sent with (so X.7.8 is "authentication" through 535).
    """
    found = {_PHASE_CATEGORY[p.name] for p in phase_of(entry.commands) if p.name in _PHASE_CATEGORY}
    if entry.kind == "reply" and entry.code[1] == "0":
        found.add("protocol")
    if any(m.context == "AUTH" for m in entry.meanings):
        found.add("authentication")
    subjects = [entry.subject] if entry.subject is not None else []
    for code in entry.enhanced:
        subjects.append(int(code.split(".")[1]))
    found.update(_SUBJECT_CATEGORY[s] for s in subjects if s in _SUBJECT_CATEGORY)
    for code in entry.basic:
        basic = registry.get(code) if code in registry else None
        if basic is not None and "AUTH" in basic.commands:
            found.add("authentication")
    return found


@dataclass(frozen=True, slots=True)
class Selection:
    """Which codes a table or a reference shows; empty fields select everything."""

    codes: tuple[str, ...] = ()
    reply_class: str = ""
    kind: str = ""
    standard: bool | None = None
    categories: tuple[str, ...] = ()


def select(registry: Registry, selection: Selection) -> list[Entry]:
    """The entries a selection names, in registry order (or the order listed)."""
    if selection.codes:
        chosen = [registry.get(code) for code in selection.codes]
        entries = [e for e in chosen if e is not None]
    else:
        entries = list(registry)
    digit = selection.reply_class[:1]
    result = []
    for entry in entries:
        if digit and entry.code[0] not in (digit, "X"):
            continue
        if digit and entry.code[0] == "X" and digit == "3":
            continue  # enhanced codes have no class 3
        if selection.kind and entry.kind != selection.kind:
            continue
        if selection.standard is not None and entry.standard != selection.standard:
            continue
        if selection.categories and not categories(entry, registry) & set(selection.categories):
            continue
        result.append(entry)
    return result


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
