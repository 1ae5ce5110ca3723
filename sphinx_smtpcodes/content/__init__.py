"""What to say about codes, computed once as plain data.

:func:`explain` describes one code, :func:`explain_reply` a full reply and
:func:`compare` two or more codes. The results hold text in the registry's
language and inline pieces (:class:`CodeRef`, :class:`Link`) that a renderer
turns into docutils nodes (:mod:`sphinx_smtpcodes.render.nodes`) or terminal text
(:mod:`sphinx_smtpcodes.render.text`). No Sphinx, no docutils.
"""

from .compare import AUDIENCES, MAX_COMPARED, compare
from .explain import explain, explain_reply
from .labels import (
    COMMAND_NAMES,
    KIND_WORD,
    KIND_WORDS,
    ROW_ALIASES,
    ROW_KEYS,
    ROWS,
    SECTIONS,
    badge_text,
    badges,
    class_heading,
    class_label,
    class_line,
    code_label,
    group_label,
    links,
    named_code,
    subject_heading,
    tooltip,
)
from .model import (
    Badge,
    CodeRef,
    Comparison,
    Explanation,
    Inline,
    Link,
    Para,
    ReplyExplanationData,
    Row,
    Section,
    Text,
)
from .select import CATEGORIES, Selection, categories, select
from .table import COLUMNS, DEFAULT_COLUMNS, table_cell, table_row

#: Imported when first asked for: reading bounces brings in the ``email``
#: package, which a build or a command that reads no bounce does not need.
_LAZY = {"BounceReport": "bounce", "RecipientReport": "bounce", "explain_bounce": "bounce"}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "AUDIENCES",
    "CATEGORIES",
    "COLUMNS",
    "COMMAND_NAMES",
    "DEFAULT_COLUMNS",
    "KIND_WORD",
    "KIND_WORDS",
    "MAX_COMPARED",
    "ROWS",
    "ROW_ALIASES",
    "ROW_KEYS",
    "SECTIONS",
    "Badge",
    "BounceReport",
    "CodeRef",
    "Comparison",
    "Explanation",
    "Inline",
    "Link",
    "Para",
    "RecipientReport",
    "ReplyExplanationData",
    "Row",
    "Section",
    "Selection",
    "Text",
    "badge_text",
    "badges",
    "categories",
    "class_heading",
    "class_label",
    "class_line",
    "code_label",
    "compare",
    "explain",
    "explain_bounce",
    "explain_reply",
    "group_label",
    "links",
    "named_code",
    "select",
    "subject_heading",
    "table_cell",
    "table_row",
    "tooltip",
]
