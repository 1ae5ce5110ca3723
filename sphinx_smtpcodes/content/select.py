"""Selections of many codes (tables, references, ``smtpcodes list``) and their categories."""

from __future__ import annotations

from ..registry import CodeSyntaxError, Entry, Registry
from ..registry.frozen import frozen
from ..registry.model import phase_of

# -- selections of many codes -----------------------------------------------------------

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


@frozen
class Selection:
    """Which codes a table or a reference shows; empty fields select everything."""

    codes: tuple[str, ...] = ()
    reply_class: str = ""
    kind: str = ""
    standard: bool | None = None
    categories: tuple[str, ...] = ()


def _lookup(registry: Registry, code: str) -> Entry | None:
    # A vendor range (5.7.606-649) is a key of the registry, not a code to parse.
    found = registry.entries.get(code)
    if found is not None:
        return found
    try:
        return registry.get(code)
    except CodeSyntaxError:
        return None


def select(registry: Registry, selection: Selection) -> list[Entry]:
    """The entries a selection names, in registry order (or the order listed)."""
    if selection.codes:
        chosen = [_lookup(registry, code) for code in selection.codes]
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
