"""What to say when two or more codes are compared."""

from __future__ import annotations

from collections.abc import Sequence

from ..registry import Entry, Registry, Translator
from ..registry.i18n import N_
from ..registry.model import ENHANCED_SUBJECTS, Phase, phase_of
from .explain import same_class_basic
from .labels import (
    KIND_WORD,
    KIND_WORDS,
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
    next_step,
)
from .model import Comparison, Para, Row, Text

# -- comparison ---------------------------------------------------------------------------


def compare(
    entries: Sequence[Entry],
    registry: Registry,
    rows: Sequence[str] = ROW_KEYS,
    audience: str = "sender",
) -> Comparison:
    """Compare two or more codes: table rows, key differences, guidance.

    ``audience`` (one of :data:`AUDIENCES`) chooses whom the guidance speaks to.
    """
    t = registry.translator
    _ = t.gettext
    labels = [code_label(e, t) for e in entries]
    title = t.format("SMTP {codes}", codes=_(" vs ").join(labels))

    # One detail in two classes (2.7.0 and 4.7.0) has one description: it is
    # said once, after the lead, rather than in every column.
    descriptions = {e.description for e in entries}
    shared = descriptions.pop() if len(descriptions) == 1 and len(entries) > 1 else ""
    cells: dict[str, list[tuple[Para, ...]]] = {key: [] for key in ROW_KEYS}
    for entry in entries:
        own = "" if shared else entry.description
        meaning = " ".join(p for p in (entry.summary, own) if p)
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
        lead=" ".join(p for p in (_lead(entries, t), shared) if p),
        columns=tuple(labels),
        column_classes=tuple(e.reply_class for e in entries),
        rows=table_rows,
        differences=tuple(_differences(entries, t, [r.key for r in table_rows])),
        # Never another section's text: an entry without it says nothing here.
        guidance=tuple(
            (_code_ref(registry, e.code), e.use if audience == "operator" else e.advice)
            for e in entries
        ),
        labels={
            "differences": _("Key differences"),
            "guidance": _("Which code to send")
            if audience == "operator"
            else _("When to use which"),
            "table": t.format(
                "Side-by-side comparison of {codes}", codes=t.join([e.code for e in entries])
            ),
            "aspect": _("Aspect"),
            "code": _("Code"),
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


def _stages(entry: Entry) -> tuple[Phase, ...]:
    """The stages a code comes at, each named once: "any stage" only when it is the only one."""
    phases = phase_of(entry.commands)
    specific = tuple(p for p in phases if p is not Phase.ANY)
    return specific or phases


def _differences(entries: Sequence[Entry], t: Translator, rows: Sequence[str] = ()) -> list[str]:
    _ = t.gettext
    codes = [e.code for e in entries]
    found: list[str] = []
    both = len(entries) == 2

    classes = [e.reply_class for e in entries]
    same_class = None not in classes and len(set(classes)) == 1
    if None not in classes and len(set(classes)) > 1:
        found.append(
            _per_code(
                t,
                N_("with {code}, {value}"),
                [(code, _(OUTCOME[c])) for code, c in zip(codes, classes)],
            )
        )
    elif same_class:
        template = (
            N_("Both report the same outcome: {outcome}.")
            if both
            else N_("All of them report the same outcome: {outcome}.")
        )
        found.append(t.format(template, outcome=_(OUTCOME[classes[0]])))

    # Who acts next: each code's own statement, once per distinct statement,
    # unless the comparison's own row already says it.
    steps = [next_step(e, t) for e in entries]
    if "next" not in rows and all(steps) and len(set(steps)) > 1:
        grouped: dict[str, list[str]] = {}
        for code, step in zip(codes, steps):
            grouped.setdefault(step, []).append(code)
        for step, members in grouped.items():
            found.append(t.format("After {code}: {step}", code=t.join(members), step=step))
    same_step = len(set(steps)) == 1

    stages = [_stages(e) for e in entries]
    same_stage = all(stages) and len(set(stages)) == 1
    if all(stages) and not same_stage:
        found.append(
            _per_code(
                t,
                N_("{code} comes during {value}"),
                plural=N_("{code} come during {value}"),
                pairs=[
                    (code, t.join((_(p.value) for p in ph), alternatives=True))
                    for code, ph in zip(codes, stages)
                ],
            )
        )
    elif same_stage and len(entries) > 1:
        if stages[0] == (Phase.ANY,):
            found.append(_("They can come at any stage of the session."))
        else:
            found.append(
                t.format(
                    "They come at the same stage of the session: {phases}.",
                    phases=t.join((_(p.value) for p in stages[0]), alternatives=True),
                )
            )

    subjects = [_subject(e) for e in entries]
    if all(s is not None for s in subjects) and len(set(subjects)) > 1:
        if all(e.kind == "enhanced" for e in entries):
            one, many = N_("{code} reports {value}"), N_("{code} report {value}")
        else:
            one, many = N_("{code} usually carries {value}"), N_("{code} usually carry {value}")
        found.append(
            _per_code(
                t,
                one,
                plural=many,
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

    if same_class and same_step and (same_stage or not all(stages)):
        found.extend(_concrete(entries, t))
    return found


def _subject(entry: Entry) -> int | None:
    """The subject an enhanced code reports, or a reply's typical enhanced codes report."""
    if entry.kind == "enhanced":
        return entry.subject
    subjects = [int(code.split(".")[1]) for code in entry.enhanced if code.count(".") == 2]
    # X.0.0 says nothing about a subject; a reply whose codes are all X.0.0 has none.
    telling = [s for s in subjects if s != 0]
    return telling[0] if telling else None


def _concrete(entries: Sequence[Entry], t: Translator) -> list[str]:
    """What tells codes apart when class, stage and next step agree."""
    _ = t.gettext
    found = []
    commands = [_commands(e, t) for e in entries]
    if all(commands) and len(set(commands)) > 1:
        found.append(
            _per_code(
                t,
                N_("{code} answers {value}"),
                plural=N_("{code} answer {value}"),
                pairs=list(zip((e.code for e in entries), commands)),
            )
        )
    basics = [same_class_basic(e) for e in entries]
    if all(e.kind == "enhanced" for e in entries) and any(basics) and len(set(basics)) > 1:
        found.append(
            _per_code(
                t,
                N_("{code} is sent with {value}"),
                plural=N_("{code} are sent with {value}"),
                pairs=[
                    (e.code, t.join(b) if b else _("no reply code IANA names"))
                    for e, b in zip(entries, basics)
                ],
            )
        )
    if not found:
        found.append(
            t.format(
                "They differ in what the server reports: {names}.",
                names=t.join(code_label(e, t) for e in entries),
            )
        )
    return found
