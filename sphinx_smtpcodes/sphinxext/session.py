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

import dataclasses
import functools
import os
import re
from collections.abc import Callable, Container, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from .. import content
from ..lazy import lazy_module
from .config import warn
from .directives import SMTPDirective
from .transforms import PagePostTransform, none_of

render = lazy_module("sphinx_smtpcodes.render.nodes")
sessions = lazy_module("sphinx_smtpcodes.content.session")
transcripts = lazy_module("sphinx_smtpcodes.readers.transcript")

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


#: Transcripts parsed in this process, by (text, show, format): the source
#: masking, the directive and the ``_sources`` copy read the same transcript.
_PARSED: dict[tuple[str, bool, str], transcripts.Transcript] = {}
_PARSED_LIMIT = 32


def parse(text: str, show: bool, name: str) -> transcripts.Transcript:
    """:func:`parse_transcript`, remembered (a :class:`Transcript` is immutable)."""
    key = (text, show, name)
    found = _PARSED.get(key)
    if found is None:
        found = transcripts.parse_transcript(text, show_credentials=show, format=name)
        _remember(key, found)
    return found


def _remember(key: tuple[str, bool, str], transcript: transcripts.Transcript) -> None:
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[key] = transcript


def _as_masked(transcript: transcripts.Transcript) -> transcripts.Transcript:
    """``transcript`` as the directive will read it from the masked source.

    The directive parses the masked text; the parse of the original is the
    same reading (and better: it saw the wrapped lines as they were), so it
    serves, with each line's ``raw`` replaced by what is shown.
    """
    lines = tuple(
        dataclasses.replace(line, raw=line.text) if line.masked else line
        for line in transcript.lines
    )
    return dataclasses.replace(transcript, lines=lines)


def read_format(value: str | None) -> str | None:
    """The ``:format:`` option: ``auto`` or a known format; ``None`` if unknown."""
    text = (value or "auto").strip().lower()
    return text if text == "auto" or text in transcripts.FORMATS else None


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
        # Masked unless the writer asks: a missing option is no, a bare one yes.
        show = (
            show_credentials(self.options["show-credentials"])
            if "show-credentials" in self.options
            else False
        )
        if show is None:
            self.warn(
                f"smtp-session: :show-credentials: takes yes or no, not "
                f"{self.options['show-credentials']!r}; credentials stay masked",
                "option",
            )
            show = False
        name = read_format(self.options.get("format"))
        if name is None:
            known = ", ".join(["auto", *transcripts.FORMATS])
            self.warn(
                f"smtp-session: unknown :format: {self.options['format']!r} "
                f"(known: {known}); the format is detected",
                "option",
            )
            name = "auto"
        transcript = parse("\n".join(self.content), show, name)
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
                label = sessions.legend_title(self.registry)
                block += nodes.rubric(label, label, classes=["smtp-subtitle"])
                block += legend
        self.add_name(block[0])
        return self.finish(block)

    def literal(self, transcript: transcripts.Transcript) -> nodes.literal_block:
        """The transcript as a literal block, its lines kept compact until written.

        A 10,000-line transcript drawn as nodes would make every transform of
        the read phase walk tens of thousands of them; so the block carries
        its lines as plain data (``smtp_lines``: side, masked text, the codes
        to link and their tooltips, the decoded note) and
        :class:`ExpandTranscripts` draws them once, before references are
        resolved. The block's source is the masked text (a doctree keeps it).
        """
        shown = "\n".join(line.text for line in transcript.lines)
        # A literal block whose source differs from its text is written as
        # parsed (links kept, no highlighting); the trailing newline makes sure.
        literal = nodes.literal_block(shown + "\n", classes=["smtp-transcript"])
        rows: list[tuple[str, str, tuple[tuple[str, str], ...], str]] = []
        tooltip = functools.lru_cache(maxsize=None)(self.tooltip)
        for line in transcript.lines:
            links: tuple[tuple[str, str], ...] = ()
            note = ""
            index = line.reply_index
            if (
                index is not None
                and not line.continuation
                and transcript.replies[index].first_line == line.number
            ):
                reply = transcript.replies[index].line
                keys = [str(reply.code)] + ([str(reply.enhanced)] if reply.enhanced else [])
                links = tuple((key, tooltip(key)) for key in keys)
                note = sessions.decoded_note(line.note, self.registry) if line.note else ""
            rows.append((line.side, line.text, links, note))
        literal["smtp_lines"] = rows
        return literal

    def tooltip(self, key: str) -> str:
        entry = self.registry.get(key) if key in self.registry else None
        return content.tooltip(entry, self.registry.translator) if entry else ""

    def legend(self, transcript: transcripts.Transcript) -> nodes.Element | None:
        """Each code of the session with its one-line meaning, in order of appearance."""
        docname = self.env.docname
        items = nodes.definition_list(classes=["smtp-legend"])
        for item in sessions.session_legend(transcript, self.registry):
            entry = nodes.definition_list_item()
            entry += nodes.term(
                "", "", render.mention(item.code, item.label, item.summary, docname)
            )
            entry += nodes.definition("", nodes.paragraph(item.summary, item.summary))
            items += entry
        return items if len(items) else None


