"""``smtp-bounce``: a bounce message, explained per recipient.

The message is the directive's content, or the file named by ``:file:``
(relative to the page, or to the source folder when it starts with ``/``,
as Sphinx's own ``literalinclude`` takes it); the file is noted as a
dependency, so editing it rebuilds the page. The block shows who reported
what and when, a table of the recipients (address, action, status, and the
remote server's reply explained, its codes linked to their blocks), what the
sender should do, and the original message: folded away in HTML (see
:class:`~sphinx_smtpcodes.sphinxext.html.FoldedOriginals`) and as a literal
block in every other builder.

``:redact:`` masks e-mail addresses, IP addresses, host names and message ids
with the page's :class:`~sphinx_smtpcodes.readers.redact.Redactor`, so the
same value has the same placeholder in the summary, the table, the original
message and every other redacted block of the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from .. import content
from ..lazy import lazy_module
from .directives import SMTPDirective
from .reply import page_redactor
from .session import show_credentials

bounces = lazy_module("sphinx_smtpcodes.readers.bounce")
render = lazy_module("sphinx_smtpcodes.render.nodes")


class SMTPBounceDirective(SMTPDirective):
    """A bounce message (RFC 3464 DSN or an MTA's own text), explained per recipient."""

    has_content = True
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "file": directives.unchanged_required,
        "redact": directives.unchanged,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        data = self.message()
        if data is None:
            return []
        redact = self.redact_option()
        try:
            bounce = bounces.read_bounce(data)
        except bounces.UnreadableMessage as error:
            return self.warn(f"smtp-bounce cannot read the message: {error}", "bounce")
        if bounce.kind == "not-bounce":
            self.warn(f"smtp-bounce: the message is not a bounce ({bounce.not_bounce})", "bounce")
        for problem in bounce.problems:
            self.warn(f"smtp-bounce: {problem}", "bounce")
        redactor = page_redactor(self.env) if redact else None
        report = content.explain_bounce(bounce, self.registry, redactor=redactor)
        block = render.bounce_block(report, self.env.docname, self.options.get("caption"))
        self.add_name(block[0])
        return self.finish(block)

    def message(self) -> bytes | str | None:
        """The message: the content, or the ``:file:`` (``None`` after a warning)."""
        if "file" in self.options:
            if self.content:
                self.warn(
                    "smtp-bounce takes the message as content or as :file:, not both; "
                    "the file is used",
                    "bounce",
                )
            relative, absolute = self.env.relfn2path(self.options["file"].strip())
            self.env.note_dependency(relative)
            path = Path(absolute)
            try:
                if not path.is_file():
                    raise FileNotFoundError(absolute)
                with path.open("rb") as handle:
                    return handle.read(bounces.MAX_BYTES)
            except OSError as error:
                self.warn(
                    f"smtp-bounce cannot read the file {self.options['file']!r}: "
                    f"{error.strerror or 'no such file'}",
                    "bounce",
                )
                return None
        if not self.content:
            self.warn("smtp-bounce needs a message as its content or a :file: option", "bounce")
            return None
        return "\n".join(self.content) + "\n"

    def redact_option(self) -> bool:
        if "redact" not in self.options:
            return False
        redact = show_credentials(self.options["redact"])
        if redact is None:
            self.warn(
                f"smtp-bounce: :redact: takes yes or no, not {self.options['redact']!r}; "
                "the message is redacted",
                "option",
            )
            return True
        return redact
