"""Turn the plain content of :mod:`sphinx_smtpcodes.content` into docutils nodes.

Only standard nodes (containers, rubrics, tables, definition lists,
paragraphs, references) and Sphinx's ``pending_xref``, so every builder
renders them without code of ours.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from ..content import (
    Badge,
    CodeRef,
    Comparison,
    Explanation,
    Link,
    Para,
    ReplyExplanationData,
    Section,
    Text,
    badge_text,
)
from ..registry import ReplyClass
from .mention import MENTION_CLASSES, linked_mention

if TYPE_CHECKING:
    from ..content import BounceReport


def index_entries(label: str, ident: str) -> list[tuple[str, str, str, str, None]]:
    """General-index entries of a block, under its label (:func:`content.code_label`).

    A ``;`` in a name would split an entry, so it becomes a comma.
    """
    label = label.replace(";", ",")
    return [
        ("single", f"{label}; SMTP", ident, "", None),
        ("single", f"SMTP; {label}", ident, "", None),
    ]


def plain_text(node: nodes.Element) -> nodes.Element:
    """Mark a generated block so that Sphinx's smart quotes leave its text alone.

    Registry text is not reStructuredText: its quotes and backslashes must
    come out as written.
    """
    node["support_smartquotes"] = False
    return node


#: Width of the whole table: characters in the text builder, proportions elsewhere.
TABLE_WIDTH = 66
#: The label column of a comparison: at least this wide, at most this share of the table.
LABEL_MIN, LABEL_MAX = 11, 0.22
#: The most codes a comparison shows side by side, one column each. Four share
#: what the label column leaves, (66 − 14) / 4 = 13 characters each in plain text
#: on average: fewer than 1 in 100 words of the registry's prose is longer than
#: 12 and breaks mid-word. Five would leave 10 (1 word in 35 breaks), six 8 (1 in
#: 11). Past four the table turns: a row per code, a column per aspect, whatever
#: the number of codes.
SIDE_BY_SIDE_MAX = 4
#: Widths of the turned table's columns, in characters of the text builder
#: (proportions elsewhere): the code, then each aspect. With every aspect shown
#: the text table is 110 characters wide: wider than a page of text, rather
#: than words broken; HTML scrolls it in its own box, LaTeX fits it to the page.
TURNED_WIDTHS = {
    "code": 12,
    "class": 12,
    "meaning": 18,
    "when": 16,
    "fix": 16,
    "next": 12,
    "commands": 12,
    "references": 12,
}


def class_names(reply_class: ReplyClass | None) -> list[str]:
    """CSS classes that carry a code's class (``smtp-class-4``)."""
    return [f"smtp-class-{reply_class.value}"] if reply_class else []


def mention(code: str, text: str, summary: str, docname: str, *, quiet: bool = True) -> nodes.Node:
    """A link to the block of ``code``, with the summary as its tooltip.

    ``quiet`` mentions (made by the extension, not typed by a writer) never
    warn when no block documents the code, not even with ``nitpicky``.

    Until it is resolved the link holds just its text, and the summary sits on
    the link: a page of many mentions is then as small as a page of plain
    links for every transform that walks it while the page is read (and
    smart quotes treat the text as part of its sentence).
    :func:`mention_text` makes the visible node when the link is resolved.
    """
    ref = addnodes.pending_xref(
        "",
        nodes.Text(text),
        refdomain="smtp",
        reftype="code",
        reftarget=code,
        refexplicit=True,
        refwarn=False,
        refdoc=docname,
    )
    if summary:
        ref["smtp_summary"] = summary
    if quiet:
        ref["smtp_quiet"] = True
    return ref


def mention_span(children: Sequence[nodes.Node], summary: str = "") -> nodes.inline:
    """The visible text of a mention: ``<span class="smtp smtp-ref">`` around ``children``."""
    inner = nodes.inline(classes=list(MENTION_CLASSES))
    inner.extend(children)
    if summary:
        inner["smtp_summary"] = summary
    return inner


