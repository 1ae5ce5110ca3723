"""``smtp-session``: an SMTP transcript, verbatim, with every reply explained."""

from __future__ import annotations

import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ..readers.transcript import Transcript, TranscriptLine, parse_transcript
from ..render import nodes as render
from .config import warn
from .directives import SMTPDirective


class SMTPSessionDirective(SMTPDirective):
    """A transcript (``S:``/``C:``, ``<<<``/``>>>``, smtplib debug output or plain).

    The transcript is shown as it was typed, each server reply's code linked
    to its explanation (with the summary as a tooltip), 334 challenges decoded
    beside their line, and a legend of the codes that appeared. Credentials
    the client sent are masked unless ``:show-credentials:`` is given.
    """

    has_content = True
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "caption": directives.unchanged,
        "show-credentials": directives.flag,
        "no-legend": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        if not self.content:
            return self.warn("smtp-session needs a transcript as its content", "session")
        transcript = parse_transcript(
            "\n".join(self.content), show_credentials="show-credentials" in self.options
        )
        for problem in transcript.problems:
            source, offset = self.content.info(problem.line - 1)
            warn(f"smtp-session: {problem.message}", "session", f"{source}:{(offset or 0) + 1}")
        t = self.registry.translator
        docname = self.env.docname
        block = render.plain_text(nodes.container(classes=["smtp-session"]))
        if "caption" in self.options:
            caption = self.options["caption"]
            block += nodes.rubric(caption, caption, classes=["smtp-title"])
        # Builders treat a literal block whose source differs from its text as
        # parsed (links kept, no highlighting); the trailing newline makes sure.
        literal = nodes.literal_block("\n".join(self.content) + "\n", classes=["smtp-transcript"])
        for index, line in enumerate(transcript.lines):
            if index:
                literal += nodes.Text("\n")
            literal.extend(self.line_nodes(line, transcript, docname))
        block += literal
        if "no-legend" not in self.options:
            legend = self.legend(transcript, docname)
            if legend is not None:
                label = t.gettext("Replies in this session")
                block += nodes.rubric(label, label, classes=["smtp-subtitle"])
                block += legend
        self.add_name(block[0])
        return self.finish(block)

    def line_nodes(
        self, line: TranscriptLine, transcript: Transcript, docname: str
    ) -> list[nodes.Node]:
        """A transcript line: codes of server replies linked, the rest as typed."""
        classes = [f"smtp-{line.side}"]
        if line.reply_index is None or line.side != "server":
            return [nodes.inline(line.text, line.text, classes=classes)]
        reply = transcript.replies[line.reply_index].line
        keys = [str(reply.code)] + ([str(reply.enhanced)] if reply.enhanced else [])
        result: list[nodes.Node] = []
        rest = line.text
        holder = nodes.inline(classes=classes)
        for key in keys:
            match = re.search(rf"(?<![\d.]){re.escape(key)}(?![\d.])", rest)
            if match is None:
                continue
            holder += nodes.Text(rest[: match.start()])
            entry = self.registry.get(key) if key in self.registry else None
            summary = f"{entry.name}: {entry.summary}" if entry else ""
            holder += render.mention(key, key, summary, docname)
            rest = rest[match.end() :]
        holder += nodes.Text(rest)
        result.append(holder)
        if line.note:
            note = "  ⇐ " + self.registry.translator.format("decoded: {text}", text=line.note)
            result.append(nodes.inline(note, note, classes=["smtp-decoded"]))
        return result

    def legend(self, transcript: Transcript, docname: str) -> nodes.Element | None:
        """Each code of the session with its one-line meaning, in order of appearance."""
        items = nodes.definition_list(classes=["smtp-legend"])
        for key in transcript.codes():
            entry = self.registry.get(key) if key in self.registry else None
            if entry is None:
                continue
            item = nodes.definition_list_item()
            label = f"{key} {entry.name}"
            item += nodes.term("", "", render.mention(key, label, entry.summary, docname))
            item += nodes.definition("", nodes.paragraph(entry.summary, entry.summary))
            items += item
        return items if len(items) else None
