"""Transforms: generated text kept out of the writer's catalogs; post-transforms for one
output format: tooltips in HTML, targets and typography in LaTeX."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..lazy import lazy_module

render = lazy_module("sphinx_smtpcodes.render.nodes")

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: Classes of the blocks the extension generates.
GENERATED = frozenset(
    {
        "smtp-code",
        "smtp-compare",
        "smtp-table",
        "smtp-session",
        "smtp-reply",
        "smtp-bounce",
        "smtp-reference-group",
    }
)
#: Marks a node that holds the writer's own words inside a generated block (a caption).
WRITER = "smtp_writer"


def none_of(
    records: Iterable[Collection[str]],
    env: BuildEnvironment,
    document: nodes.document,
    docname: str | None = None,
) -> bool:
    """Whether the tree being written (``document``, as page ``docname``: by
    default the page post-transforms run for) holds no page of ``records``,
    the domain's records of pages (``generated``, ``waiting``, ``mentions``…).

    Most builders write a tree per page. LaTeX, Texinfo, singlehtml and man
    pages write trees of several (a ``docname`` on the tree, or the pages of
    its toctree inlined): such a tree holds none only when no page of the
    project is in ``records``.
    """
    records = [found for found in records if found]
    if not records:
        return True
    docname = docname or env.docname
    if "docname" in document or env.toctree_includes.get(docname):
        return False
    return not any(docname in found for found in records)


class PagePostTransform(SphinxPostTransform):
    """A post-transform of ours, which skips the pages it has no work on.

    ``pages`` names the records of the ``smtp`` domain (made while pages are
    read) that hold every page with such work: ``generated`` (a directive of
    the domain made something there), ``waiting`` (mentions that take their
    final form when written), ``mentions``, ``listed``. Any other page, and
    with it every page of a manual that holds nothing of ours, costs a few
    look-ups and no walk of its tree.
    """

    pages: tuple[str, ...] = ("generated",)

    def __init__(self, document: nodes.document, startnode: nodes.Node | None = None) -> None:
        # docutils' Transform looks the document's language up here, for every
        # transform of every page; ours never use it.
        self.document = document
        self.startnode = startnode

    def apply(self, **kwargs: Any) -> None:
        if not self.is_supported():
            return
        env = self.env
        domain = env.get_domain("smtp")
        if none_of([getattr(domain, name) for name in self.pages], env, self.document):
            return
        self.run(**kwargs)


class GeneratedTextNotTranslatable(SphinxTransform):
    """Keep the text the extension writes out of the writer's ``make gettext``.

    Labels, names and explanations come from the extension's own catalogs in
    the build's language; extracted with the writer's text they would land in
    the project's ``.pot`` with msgids that change with the language. Only the
    writer's own words inside a block stay translatable: the note in an
    ``smtp-code`` body and a ``:caption:``. Sphinx's gettext builder and its
    translation of a page both skip a node whose ``translatable`` is false.
    """

    default_priority = 15  # before Sphinx translates a page (Locale, 20)

    def apply(self, **kwargs: Any) -> None:
        if self.env.docname not in self.env.get_domain("smtp").generated:
            return  # this page holds no block
        # One walk that stops at each generated block.
        stack = [self.document]
        while stack:
            node = stack.pop()
            for child in node.children:
                if not isinstance(child, nodes.Element):
                    continue
                if GENERATED.isdisjoint(child["classes"]):
                    stack.append(child)
                else:
                    _mark(child)


def _mark(node: nodes.Element) -> None:
    if node.get(WRITER):
        return
    if "smtp-note" in node["classes"]:  # the writer's note: only its label is ours
        for title in node.findall(nodes.title):
            title["translatable"] = False
            break
        return
    # Not inline nodes: Sphinx's RemoveTranslatableInline unwraps every inline
    # that has the attribute, and badges and mentions would lose their classes.
    if isinstance(node, nodes.TextElement) and not isinstance(node, nodes.inline):
        node["translatable"] = False
    for child in node.children:
        if isinstance(child, nodes.Element):
            _mark(child)


class MentionTooltips(PagePostTransform):
    """Turn unlinked mentions into ``<abbr title="summary">``.

    Linked mentions carry the summary as the link's ``title`` (set when the
    reference is resolved). Other builders keep the plain text: LaTeX and
    text would spell an abbreviation's explanation out in the page.
    """

    default_priority = 20  # after ReferencesResolver (10)
    formats = ("html",)
    pages = ("waiting", "generated")

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.inline)):
            summary = node.get("smtp_summary")
            if not summary or isinstance(node.parent, nodes.reference):
                continue
            abbr = nodes.abbreviation(
                "", "", *node.children, explanation=summary, classes=node["classes"]
            )
            node.replace_self(abbr)


class LatexBlockTargets(PagePostTransform):
    """LaTeX only: give each code block a label that links can point to.

    The LaTeX writer writes labels for targets and sections, not for
    containers, so the ids of a block move to a target at its start.
    """

    default_priority = 5  # before references are resolved and written
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for block in list(self.document.findall(nodes.container)):
            if "smtp-code" in block["classes"] and block["ids"]:
                target = nodes.target("", "", ids=list(block["ids"]))
                block["ids"] = []
                block.insert(0, target)


#: Our tables, typeset for narrow columns in LaTeX.
LATEX_TABLES = ("smtp-compare-table", "smtp-table", "smtp-bounce-table")
#: A long unbroken token (an address, a host name) may break after these.
LONG_TOKEN = re.compile(r"\S{14,}")
BREAK_AFTER = re.compile(r"(?<=[@./_-])(?=[^\s@./_-])")
#: Narrow cells set ragged right (``\arraybackslash`` keeps ``\\`` ending the row).
RAGGED = r"\raggedright\arraybackslash "
#: Header and label cells name codes and aspects ("450 Mailbox Unavailable",
#: "Commands"): never hyphenated.
NO_HYPHENATION = r"\hyphenpenalty=10000\exhyphenpenalty=10000\relax "
#: No page break between a table and what leads into it (a block's title and lead
#: sentence): the title is never left alone at the foot of a page. (``\needspace``
#: misplaced a long table's running head after a chapter opening in XeLaTeX.)
KEEP_WITH_TABLE = r"\nopagebreak[4]"


class LatexTypography(PagePostTransform):
    """LaTeX only: our tables set ragged right, their headers unhyphenated, titles kept.

    Narrow justified columns leave wide gaps between words, and a header such
    as "450 Mailbox Unavailable" breaks as "Unavail-able". Each cell of our
    tables starts ragged right (the widths stay the ones the renderer chose
    from the content, through Sphinx's own column spec), a table may break
    between rows rather than leave a gap, and no page breaks between a table
    and the title and lead before it, so a title never stands alone at the foot
    of a page; header and label cells forbid hyphenation.
    """

    default_priority = 6  # after LatexBlockTargets (5), before references are written
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in list(self.document.findall(nodes.table)):
            if not any(name in table["classes"] for name in LATEX_TABLES):
                continue
            parent = table.parent
            if parent.index(table) > 0:
                parent.insert(parent.index(table), nodes.raw("", KEEP_WITH_TABLE, format="latex"))
            if "longtable" not in table["classes"]:
                # A table that cannot break moves whole to the next page and
                # leaves a gap: ours may always break between rows.
                table["classes"].append("longtable")
            for entry in list(table.findall(nodes.entry)):
                row = entry.parent
                label = isinstance(row.parent, nodes.thead) or (
                    "smtp-compare-table" in table["classes"] and row.index(entry) == 0
                )
                markup = RAGGED + (NO_HYPHENATION if label else "")
                entry.insert(0, nodes.raw("", markup, format="latex"))
                _break_long_tokens(entry)
        # Older Sphinx (7.4) writes a rubric as a plain paragraph, which a page
        # may follow at once: keep a block's title with its lead sentence too.
        for rubric in list(self.document.findall(nodes.rubric)):
            if "smtp-title" in rubric["classes"]:
                parent = rubric.parent
                keep = nodes.raw("", KEEP_WITH_TABLE, format="latex")
                parent.insert(parent.index(rubric) + 1, keep)


class UnspanSharedCells(PagePostTransform):
    """Builders whose writers cannot span table cells get one cell per code.

    A comparison says a value the codes share once, across their columns
    (``morecols``); docutils' manual-page writer refuses such a cell, and in
    LaTeX a spanning cell keeps a long table from starting on the page of its
    title.
    """

    default_priority = 5
    builders = ("man", "latex")

    def run(self, **kwargs: Any) -> None:
        for entry in list(self.document.findall(nodes.entry)):
            more = entry.get("morecols", 0)
            if not more:
                continue
            del entry["morecols"]
            for _ in range(more):
                entry.parent.insert(entry.parent.index(entry) + 1, entry.deepcopy())


class PlainTranscripts(PagePostTransform):
    """Man pages and Texinfo: a transcript's replies are text, not links.

    Both write a link's address after its text (``<https://…>``, a
    footnote), which would change the transcript from what was typed.
    """

    default_priority = 900  # after every reference is resolved
    formats = ("man", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for block in self.document.findall(nodes.literal_block):
            if "smtp-transcript" not in block["classes"]:
                continue
            for ref in list(block.findall(nodes.reference)):
                ref.replace_self(nodes.Text(ref.astext()))


class PlainManMentions(PagePostTransform):
    """Man pages: a mention that links inside the manual is text, wherever it is.

    The man writer prints such a link's anchor after it (``<#smtp-250>``),
    and a reader cannot follow it.
    """

    default_priority = 900
    formats = ("man",)
    pages = ("mentions", "generated")

    def run(self, **kwargs: Any) -> None:
        if not self.env.get_domain("smtp").objects:
            return  # no block anywhere: no mention links inside the manual
        for ref in list(self.document.findall(nodes.reference)):
            internal = ref.get("internal") or ref.get("refuri", "").startswith("#")
            if internal and any("smtp-ref" in n["classes"] for n in ref.findall(nodes.inline)):
                ref.replace_self(ref.children)


class ListedElsewhere(PagePostTransform):
    """A code that ``smtp-reference`` lists where it is not the code's target says
    where it is explained in full, with a link there (the target is settled after
    reading: see :meth:`~sphinx_smtpcodes.sphinxext.domain.SMTPDomain.settle`)."""

    default_priority = 7  # after UntargetedBlocks (4), before mentions are resolved (8)
    pages = ("listed",)

    def run(self, **kwargs: Any) -> None:
        from .config import get_registry
        from .domain import summary_of

        domain = self.env.get_domain("smtp")
        for section in self.document.findall(nodes.section):
            key = section.get("smtp_key")
            if key is None or domain.is_target(section["smtp_doc"], section["smtp_target"], key):
                continue
            home = domain.objects.get(key)
            if home is None:
                continue
            registry = get_registry(self.env)
            entry = registry.entries.get(key)  # a vendor range (5.7.606-649) is no code to parse
            summary = entry.summary if entry is not None else summary_of(self.env, key)
            label = registry.translator.gettext("Explained in full at")
            para = nodes.paragraph("", f"{label}: ", classes=["smtp-elsewhere"])
            para += render.mention(key, home[3], summary, section["smtp_doc"])
            section.insert(1, para)


def _break_long_tokens(entry: nodes.Element) -> None:
    """Let an address or host name longer than its column break after ``@ . / _ -``.

    LaTeX never breaks inside a word, so ``jonas@postwerk.example`` in a
    narrow column would run into the next one.
    """
    for text in list(entry.findall(nodes.Text)):
        if isinstance(text.parent, nodes.raw) or not LONG_TOKEN.search(text):
            continue
        pieces: list[nodes.Node] = []
        last = 0
        for token in LONG_TOKEN.finditer(text):
            parts = BREAK_AFTER.split(token.group())
            if len(parts) == 1:
                continue
            pieces.append(nodes.Text(text[last : token.start()]))
            for index, part in enumerate(parts):
                if index:
                    pieces.append(nodes.raw("", r"\allowbreak{}", format="latex"))
                pieces.append(nodes.Text(part))
            last = token.end()
        if pieces:
            pieces.append(nodes.Text(text[last:]))
            parent = text.parent
            at = parent.index(text)
            parent[at : at + 1] = [p for p in pieces if not isinstance(p, nodes.Text) or p]
