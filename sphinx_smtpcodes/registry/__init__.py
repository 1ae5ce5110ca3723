"""The SMTP code registry: data, model and parsing. No Sphinx import.

>>> from sphinx_smtpcodes.registry import load_registry
>>> registry = load_registry("en")
>>> registry.get("450").name
'Mailbox Unavailable'
"""

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
