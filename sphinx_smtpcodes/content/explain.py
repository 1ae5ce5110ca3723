"""What to say about one code, or one full reply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..registry import Entry, Registry, ReplyExplanation, Translator
from ..registry.model import ENHANCED_SUBJECTS, REPLY_CATEGORIES
from .labels import (
    COMMAND_NAMES,
    SECTIONS,
    _commands,
    _next,
    _refs,
    class_label,
    code_label,
    links,
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
    add("references", links(entry.references, t), items=True)

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
