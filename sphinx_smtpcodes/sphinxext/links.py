"""Links the writer controls: where a mention goes when no block of the project
documents its code, mentions into other projects (intersphinx), and which
outside pages the generated blocks link to.

The domain's ``resolve_xref`` asks :func:`fallback_link` after its own
blocks, so every mention is resolved in one place, whatever the order of
``extensions``.
"""

from __future__ import annotations

from string import Formatter
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from ..lazy import lazy_module
from .transforms import PagePostTransform

model = lazy_module("sphinx_smtpcodes.registry.model")
registries = lazy_module("sphinx_smtpcodes.registry.registry")
render = lazy_module("sphinx_smtpcodes.render.nodes")
sources = lazy_module("sphinx_smtpcodes.content.sources")


if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.environment import BuildEnvironment

#: The values ``smtpcodes_mention_links`` takes besides a URL template.
MENTION_MODES = ("source", "intersphinx")
#: What a URL template of ``smtpcodes_mention_links`` may name.
TEMPLATE_FIELDS = frozenset({"code", "id"})
#: The class a generated outside link carries, so that the policy can find it.
SOURCE_CLASS = "smtp-source"


def split_inventory(target: str) -> tuple[str, str]:
    """``a:450`` → ``("a", "450")``; ``450`` → ``("", "450")``.

    A code never holds a colon, so anything before one names an intersphinx
    inventory (as in ``:ref:`a:label```).
    """
    inventory, sep, rest = target.partition(":")
    if not sep:
        return "", target
    return inventory.strip(), rest.strip()


def page_key(key: str) -> str:
    """The code whose page a mention of ``key`` links to: a full reply goes to its reply code."""
    parsed = model.parse_code(key)
    return str(parsed.code) if isinstance(parsed, model.ReplyLine) else key


def fallback_url(registry: registries.Registry, key: str, mode: Any, policy: str) -> str:
    """Where a mention of ``key`` links when no block documents it (``""``: nowhere)."""
    try:
        code = page_key(key)
        entry = registry.get(code)
    except model.CodeSyntaxError:
        return ""
    if entry is None:
        return ""
    if mode in MENTION_MODES:
        return sources.source_url(entry, policy)
    if isinstance(mode, str) and mode:
        from .domain import node_id

        fields = {"code": quote(code, safe=""), "id": node_id(code)}
        return mode.format_map(fields)
    return ""


def template_ok(value: str) -> bool:
    """Whether a URL template names a field, and only the fields we fill in."""
    try:
        fields = [name for _text, name, _spec, _conv in Formatter().parse(value) if name]
    except ValueError:
        return False
    return bool(fields) and set(fields) <= TEMPLATE_FIELDS


def has_intersphinx(env: BuildEnvironment) -> bool:
    """Whether ``sphinx.ext.intersphinx`` is loaded (it keeps its inventories on the env)."""
    return getattr(env, "intersphinx_named_inventory", None) is not None


def from_inventory(
    env: BuildEnvironment,
    inventory: str,
    candidates: tuple[str, ...],
    node: addnodes.pending_xref,
    contnode: Element,
    summary: str,
) -> Element | None:
    """A link into another project's ``objects.inv``: the first candidate it documents.

    ``inventory`` names one intersphinx project; ``""`` searches them all.
    The link keeps the mention's own text and classes (``contnode``) and its
    summary as the tooltip, where intersphinx alone would show "(in A)".
    """
    if not has_intersphinx(env):
        return None
    from sphinx.ext import intersphinx

    if inventory and not intersphinx.inventory_exists(env, inventory):
        return None
    saved = node["reftarget"], node.get("refexplicit")
    node["refexplicit"] = True  # keep the writer's text, not the inventory's name
    try:
        for candidate in candidates:
            node["reftarget"] = candidate
            if inventory:
                found = intersphinx.resolve_reference_in_inventory(env, inventory, node, contnode)
            else:
                found = intersphinx.resolve_reference_any_inventory(env, True, node, contnode)
            if found is not None:
                if summary:
                    found["reftitle"] = summary
                return found
    finally:
        node["reftarget"], node["refexplicit"] = saved
    return None


def external_reference(url: str, contnode: Element, summary: str) -> nodes.reference:
    """A mention linked to an outside page, with the code's summary as its tooltip."""
    ref = nodes.reference("", "", internal=False, refuri=url)
    if summary:
        ref["reftitle"] = summary
    ref += contnode
    return ref


