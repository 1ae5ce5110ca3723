"""The SMTP code registry: data, model and parsing. No Sphinx import.

>>> from sphinx_smtpcodes.registry import load_registry
>>> registry = load_registry("en")
>>> registry.get("450").name
'Mailbox Unavailable'
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_package

#: Where each name lives; each is imported when first asked for.
_HOMES = {
    **dict.fromkeys(("Entry", "Meaning", "Problem", "Reference", "Variant"), "entries"),
    "Translator": "i18n",
    **dict.fromkeys(
        (
            "CodeSyntaxError",
            "EnhancedClass",
            "EnhancedStatus",
            "Phase",
            "ReplyClass",
            "ReplyCode",
            "ReplyLine",
            "parse_code",
            "parse_reply",
        ),
        "model",
    ),
    **dict.fromkeys(
        ("Registry", "ReplyExplanation", "available_languages", "load_registry"), "registry"
    ),
}
__getattr__ = lazy_package(__name__, _HOMES)

if TYPE_CHECKING:
    from .entries import Entry, Meaning, Problem, Reference, Variant
    from .i18n import Translator
    from .model import (
        CodeSyntaxError,
        EnhancedClass,
        EnhancedStatus,
        Phase,
        ReplyClass,
        ReplyCode,
        ReplyLine,
        parse_code,
        parse_reply,
    )
    from .registry import Registry, ReplyExplanation, available_languages, load_registry

__all__ = [
    "CodeSyntaxError",
    "EnhancedClass",
    "EnhancedStatus",
    "Entry",
    "Meaning",
    "Phase",
    "Problem",
    "Reference",
    "Registry",
    "ReplyClass",
    "ReplyCode",
    "ReplyExplanation",
    "ReplyLine",
    "Translator",
    "Variant",
    "available_languages",
    "load_registry",
    "parse_code",
    "parse_reply",
]
