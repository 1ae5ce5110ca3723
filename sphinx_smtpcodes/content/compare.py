"""What to say when two or more codes are compared."""

from __future__ import annotations

from collections.abc import Sequence

from ..registry import Entry, Registry, Translator
from ..registry.i18n import N_
from ..registry.model import ENHANCED_SUBJECTS, phase_of
from .labels import (
    KIND_WORD,
    KIND_WORDS,
    NEXT_ACTOR,
    OUTCOME,
    ROW_KEYS,
    ROWS,
    _code_ref,
    _commands,
    _next,
    _sentence,
    class_label,
    code_label,
    links,
)
from .model import Comparison, Para, Row, Text

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
        cells["references"].append(links(entry.references, t))
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
