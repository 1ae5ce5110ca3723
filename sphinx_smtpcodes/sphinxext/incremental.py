"""Incremental builds from the parsed pages, and the one target of each code.

Links are resolved when a page is written. So after every page that changed
has been read, the targets of all codes are settled again
(:meth:`SMTPDomain.settle`) and compared with the last build's: every page
whose mentions touch a code whose target moved, appeared or went away is
written again, and so are the pages that gained or lost a target. Nothing is
guessed from the source text; what docutils parsed decides.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes

from .config import warn
from .domain import SMTPDomain, fallbacks, well_formed
from .transforms import PagePostTransform

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The pages each build reads (not pickled with the environment).
_READ: weakref.WeakKeyDictionary[BuildEnvironment, set[str]] = weakref.WeakKeyDictionary()


def remember_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Note which pages this build reads (``env-before-read-docs``)."""
    _READ[env] = set(docnames)


def _domain(env: BuildEnvironment) -> SMTPDomain:
    domain = env.get_domain("smtp")
    assert isinstance(domain, SMTPDomain)
    return domain


def settle_targets(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Settle every code's target after reading (``env-updated``); return pages to write.

    Duplicates are reported when one of the two pages was read, so a build
    that changes nothing says nothing.
    """
    domain = _domain(env)
    # What this builder's output links to was settled with its tags (.. only::),
    # which need not be the last build's: `make html` and `make latex` share one
    # environment.
    tags = app.builder.tags
    settled = domain.data.setdefault("settled", {})
    tagset = " ".join(sorted(tags))
    before = settled.get(tagset, {})
    duplicates = domain.settle(tags)
    after = settled[tagset] = dict(domain.objects)
    read = _READ.pop(env, set())
    for block, docname, _first, first_doc in duplicates:
        if docname in read or first_doc in read:
            warn(
                f"duplicate smtp-code block for {block[0]}; the other one is in {first_doc} "
                "(use :no-index: on one of them)",
                "duplicate",
                (docname, block[5] or None),
            )
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    if not changed:
        return []
    pages = {found[0] for key in changed for found in (before.get(key), after.get(key)) if found}
    for docname, keys in domain.mentions.items():
        targets = set(keys)
        for key in keys:
            if well_formed(key):
                targets.update(fallbacks(key))
        if targets & changed:
            pages.add(docname)
    return sorted((pages - read) & env.found_docs)


class UntargetedBlocks(PagePostTransform):
    """A block that is not its code's target keeps no id and no index entry; the
    target has the id settled for this builder.

    Such a block is a second block of the code (a duplicate), or one that
    another builder shows (``.. only::``). Every builder runs this before
    references are resolved, so a page never holds two targets of one code,
    and a code's target is ``smtp-450`` whichever copy of it the builder shows
    (:meth:`SMTPDomain.output_id`).
    """

    default_priority = 4  # before LatexBlockTargets (5) and ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        domain = _domain(self.env)
        moved: dict[str, str | None] = {}
        for node in list(self.document.findall(nodes.Element)):
            ident = node.get("smtp_target")
            if ident is None:
                continue
            output = domain.output_id(node["smtp_doc"], ident, node["smtp_key"])
            if output == ident:
                continue
            ids = node["ids"]
            if ident in ids:
                at = ids.index(ident)
                ids[at : at + 1] = [output] if output else []
            moved[f"{node['smtp_doc']}#{ident}"] = output
        if not moved:
            return
        for index in list(self.document.findall(addnodes.index)):
            where = index.get("smtp_index_of")
            if where not in moved:
                continue
            output = moved[where]
            if output is None:
                index.parent.remove(index)
            else:
                index["entries"] = [(e[0], e[1], output, *e[3:]) for e in index["entries"]]
