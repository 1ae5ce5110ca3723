"""The ``smtp-code`` and ``smtp-compare`` directives."""

from __future__ import annotations

import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .. import content
from ..registry import CodeSyntaxError, Entry, Registry, ReplyExplanation
from ..render import nodes as render
from .config import get_registry, note_dependencies, warn
from .domain import SMTPDomain, canonical, node_id


class SMTPDirective(SphinxDirective):
    """What the directives share: the registry, warnings, common options."""

    option_spec: ClassVar = {
        "name": directives.unchanged,
        "class": directives.class_option,
    }

    @property
    def registry(self) -> Registry:
        return get_registry(self.env)

    def warn(self, message: str, subtype: str) -> list[nodes.Node]:
        """Warn at this directive's line; return no nodes so the build goes on."""
        warn(message, subtype, self.get_location())
        return []

    def lookup(self, text: str) -> Entry | ReplyExplanation | None:
        """The entry a writer named; ``None`` (after a warning) if it is bad."""
        try:
            found = self.registry.resolve(text)
        except CodeSyntaxError as err:
            self.warn(f"malformed SMTP code {text!r} in {self.name}: {err}", "syntax")
            return None
        if isinstance(found, ReplyExplanation) and found.reply is found.enhanced is None:
            found = None  # a reply whose parts are both unknown explains nothing
        if found is None:
            self.warn(f"unknown SMTP code {text!r} in {self.name}", "unknown")
        return found

    def finish(self, block: nodes.Element) -> list[nodes.Node]:
        block["classes"].extend(self.options.get("class", []))
        self.set_source_info(block)
        note_dependencies(self.env)
        return [block]


class SMTPCodeDirective(SMTPDirective):
    """``.. smtp-code:: 450``: the full explanation of one code, and its target."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "no-index": directives.flag,
        "noindex": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        text = " ".join(self.arguments[0].split()) if self.arguments else ""
        if not text:
            return self.warn("smtp-code needs a code, such as 450 or 5.1.1", "syntax")
        found = self.lookup(text)
        if found is None:
            return []
        docname = self.env.docname
        if isinstance(found, ReplyExplanation):
            block = render.reply_block(content.explain_reply(found, self.registry), docname)
            name = " / ".join(e.name for e in (found.reply, found.enhanced) if e is not None)
        else:
            block = render.code_block(content.explain(found, self.registry), docname)
            name = found.name
        if self.content:
            block += self.note()
        self.add_name(block[0])
        key = canonical(text)
        indexed = "no-index" not in self.options and "noindex" not in self.options
        result = self.finish(block)
        domain = self.env.get_domain("smtp")
        assert isinstance(domain, SMTPDomain)
        ident = node_id(key)
        if indexed and domain.note_object(key, name, ident, block):
            block["ids"].append(ident)
            self.state.document.note_explicit_target(block)
            index = addnodes.index(entries=render.index_entries(key, name, ident))
            result.insert(0, index)
        return result

    def note(self) -> nodes.Element:
        """The writer's own note: the directive's body, parsed as reST."""
        label = self.registry.translator.gettext("Note")
        note = nodes.admonition(classes=["smtp-note", "note"])
        note += nodes.title(label, label)
        note.extend(self.parse_content_to_nodes())
        return note


class SMTPCompareDirective(SMTPDirective):
    """``.. smtp-compare:: 334 450``: a comparison of two or more codes."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "caption": directives.unchanged,
        "rows": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        raw = self.arguments[0] if self.arguments else ""
        words = (
            [w for w in re.split(r"[,\s]+", raw) if w]
            if "," not in raw
            else [" ".join(w.split()) for w in raw.split(",") if w.strip()]
        )
        entries: list[Entry] = []
        seen: set[str] = set()
        for word in words:
            found = self.lookup(word)
            if found is None:
                continue
            if isinstance(found, ReplyExplanation):
                self.warn(
                    f"smtp-compare compares codes, not full replies: {word!r}; "
                    "compare the reply code and the enhanced code separately",
                    "compare",
                )
                continue
            if found.code in seen:
                self.warn(f"smtp-compare lists {found.code} twice; it is compared once", "compare")
                continue
            seen.add(found.code)
            entries.append(found)
        if len(entries) < 2:
            return self.warn(
                f"smtp-compare needs at least two different known codes, got {raw!r}", "compare"
            )
        rows = self.rows()
        data = content.compare(entries, self.registry, rows)
        block = render.comparison_block(data, self.env.docname, self.options.get("caption"))
        self.add_name(block[0])
        return self.finish(block)

    def rows(self) -> tuple[str, ...]:
        """The rows the writer chose with ``:rows:`` (all by default)."""
        if "rows" not in self.options:
            return content.ROW_KEYS
        chosen: list[str] = []
        for word in re.split(r"[,\s]+", self.options["rows"] or ""):
            if not word:
                continue
            key = content.ROW_ALIASES.get(word, word)
            if key in content.ROW_KEYS:
                chosen.append(key)
            else:
                self.warn(
                    f"unknown row {word!r} in :rows:; expected some of "
                    + ", ".join(content.ROW_KEYS),
                    "option",
                )
        return tuple(chosen) or content.ROW_KEYS