class ExpandTranscripts(PagePostTransform):
    """Before references are resolved: one mention per distinct code of a transcript.

    The mentions (``pending_xref``) of a transcript's codes are made once per
    code and resolved like any other (links, tooltips, fallbacks); the lines
    are drawn only after every post-transform, by :func:`draw_transcripts`,
    which copies the resolved mention for each reply. So a 10,000-line
    transcript costs the writer's one walk, not one walk per transform.
    """

    default_priority = 1  # before everything that looks at mentions (5 and up)

    def run(self, **kwargs: object) -> None:
        for block in self.document.findall(nodes.literal_block):
            rows = block.get("smtp_lines")
            if rows is None or block.get("smtp_prototypes") is not None:
                continue
            docname = self.env.docname
            seen: dict[tuple[str, str], None] = {}
            for _side, _text, links, _note in rows:
                for link in links:
                    seen.setdefault(tuple(link), None)
            holder = nodes.inline(classes=["smtp-prototypes"])
            holder.extend(render.mention(key, key, summary, docname) for key, summary in seen)
            block["smtp_prototypes"] = [f"{key}\0{summary}" for key, summary in seen]
            block += holder


def draw_transcripts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: draw each transcript's lines, with copies of its mentions.

    Runs of client lines become one bold ``inline``, runs of notes one dimmed
    ``inline``, server lines plain text; the first line of each reply gets
    its codes as mentions and its decoded challenge after it.
    """
    if none_of([app.env.get_domain("smtp").generated], app.env, doctree, docname):
        return
    latex = app.builder.format == "latex"
    for block in list(doctree.findall(nodes.literal_block)):
        rows = block.attributes.pop("smtp_lines", None)
        if rows is None:
            continue
        keys = block.attributes.pop("smtp_prototypes", None) or []
        made = block.children[0].children if block.children else []
        prototypes = dict(zip(keys, (_flattened(node) for node in made)))
        block.clear()
        markup = _html_markup(app, docname, prototypes) if app.builder.format == "html" else None
        if markup is not None:
            block += nodes.raw("", _draw_html(rows, markup), format="html")
            continue
        block.extend(_draw(rows, prototypes))
        if latex:
            break_long_words(block)


def _html_markup(app: Sphinx, docname: str, prototypes: dict[str, nodes.Node]) -> dict | None:
    """Each resolved mention written once by the builder's own HTML translator.

    A transcript's lines then go to the page as one piece of markup: the
    same HTML the nodes would give, without thousands of nodes for the
    writer to visit. ``None`` where the builder cannot write a fragment.
    """
    settings = getattr(app.builder, "docsettings", None)
    if settings is None:
        return None
    from docutils.utils import new_document

    document = new_document(docname, settings)
    markup = {}
    try:
        for key, node in prototypes.items():
            translator = app.builder.create_translator(document, app.builder)
            node.walkabout(translator)
            markup[key] = "".join(translator.body)
    except Exception:
        return None
    return markup


#: What the HTML writer escapes in text (docutils' ``special_characters``).
_HTML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", '"': "&quot;", ">": "&gt;", "@": "&#64;"})


def _pieces(rows: list, known: Container[str]) -> Iterator[tuple[str, str]]:
    """What a transcript's lines are drawn from, in order, as ``(kind, text)``.

    ``text`` is server text, ``client``/``note`` a line of that run,
    ``link`` the key of a mention (in ``known``), ``decoded`` a decoded
    challenge. Both drawings (nodes, HTML) read these.
    """
    last = len(rows) - 1
    for index, (side, text, links, note) in enumerate(rows):
        end = "" if index == last else "\n"
        if not links:
            yield ("text" if side == "server" else side), text + end
            continue
        rest = text
        for key, summary in links:
            match = _code_pattern(key).search(rest)
            mention = f"{key}\0{summary}"
            if match is None or mention not in known:
                continue
            yield "text", rest[: match.start()]
            yield "link", mention
            rest = rest[match.end() :]
        yield "text", rest
        if note:
            yield "decoded", note
        yield "text", end


def _draw_html(rows: list, markup: dict[str, str]) -> str:
    """The lines of a transcript as HTML: what :func:`_draw`'s nodes would be written as."""
    out: list[str] = []
    run = ""
    for kind, text in _pieces(rows, markup):
        if run and kind != run:
            out.append("</span>")
            run = ""
        if kind == "link":
            out.append(markup[text])
        elif kind == "decoded":
            out.append(f'<span class="smtp-decoded">{text.translate(_HTML_TEXT)}</span>')
        else:
            if kind != "text" and not run:
                out.append(f'<span class="smtp-{kind}">')
                run = kind
            out.append(text.translate(_HTML_TEXT))
    if run:
        out.append("</span>")
    return "".join(out)


