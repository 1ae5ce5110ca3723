"""Readers of real material: text as people paste it (a transcript, a reply,
a bounce) turned into the model's values. Pure Python: no Sphinx, no docutils."""

from .transcript import Transcript, TranscriptLine, parse_transcript

__all__ = ["Transcript", "TranscriptLine", "parse_transcript"]
