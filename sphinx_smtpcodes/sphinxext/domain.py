"""The ``smtp`` domain: object types, the ``code`` role, resolution, inventory."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from ..content import code_label, tooltip
from ..readers.reply import read_reply
from ..registry import CodeSyntaxError, EnhancedStatus, Entry, ReplyLine, parse_code
from ..registry.i18n import N_
from ..render import nodes as render
from . import links
from .config import build_cache, get_registry, note_dependencies, warn

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


def canonical(text: str) -> str:
    """The key a code is stored and looked up under: ``x.1.1`` → ``X.1.1``.

    Raises :class:`CodeSyntaxError` for malformed text.
    """
    parsed = parse_code(text)
    return parsed.key if isinstance(parsed, ReplyLine) else str(parsed)


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
    parsed = parse_code(key)
    found = []
    if isinstance(parsed, ReplyLine):
        if parsed.enhanced is not None:
            found.append(str(parsed.enhanced))
            found.append(parsed.enhanced.pattern)
        found.append(str(parsed.code))
    elif isinstance(parsed, EnhancedStatus) and parsed.klass is not None:
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
        found = cache[key] = "" if entry is None else tooltip(entry, registry.translator)
    return found


def _text_only(rawtext: str, text: str, classes: Any = ()) -> nodes.Text:
    return nodes.Text(text)


def known_part(env: BuildEnvironment, key: str) -> str:
    """``key`` itself, or for a full reply with one unknown part the part that is known.

    The parts are read as ``smtp-reply`` and ``smtpcodes parse`` read a reply.
    """
    if " " not in key:
        return key
    reply = read_reply(key)
    registry = get_registry(env)
    known = [p for p in (reply.code, reply.enhanced) if p and p in registry]
    return known[0] if len(known) == 1 else key


class CodeRole(XRefRole):
    """``:smtp:code:`450``` and the short form ``:smtp:`450```.

    Accepts ``:smtp:`text <450>``` and ``:smtp:`!450``` (no link). The
    mention keeps the code's summary for a tooltip; a malformed or unknown
    code gives a located ``smtpcodes`` warning and renders as typed.
    """

    # A link holds just its text until it is resolved (see render.mention);
    # a mention with no link (!450) gets its <span> in result_nodes.
    innernodeclass = staticmethod(_text_only)

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        if ":" not in self.name:  # the bare :smtp: role fills in its own domain
            self.name = "smtp:code"
        # reST keeps the line break of a mention wrapped over two lines
        # (":smtp:`550" at a line end, "5.1.1`" on the next); MyST does not.
        # Either way a code is one line: the break is a space.
        self.target = " ".join(self.target.split())
        self.title = " ".join(self.title.split())
        self.text = " ".join(self.text.split())
        return super().run()

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
        except CodeSyntaxError:
            return title, target
        if inventory and not has_explicit_title:
            title = title.partition(":")[2].strip()
        if not has_explicit_title and env.config.smtpcodes_show_name:
            registry = get_registry(env)
            entry = registry.resolve(key)
            if isinstance(entry, Entry):
                title = code_label(entry, registry.translator, title)
        return title, f"{inventory}:{key}" if inventory else key

    def result_nodes(
        self,
        document: nodes.document,
        env: BuildEnvironment,
        node: Element,
        is_ref: bool,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        note_dependencies(env)
        # One "!" means "no link"; a second one is part of what was typed, so it warns.
        typed = self.target.removeprefix("!") if self.disabled else self.target
        target = links.split_inventory(typed.strip())[1]
        location = self.get_location()
        if not is_ref:
            node = nodes.inline("", "", node, classes=list(render.MENTION_CLASSES))
        try:
            key = canonical(target)
        except CodeSyntaxError as err:
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
        return [node], []


class SMTPDomain(Domain):
    """Reply codes, enhanced status codes and full replies of SMTP."""

    name = "smtp"
    label = "SMTP"
    object_types = {
        "code": ObjType(N_("reply code"), "code"),
        "enhanced": ObjType(N_("enhanced status code"), "code"),
        "reply": ObjType(N_("reply"), "code"),
    }
    roles = {"code": CodeRole()}
    initial_data: dict[str, Any] = {"objects": {}, "mentions": {}}
    data_version = 2

    @property
    def objects(self) -> dict[str, tuple[str, str, str, str]]:
        """key → (docname, node id, object type, label); the label is the block's title."""
        return self.data.setdefault("objects", {})

    def note_object(self, key: str, label: str, ident: str, location: Any) -> bool:
        """Record the block of ``key``; a second block for it warns (and is not recorded)."""
        if key in self.objects:
            other = self.objects[key][0]
            warn(
                f"duplicate smtp-code block for {key}; the other one is in {other} "
                "(use :no-index: on one of them)",
                "duplicate",
                location,
            )
            return False
        self.objects[key] = (self.env.docname, ident, object_type(key), label)
        return True

    @property
    def mentions(self) -> dict[str, set[str]]:
        """docname → the codes its mentions link to (for incremental builds)."""
        return self.data.setdefault("mentions", {})

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Record the codes this page links to (typed mentions and generated ones)."""
        keys = {
            node["reftarget"]
            for node in document.findall(addnodes.pending_xref)
            if node.get("refdomain") == "smtp"
        }
        if keys:
            self.mentions[docname] = keys

    def clear_doc(self, docname: str) -> None:
        for key, (doc, *_rest) in list(self.objects.items()):
            if doc == docname:
                del self.objects[key]
        self.mentions.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        names = set(docnames)
        for docname, keys in otherdata.get("mentions", {}).items():
            if docname in names:
                self.mentions[docname] = set(keys)
        for key, value in otherdata["objects"].items():
            if value[0] not in names:
                continue
            if key in self.objects and self.objects[key][0] != value[0]:
                warn(
                    f"duplicate smtp-code block for {key}; the other one is in "
                    f"{self.objects[key][0]} (use :no-index: on one of them)",
                    "duplicate",
                    (value[0], None),
                )
                continue
            self.objects[key] = value

    def _find(self, target: str) -> tuple[str, tuple[str, str, str, str]] | None:
        if target in self.objects:
            return target, self.objects[target]
        try:
            candidates = fallbacks(target)
        except CodeSyntaxError:
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
        except CodeSyntaxError:
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
        except CodeSyntaxError:
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
        except CodeSyntaxError:
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
        except CodeSyntaxError:
            return None


#: A block in a page's source: ``.. smtp-code:: 450`` or ``{smtp-code} 450`` (MyST).
_BLOCK_RE = re.compile(r"(?:\.\.\s+|\{)(?:smtp-code|smtp:code)(?:::|\})[ \t]*([^\n`]*)")
_MANY_RE = re.compile(r"smtp-reference|smtp:reference|no-?index")


def _blocks_in_source(env: BuildEnvironment, docname: str) -> set[str] | None:
    """The codes a page's source documents, or ``None`` if that cannot be told cheaply."""
    try:
        text = Path(env.doc2path(docname)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if _MANY_RE.search(text):
        return None  # a reference of many codes, or blocks that are not targets
    found = set()
    for match in _BLOCK_RE.finditer(text):
        try:
            found.add(canonical(match.group(1)))
        except CodeSyntaxError:
            continue
    return found


def outdated_mentions(
    app, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose links change because blocks moved, went away or appeared.

    Links are resolved when a page is written, so a page that mentions a code
    is read again (and so written again) when the block it linked to is gone,
    or when a new or changed page now holds the block of a code it could not
    link. The new blocks of a changed page are read from its source cheaply;
    when that cannot be told, every page that mentions codes is read again.
    """
    domain = env.get_domain("smtp")
    assert isinstance(domain, SMTPDomain)
    old: dict[str, set[str]] = {}
    for key, (doc, *_rest) in domain.objects.items():
        old.setdefault(doc, set()).add(key)
    lost: set[str] = set()
    gained: set[str] = set()
    unknown = False
    for docname in removed:
        lost |= old.get(docname, set())
    for docname in changed | added:
        new = _blocks_in_source(env, docname)
        if new is None:
            unknown = True
            continue
        lost |= old.get(docname, set()) - new
        gained |= new - old.get(docname, set())
    touched = changed | added | removed
    outdated = []
    for docname, keys in domain.mentions.items():
        if docname in touched:
            continue
        targets = set(keys)
        for key in keys:
            if _well_formed(key):
                targets.update(fallbacks(key))
        if unknown or targets & lost or targets & gained:
            outdated.append(docname)
    return sorted(outdated)


def clear_before_reading(app, env: BuildEnvironment, docnames: list[str]) -> None:
    """Forget the blocks of every page about to be read, before reading any.

    Sphinx clears a page just before reading it, one at a time; a block that
    moves from a later page to an earlier one would otherwise look like a
    duplicate of itself.
    """
    domain = env.get_domain("smtp")
    for docname in docnames:
        domain.clear_doc(docname)


def _well_formed(key: str) -> bool:
    try:
        parse_code(key)
    except CodeSyntaxError:
        return False
    return True