def mention_link(code: str, text: str, summary: str, url: str) -> linked_mention:
    """A mention linked to ``url`` (where it goes when no block documents its
    code), with ``summary`` as its tooltip.

    It keeps its code in ``smtp_mention``, so that a link to the code's block
    can take its place once every page is read.
    """
    # Its source is its text, which Sphinx would otherwise fill in on every page
    # (ApplySourceWorkaround).
    return linked_mention(
        text, text, internal=False, refuri=url, reftitle=summary, smtp_mention=code
    )


def mention_text(ref: addnodes.pending_xref) -> nodes.inline:
    """The visible text of a link made by :func:`mention`, put in place of its bare
    text when the link is resolved; it keeps the summary for the tooltip."""
    if len(ref) == 1 and isinstance(ref[0], nodes.inline) and "smtp-ref" in ref[0]["classes"]:
        return ref[0]
    children = ref.children
    ref.children = []
    inner = mention_span(children, ref.get("smtp_summary", ""))
    ref.append(inner)
    return inner


def inline(para: Para, docname: str) -> list[nodes.Node]:
    """The nodes of one paragraph's inline pieces."""
    result: list[nodes.Node] = []
    for piece in para:
        if isinstance(piece, Text):
            result.append(nodes.Text(piece.text))
        elif isinstance(piece, CodeRef):
            result.append(mention(piece.code, piece.text, piece.summary, docname))
        elif isinstance(piece, Link):
            # The class lets the Sphinx layer apply smtpcodes_external_links.
            ref = nodes.reference(piece.text, piece.text, refuri=piece.url, internal=False)
            ref["classes"].append("smtp-source")
            result.append(ref)
        elif isinstance(piece, Badge):
            result.append(badge(piece.text))
    return result


def badge(text: str) -> nodes.inline:
    """A badge beside a code (``[non-standard]``), the same in every block and table."""
    return nodes.inline(text, badge_text(text), classes=["smtp-badge"])


def paragraph(para: Para, docname: str, **attributes) -> nodes.paragraph:
    """A paragraph holding ``para``."""
    return nodes.paragraph("", "", *inline(para, docname), **attributes)


def paragraphs(paras: Sequence[Para], docname: str, *, items: bool = False) -> list[nodes.Node]:
    """Paragraphs, or a bullet list of them."""
    if items and len(paras) > 1:
        bullets = nodes.bullet_list(classes=["smtp-list"])
        for para in paras:
            bullets += nodes.list_item("", paragraph(para, docname))
        return [bullets]
    return [paragraph(p, docname) for p in paras]


def _sections(sections: Sequence[Section], docname: str) -> nodes.definition_list:
    dl = nodes.definition_list(classes=["smtp-details"])
    for section in sections:
        item = nodes.definition_list_item(classes=[f"smtp-{section.key}"])
        item += nodes.term(section.label, section.label)
        item += nodes.definition("", *paragraphs(section.paragraphs, docname, items=section.items))
        dl += item
    return dl


def details(sections: Sequence[Section], docname: str) -> nodes.definition_list:
    """Labelled sections as a definition list (the body of an explanation)."""
    return _sections(sections, docname)


def title(text: str, badges: Sequence[str] = ()) -> nodes.rubric:
    """The heading of a block, with its badges (``non-standard``)."""
    rubric = nodes.rubric(text, text, classes=["smtp-title"])
    for mark in badges:
        rubric += nodes.Text(" ")
        rubric += badge(mark)
    return rubric


def explanation_nodes(data: Explanation, docname: str, *, heading: bool = True) -> list[nodes.Node]:
    """The body of an ``smtp-code`` block: heading, class, summary, details."""
    result: list[nodes.Node] = []
    if heading:
        result.append(title(data.title, data.badges))
    result.append(nodes.paragraph(data.class_line, data.class_line, classes=["smtp-class-line"]))
    if data.summary:
        summary = nodes.paragraph("", "", classes=["smtp-summary"])
        summary += nodes.emphasis(data.summary, data.summary)
        result.append(summary)
    result.append(_sections(data.sections, docname))
    return result


