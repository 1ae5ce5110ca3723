"""Terminal text: the same content the directives render, for the command line."""

from __future__ import annotations

import shutil
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ..content import (
    Badge,
    CodeRef,
    Comparison,
    Explanation,
    Link,
    Para,
    ReplyExplanationData,
    badge_text,
)

if TYPE_CHECKING:  # each command imports what it reads (bounces need the email package)
    from ..content.bounce import BounceReport
    from ..content.reply import ReadingView
    from ..content.session import LegendItem
    from ..readers.transcript import Transcript


def _width() -> int:
    return min(shutil.get_terminal_size((88, 20)).columns, 100)


def para_text(para: Para) -> str:
    """One paragraph as plain text: links as ``label <url>``."""
    out = []
    for piece in para:
        if isinstance(piece, Link):
            out.append(f"{piece.text} <{piece.url}>")
        elif isinstance(piece, CodeRef):
            out.append(piece.text)
        elif isinstance(piece, Badge):
            out.append(badge_text(piece.text))
        else:
            out.append(piece.text)
    return "".join(out)


def _display_width(text: str) -> int:
    """How many terminal columns ``text`` takes (wide CJK characters count twice)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _underline(text: str) -> str:
    """A rule as wide as ``text`` looks."""
    return "=" * _display_width(text)


def render_rows(rows: Sequence[Sequence[Sequence[Para]]]) -> str:
    """Rows of a table of codes (:func:`content.table_row`) as aligned columns."""
    texts = [[" ".join(para_text(p) for p in cell) for cell in row] for row in rows]
    if not texts:
        return ""
    widths = [max(_display_width(row[i]) for row in texts) for i in range(len(texts[0]) - 1)]
    lines = []
    for row in texts:
        cells = [c + " " * (w - _display_width(c)) for c, w in zip(row, widths)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _wrap(text: str, indent: str = "", bullet: str = "") -> str:
    first = indent + bullet
    rest = indent + " " * len(bullet)
    return textwrap.fill(
        text,
        _width(),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    )


def render_explanation(data: Explanation) -> str:
    """An explanation of one code for a terminal."""
    badges = "".join(" " + badge_text(b) for b in data.badges)
    lines = [f"{data.title}{badges}", _underline(data.title + badges), data.class_line]
    if data.summary:
        lines += ["", _wrap(data.summary)]
    for section in data.sections:
        lines += ["", section.label]
        for para in section.paragraphs:
            lines.append(_wrap(para_text(para), "  ", "- " if section.items else ""))
    return "\n".join(lines)


def render_reply(data: ReplyExplanationData) -> str:
    """A full reply for a terminal: the verdict, then both parts."""
    lines = [data.title, _underline(data.title)]
    if data.verdict:
        lines.append(_wrap(data.verdict))
    for part in data.parts:
        lines += ["", render_explanation(part)]
    if data.variants:
        lines += ["", data.variants.label]
        lines += [_wrap(para_text(p), "  ", "- ") for p in data.variants.paragraphs]
    return "\n".join(lines)


def render_comparison(data: Comparison) -> str:
    """A comparison for a terminal: the table as labelled blocks per row."""
    lines = [data.title, _underline(data.title), _wrap(data.lead)]
    for row in data.rows:
        lines += ["", row.label]
        pairs = zip(data.columns, row.cells)
        if row.shared:  # the codes share the value: say it once
            pairs = zip((" / ".join(data.codes),), row.cells[:1])
        for column, cell in pairs:
            # Separate paragraphs (the sources of a code) that the table would stack.
            text = "; ".join(para_text(p) for p in cell) or "—"
            lines.append(_wrap(f"{column}: {text}", "  ", "- "))
    if data.differences:
        lines += ["", data.labels["differences"]]
        lines += [_wrap(s, "  ", "- ") for s in data.differences]
    guidance = [(ref, text) for ref, text in data.guidance if text]
    if guidance:
        lines += ["", data.labels["guidance"]]
        lines += [_wrap(f"{ref.text}: {text}", "  ", "- ") for ref, text in guidance]
    return "\n".join(lines)


def render_reading(data: ReadingView) -> str:
    """A real reply's reading for a terminal: what the server meant, then the rest."""
    lines = [data.title, _underline(data.title)]
    for section in data.sections:
        lines += ["", section.label]
        for para in section.paragraphs:
            lines.append(_wrap(para_text(para), "  ", "- " if section.items else ""))
    return "\n".join(lines)


def render_session(
    transcript: Transcript, legend: Sequence[LegendItem], title: str, note: Callable[[str], str]
) -> str:
    """A transcript for a terminal: its lines as shown (masked), then the legend.

    ``note`` turns a decoded 334 challenge into the note after its line,
    the same one the directive shows.
    """
    lines = [line.text + (note(line.note) if line.note else "") for line in transcript.lines]
    if legend:
        lines += ["", title, _underline(title)]
        for item in legend:
            lines.append(_wrap(f"{item.label}: {item.summary}", "  ", "- "))
    return "\n".join(lines)


def render_bounce(data: BounceReport) -> str:
    """A bounce for a terminal: the summary, each recipient, what to do."""
    lines = [data.title, _underline(data.title)]
    lines += [_wrap(" ".join(data.summary))]
    labels = data.labels
    for row in data.recipients:
        lines += ["", row.address]
        if row.action:
            meaning = f" — {row.action_meaning}" if row.action_meaning else ""
            lines.append(_wrap(f"{labels['action']}: {row.action}{meaning}", "  "))
        if row.status:
            lines.append(_wrap(f"{labels['status']}: {para_text(row.status)}", "  "))
        if row.reply:
            label = labels["reply"] if row.reply_codes else labels["reason"]
            lines.append(_wrap(f"{label}: {row.reply}", "  "))
            lines += [_wrap(para_text(p), "    ", "- ") for p in row.explanation]
        if row.remote_mta:
            lines.append(_wrap(f"{labels['remote']}: {row.remote_mta}", "  "))
        lines += [_wrap(note, "  ", "! ") for note in row.notes]
        if row.advice:
            lines.append(_wrap(f"{labels['advice']}: {row.advice}", "  "))
    if data.notes:
        lines += ["", labels["problems"]]
        lines += [_wrap(note, "  ", "- ") for note in data.notes]
    return "\n".join(lines)