class MentionResolver(PagePostTransform):
    """Resolve every ``smtp`` mention of a page through the domain, in one pass.

    It runs just before Sphinx's own resolvers and asks the same
    :meth:`~sphinx_smtpcodes.sphinxext.domain.SMTPDomain.resolve_xref`, so
    nothing changes in what a mention links to; a page with many mentions
    just skips the per-node work Sphinx's generic resolver does (copying
    each node, looking for conditions). A mention of ``:external+a:smtp:``
    gets our fallbacks (450 4.7.1 → 450), text and tooltip too, where
    intersphinx alone would look up the exact target only. A mention
    resolved nowhere is left as it is, for Sphinx's resolver: the
    ``missing-reference`` event, other extensions and ``nitpicky`` see it
    as usual.
    """

    default_priority = 8  # intersphinx's resolver of :external: is 9, Sphinx's 10
    pages = ("mentions", "waiting", "generated")

    def run(self, **kwargs: Any) -> None:
        env = self.env
        domain = env.get_domain("smtp")
        if not domain.objects and not domain.waiting:
            return  # no block anywhere, no pending mention: every mention is linked already
        # Sphinx 9 keeps the application private to transforms; 7.4 has no _app.
        builder = (getattr(env, "_app", None) or self.app).builder
        for node in list(self.document.findall(_ours)):
            if not isinstance(node, addnodes.pending_xref):
                self.point_at_block(node, domain, builder)
                continue
            # The pending node goes away once resolved, so its text needs no copy.
            contnode = render.mention_text(node)
            try:
                if node.get("intersphinx"):
                    inventory = node.get("inventory") or ""
                    found = domain.resolve_in_inventory(inventory, node, contnode)
                else:
                    found = domain.resolve_xref(
                        env,
                        node.get("refdoc") or env.docname,
                        builder,
                        node["reftype"],
                        node["reftarget"],
                        node,
                        contnode,
                    )
            except NoUri:
                continue  # a builder without a page for it: Sphinx's resolver decides
            if found is not None:
                node.replace_self(found)

    def point_at_block(self, node: Element, domain: Any, builder: Any) -> None:
        """A mention linked while its page was read (see
        :meth:`~sphinx_smtpcodes.sphinxext.domain.CodeRole.linked_now`) now
        links to the code's block, where the project has one."""
        found = domain.block_of(node["smtp_mention"])
        if found is None:
            return
        docname, ident = found
        summary = node.get("reftitle")
        inner = render.mention_span(node.children, summary)
        try:
            ref = make_refnode(builder, self.env.docname, docname, ident, inner, summary)
        except NoUri:
            return  # a builder without a page for it keeps what it has
        node.replace_self(ref)


def _ours(node: nodes.Node) -> bool:
    """A mention of ours: waiting to be resolved, or linked while it was read."""
    if isinstance(node, addnodes.pending_xref):
        return node.get("refdomain") == "smtp" and bool(node.children)
    return isinstance(node, render.linked_mention)


class ExternalLinkPolicy(PagePostTransform):
    """Keep only the outside links ``smtpcodes_external_links`` allows in generated blocks.

    A source that may not be linked is still cited, as plain text. This runs
    before the ``linkcheck`` builder collects links, so it checks only what
    readers see.
    """

    default_priority = 15

    def run(self, **kwargs: Any) -> None:
        policy = self.config.smtpcodes_external_links
        if policy == "all":
            return
        for ref in list(self.document.findall(nodes.reference)):
            if SOURCE_CLASS in ref["classes"] and not sources.allowed(
                ref.get("refuri", ""), policy
            ):
                ref.replace_self(nodes.inline(ref.astext(), ref.astext(), classes=[SOURCE_CLASS]))


# -- neighbour extensions: previews of a block ------------------------------------------


def preview_neighbours(app: Any, config: Any) -> None:
    """Let sphinx-tippy preview a block when a link to it is hovered.

    sphinx-tippy shows the element a link's anchor names when its selector
    (``tippy_tip_selector``) matches that element; a block is a ``div``, which
    the default selector leaves out.
    """
    selector = getattr(config, "tippy_tip_selector", None)
    if isinstance(selector, str) and "div.smtp-code" not in selector:
        config.tippy_tip_selector = f"{selector}, div.smtp-code"
