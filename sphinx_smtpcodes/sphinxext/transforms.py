"""HTML only: a mention that links nowhere still shows its tooltip."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class MentionTooltips(SphinxPostTransform):
    """Turn unlinked mentions into ``<abbr title="summary">``.

    Linked mentions carry the summary as the link's ``title`` (set when the
    reference is resolved). Other builders keep the plain text: LaTeX and
    text would spell an abbreviation's explanation out in the page.
    """

    default_priority = 20  # after ReferencesResolver (10)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(nodes.inline)):
            summary = node.get("smtp_summary")
            if not summary or isinstance(node.parent, nodes.reference):
                continue
            abbr = nodes.abbreviation(
                "", "", *node.children, explanation=summary, classes=node["classes"]
            )
            node.replace_self(abbr)


class LatexBlockTargets(SphinxPostTransform):
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
