"""``smtp-session``: an SMTP transcript, verbatim, with every reply explained.

Credentials are masked twice over. The directive shows the masked text, and
before that, at ``source-read`` (and ``include-read``), the extension masks
them in the page's source text itself, so that nothing docutils keeps (the
doctree's ``rawsource``, a system message quoting the block, the search
index) ever holds them. Sphinx's HTML builders copy the source file for the
"show source" link straight from disk, so at ``build-finished`` each copy in
``_sources/`` that holds a transcript is written again from the masked text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import content
from ..content.session import decoded_note, legend_title, session_legend
from ..readers.transcript import FORMATS, Transcript, TranscriptLine, parse_transcript
from ..render import nodes as render
from .config import warn
from .directives import SMTPDirective

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_YES = frozenset({"", "yes", "true", "on", "1"})
_NO = frozenset({"no", "false", "off", "0"})


def show_credentials(value: str | None) -> bool | None:
    """The ``:show-credentials:`` option: ``True``, ``False``, or ``None`` if unreadable.

    Given alone it means yes (as before it took a value); MyST's
    ``show-credentials: false`` means no.
    """
    text = "" if value is None else str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def read_format(value: str | None) -> str | None:
    """The ``:format:`` option: ``auto`` or a known format; ``None`` if unknown."""
    text = (value or "auto").strip().lower()
    return text if text == "auto" or text in FORMATS else None


class SMTPSessionDirective(SMTPDirective):
    """A transcript in any common tool's format (see :mod:`sphinx_smtpcodes.readers.transcript`).

    The transcript is shown as it was typed, each server reply's code linked
    to its explanation (with the summary as a tooltip), 334 challenges decoded
    beside their line, lines that are not protocol dimmed as notes, and a
    legend of the codes that appeared. Credentials the client sent are masked
    unless ``:show-credentials: yes`` is given.
    """

    has_content = True
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "caption": directives.unchanged,
        "show-credentials": directives.unchanged,
        "format": directives.unchanged,
        "no-legend": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        if not self.content:
            return self.warn("smtp-session needs a transcript as its content", "session")
        show = show_credentials(self.options.get("show-credentials"))
        if show is None:
            self.warn(
                f"smtp-session: :show-credentials: takes yes or no, not "
                f"{self.options['show-credentials']!r}; credentials stay masked",
                "option",
            )
            show = False
        name = read_format(self.options.get("format"))
        if name is None:
            known = ", ".join(["auto", *FORMATS])
            self.warn(
                f"smtp-session: unknown :format: {self.options['format']!r} "
                f"(known: {known}); the format is detected",
                "option",
            )
            name = "auto"
        transcript = parse_transcript("\n".join(self.content), show_credentials=show, format=name)
        for problem in transcript.problems:
            source, offset = self.content.info(problem.line - 1)
            warn(f"smtp-session: {problem.message}", "session", f"{source}:{(offset or 0) + 1}")
        block = render.plain_text(nodes.container(classes=["smtp-session"]))
        if "caption" in self.options:
            caption = self.options["caption"]
            block += nodes.rubric(caption, caption, classes=["smtp-title"])
        block += self.literal(transcript)
        if "no-legend" not in self.options:
            legend = self.legend(transcript)
            if legend is not None:
                label = legend_title(self.registry)
                block += nodes.rubric(label, label, classes=["smtp-subtitle"])
                block += legend
        self.add_name(block[0])
        return self.finish(block)

    def literal(self, transcript: Transcript) -> nodes.literal_block:
        """The transcript as a literal block: one node per run of like lines.

        Builders treat a literal block whose source differs from its text as
        parsed (links kept, no highlighting); the trailing newline makes sure.
        Its source is the masked text: a doctree keeps it.
        """
        shown = "\n".join(line.text for line in transcript.lines)
        literal = nodes.literal_block(shown + "\n", classes=["smtp-transcript"])
        runs: list[tuple[str, list[str]]] = []
        last = len(transcript.lines) - 1
        for index, line in enumerate(transcript.lines):
            end = "" if index == last else "\n"
            linked = line.reply_index is not None and not line.continuation
            if linked and transcript.replies[line.reply_index].first_line == line.number:
                self.flush(literal, runs)
                literal.extend(self.reply_line(line, transcript))
                runs.append(("server", [end]))
                continue
            side = line.side
            if runs and runs[-1][0] == side:
                runs[-1][1].append(line.text + end)
            else:
                runs.append((side, [line.text + end]))
        self.flush(literal, runs)
        return literal

    @staticmethod
    def flush(literal: nodes.literal_block, runs: list[tuple[str, list[str]]]) -> None:
        for side, texts in runs:
            text = "".join(texts)
            if text:
                literal += nodes.inline(text, text, classes=[f"smtp-{side}"])
        runs.clear()

    def reply_line(self, line: TranscriptLine, transcript: Transcript) -> list[nodes.Node]:
        """The first line of a reply: its codes linked, its decoded challenge after it."""
        reply = transcript.replies[line.reply_index].line  # type: ignore[index]
        keys = [str(reply.code)] + ([str(reply.enhanced)] if reply.enhanced else [])
        docname = self.env.docname
        holder = nodes.inline(classes=["smtp-server"])
        rest = line.text
        for key in keys:
            match = re.search(rf"(?<![\d.]){re.escape(key)}(?![\d.])", rest)
            if match is None:
                continue
            holder += nodes.Text(rest[: match.start()])
            entry = self.registry.get(key) if key in self.registry else None
            summary = content.tooltip(entry, self.registry.translator) if entry else ""
            holder += render.mention(key, key, summary, docname)
            rest = rest[match.end() :]
        holder += nodes.Text(rest)
        result: list[nodes.Node] = [holder]
        if line.note:
            note = decoded_note(line.note, self.registry)
            result.append(nodes.inline(note, note, classes=["smtp-decoded"]))
        return result

    def legend(self, transcript: Transcript) -> nodes.Element | None:
        """Each code of the session with its one-line meaning, in order of appearance."""
        docname = self.env.docname
        items = nodes.definition_list(classes=["smtp-legend"])
        for item in session_legend(transcript, self.registry):
            entry = nodes.definition_list_item()
            entry += nodes.term(
                "", "", render.mention(item.code, item.label, item.summary, docname)
            )
            entry += nodes.definition("", nodes.paragraph(item.summary, item.summary))
            items += entry
        return items if len(items) else None


class BreakableTranscripts(SphinxPostTransform):
    """LaTeX only: let a long word of a transcript (base64, a token) break anywhere.

    A transcript is set as ``sphinxalltt``, which breaks lines only at spaces,
    so a 334 challenge or an NTLM blob ran past the page's edge. Every
    :data:`BREAK_EVERY` characters of a longer word get an ``\\allowbreak``.
    """

    default_priority = 40
    formats = ("latex",)

    #: Words longer than this get break points, this many characters apart.
    BREAK_EVERY = 16

    def run(self, **kwargs: object) -> None:
        long_word = re.compile(rf"\S{{{self.BREAK_EVERY + 1},}}")
        for block in self.document.findall(nodes.literal_block):
            if "smtp-transcript" not in block["classes"]:
                continue
            for text in list(block.findall(nodes.Text)):
                value = str(text)
                if not long_word.search(value):
                    continue
                pieces: list[nodes.Node] = []
                for index, chunk in enumerate(self.chunks(value)):
                    if index:
                        pieces.append(nodes.raw("", r"\allowbreak{}", format="latex"))
                    pieces.append(nodes.Text(chunk))
                text.parent.replace(text, pieces)

    def chunks(self, value: str) -> list[str]:
        """``value`` cut inside its long words, every :data:`BREAK_EVERY` characters."""
        result, current, run = [], [], 0
        for char in value:
            run = 0 if char.isspace() else run + 1
            if run > self.BREAK_EVERY:
                result.append("".join(current))
                current, run = [], 1
            current.append(char)
        result.append("".join(current))
        return result


# --- masking the source text ---------------------------------------------------------

_RST_START = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+smtp[-:]session::.*$")
_RST_OPTION = re.compile(r"^[ \t]*:(?P<name>[\w-]+):(?P<value>.*)$")
_MYST_START = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})[ \t]*\{smtp[-:]session\}.*$"
)
_MYST_OPTION = re.compile(r"^[ \t]*:?(?P<name>[\w-]+):(?P<value>.*)$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _rst_blocks(lines: list[str]) -> Iterator[tuple[dict[str, str], list[int]]]:
    """Each ``smtp-session`` of an rST text: its options and its content lines."""
    index = 0
    while index < len(lines):
        match = _RST_START.match(lines[index].expandtabs(8))
        index += 1
        if match is None:
            continue
        outer = len(match.group("indent"))
        body = []
        while index < len(lines) and (
            not lines[index].strip() or _indent(lines[index].expandtabs(8)) > outer
        ):
            body.append(index)
            index += 1
        options: dict[str, str] = {}
        position = 0
        while position < len(body) and (option := _RST_OPTION.match(lines[body[position]])):
            options[option.group("name")] = option.group("value").strip()
            position += 1
        yield options, body[position:]


def _myst_blocks(lines: list[str]) -> Iterator[tuple[dict[str, str], list[int]]]:
    """Each ``{smtp-session}`` fence of a MyST text: its options and content lines."""
    index = 0
    while index < len(lines):
        match = _MYST_START.match(lines[index])
        index += 1
        if match is None:
            continue
        fence = match.group("fence")
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body = []
        while index < len(lines) and not closing.match(lines[index]):
            body.append(index)
            index += 1
        index += 1
        options: dict[str, str] = {}
        position = 0
        if body and lines[body[0]].strip() == "---":
            position = 1
            while position < len(body) and lines[body[position]].strip() != "---":
                option = _MYST_OPTION.match(lines[body[position]])
                if option:
                    options[option.group("name")] = option.group("value").strip().strip("'\"")
                position += 1
            position += 1
        else:
            while position < len(body) and (option := _RST_OPTION.match(lines[body[position]])):
                options[option.group("name")] = option.group("value").strip()
                position += 1
        yield options, body[position:]


def mask_source(text: str, *, markdown: bool = False) -> str:
    """``text`` (a page's source) with the credentials of its transcripts masked.

    Each ``smtp-session`` block is read as the directive reads it (same
    format, same ``:show-credentials:``), and each line the directive
    would mask is replaced by its masked form; every other character is
    kept, so line numbers stay right. A block whose option cannot be read
    is masked (as the directive does).
    """
    if "session" not in text:
        return text
    lines = text.split("\n")
    blocks = _myst_blocks(lines) if markdown else _rst_blocks(lines)
    for options, body in blocks:
        if show_credentials(options.get("show-credentials", "no")):
            continue
        expanded = [lines[i].expandtabs(8) for i in body]
        content = [line for line in expanded if line.strip()]
        if not content:
            continue
        cut = min(_indent(line) for line in content)
        rows = [line[cut:] if line.strip() else "" for line in expanded]
        name = read_format(options.get("format")) or "auto"
        transcript = parse_transcript("\n".join(rows), format=name)
        for i, original, line in zip(body, expanded, transcript.lines):
            if line.masked:
                lines[i] = original[:cut] + line.text
    return "\n".join(lines)


def _is_markdown(app: Sphinx, path: str | os.PathLike[str]) -> bool:
    suffix = Path(path).suffix
    source_suffix = app.config.source_suffix
    kind = source_suffix.get(suffix) if isinstance(source_suffix, dict) else None
    return kind == "markdown" or suffix in (".md", ".markdown")


def mask_read_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: mask the transcripts' credentials before docutils sees them."""
    source[0] = mask_source(source[0], markdown=_is_markdown(app, app.env.doc2path(docname)))


def mask_included_source(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    """``include-read``: the same for a file that ``.. include::`` brings in."""
    content[0] = mask_source(content[0], markdown=_is_markdown(app, relative_path))


def mask_copied_sources(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write each ``_sources/`` copy that holds a transcript masked.

    Sphinx copies a page's source file from disk for the "show source" link,
    after every event of ours; here, once the pages are written, each copy is
    replaced by the masked text. Copies without a transcript are left alone.
    """
    sources = Path(app.outdir, "_sources")
    if not sources.is_dir():
        return
    link_suffix = getattr(app.config, "html_sourcelink_suffix", ".txt") or ""
    for path in sources.rglob("*"):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "session" not in text:
            continue
        name = path.name
        if link_suffix and name.endswith(link_suffix) and Path(name[: -len(link_suffix)]).suffix:
            name = name[: -len(link_suffix)]
        masked = mask_source(text, markdown=_is_markdown(app, name))
        if masked != text:
            path.write_text(masked, encoding="utf-8")


def setup_masking(app: Sphinx) -> None:
    """Connect the three places where the source text is masked."""
    app.connect("source-read", mask_read_source)
    app.connect("include-read", mask_included_source)
    app.connect("build-finished", mask_copied_sources)
