"""The ``smtp`` domain: object types, the ``code`` role, resolution, inventory."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.locale import get_translation
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .. import content
from ..lazy import lazy_module
from ..registry.i18n import CATALOG
from . import links
from .config import build_cache, get_registry, note_dependencies, warn

model = lazy_module("sphinx_smtpcodes.registry.model")
records = lazy_module("sphinx_smtpcodes.registry.entries")
render = lazy_module("sphinx_smtpcodes.render.nodes")
replies = lazy_module("sphinx_smtpcodes.readers.reply")

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment
    from sphinx.util.tags import Tags

_ = get_translation(CATALOG)

#: A block that may be a code's target: (key, node id, object type, label,
#: the ``.. only::`` expressions around it, line).
Block = tuple[str, str, str, str, tuple[str, ...], int]


def canonical(text: str) -> str:
    """The key a code is stored and looked up under: ``x.1.1`` → ``X.1.1``.

    Raises :class:`CodeSyntaxError` for malformed text.
    """
    parsed = model.parse_code(text)
    return parsed.key if isinstance(parsed, model.ReplyLine) else str(parsed)


def object_type(key: str) -> str:
    """``code`` for ``450``, ``enhanced`` for ``5.1.1``, ``reply`` for ``550 5.1.1``."""
    if " " in key:
        return "reply"
    return "enhanced" if "." in key else "code"


def node_id(key: str) -> str:
    """The HTML id of a code's block: ``smtp-550-5-1-1``."""
    return "smtp-" + key.lower().replace(".", "-").replace(" ", "-")


@functools.lru_cache(maxsize=4096)
def fallbacks(key: str) -> tuple[str, ...]:
    """Where a mention may link when no block documents exactly ``key``."""
    parsed = model.parse_code(key)
    found = []
    if isinstance(parsed, model.ReplyLine):
        if parsed.enhanced is not None:
            found.append(str(parsed.enhanced))
            found.append(parsed.enhanced.pattern)
        found.append(str(parsed.code))
    elif isinstance(parsed, model.EnhancedStatus) and parsed.klass is not None:
        found.append(parsed.pattern)
    return tuple(found)


def summary_of(env: BuildEnvironment, key: str) -> str:
    """The one-line summary a mention shows as its tooltip."""
    # A manual mentions the same few codes many times: each tooltip is made once a build.
    cache = build_cache(env, "tooltips")
    found = cache.get(key)
    if found is None:
        registry = get_registry(env)
        entry = registry.resolve(key)
        found = cache[key] = "" if entry is None else content.tooltip(entry, registry.translator)
    return found


def _text_only(rawtext: str, text: str, classes: Any = ()) -> nodes.Text:
    return nodes.Text(text)


def shown_title(env: BuildEnvironment, key: str, typed: str) -> str:
    """What a mention typed as ``typed`` shows: with ``smtpcodes_show_name``, the
    code with its name (:func:`~sphinx_smtpcodes.content.code_label`)."""
    if not env.config.smtpcodes_show_name:
        return typed
    registry = get_registry(env)
    entry = registry.resolve(key)
    if isinstance(entry, records.Entry):
        return content.code_label(entry, registry.translator, typed)
    return typed


def known_part(env: BuildEnvironment, key: str) -> str:
    """``key`` itself, or for a full reply with one unknown part the part that is known.

    The parts are read as ``smtp-reply`` and ``smtpcodes parse`` read a reply.
    """
    if " " not in key:
        return key
    reply = replies.read_reply(key)
    registry = get_registry(env)
    known = [p for p in (reply.code, reply.enhanced) if p and p in registry]
    return known[0] if len(known) == 1 else key


class _Page:
    """What :class:`CodeRole` keeps while one page is read: the page's document
    (weakly: the role outlives it), the codes its mentions link to (the
    domain's record of the page) and the build's recipes of typed mentions."""

    __slots__ = ("document", "keys", "recipes")

    def __init__(self, document: nodes.document) -> None:
        env = document.settings.env
        self.document = weakref.ref(document)
        self.keys: set[str] = env.get_domain("smtp").mentions.setdefault(env.docname, set())
        self.recipes: dict[str, tuple[str, str, str, str]] = build_cache(env, "typed")
        note_dependencies(env)