def code_block(data: Explanation, docname: str) -> nodes.container:
    """The container of one code, before its target and note are added."""
    classes = ["smtp-code", *class_names(data.reply_class)]
    if not data.standard:
        classes.append("smtp-nonstandard")
    block = plain_text(nodes.container(classes=classes))
    block.extend(explanation_nodes(data, docname))
    return block


def reply_block(data: ReplyExplanationData, docname: str) -> nodes.container:
    """The container of a full reply: verdict, then each part."""
    classes = ["smtp-code", "smtp-reply"]
    if not data.consistent:
        classes.append("smtp-inconsistent")
    block = plain_text(nodes.container(classes=classes))
    block += title(data.title)
    if data.verdict:
        block += nodes.paragraph(data.verdict, data.verdict, classes=["smtp-verdict"])
    for part in data.parts:
        sub = nodes.container(classes=["smtp-part", *class_names(part.reply_class)])
        heading = nodes.paragraph("", "", classes=["smtp-part-title"])
        heading += nodes.strong(part.title, part.title)
        for mark in part.badges:
            heading += nodes.Text(" ")
            heading += badge(mark)
        sub += heading
        sub.extend(explanation_nodes(part, docname, heading=False))
        block += sub
    if data.variants is not None:
        block += _sections([data.variants], docname)
    return block


def comparison_block(data: Comparison, docname: str, caption: str | None = None) -> nodes.container:
    """An ``smtp-compare`` block: title, lead, table, differences, guidance."""
    block = plain_text(nodes.container(classes=["smtp-compare"]))
    block += title(caption or data.title)
    block += nodes.paragraph(data.lead, data.lead, classes=["smtp-lead"])
    block += _table(data, docname)
    if data.differences:
        block += nodes.rubric(
            data.labels["differences"], data.labels["differences"], classes=["smtp-subtitle"]
        )
        bullets = nodes.bullet_list(classes=["smtp-differences"])
        for sentence in data.differences:
            bullets += nodes.list_item("", nodes.paragraph(sentence, sentence))
        block += bullets
    guidance = [(ref, text) for ref, text in data.guidance if text]
    if guidance:
        block += nodes.rubric(
            data.labels["guidance"], data.labels["guidance"], classes=["smtp-subtitle"]
        )
        dl = nodes.definition_list(classes=["smtp-guidance"])
        for ref, text in guidance:
            item = nodes.definition_list_item()
            item += nodes.term("", "", mention(ref.code, ref.text, ref.summary, docname))
            item += nodes.definition("", nodes.paragraph(text, text))
            dl += item
        block += dl
    return block


