"""What to say about codes, computed once as plain data.

:func:`explain` describes one code, :func:`explain_reply` a full reply and
:func:`compare` two or more codes. The results hold text in the registry's
language and inline pieces (:class:`CodeRef`, :class:`Link`) that a renderer
turns into docutils nodes (:mod:`sphinx_smtpcodes.render.nodes`) or terminal text
(:mod:`sphinx_smtpcodes.render.text`). No Sphinx, no docutils.
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_package

#: Where each name lives. A name is imported when first asked for, so that a
#: build or a command loads only the parts it uses (reading bounces, for one,
#: brings in the slow ``email`` package).
_HOMES = {
    "AUDIENCES": "choices",
    "Badge": "model",
    "BounceReport": "bounce",
    "CATEGORIES": "choices",
    "COLUMNS": "table",
    "COMMAND_NAMES": "labels",
    "CodeRef": "model",
    "Comparison": "model",
    "DEFAULT_COLUMNS": "table",
    "Explanation": "model",
    "Inline": "model",
    "KIND_WORD": "labels",
    "KIND_WORDS": "labels",
    "Link": "model",
    "MAX_COMPARED": "choices",
    "Para": "model",
    "ROWS": "labels",
    "ROW_ALIASES": "labels",
    "ROW_KEYS": "labels",
    "RecipientReport": "bounce",
    "ReplyExplanationData": "model",
    "Row": "model",
    "SECTIONS": "labels",
    "Section": "model",
    "Selection": "select",
    "Text": "model",
    "badge_text": "labels",
    "badges": "labels",
    "categories": "select",
    "class_heading": "labels",
    "class_label": "labels",
    "class_line": "labels",
    "code_label": "labels",
    "compare": "compare",
    "explain": "explain",
    "explain_bounce": "bounce",
    "explain_reply": "explain",
    "group_label": "labels",
    "links": "labels",
    "named_code": "labels",
    "select": "select",
    "subject_heading": "labels",
    "table_cell": "table",
    "table_row": "table",
    "tooltip": "labels",
}


__getattr__ = lazy_package(__name__, _HOMES)


if TYPE_CHECKING:
    from .bounce import BounceReport, RecipientReport, explain_bounce
    from .choices import AUDIENCES, CATEGORIES, MAX_COMPARED
    from .compare import compare
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
    from .select import Selection, categories, select
    from .table import COLUMNS, DEFAULT_COLUMNS, table_cell, table_row

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
