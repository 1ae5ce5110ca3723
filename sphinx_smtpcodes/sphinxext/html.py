"""HTML only: wide tables scroll inside a box of their own, code tables get a filter box,
and transcripts a copy button."""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes

from ..registry.i18n import N_
from .config import get_registry
from .transforms import PagePostTransform, none_of

#: Tables of ours that can be wider than a phone.
WIDE_TABLES = ("smtp-compare-table", "smtp-table", "smtp-bounce-table")

FILTER_LABEL = N_("Filter the codes")
#: ``{shown}`` and ``{total}`` are filled in by ``smtpcodes.js`` as the reader types.
FILTER_STATUS = N_("{shown} of {total} codes shown")


class FoldedOriginals(PagePostTransform):
    """The original message of an ``smtp-bounce`` folded away: ``<details>``.

    The block is a rubric and a literal block for every builder; in HTML the
    rubric becomes the ``<summary>`` of a closed ``<details>`` element, so the
    returned message is one click away and does not push the explanation
    out of sight. The literal block inside is left as it is (highlighting
    off, the theme's own styles).
    """

    default_priority = 40
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for box in list(self.document.findall(nodes.container)):
            if "smtp-bounce-original" not in box["classes"] or not box.children:
                continue
            label = box[0]
            if not isinstance(label, nodes.rubric):
                continue
            summary = html.escape(label.astext())
            opening = f'<details class="smtp-original"><summary>{summary}</summary>\n'
            box.replace(label, nodes.raw("", opening, format="html"))
            box += nodes.raw("", "</details>\n", format="html")


class ScrollingTables(PagePostTransform):
    """Wrap each comparison table and ``smtp-table`` in ``<div class="smtp-scroll">``.

    The stylesheet lets that box scroll sideways, so a table wider than the
    screen never widens the page, and the table stays a table (a ``display:
    block`` table loses its table semantics in some screen readers). Themes
    that wrap tables themselves (Furo, PyData, Read the Docs) wrap inside it.
    """

    default_priority = 30  # after MentionTooltips (20)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if not any(name in table["classes"] for name in WIDE_TABLES):
                continue
            parent = table.parent
            if isinstance(parent, nodes.container) and "smtp-scroll" in parent["classes"]:
                continue
            box = nodes.container(classes=["smtp-scroll"])
            parent.replace(table, box)  # not replace_self: it would copy the ids too
            box += table
            if "smtp-table" in table["classes"]:
                parent.insert(parent.index(box), self.filter_holder())

    def filter_holder(self) -> nodes.raw:
        """An empty, hidden ``<div>`` that ``smtpcodes.js`` turns into a filter box.

        Without JavaScript it stays hidden and the table is unchanged; the
        labels come from our catalog, in the page's language.
        """
        gettext = get_registry(self.env).translator.gettext
        label = html.escape(gettext(FILTER_LABEL), quote=True)
        status = html.escape(gettext(FILTER_STATUS), quote=True)
        markup = (
            f'<div class="smtp-filter" hidden data-label="{label}" data-status="{status}"></div>\n'
        )
        return nodes.raw("", markup, format="html")


class CopyableTranscripts(PagePostTransform):
    """Put each transcript in ``<div class="highlight">``, as Pygments' blocks are.

    sphinx-copybutton (and themes' own copy buttons) look for ``div.highlight
    pre``; a transcript is a parsed literal block, which Sphinx writes as a
    bare ``<pre>``. The button copies the text as the page shows it: masked.
    """

    default_priority = 30
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for block in list(self.document.findall(nodes.literal_block)):
            if "smtp-transcript" not in block["classes"]:
                continue
            parent = block.parent
            if isinstance(parent, nodes.container) and "highlight" in parent["classes"]:
                continue
            box = nodes.container(classes=["highlight", "smtp-transcript-box"])
            parent.replace(block, box)
            box += block


_OUR_TABLE = re.compile(
    r'<table class="[^"]*\b(?:smtp-compare-table|smtp-table)\b[^"]*".*?</table>', re.DOTALL
)


def _scoped(match: re.Match[str]) -> str:
    head, end, body = match.group(0).partition("</thead>")
    head = head.replace('<th class="head', '<th scope="col" class="head')
    body = body.replace('<th class="stub', '<th scope="row" class="stub')
    return head + end + body


def add_header_scopes(
    app: Any, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Give the header cells of our tables ``scope="col"`` / ``scope="row"``.

    docutils writes ``<th>`` without ``scope``, and no node attribute reaches
    it, so the attribute is added to the page body once it is written.
    """
    if doctree is None or none_of(
        [app.env.get_domain("smtp").generated], app.env, doctree, pagename
    ):
        return  # no table of ours: a directive makes them
    body = context.get("body")
    if body and "smtp-" in body:
        context["body"] = _OUR_TABLE.sub(_scoped, body)
