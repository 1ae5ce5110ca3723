"""Readers of real material: text as people paste it (a transcript, a reply,
a bounce) turned into the model's values. Pure Python: no Sphinx, no docutils."""

from typing import TYPE_CHECKING

from ..lazy import lazy_package

#: Where each name lives; each is imported when first asked for.
_HOMES = {
    "Redactor": "redact",
    "redact": "redact",
    "Note": "reply",
    "RealReply": "reply",
    "Span": "reply",
    "read_reply": "reply",
    "Transcript": "transcript",
    "TranscriptLine": "transcript",
    "parse_transcript": "transcript",
}
__getattr__ = lazy_package(__name__, _HOMES)

if TYPE_CHECKING:
    from .redact import Redactor, redact
    from .reply import Note, RealReply, Span, read_reply
    from .transcript import Transcript, TranscriptLine, parse_transcript

__all__ = [
    "Note",
    "RealReply",
    "Redactor",
    "Span",
    "Transcript",
    "TranscriptLine",
    "parse_transcript",
    "read_reply",
    "redact",
]