def _flattened(node: nodes.Node) -> nodes.Node:
    """A resolved mention with one node less: ``<a class="… smtp-ref">550</a>``.

    A link holding only an ``inline`` takes the inline's classes and text (the
    link carries the tooltip already): a long transcript holds thousands of
    them, and each node costs the writer.
    """
    if (
        isinstance(node, nodes.reference)
        and len(node.children) == 1
        and isinstance(node[0], nodes.inline)
        and len(node[0].children) == 1
        and isinstance(node[0][0], nodes.Text)
    ):
        inner = node[0]
        node["classes"] = [*node["classes"], *inner["classes"]]
        node.replace(inner, inner[0])
    return node


def _copy(node: nodes.Node) -> nodes.Node:
    """A copy of a small node tree, without Sphinx's slower ``deepcopy``."""
    if isinstance(node, nodes.Text):
        return nodes.Text(str(node))
    copied = node.copy()
    copied.extend(_copy(child) for child in node.children)
    return copied


@functools.lru_cache(maxsize=256)
def _code_pattern(key: str) -> re.Pattern[str]:
    """Where ``key`` (``550``, ``5.1.1``) stands in a reply line, as a whole number."""
    return re.compile(rf"(?<![\d.]){re.escape(key)}(?![\d.])")


def _draw(rows: list, prototypes: dict[str, nodes.Node]) -> list[nodes.Node]:
    """The lines of a transcript as nodes: server text, runs of client lines and
    of notes as ``inline``, copies of the resolved mentions, decoded notes."""
    result: list[nodes.Node] = []
    kind_of_buffer, buffer = "text", []

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        if not text:
            return
        if kind_of_buffer == "text":
            result.append(nodes.Text(text))
        else:
            result.append(nodes.inline(text, text, classes=[f"smtp-{kind_of_buffer}"]))

    for kind, text in _pieces(rows, prototypes):
        if kind == "link":
            flush()
            result.append(_copy(prototypes[text]))
        elif kind == "decoded":
            flush()
            result.append(nodes.inline(text, text, classes=["smtp-decoded"]))
        else:
            if kind != kind_of_buffer:
                flush()
                kind_of_buffer = kind
            buffer.append(text)
    flush()
    return result


