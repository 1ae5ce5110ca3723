"""Rows of a table of many codes (``smtp-table``, ``smtpcodes list``) as plain data."""

from __future__ import annotations

from collections.abc import Sequence

from ..registry import Entry, Registry
from ..registry.i18n import N_
from .labels import (
    COMMAND_NAMES,
    KIND_WORD,
    badges,
    class_label,
    links,
    tooltip,
)
from .model import Badge, CodeRef, Para, Text

#: Columns of a table of codes: label (message id) and relative width.
COLUMNS = {
    "code": (N_("Code"), 12),
    "name": (N_("Name"), 24),
    "class": (N_("Class"), 22),
    "summary": (N_("Summary"), 42),
    "kind": (N_("Kind"), 12),
    "standard": (N_("Standard"), 12),
    "commands": (N_("Commands"), 20),
    "references": (N_("Defined in"), 20),
}
DEFAULT_COLUMNS = ("code", "name", "class", "summary")


def code_cell(entry: Entry, registry: Registry) -> Para:
    """The code, linked, with its badges: ``571 [non-standard]``."""
    t = registry.translator
    pieces: list = [CodeRef(entry.code, entry.code, tooltip(entry, t))]
    for badge in badges(entry, t):
        pieces += [Text(" "), Badge(badge)]
    return tuple(pieces)


def table_cell(entry: Entry, column: str, registry: Registry) -> tuple[Para, ...]:
    """The paragraphs of one cell of a table of codes."""
    t = registry.translator
    if column == "code":
        return (code_cell(entry, registry),)
    if column == "references":
        return links(entry.references, t)
    text = {
        "name": entry.name,
        "class": class_label(entry, t),
        "summary": entry.summary,
        "kind": t.gettext(KIND_WORD[entry.kind]),
        "standard": t.gettext("yes") if entry.standard else t.gettext("no"),
        "commands": ", ".join(t.gettext(COMMAND_NAMES.get(c, c)) for c in entry.commands),
    }[column]
    return ((Text(text),),)


def table_row(
    entry: Entry, columns: Sequence[str], registry: Registry
) -> tuple[tuple[Para, ...], ...]:
    """One row of a table of codes: a cell per column."""
    return tuple(table_cell(entry, column, registry) for column in columns)
