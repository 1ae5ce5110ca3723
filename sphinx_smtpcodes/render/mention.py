"""The node of a mention linked while its page is read. A module of its own,
which imports docutils only: the extension registers the node when it is set
up, before any page needs the renderer."""

from __future__ import annotations

from typing import Any

from docutils import nodes

#: The classes of a mention's text: ``<span class="smtp smtp-ref">``.
MENTION_CLASSES = ("smtp", "smtp-ref")


class linked_mention(nodes.reference):
    """A mention linked while its page was read: ``<a><span class="smtp smtp-ref">``.

    HTML writes the span itself (see :func:`visit_linked_mention`), so a mention
    is one node and its text, as a plain link is: a manual holds thousands.
    Every other builder writes it as the reference it is (Sphinx's translators
    fall back along the node's classes).
    """


#: The attributes of a mention as :func:`~sphinx_smtpcodes.render.nodes.mention_link`
#: makes it (with those docutils gives every element).
PLAIN_ATTRIBUTES = frozenset(
    {"ids", "classes", "names", "dupnames", "backrefs", "internal", "refuri", "reftitle"}
    | {"smtp_mention"}
)
#: The translator's methods that write a mention; where a theme or another
#: extension replaces one, every mention is written through them.
WRITER_METHODS = (
    "visit_reference",
    "depart_reference",
    "visit_Text",
    "depart_Text",
    "starttag",
    "attval",
    "encode",
)
#: Per translator class: whether it writes links as Sphinx's own HTML
#: translator does, and the HTML of each mention it wrote, by (address,
#: tooltip, text).
_PLAIN_WRITERS: dict[type, bool] = {}
_WRITTEN: dict[tuple[str, str, str], str] = {}


def _plain_writer(cls: type) -> bool:
    found = _PLAIN_WRITERS.get(cls)
    if found is None:
        from sphinx.writers.html5 import HTML5Translator

        found = _PLAIN_WRITERS[cls] = issubclass(cls, HTML5Translator) and all(
            getattr(cls, name) is getattr(HTML5Translator, name) for name in WRITER_METHODS
        )
    return found


def _written_as(self: Any, node: linked_mention) -> tuple[str, str, str] | None:
    """What the HTML of ``node`` depends on, where it is the same on every page:
    a mention as :func:`~sphinx_smtpcodes.render.nodes.mention_link` made it,
    in running text, written by Sphinx's own HTML translator."""
    children = node.children
    if (
        not node.attributes.keys() <= PLAIN_ATTRIBUTES
        or node["ids"]
        or node["classes"]
        or node.get("internal")
        or len(children) != 1
        or not isinstance(children[0], nodes.Text)
        or not isinstance(node.parent, nodes.TextElement)
        or self.protect_literal_text
        or self.in_mailto
        or not _plain_writer(type(self))
    ):
        return None
    url = node.get("refuri")
    title = node.get("reftitle")
    if not isinstance(url, str) or not isinstance(title, str) or url.startswith("mailto:"):
        return None
    return url, title, str(children[0])


def visit_linked_mention(self: Any, node: linked_mention) -> None:
    """HTML: the link, then the span that :func:`mention_span` makes elsewhere.

    A manual holds thousands of mentions of a few codes: the HTML of each
    (address, tooltip, text) is written by the translator once, and copied
    for every other mention that has the same (see :func:`_written_as`).
    """
    key = _written_as(self, node)
    if key is None:
        self.visit_reference(node)
        self.body.append(f'<span class="{" ".join(MENTION_CLASSES)}">')
        return
    html = _WRITTEN.get(key)
    if html is None:
        start = len(self.body)
        self.visit_reference(node)
        self.body.append(f'<span class="{" ".join(MENTION_CLASSES)}">')
        node.children[0].walkabout(self)
        depart_linked_mention(self, node)
        html = _WRITTEN[key] = "".join(self.body[start:])
        del self.body[start:]
    self.body.append(html)
    self.in_mailto = False  # as depart_reference leaves it
    raise nodes.SkipNode


def depart_linked_mention(self: Any, node: linked_mention) -> None:
    """HTML: close what :func:`visit_linked_mention` opened."""
    self.body.append("</span>")
    self.depart_reference(node)


def leave_out_of_contents() -> None:
    """A heading's mention is its text alone in a table of contents, as a link is.

    The tables of contents (the toctree, ``.. contents::``) copy a heading
    through docutils' ``ContentsFilter``, which unwraps a reference by its
    class name; the mention is a reference of another name, so it is named
    too. (A link inside a contents entry, itself a link, would nest.)
    """
    from docutils.transforms.parts import ContentsFilter

    ContentsFilter.visit_linked_mention = ContentsFilter.ignore_node_but_process_children
