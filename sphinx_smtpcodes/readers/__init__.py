"""Readers of real material: text as people paste it (a transcript, a reply,
a bounce) turned into the model's values. Pure Python: no Sphinx, no docutils."""

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