#: In LaTeX, words of a transcript longer than this get break points, this many
#: characters apart: ``sphinxalltt`` breaks lines only at spaces, so a 334
#: challenge or an NTLM blob ran past the page's edge.
BREAK_EVERY = 16
_LONG_WORD = re.compile(rf"\S{{{BREAK_EVERY + 1},}}")


def break_long_words(block: nodes.Element) -> None:
    """Give the long words of ``block`` ``\\allowbreak`` points (LaTeX only)."""
    for text in list(block.findall(nodes.Text)):
        value = str(text)
        if not _LONG_WORD.search(value):
            continue
        pieces: list[nodes.Node] = []
        for index, chunk in enumerate(_chunks(value)):
            if index:
                pieces.append(nodes.raw("", r"\allowbreak{}", format="latex"))
            pieces.append(nodes.Text(chunk))
        text.parent.replace(text, pieces)


def _chunks(value: str) -> list[str]:
    """``value`` cut inside its long words, every :data:`BREAK_EVERY` characters."""
    result, current, run = [], [], 0
    for char in value:
        run = 0 if char.isspace() else run + 1
        if run > BREAK_EVERY:
            result.append("".join(current))
            current, run = [], 1
        current.append(char)
    result.append("".join(current))
    return result


# --- masking the source text ---------------------------------------------------------