def _display_width(text: str) -> int:
    """Columns a text takes: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _para_text(para: Para) -> str:
    return "".join(piece.text for piece in para)


def column_widths(data: Comparison) -> list[int]:
    """Widths of a comparison's columns, from what they hold; they add up to ``TABLE_WIDTH``.

    The label column is as wide as its longest word (labels wrap between
    words), within bounds, so it no longer takes a quarter of the page. The
    code columns share the rest by how much text each holds (the square root,
    so a wordy column gains room without starving the others), each within
    two thirds and three halves of an even share.
    """
    count = len(data.columns)
    words = [w for row in data.rows for w in row.label.split()] + data.labels["aspect"].split()
    longest = max((_display_width(w) for w in words), default=LABEL_MIN)
    label = min(max(longest + 3, LABEL_MIN), int(TABLE_WIDTH * LABEL_MAX))
    rest = TABLE_WIDTH - label
    sizes = [
        math.sqrt(1 + sum(_display_width(_para_text(p)) for row in data.rows for p in row.cells[i]))
        for i in range(count)
    ]
    mean = sum(sizes) / count
    shares = [min(max(size / mean, 2 / 3), 3 / 2) for size in sizes]
    total = sum(shares)
    widths = [max(1, int(rest * share / total)) for share in shares]
    # What rounding left over goes to the narrowest column.
    widths[widths.index(min(widths))] += max(0, rest - sum(widths))
    return [label, *widths]


def _table(data: Comparison, docname: str) -> nodes.table:
    """The comparison's table: a column per code, or a row per code past a page's width."""
    table = nodes.table(classes=["smtp-compare-table", "colwidths-given"])
    if len(data.rows) * len(data.columns) > 12:
        table["classes"].append("longtable")
    table += nodes.title(data.labels["table"], data.labels["table"])
    heads = [
        mention(code, label, ref.summary, docname)
        for code, label, (ref, _text) in zip(data.codes, data.columns, data.guidance)
    ]
    if len(data.columns) <= SIDE_BY_SIDE_MAX:
        table += _side_by_side(data, heads, docname)
    else:
        table["classes"].append("smtp-turned")
        table += _turned(data, heads, docname)
    return table


def _cell(paras: Sequence[Para], key: str, docname: str, **attributes) -> nodes.entry:
    cell = nodes.entry(**attributes)
    cell.extend(paragraphs(paras, docname, items=key == "references"))
    return cell


def _header(*cells: nodes.entry) -> nodes.thead:
    head = nodes.thead()
    head += nodes.row("", *cells)
    return head


def _label_cell(text: str, **attributes) -> nodes.entry:
    return nodes.entry("", nodes.paragraph(text, text), **attributes)


def _side_by_side(data: Comparison, heads: list[nodes.Node], docname: str) -> nodes.tgroup:
    """A column per code, a row per aspect."""
    count = len(data.columns)
    group = nodes.tgroup(cols=count + 1)
    label_width, *widths = column_widths(data)
    group += nodes.colspec(colwidth=label_width, stub=1)
    for width in widths:
        group += nodes.colspec(colwidth=width)
    group += _header(
        _label_cell(data.labels["aspect"]),
        *(
            nodes.entry("", nodes.paragraph("", "", head), classes=class_names(reply_class))
            for head, reply_class in zip(heads, data.column_classes)
        ),
    )
    body = nodes.tbody()
    for table_row in data.rows:
        row = nodes.row(classes=[f"smtp-row-{table_row.key}"])
        row += _label_cell(table_row.label)
        if table_row.shared:  # a value the codes share is said once, across their columns
            row += _cell(table_row.cells[0], table_row.key, docname, morecols=count - 1)
        else:
            for paras in table_row.cells:
                row += _cell(paras, table_row.key, docname)
        body += row
    group += body
    return group


def _turned(data: Comparison, heads: list[nodes.Node], docname: str) -> nodes.tgroup:
    """A row per code, a column per aspect: as many codes as wanted, at a fixed width."""
    keys = ["code", *(row.key for row in data.rows)]
    group = nodes.tgroup(cols=len(keys))
    for index, key in enumerate(keys):
        group += nodes.colspec(colwidth=TURNED_WIDTHS[key], stub=1 if index == 0 else 0)
    group += _header(
        _label_cell(data.labels["code"]),
        *(_label_cell(row.label, classes=[f"smtp-row-{row.key}"]) for row in data.rows),
    )
    body = nodes.tbody()
    for index, (head, reply_class) in enumerate(zip(heads, data.column_classes)):
        row = nodes.row(classes=class_names(reply_class))
        row += nodes.entry("", nodes.paragraph("", "", head))
        for table_row in data.rows:
            row += _cell(table_row.cells[index], table_row.key, docname)
        body += row
    group += body
    return group


#: Widths of the recipients table of a bounce: address, action, status, reply.
BOUNCE_COLUMNS = (22, 16, 20, 42)


def linked_text(text: str, codes: Sequence[str], docname: str, summaries: dict[str, str]) -> list:
    """``text`` with each of ``codes`` (in order, first occurrence) linked to its block."""
    result: list[nodes.Node] = []
    rest = text
    for code in codes:
        match = re.search(rf"(?<![\w.]){re.escape(code)}(?![\w]|\.[0-9])", rest)
        if match is None:
            continue
        result.append(nodes.Text(rest[: match.start()]))
        result.append(mention(code, code, summaries.get(code, ""), docname))
        rest = rest[match.end() :]
    result.append(nodes.Text(rest))
    return result


def bounce_block(data: BounceReport, docname: str, caption: str | None = None) -> nodes.container:
    """An ``smtp-bounce`` block: summary, recipients table, what to do, original message."""
    block = plain_text(nodes.container(classes=["smtp-bounce", f"smtp-bounce-{data.kind}"]))
    block += title(caption or data.title)
    for sentence in data.summary:
        block += nodes.paragraph(sentence, sentence, classes=["smtp-bounce-summary"])
    labels = data.labels
    if data.recipients:
        block += _bounce_table(data, docname)
        block += nodes.rubric(labels["advice"], labels["advice"], classes=["smtp-subtitle"])
        if len(data.recipients) == 1:
            advice = data.recipients[0].advice
            block += nodes.paragraph(advice, advice, classes=["smtp-bounce-advice"])
        else:
            items = nodes.bullet_list(classes=["smtp-list", "smtp-bounce-advice"])
            for row in data.recipients:
                para = nodes.paragraph()
                para += nodes.strong(row.address, row.address)
                para += nodes.Text(": " + row.advice)
                items += nodes.list_item("", para)
            block += items
    if data.notes:
        block += nodes.rubric(labels["problems"], labels["problems"], classes=["smtp-subtitle"])
        items = nodes.bullet_list(classes=["smtp-list", "smtp-bounce-problems"])
        for note in data.notes:
            items += nodes.list_item("", nodes.paragraph(note, note))
        block += items
    if data.original:
        original = nodes.container(classes=["smtp-bounce-original"])
        original += nodes.rubric(labels["original"], labels["original"], classes=["smtp-subtitle"])
        text = data.original.rstrip("\n")
        literal = nodes.literal_block(text, text, classes=["smtp-original-message"])
        literal["language"] = "none"  # mail headers are not code: no highlighting
        original += literal
        block += original
    return block


def _bounce_table(data: BounceReport, docname: str) -> nodes.table:
    labels = data.labels
    table = nodes.table(classes=["smtp-bounce-table", "colwidths-given"])
    if len(data.recipients) > 4:
        table["classes"].append("longtable")
    table += nodes.title(labels["recipients"], labels["recipients"])
    group = nodes.tgroup(cols=len(BOUNCE_COLUMNS))
    table += group
    for width in BOUNCE_COLUMNS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    row = nodes.row()
    for key in ("recipient", "action", "status", "reply"):
        row += nodes.entry("", nodes.paragraph(labels[key], labels[key]))
    head += row
    group += head
    body = nodes.tbody()
    for recipient in data.recipients:
        row = nodes.row()
        row += nodes.entry("", nodes.paragraph(recipient.address, recipient.address))
        action = nodes.entry()
        if recipient.action:
            action += nodes.paragraph(recipient.action, recipient.action)
        if recipient.action_meaning:
            meaning = nodes.paragraph(classes=["smtp-bounce-action-meaning"])
            meaning += nodes.emphasis(recipient.action_meaning, recipient.action_meaning)
            action += meaning
        row += action
        status = nodes.entry()
        if recipient.status:
            status += paragraph(recipient.status, docname)
        row += status
        reply = nodes.entry()
        if recipient.reply:
            summaries = {
                piece.code: piece.summary
                for para in recipient.explanation
                for piece in para
                if isinstance(piece, CodeRef)
            }
            quoted = nodes.paragraph(classes=["smtp-bounce-reply"])
            quoted += nodes.literal(
                "", "", *linked_text(recipient.reply, recipient.reply_codes, docname, summaries)
            )
            reply += quoted
            if not recipient.reply_codes and recipient.reply:
                note = labels["reason"]
                quoted.insert(0, nodes.Text(note + ": "))
        reply.extend(paragraphs(recipient.explanation, docname, items=True))
        for note in recipient.notes:
            reply += nodes.paragraph(note, note, classes=["smtp-bounce-note"])
        if recipient.remote_mta:
            text = f"{labels['remote']}: {recipient.remote_mta}"
            reply += nodes.paragraph(text, text, classes=["smtp-bounce-remote"])
        row += reply
        body += row
    group += body
    return table
