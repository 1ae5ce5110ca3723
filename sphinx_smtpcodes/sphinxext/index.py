"""The domain index: "SMTP Code Index", grouped by class and subject."""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.domains import Index, IndexEntry

from ..content import group_label
from ..registry import CodeSyntaxError
from ..registry.i18n import N_
from .config import get_registry


class CodeIndex(Index):
    """Every documented code with its name, linking to its block."""

    name = "codeindex"
    localname = N_("SMTP Code Index")
    shortname = N_("SMTP codes")

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        registry = get_registry(self.domain.env)
        translator = registry.translator
        self.localname = translator.gettext(CodeIndex.localname)
        self.shortname = translator.gettext(CodeIndex.shortname)
        wanted = set(docnames) if docnames is not None else None
        groups: dict[str, list[tuple[tuple, IndexEntry]]] = {}
        for key, (docname, ident, _objtype, name) in self.domain.objects.items():
            if wanted is not None and docname not in wanted:
                continue
            try:
                found = registry.resolve(key)
            except CodeSyntaxError:
                continue
            entry = getattr(found, "reply", found)
            if entry is None:
                entry = getattr(found, "enhanced", None)
            if entry is None:
                continue
            label = group_label(entry, translator)
            order = _order(key)
            groups.setdefault(label, []).append(
                (order, IndexEntry(key, 0, docname, ident, "", "", name))
            )
        content = [
            (label, [item for _order_key, item in sorted(items)])
            for label, items in sorted(groups.items(), key=lambda g: min(o for o, _ in g[1]))
        ]
        return content, False


def _order(key: str) -> tuple:
    """Replies first by number, then enhanced codes by subject and detail."""
    first = key.split()[0]
    if "." not in first:
        return (0, int(first[0]), first, key)
    cls, subject, detail = [*first.split("."), "0", "0"][:3]
    digits = [int(p) if p.isdigit() else 0 for p in (subject, detail.split("-")[0])]
    return (1, cls, digits[0], digits[1], key)