_RST_OPTION = re.compile(r"^[ \t]*:(?P<name>[\w-]+):(?P<value>.*)$")
_MYST_OPTION = re.compile(r"^[ \t]*:?(?P<name>[\w-]+):(?P<value>.*)$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


@functools.cache
def _starts(directive: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The first line of an ``smtp-<directive>`` block in rST and in MyST."""
    # As docutils reads a directive's name: any case, one space before "::".
    rst = re.compile(rf"^(?P<indent>[ \t]*)\.\.[ \t]+smtp[-:]{directive} ?::.*$", re.IGNORECASE)
    myst = re.compile(
        rf"^(?P<indent>[ \t]*)(?P<fence>`{{3,}}|~{{3,}}|:{{3,}})[ \t]*\{{smtp[-:]{directive}\}}.*$",
        re.IGNORECASE,
    )
    return rst, myst


#: Whether a text may hold a block of a directive (``session``), or an option
#: (``redact``), that is masked: the names in any case, as docutils reads them.
MAY_HOLD_SESSION = re.compile("session", re.IGNORECASE).search
MAY_HOLD_REDACT = re.compile("redact", re.IGNORECASE).search
_MAY_MASK_BYTES = re.compile(rb"session|redact", re.IGNORECASE).search


def _rst_blocks(
    lines: list[str], directive: str = "session"
) -> Iterator[tuple[dict[str, str], list[int]]]:
    """Each ``smtp-session`` (or other) block of an rST text: its options and content lines."""
    start = _starts(directive)[0]
    index = 0
    while index < len(lines):
        match = start.match(lines[index].expandtabs(8))
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
            options[option.group("name").lower()] = option.group("value").strip()
            position += 1
        yield options, body[position:]


def _myst_blocks(
    lines: list[str], directive: str = "session"
) -> Iterator[tuple[dict[str, str], list[int]]]:
    """Each ``{smtp-session}`` (or other) fence of a MyST text: its options and content lines."""
    start = _starts(directive)[1]
    index = 0
    while index < len(lines):
        match = start.match(lines[index])
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
                    options[option.group("name").lower()] = (
                        option.group("value").strip().strip("'\"")
                    )
                position += 1
            position += 1
        else:
            while position < len(body) and (option := _RST_OPTION.match(lines[body[position]])):
                options[option.group("name").lower()] = option.group("value").strip()
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
    if not MAY_HOLD_SESSION(text):
        return text
    lines = text.split("\n")
    blocks = _myst_blocks(lines) if markdown else _rst_blocks(lines)
    for options, body in blocks:
        if show_credentials(options.get("show-credentials", "no")):
            continue
        while body and not lines[body[0]].strip():
            body = body[1:]  # the blank line after the options is no content
        expanded = [lines[i].expandtabs(8) for i in body]
        filled = [line for line in expanded if line.strip()]
        if not filled:
            continue
        cut = min(_indent(line) for line in filled)
        rows = [line[cut:] if line.strip() else "" for line in expanded]
        while rows and not rows[-1]:
            rows.pop()  # docutils drops the blank lines that end a block
        name = read_format(options.get("format")) or "auto"
        transcript = parse("\n".join(rows), False, name)
        if not any(line.masked for line in transcript.lines):
            continue
        for i, original, line in zip(body, expanded, transcript.lines):
            if line.masked:
                lines[i] = original[:cut] + line.text
        shown = "\n".join(line.text for line in transcript.lines)
        _remember((shown, False, name), _as_masked(transcript))
    return "\n".join(lines)


def _is_markdown(app: Sphinx, path: str | os.PathLike[str]) -> bool:
    suffix = os.path.splitext(path)[1]
    source_suffix = app.config.source_suffix
    kind = source_suffix.get(suffix) if isinstance(source_suffix, dict) else None
    return kind == "markdown" or suffix in (".md", ".markdown")


#: What the ``_sources/`` copies also go through, besides the transcripts'
#: masking: what :func:`setup_masking` adds (``smtp-reply``'s redaction, which
#: the directives apply themselves, so it is not done at ``source-read``).
SourceFilter = Callable[..., str]
_COPY_FILTERS: list[SourceFilter] = []


def mask_read_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: mask the transcripts' credentials before docutils sees them."""
    if MAY_HOLD_SESSION(source[0]):  # before the page's format is looked up
        source[0] = mask_source(source[0], markdown=_is_markdown(app, app.env.doc2path(docname)))


def mask_included_source(
    app: Sphinx, relative_path: Path, parent_docname: str, content: list[str]
) -> None:
    """``include-read``: the same for a file that ``.. include::`` brings in."""
    if MAY_HOLD_SESSION(content[0]):
        content[0] = mask_source(content[0], markdown=_is_markdown(app, relative_path))


def mask_copied_sources(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: write each ``_sources/`` copy that holds a transcript masked.

    Sphinx copies a page's source file from disk for the "show source" link,
    after every event of ours; here, once the pages are written, each copy is
    replaced by the masked text. Copies without a transcript are left alone.
    """
    sources = os.path.join(app.outdir, "_sources")
    if not os.path.isdir(sources):
        return
    link_suffix = getattr(app.config, "html_sourcelink_suffix", ".txt") or ""
    # A manual has hundreds of copies and few blocks to mask: each copy is
    # read as bytes, and decoded only when it may hold one.
    for folder, _folders, names in os.walk(sources):
        for name in names:
            _mask_copy(app, os.path.join(folder, name), name, link_suffix)


def _mask_copy(app: Sphinx, path: str, name: str, link_suffix: str) -> None:
    """Mask the ``_sources/`` copy ``path`` (named ``name``), if it holds a block to mask."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return
    if not _MAY_MASK_BYTES(data):  # no session, no :redact: (smtp-reply, smtp-bounce)
        return
    try:  # as read_text reads it: universal newlines
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return
    if link_suffix and name.endswith(link_suffix) and Path(name[: -len(link_suffix)]).suffix:
        name = name[: -len(link_suffix)]
    markdown = _is_markdown(app, name)
    masked = mask_source(text, markdown=markdown)
    for apply in _COPY_FILTERS:
        masked = apply(masked, markdown=markdown)
    if masked != text:
        Path(path).write_text(masked, encoding="utf-8")


def setup_masking(app: Sphinx, extra: Sequence[SourceFilter] = ()) -> None:
    """Connect the three places where the source text is masked, and the drawing.

    ``extra`` filters run after the transcripts' masking on the ``_sources/``
    copies (the "show source" link), which Sphinx copies from disk.
    """
    _COPY_FILTERS[:] = list(extra)
    app.connect("source-read", mask_read_source)
    app.connect("include-read", mask_included_source)
    app.connect("build-finished", mask_copied_sources)
    app.connect("doctree-resolved", draw_transcripts)