class CodeRole(XRefRole):
    """``:smtp:code:`450``` and the short form ``:smtp:`450```.

    Accepts ``:smtp:`text <450>``` and ``:smtp:`!450``` (no link). The
    mention keeps the code's summary for a tooltip; a malformed or unknown
    code gives a located ``smtpcodes`` warning and renders as typed.
    """

    # A link holds just its text until it is resolved (see render.mention);
    # a mention with no link (!450) gets its <span> in result_nodes.
    innernodeclass = staticmethod(_text_only)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page: _Page | None = None

    def __call__(
        self,
        name: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: Any,
        options: dict[str, Any] | None = None,
        content: Sequence[str] = (),
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        """A mention typed before in this build (the same role and text:
        ``rawtext``) and linked while read is made again from what
        :meth:`linked_now` found the first time; any other goes the whole way."""
        # A manual mentions a few codes thousands of times: each of those
        # costs a dictionary look-up and its node, as a link typed out would.
        page = self._page
        if page is None or page.document() is not inliner.document:
            page = self._page = _Page(inliner.document)
        recipe = page.recipes.get(rawtext)
        if recipe is not None:
            page.keys.add(recipe[0])
            return [render.mention_link(*recipe)], []
        return super().__call__(name, rawtext, text, lineno, inliner, options, content)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:  # the bare :smtp: role fills in its own domain
            self.name = "smtp:code"
        # reST keeps the line break of a mention wrapped over two lines
        # (":smtp:`550" at a line end, "5.1.1`" on the next); MyST does not.
        # Either way a code is one line: the break is a space.
        self.target = " ".join(self.target.split())
        self.title = " ".join(self.title.split())
        self.text = " ".join(self.text.split())
        if not self.disabled and not self.rawtext.startswith(":external"):
            made = self.linked_now()
            if made is not None:
                return [made], []
        return super().run()

    def linked_now(self) -> nodes.Element | None:
        """The mention, already linked where it goes when no block documents its code.

        As sphinxcontrib-httpdomain links a status code, the link is made while
        the page is read, so a page of mentions costs no more than its text:
        most manuals document few codes and mention many. The mention keeps
        its code (``smtp_mention``), and :class:`~.links.MentionResolver` points
        it at the code's block when the project has one. ``None`` where the
        full path is needed: another project's inventory, the ``intersphinx``
        mode, no outside page to link to (``nitpicky`` may then warn), a code that
        is malformed or unknown (they warn there).
        """
        env = self.env
        if env.config.smtpcodes_mention_links == "intersphinx":
            return None
        cache = build_cache(env, "mentions")
        recipe = cache.get((self.target, self.has_explicit_title and self.title))
        if recipe is None:
            recipe = self._recipe()
            if recipe is None:
                return None
            cache[(self.target, self.has_explicit_title and self.title)] = recipe
        # The same text typed again makes the same mention (see __call__).
        page = self._page
        assert page is not None  # __call__ made it
        page.recipes[self.rawtext] = recipe
        page.keys.add(recipe[0])
        return render.mention_link(*recipe)

    def _recipe(self) -> tuple[str, str, str, str] | None:
        env = self.env
        inventory, code = links.split_inventory(self.target)
        if inventory:
            return None
        try:
            key = canonical(code)
        except model.CodeSyntaxError:
            return None
        if known_part(env, key) != key:
            return None
        summary = summary_of(env, key)
        if not summary:
            return None
        title = self.title if self.has_explicit_title else shown_title(env, key, self.title)
        config = env.config
        url = links.fallback_url(
            get_registry(env), key, config.smtpcodes_mention_links, config.smtpcodes_external_links
        )
        if not url:
            return None  # linked nowhere unless a block turns up: Sphinx's resolver decides
        return key, title, summary, url

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        # Our text is always the one to show: intersphinx would otherwise put
        # the inventory's display name ("450 Mailbox Unavailable") in its place.
        refnode["refexplicit"] = True
        inventory, code = links.split_inventory(target)
        try:
            key = canonical(code)
        except model.CodeSyntaxError:
            return title, target
        if inventory and not has_explicit_title:
            title = title.partition(":")[2].strip()
        if not has_explicit_title:
            title = shown_title(env, key, title)
        return title, f"{inventory}:{key}" if inventory else key

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # One "!" means "no link"; a second one is part of what was typed, so it warns.
        typed = self.target.removeprefix("!") if self.disabled else self.target
        target = links.split_inventory(typed.strip())[1]
        location = self.get_location()
        if not is_ref:
            node = nodes.inline("", "", node, classes=list(render.MENTION_CLASSES))
        try:
            key = canonical(target)
        except model.CodeSyntaxError as err:
            warn(f"malformed SMTP code {target!r} in :smtp: role: {err}", "syntax", location)
            title = self.title.removeprefix("!") if self.disabled else self.title
            return [nodes.literal(self.rawtext, title, classes=["smtp-invalid"])], []
        known = known_part(env, key)
        if known != key and known:
            # 550 5.1.351: the unknown part is named, the known one still links.
            unknown = " ".join(p for p in key.split() if p not in known.split())
            warn(
                f"unknown part {unknown!r} of SMTP reply {target!r} in :smtp: role; "
                f"it links to {known}",
                "unknown",
                location,
            )
            key = known
            if is_ref:
                node["reftarget"] = key
        summary = summary_of(env, key)
        if not summary:
            warn(f"unknown SMTP code {target!r} in :smtp: role", "unknown", location)
            return [render.mention_span(node.children) if is_ref else node], []
        node["smtp_summary"] = summary
        # The page takes its final form when written: the mention is resolved
        # then, or shown with its tooltip.
        env.get_domain("smtp").waiting.add(env.docname)
        if is_ref and self._page is not None:
            self._page.keys.add(node["reftarget"])
        return [node], []


class SMTPDomain(Domain):
    """Reply codes, enhanced status codes and full replies of SMTP."""

    name = "smtp"
    label = "SMTP"
    object_types = {
        # Shown by Sphinx (search results), so translated as Sphinx's own are.
        "code": ObjType(_("reply code"), "code"),
        "enhanced": ObjType(_("enhanced status code"), "code"),
        "reply": ObjType(_("reply"), "code"),
    }
    roles = {"code": CodeRole()}
    initial_data: dict[str, Any] = {
        "objects": {},
        "blocks": {},
        "mentions": {},
        "renamed": {},
        "index_as_read": {},
        # tags of a builder → the objects last settled for them (see incremental.py)
        "settled": {},
        # pages with mentions that take their final form when written (see waiting)
        "waiting": set(),
        # pages where a directive of the domain made something (see transforms.PagePostTransform)
        "generated": set(),
    }
    data_version = 7

    @property
    def objects(self) -> dict[str, tuple[str, str, str, str]]:
        """key → (docname, node id, object type, label) of the block that is the code's target.

        Settled once all pages are read (:meth:`settle`): of the blocks of a
        code that the builder shows, the first in document order. The node id
        is the one the block has in this builder's output (see :meth:`output_id`).
        """
        return self.data.setdefault("objects", {})

    @property
    def renamed(self) -> dict[str, str]:
        """key → the id its target block was parsed with, where the output id differs."""
        return self.data.setdefault("renamed", {})

    @property
    def blocks(self) -> dict[str, list[Block]]:
        """docname → its indexed blocks, in document order, as parsed."""
        return self.data.setdefault("blocks", {})

    @property
    def mentions(self) -> dict[str, set[str]]:
        """docname → the codes its mentions link to (for incremental builds)."""
        return self.data.setdefault("mentions", {})

    @property
    def waiting(self) -> set[str]:
        """The pages with mentions that take their final form when written: resolved
        then (not linked while read), or shown with their tooltip (``!450``)."""
        return self.data.setdefault("waiting", set())

    @property
    def generated(self) -> set[str]:
        """The pages where a directive of the domain made something (a block, a
        table, a transcript): the only pages our post-transforms have work on."""
        return self.data.setdefault("generated", set())

    def block_of(self, key: str) -> tuple[str, str] | None:
        """(docname, node id) of the block a mention of ``key`` links to, or ``None``."""
        found = self._find(key)
        return None if found is None else found[1][:2]

    def new_target(self, key: str, label: str, node: Element, document: nodes.document) -> str:
        """Make ``node`` a candidate target of ``key``; return its id.

        The id is ``smtp-450``, or ``smtp-450-2`` for another block of the same
        code on the same page (one under ``.. only:: html``, one under ``.. only::
        latex``). Which block is the target is settled after reading, per
        builder; the target then takes the code's own id (``smtp-450``) if
        another block of the code had it (:meth:`output_id`).
        """
        base = ident = node_id(key)
        count = 1
        while ident in document.ids:
            count += 1
            ident = f"{base}-{count}"
        node["smtp_key"] = key
        node["smtp_label"] = label
        node["smtp_target"] = ident
        # LaTeX and singlehtml resolve one doctree made of every page.
        node["smtp_doc"] = self.env.docname
        return ident

    def index_node(self, label: str, ident: str) -> addnodes.index:
        """The general-index entries of the block ``ident`` of this page."""
        index = addnodes.index(entries=render.index_entries(label, ident))
        index["smtp_index_of"] = f"{self.env.docname}#{ident}"
        return index

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record, from the parsed page, its blocks and the codes it links to.

        Blocks come from the doctree, so a block that is commented out, shown
        as a sample, in an included file or under ``.. only::`` counts as what
        docutils made of it. The ``:smtp:`` role records its own mentions as
        docutils parses them (:class:`CodeRole`), so a page where no directive
        of the domain made anything has nothing more to find, and is not walked.
        """
        keys = self.mentions.get(docname)
        if docname not in self.generated:
            if not keys:
                self.mentions.pop(docname, None)
            return
        keys = keys if keys is not None else set()
        blocks: list[Block] = []
        waiting = False
        for node in document.findall(nodes.Element):
            if isinstance(node, addnodes.pending_xref):
                if node.get("refdomain") == "smtp":
                    keys.add(node["reftarget"])
                    waiting = True
            elif "smtp_mention" in node.attributes:
                keys.add(node["smtp_mention"])
            elif "smtp_target" in node.attributes:
                key = node["smtp_key"]
                blocks.append(
                    (
                        key,
                        node["smtp_target"],
                        object_type(key),
                        node["smtp_label"],
                        _only_conditions(node),
                        node.line or 0,
                    )
                )
        if keys:
            self.mentions[docname] = keys
        else:
            self.mentions.pop(docname, None)
        if waiting:
            self.waiting.add(docname)
        if blocks:
            self.blocks[docname] = blocks

    def clear_doc(self, docname: str) -> None:
        # The settled targets stay until the next settle(), which compares them.
        self.blocks.pop(docname, None)
        self.listed.pop(docname, None)
        self.mentions.pop(docname, None)
        self.waiting.discard(docname)
        self.generated.discard(docname)
        self.data.setdefault("index_as_read", {}).pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata.get("mentions", {}):
                self.mentions[docname] = set(otherdata["mentions"][docname])
            if docname in otherdata.get("blocks", {}):
                self.blocks[docname] = list(otherdata["blocks"][docname])
            if docname in otherdata.get("waiting", ()):
                self.waiting.add(docname)
            if docname in otherdata.get("generated", ()):
                self.generated.add(docname)
            if docname in otherdata.get("listed", {}):
                self.listed[docname] = list(otherdata["listed"][docname])

    def settle(self, tags: Tags) -> list[tuple[Block, str, Block, str]]:
        """Choose each code's target; return the duplicates as (block, page, first, page).

        Of the blocks of a code that this builder shows (``.. only::``), the
        first in document order (the toctree's, then by name) is the target,
        whatever order parallel reading merged the pages in. Blocks in
        ``.. only::`` branches this builder drops are not in the race, so
        copies of a block for HTML and for LaTeX are no duplicates. The
        general index lists the target only.
        """
        order = document_order(self.env)
        found: dict[str, list[tuple[tuple[int, int], str, Block]]] = {}
        for docname, blocks in self.blocks.items():
            rank = order.get(docname, len(order))
            for index, block in enumerate(blocks):
                if _shown(block[4], tags):
                    found.setdefault(block[0], []).append(((rank, index), docname, block))
        objects: dict[str, tuple[str, str, str, str]] = {}
        renamed: dict[str, str] = {}
        duplicates = []
        for key in sorted(found):
            # An smtp-code block is its code's home before any smtp-reference that lists it.
            candidates = sorted(found[key], key=lambda c: (self.is_listed(c[1], c[2][1]), c[0]))
            _rank, docname, first = candidates[0]
            ident = self._own_id(docname, first)
            objects[key] = (docname, ident, first[2], first[3])
            if ident != first[1]:
                renamed[key] = first[1]
            duplicates += [
                (block, doc, first, docname)
                for _r, doc, block in candidates[1:]
                # smtp-reference may list a code in many places: only two blocks conflict
                if not (self.is_listed(doc, block[1]) or self.is_listed(docname, first[1]))
            ]
        self.data["objects"] = objects
        self.data["renamed"] = renamed
        self._settle_index_entries()
        return duplicates

    def _own_id(self, docname: str, target: Block) -> str:
        """The id the target block ``target`` of ``docname`` has in the output.

        The code's own id (``smtp-450``) when another block of the code on the
        page was parsed with it: that block is no target here, so it loses the
        id (a copy under ``.. only:: html`` when LaTeX writes the page's
        ``.. only:: latex`` copy, parsed as ``smtp-450-2``). Anything else that
        holds the id (a label ``.. _smtp-450:``) keeps it.
        """
        own = node_id(target[0])
        if target[1] != own and any(
            b[1] == own and b[0] == target[0] for b in self.blocks.get(docname, ())
        ):
            return own
        return target[1]

    @property
    def listed(self) -> dict[str, list[str]]:
        """docname → ids of the sections ``smtp-reference`` made on it (not blocks)."""
        return self.data.setdefault("listed", {})

    def note_listed(self, ident: str) -> None:
        """Record that ``ident`` on this page is a section of ``smtp-reference``."""
        self.listed.setdefault(self.env.docname, []).append(ident)

    def is_listed(self, docname: str, ident: str) -> bool:
        """Whether ``ident`` on ``docname`` is a section of ``smtp-reference``."""
        return ident in self.listed.get(docname, ())

    def is_target(self, docname: str, ident: str, key: str) -> bool:
        """Whether the block parsed as ``ident`` on page ``docname`` is the target of ``key``."""
        found = self.objects.get(key)
        return (
            found is not None and found[0] == docname and self.renamed.get(key, found[1]) == ident
        )

    def output_id(self, docname: str, ident: str, key: str) -> str | None:
        """The id in this build's output of the block parsed as ``ident`` (``None``: none).

        Only a code's target keeps an id; it may differ from the parsed one
        (see :meth:`settle`).
        """
        return self.objects[key][1] if self.is_target(docname, ident, key) else None

    def _settle_index_entries(self) -> None:
        # The general index is made from the index domain's data, not from the
        # written pages: its entries of a block follow the block's output id
        # (none when it is no target). The entries as read are kept aside, so
        # that the next settle (another builder's tags, a block that becomes
        # the target) starts from them.
        entries = self.env.get_domain("index").data.setdefault("entries", {})
        as_read = self.data.setdefault("index_as_read", {})
        for docname, kept in as_read.items():
            if docname in entries:
                entries[docname] = kept
        as_read.clear()
        for docname, blocks in self.blocks.items():
            moved = {}
            for key, ident, *_rest in blocks:
                output = self.output_id(docname, ident, key)
                if output != ident:
                    moved[ident] = output
            if not moved or docname not in entries:
                continue
            as_read[docname] = entries[docname]
            entries[docname] = [
                (e[0], e[1], moved.get(e[2], e[2]), *e[3:])
                for e in entries[docname]
                if moved.get(e[2], e[2]) is not None
            ]

    def _find(self, target: str) -> tuple[str, tuple[str, str, str, str]] | None:
        if target in self.objects:
            return target, self.objects[target]
        try:
            candidates = fallbacks(target)
        except model.CodeSyntaxError:
            return None
        for key in candidates:
            if key in self.objects:
                return key, self.objects[key]
        return None

    def _summary(self, key: str, contnode: Element) -> str:
        if contnode.get("smtp_summary"):
            return contnode["smtp_summary"]
        try:  # e.g. from :any:, whose node we did not make
            return summary_of(self.env, key)
        except model.CodeSyntaxError:
            return ""

    def _refnode(
        self,
        builder: Builder,
        fromdocname: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> Element | None:
        found = self._find(target)
        if found is None:
            return None
        key, (docname, ident, _objtype, _name) = found
        summary = self._summary(key, contnode)
        return make_refnode(builder, fromdocname, docname, ident, contnode, summary or None)

    def resolve_in_inventory(
        self, inventory: str, node: addnodes.pending_xref, contnode: Element
    ) -> Element | None:
        """A link into another project (``inventory``; ``""``: any), with our fallbacks."""
        key = links.split_inventory(node["reftarget"])[1]
        try:
            candidates = (key, *fallbacks(key))
        except model.CodeSyntaxError:
            return None
        summary = self._summary(key, contnode)
        return links.from_inventory(self.env, inventory, candidates, node, contnode, summary)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> Element | None:
        """Every mention is resolved here: this project's block of the code (or
        of a fallback), another project's when the mention names one (``a:450``),
        else what ``smtpcodes_mention_links`` says. A mention the extension made
        itself that resolves nowhere stays plain text, without a warning.
        """
        inventory, key = links.split_inventory(target)
        if inventory:
            found = self.resolve_in_inventory(inventory, node, contnode)
        else:
            found = self._refnode(builder, fromdocname, key, node, contnode)
            if found is None:
                found = self._fallback(key, node, contnode)
        if found is None and node.get("smtp_quiet"):
            return contnode
        return found

    def _fallback(self, key: str, node: addnodes.pending_xref, contnode: Element) -> Element | None:
        config = self.env.config
        mode = config.smtpcodes_mention_links
        if node.get("smtp_quiet") and config.smtpcodes_external_links == "none":
            return None  # a generated block carries no outside link at all
        if mode == "intersphinx":
            found = self.resolve_in_inventory("", node, contnode)
            if found is not None:
                return found
        cache = build_cache(self.env, "fallback_urls")
        url = cache.get(key)
        if url is None:
            url = cache[key] = links.fallback_url(
                get_registry(self.env), key, mode, config.smtpcodes_external_links
            )
        if not url:
            return None
        return links.external_reference(url, contnode, self._summary(key, contnode))

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: Element,
    ) -> list[tuple[str, Element]]:
        try:
            key = canonical(target)
        except model.CodeSyntaxError:
            return []
        if key not in self.objects:  # :any: links only exact matches
            return []
        found = self._refnode(builder, fromdocname, key, node, contnode)
        return [("smtp:code", found)] if found is not None else []

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for key, (docname, ident, objtype, label) in sorted(self.objects.items()):
            yield key, label, objtype, docname, ident, 1

    def get_full_qualified_name(self, node: Element) -> str | None:
        target = node.get("reftarget")
        try:
            return canonical(target) if target else None
        except model.CodeSyntaxError:
            return None


def document_order(env: BuildEnvironment) -> dict[str, int]:
    """Each page's place in the manual: the toctree from the root page, then the rest by name."""
    order: dict[str, int] = {}
    stack = [env.config.root_doc]
    while stack:
        docname = stack.pop()
        if docname in order:
            continue
        order[docname] = len(order)
        stack.extend(reversed(env.toctree_includes.get(docname, ())))
    for docname in sorted(env.all_docs):
        order.setdefault(docname, len(order))
    return order


def _only_conditions(node: Element) -> tuple[str, ...]:
    """The expressions of the ``.. only::`` directives around ``node``."""
    found = []
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only):
            found.append(parent["expr"])
        parent = parent.parent
    return tuple(found)


def _shown(conditions: tuple[str, ...], tags: Tags) -> bool:
    """Whether a block under these ``.. only::`` expressions is in this builder's output."""
    for expr in conditions:
        try:
            if not tags.eval_condition(expr):
                return False
        except Exception:  # Sphinx keeps what it cannot evaluate, and warns itself
            continue
    return True


def well_formed(key: str) -> bool:
    """Whether ``key`` is a code (mentions of another project's codes are not)."""
    try:
        model.parse_code(key)
    except model.CodeSyntaxError:
        return False
    return True
