"""What to say about one code, or one full reply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..registry import Entry, Registry, ReplyExplanation, Translator
from ..registry.i18n import N_
from .labels import (
    COMMAND_NAMES,
    SECTIONS,
    _commands,
    _refs,
    badges,
    class_line,
    code_label,
    links,
    next_step,
)
from .model import Explanation, Inline, Link, Para, ReplyExplanationData, Section, Text

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

    unusual = entry.unusual_class
    add("description", [*_class_sentence(entry, t), *text(entry.description)])
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
    if not unusual:
        # An unusual class (5.1.5) would make the pattern's "when" and "fix",
        # written for the classes its detail is meant for, contradict the code.
        add("when", text(entry.when))
        add("fix", text(entry.fix))
    add("next", text(next_step(entry, t)))
    add("commands", text(_commands(entry, t)))
    basic_codes = same_class_basic(entry)
    if basic_codes:
        basic = list(_refs(registry, basic_codes))
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
    add("references", links(entry.references, t), items=True)

    return Explanation(
        code=entry.code,
        name=entry.name,
        title=code_label(entry, t),
        class_line=class_line(entry, t),
        summary=entry.summary,
        standard=entry.standard,
        badges=badges(entry, t),
        sections=tuple(sections),
        reply_class=entry.reply_class,
    )


def same_class_basic(entry: Entry) -> tuple[str, ...]:
    """The reply codes IANA pairs with an enhanced code, of that code's own class.

    IANA lists them per detail (X.1.1: 451, 550); 5.1.1 is sent only with
    the 5xx ones (RFC 3463 §3.1). An unbound pattern (X.1.1) keeps them all.
    """
    klass = entry.enhanced_class
    if klass is None:
        return entry.basic
    return tuple(code for code in entry.basic if code[0] == str(klass.value))


#: What an enhanced code's class says about the outcome (RFC 3463 §3.1).
CLASS_SENTENCES = {
    2: N_("{code} is a success status: the command or delivery succeeded."),
    4: N_("{code} is a temporary failure: a later attempt may succeed."),
    5: N_("{code} is a permanent failure: the same attempt fails again unless something changes."),
}
#: How the detail fits a class it is meant for.
DETAIL_FITS = N_("The detail {pattern} says what it concerns.")
#: Said when a class does not fit a detail: (class of the code, classes that fit).
UNUSUAL = {
    "success-for-failure": N_(
        "This combination is unusual: IANA pairs {pattern} with failure replies only. The "
        "class decides, so the command succeeded; the server probably reuses one detail for "
        "every reply, and its text says more."
    ),
    "failure-for-success": N_(
        "This combination is unusual: IANA pairs {pattern} with success replies only. The "
        "class decides, so the command failed; the detail probably means that this part was "
        "in order and the failure lies elsewhere, as the reply text should say."
    ),
    "temporary-for-permanent": N_(
        "This combination is unusual: IANA meant {pattern} for permanent failures, not "
        "temporary ones. As a temporary failure it probably means that the server could "
        "not settle the question for now, for example because a lookup failed, so the "
        "client tries again later."
    ),
    "permanent-for-temporary": N_(
        "This combination is unusual: IANA meant {pattern} for temporary failures, not "
        "permanent ones. As a permanent failure it probably means that the server no "
        "longer waits for the condition to clear and refuses the message for good."
    ),
}


def _class_sentence(entry: Entry, t: Translator) -> list[Para]:
    """For 2.7.0, 4.7.0, 5.7.0: what the class says, and whether the detail fits it."""
    klass = entry.enhanced_class
    if klass is None or entry.kind != "enhanced":
        return []
    pattern = entry.pattern or "X" + entry.code[1:]
    sentence = t.format(CLASS_SENTENCES[klass.value], code=entry.code)
    if not entry.unusual_class:
        return [(Text(f"{sentence} {t.format(DETAIL_FITS, pattern=pattern)}"),)]
    found = [(Text(sentence),)]
    if entry.unusual_class:
        fitting = entry.fitting_classes
        if klass.value == 2:
            key = "success-for-failure"
        elif fitting == (2,):
            key = "failure-for-success"
        elif klass.value == 4:
            key = "temporary-for-permanent" if 5 in fitting else "failure-for-success"
        else:
            key = "permanent-for-temporary" if 4 in fitting else "failure-for-success"
        found.append((Text(t.format(UNUSUAL[key], pattern=pattern)),))
    return found


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
    for index, ref in enumerate(variant.references):
        # Adjacent links need a separator, or their titles run together.
        parts.extend((Text(" " if index == 0 else "; "), Link(ref.label, ref.href)))
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
            # Named for the pair: a part may have a "Vendor meanings" of its own.
            t.format("Vendor meanings of {reply}", reply=line.key),
            tuple(_variant_para(v, t) for v in found.variants),
            True,
        )
    title = code_label(found, t)
    return ReplyExplanationData(line.key, title, verdict, found.consistent, parts, variants)
