"""``smtp-reply``: a real reply as its server sent it, explained as that server meant it.

The content is a reply in any form :func:`~sphinx_smtpcodes.readers.reply.read_reply`
reads (a multi-line reply, a log line, a DSN field value, an NDR sentence).
It is shown as typed, its codes linked to their blocks, then what the
server meant (the vendor's meaning when a rule of ``data/vendors`` matches,
the standard one otherwise), what the standard says, what to do, and the
notes (an unknown part, parts that disagree, an unfinished reply).

``:redact:`` masks e-mail addresses, IP addresses and host names with
:class:`~sphinx_smtpcodes.readers.redact.Redactor`: the same value gets the
same placeholder in every reply (and ``smtp-bounce``) of the page. The host
names of the vendor rules (``google.com``, ``protection.outlook.com``) are
public and kept. The vendor is recognised from the text as typed. The
``_sources/`` copy of the page (the "show source" link) is masked too, at
``build-finished``, with :func:`redact_source`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ..lazy import lazy_module
from .directives import SMTPDirective
from .session import MAY_HOLD_REDACT, _myst_blocks, _rst_blocks, show_credentials

readings = lazy_module("sphinx_smtpcodes.content.reply")
redaction = lazy_module("sphinx_smtpcodes.readers.redact")
render = lazy_module("sphinx_smtpcodes.render.nodes")
replies = lazy_module("sphinx_smtpcodes.readers.reply")
vendors = lazy_module("sphinx_smtpcodes.registry.vendors")

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: Notes of the reader that are also build warnings (a writer can act on them).
WARNED_NOTES = {"unfinished": "reply", "no-code": "reply", "empty": "reply", "unknown": "unknown"}


def page_redactor(env: BuildEnvironment) -> redaction.Redactor:
    """The page's redactor: one per document, so placeholders agree across its blocks.

    ``smtp-reply`` and ``smtp-bounce`` share it: the same address is the
    same placeholder in every redacted block of a page.
    """
    key = "smtpcodes_redactor"
    found = env.temp_data.get(key)
    if found is None:
        found = env.temp_data[key] = new_redactor()
    return found


class SMTPReplyDirective(SMTPDirective):
    """A real reply in any form, shown as typed and explained as its server meant it."""

    has_content = True
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "redact": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        text = "\n".join(self.content).strip("\n")
        if not text.strip():
            return self.warn("smtp-reply needs a reply as its content", "reply")
        redact = show_credentials(self.options.get("redact")) if "redact" in self.options else False
        if redact is None:
            self.warn(
                f"smtp-reply: :redact: takes yes or no, not {self.options['redact']!r}; "
                "the reply is redacted",
                "option",
            )
            redact = True
        reading = readings.understand(replies.read_reply(text), self.registry)
        for note in reading.notes:
            if note.kind in WARNED_NOTES:
                self.warn(f"smtp-reply: {note.message}", WARNED_NOTES[note.kind])
        shown = replies.read_reply(self.redactor().redact(text)) if redact else reading.reply
        view = readings.describe(reading, self.registry)
        classes = ["smtp-code", "smtp-real-reply", *render.class_names(reading.klass)]
        block = render.plain_text(nodes.container(classes=classes))
        block += render.title(view.title)
        block += self.literal(shown)
        block += render.details(view.sections, self.env.docname)
        self.add_name(block[0])
        return self.finish(block)

    def redactor(self) -> redaction.Redactor:
        """The page's redactor (see :func:`page_redactor`)."""
        return page_redactor(self.env)

    def literal(self, reply: replies.RealReply) -> nodes.literal_block:
        """The reply as typed (or redacted), its codes linked to their blocks.

        The source ends with a newline the children lack: builders then treat
        the block as parsed (links kept, no highlighting), as ``smtp-session`` does.
        """
        text = reply.input
        literal = nodes.literal_block(text + "\n", classes=["smtp-transcript", "smtp-reply-text"])
        position = 0
        for span in sorted(reply.spans, key=lambda s: s.start):
            literal += nodes.Text(text[position : span.start])
            entry = self.registry.get(span.text) if span.text in self.registry else None
            summary = f"{entry.name}: {entry.summary}" if entry else ""
            literal += render.mention(span.text, span.text, summary, self.env.docname)
            position = span.end
        literal += nodes.Text(text[position:])
        return literal


def new_redactor() -> redaction.Redactor:
    """A redactor that keeps the public host names of the vendor rules (``google.com``)."""
    return redaction.Redactor(keep=_vendor_hosts())


@functools.cache
def _vendor_hosts() -> tuple[str, ...]:
    catalogue = vendors.load_vendors("en")
    return tuple(r.text for v in catalogue.vendors for r in v.rules if r.kind == "hosts")


def redact_source(text: str, *, markdown: bool = False) -> str:
    """``text`` (a page's source) with its ``:redact:`` blocks masked, line by line.

    ``smtp-reply`` and ``smtp-bounce`` blocks are masked in the order of the
    page with one redactor, as the directives' shared page redactor does, so
    the same value keeps one placeholder across them. Every other character
    is kept, so line numbers stay right.
    """
    if not MAY_HOLD_REDACT(text):
        return text
    lines = text.split("\n")
    find = _myst_blocks if markdown else _rst_blocks
    blocks = sorted(
        (
            body
            for name in ("reply", "bounce")
            for options, body in find(lines, name)
            if "redact" in options and show_credentials(options["redact"]) is not False
        ),
        key=lambda body: body[0] if body else 0,
    )
    redactor = new_redactor()
    for body in blocks:
        for index in body:
            lines[index] = redactor.redact(lines[index])
    return "\n".join(lines)
