"""Many codes at once: ``smtp-table`` and ``smtp-reference``."""

from __future__ import annotations

import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from .. import content
from ..lazy import lazy_module
from .directives import SMTPDirective
from .domain import SMTPDomain
from .transforms import WRITER

model = lazy_module("sphinx_smtpcodes.registry.model")
records = lazy_module("sphinx_smtpcodes.registry.entries")
render = lazy_module("sphinx_smtpcodes.render.nodes")


def _words(value: str | None) -> list[str]:
    return [w for w in re.split(r"[,\s]+", value or "") if w]


class SelectionDirective(SMTPDirective):
    """What ``smtp-table`` and ``smtp-reference`` share: the filters."""

    has_content = False
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "codes": directives.unchanged,
        "code-class": directives.unchanged,
        "kind": directives.unchanged,
        "standard": directives.unchanged,
        "category": directives.unchanged,
    }

    def selection(self) -> content.Selection | None:
        """The writer's filters; ``None`` (after a warning) when one is invalid."""
        options = self.options
        codes = []
        for word in _words(options.get("codes")):
            try:
                model.parse_code(word)
            except model.CodeSyntaxError as err:
                self.warn(
                    f"malformed SMTP code {word!r} in :codes: of {self.name}: {err}", "syntax"
                )
                continue
            if word not in self.registry:
                self.warn(f"unknown SMTP code {word!r} in :codes: of {self.name}", "unknown")
                continue
            codes.append(word)
        reply_class = options.get("code-class", "").strip().lower()
        if reply_class and not re.fullmatch(r"[2-5](xx)?", reply_class):
            self.warn(
                f"invalid :code-class: {reply_class!r}; expected 2, 3, 4, 5 or 2xx…5xx", "option"
            )
            return None
        kind = options.get("kind", "").strip()
        if kind and kind not in ("reply", "enhanced"):
            self.warn(f"invalid :kind: {kind!r}; expected reply or enhanced", "option")
            return None
        standard = options.get("standard", "").strip().lower()
        if standard and standard not in ("yes", "no", "true", "false"):
            self.warn(f"invalid :standard: {standard!r}; expected yes or no", "option")
            return None
        categories = _words(options.get("category"))
        unknown = [c for c in categories if c not in content.CATEGORIES]
        if unknown:
            self.warn(
                f"unknown :category: {', '.join(unknown)}; expected some of "
                + ", ".join(content.CATEGORIES),
                "option",
            )
            return None
        if "codes" in options and not codes:
            self.warn(f"{self.name}: none of the codes in :codes: is known", "option")
            return None
        return content.Selection(
            codes=tuple(codes),
            reply_class=reply_class,
            kind=kind,
            standard=None if not standard else standard in ("yes", "true"),
            categories=tuple(categories),
        )

    def entries(self) -> list[records.Entry] | None:
        selection = self.selection()
        if selection is None:
            return None
        found = content.select(self.registry, selection)
        if not found:
            self.warn(f"{self.name}: the filters select no code", "option")
            return None
        return found


class SMTPTableDirective(SelectionDirective):
    """``.. smtp-table::``: a table of many codes, each linked to its block."""

    option_spec: ClassVar = {
        **SelectionDirective.option_spec,
        "columns": directives.unchanged,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        entries = self.entries()
        if entries is None:
            return []
        columns = self.columns()
        t = self.registry.translator
        docname = self.env.docname
        table = render.plain_text(
            nodes.table(classes=["smtp-table", "colwidths-given", "longtable"])
        )
        caption = self.options.get("caption") or t.gettext("SMTP codes")
        table += nodes.title(caption, caption)
        if self.options.get("caption"):
            table[-1][WRITER] = True  # the writer's words: their catalog translates them
        group = nodes.tgroup(cols=len(columns))
        table += group
        for key in columns:
            group += nodes.colspec(colwidth=content.COLUMNS[key][1])
        head = nodes.thead()
        row = nodes.row()
        for key in columns:
            label = t.gettext(content.COLUMNS[key][0])
            row += nodes.entry("", nodes.paragraph(label, label))
        head += row
        group += head
        body = nodes.tbody()
        for entry in entries:
            row = nodes.row(classes=render.class_names(entry.reply_class))
            for cell in content.table_row(entry, columns, self.registry):
                row += nodes.entry("", *render.paragraphs(cell, docname, items=len(cell) > 1))
            body += row
        group += body
        self.add_name(table)
        return self.finish(table)

    def columns(self) -> tuple[str, ...]:
        chosen = []
        for word in _words(self.options.get("columns")):
            if word in content.COLUMNS:
                chosen.append(word)
            else:
                self.warn(
                    f"unknown column {word!r} in :columns:; expected some of "
                    + ", ".join(content.COLUMNS),
                    "option",
                )
        return tuple(chosen) or content.DEFAULT_COLUMNS


class SMTPReferenceDirective(SelectionDirective):
    """``.. smtp-reference::``: the full block of every selected code, under headings."""

    def run(self) -> list[nodes.Node]:
        entries = self.entries()
        if entries is None:
            return []
        t = self.registry.translator
        docname = self.env.docname
        domain = self.env.get_domain("smtp")
        assert isinstance(domain, SMTPDomain)
        groups: dict[str, list[records.Entry]] = {}
        for entry in map(self.bound, entries):
            groups.setdefault(content.group_label(entry, t), []).append(entry)
        result: list[nodes.Node] = []
        for label, members in groups.items():
            section = self.section(label, ["smtp-reference-group"])
            for entry in members:
                data = content.explain(entry, self.registry)
                sub = self.section(
                    data.title, ["smtp-code", *render.class_names(entry.reply_class)]
                )
                if not entry.standard:
                    sub["classes"].append("smtp-nonstandard")
                sub.extend(render.explanation_nodes(data, docname, heading=False))
                ident = domain.new_target(entry.code, data.title, sub, self.state.document)
                domain.note_listed(ident)
                sub["ids"].insert(0, ident)
                self.state.document.ids[ident] = sub
                sub += domain.index_node(data.title, ident)
                section += sub
            result.append(section)
        for node in result:
            self.set_source_info(node)
        return result

    def bound(self, entry: records.Entry) -> records.Entry:
        """In a chapter of one class, an IANA pattern as that class's code: X.1.1 → 5.1.1.

        Chapters split by class then list different codes (4.1.1 in one, 5.1.1 in the
        other), each with what its class means, rather than the same pattern twice.
        """
        digit = self.options.get("code-class", "").strip()[:1]
        if digit in ("2", "4", "5") and entry.code.startswith("X."):
            return self.registry.get(digit + entry.code[1:]) or entry
        return entry

    def section(self, title: str, classes: list[str]) -> nodes.section:
        section = render.plain_text(nodes.section(classes=classes))
        # sphinx.ext.autosectionlabel names a section after its title's source; with
        # the page's name in it, a code or class listed on two pages gets two labels
        # ("codes-4xx:450 Mailbox Unavailable"), as autosectionlabel_prefix_document does.
        prefixed = getattr(self.config, "autosectionlabel_prefix_document", False)
        source = title if prefixed else f"{self.env.docname}:{title}"
        used = self.env.temp_data.setdefault("smtp_listed_titles", {})
        used[source] = count = used.get(source, 0) + 1
        if count > 1:  # the same heading twice on one page
            source = f"{source} ({count})"
        section += nodes.title(source, title)
        section["names"].append(nodes.fully_normalize_name(title))
        self.state.document.note_implicit_target(section, section)
        return section
