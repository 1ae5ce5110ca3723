"""The plain data that content functions return and renderers read.

No Sphinx, no docutils: a renderer turns these into docutils nodes
(:mod:`sphinx_smtpcodes.render.nodes`) or terminal text
(:mod:`sphinx_smtpcodes.render.text`).
"""

from __future__ import annotations

from ..registry.frozen import frozen
from ..registry.model import ReplyClass


@frozen
class Text:
    """Plain text."""

    text: str


@frozen
class CodeRef:
    """A mention of a code: a renderer links it to the code's block."""

    code: str
    text: str
    summary: str = ""


@frozen
class Link:
    """A link to an outside page (an RFC section, a vendor page)."""

    text: str
    url: str


@frozen
class Badge:
    """A short mark beside a code: ``non-standard``, ``deprecated``."""

    text: str


Inline = Text | CodeRef | Link | Badge
Para = tuple[Inline, ...]


@frozen
class Section:
    """A labelled part of an explanation; ``items`` render as a list."""

    key: str
    label: str
    paragraphs: tuple[Para, ...]
    items: bool = False


@frozen
class Explanation:
    """Everything said about one code."""

    code: str
    name: str
    title: str
    class_line: str
    summary: str
    standard: bool
    badges: tuple[str, ...]
    sections: tuple[Section, ...]
    reply_class: ReplyClass | None


@frozen
class ReplyExplanationData:
    """A full reply: a sentence on how its parts fit, then each part."""

    key: str
    title: str
    verdict: str
    consistent: bool
    parts: tuple[Explanation, ...]
    variants: Section | None


@frozen
class Row:
    """A row of a comparison table: a label and one cell per code."""

    key: str
    label: str
    cells: tuple[tuple[Para, ...], ...]

    @property
    def shared(self) -> bool:
        """Whether every code has the same cell: a renderer shows it once, across."""
        return len(self.cells) > 1 and all(cell == self.cells[0] for cell in self.cells)


@frozen
class Comparison:
    """A comparison of two or more codes, ready to render."""

    codes: tuple[str, ...]
    title: str
    lead: str
    columns: tuple[str, ...]
    column_classes: tuple[ReplyClass | None, ...]
    rows: tuple[Row, ...]
    differences: tuple[str, ...]
    guidance: tuple[tuple[CodeRef, str], ...]
    labels: dict[str, str]
