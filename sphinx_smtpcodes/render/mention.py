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


def visit_linked_mention(self: Any, node: linked_mention) -> None:
    """HTML: the link, then the span that :func:`mention_span` makes elsewhere."""
    self.visit_reference(node)
    self.body.append(f'<span class="{" ".join(MENTION_CLASSES)}">')


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
