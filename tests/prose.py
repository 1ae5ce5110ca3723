"""Checks for the known failure modes of generated and written prose."""

from __future__ import annotations

import re

DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE | re.UNICODE)
BROKEN = re.compile(r"\bwhen\s+(during|when|if|after|while)\b", re.IGNORECASE)
NEGATIONS = (
    "not ",
    "unlike",
    "rather than",
    "instead of",
    "never",
    "n't",
    "no ",
    "5xx",
    "4xx",
    "as opposed",
    "versus",
    "vs",
    "nothing",
)


def doubled_words(text: str) -> list[str]:
    """Words written twice in a row ("when when", "the the")."""
    return [m.group(0) for m in DOUBLED.finditer(text) if not m.group(1).isdigit()]


def broken_phrases(text: str) -> list[str]:
    """Glued fragments such as "when during"."""
    return [m.group(0) for m in BROKEN.finditer(text)]


def contradicts_class(text: str, first_digit: str) -> list[str]:
    """Sentences that call a 4xx permanent or a 5xx temporary without a negation."""
    wrong = {"4": ("permanent",), "5": ("temporar", "transient"), "2": ("failed",)}.get(
        first_digit, ()
    )
    found = []
    for sentence in re.split(r"(?<=[.;:])\s+", text):
        lower = sentence.lower()
        for word in wrong:
            if word in lower and not any(n in lower for n in NEGATIONS):
                found.append(sentence)
    return found
