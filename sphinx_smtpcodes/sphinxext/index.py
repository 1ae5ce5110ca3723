"""The domain index: "SMTP Code Index", grouped by class, then by subject."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.domains import Index, IndexEntry
from sphinx.locale import get_translation

from .. import content
from ..registry.i18n import CATALOG
from .config import get_registry
from .domain import SMTPDomain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Strings Sphinx itself shows (page titles, the PDF's contents, search
#: results) are translated like Sphinx's own: lazily, in Sphinx's ``language``.
_ = get_translation(CATALOG)


class CodeIndex(Index):
    """Every documented code with its name, linking to its block."""

    name = "codeindex"
    # Sphinx reads these from the class (HTML title and heading, LaTeX's \indexname).
    localname = _("SMTP Code Index")
    shortname = _("SMTP codes")

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        """Groups by class; inside a class, the replies, then the status codes by subject."""
        if not self.domain.objects:
            return [], False  # nothing to index (and no registry to load)
        registry = get_registry(self.domain.env)
        translator = registry.translator
        wanted = set(docnames) if docnames is not None else None
        # class digit -> subject (None for replies) -> [(order, entry)]
        classes: dict[str, dict[int | None, list[tuple[tuple, IndexEntry]]]] = {}
        for key, (docname, ident, _objtype, label) in self.domain.objects.items():
            if wanted is not None and docname not in wanted:
                continue
            first = key.split()[0]
            subject = int(first.split(".")[1]) if "." in first else None
            item = IndexEntry(label, 2 if subject is not None else 0, docname, ident, "", "", "")
            classes.setdefault(first[0], {}).setdefault(subject, []).append((_order(key), item))
        groups = []
        # The reply classes in order, then status codes of any class, then the
        # numbers that are no SMTP reply at all (101, 111).
        for digit in sorted(classes, key=lambda d: (d not in "2345", d not in "Xx", d)):
            subjects = classes[digit]
            entries = [item for _o, item in sorted(subjects.pop(None, []))]
            for subject in sorted(subjects):
                heading = content.subject_heading(digit, subject, translator)
                entries.append(IndexEntry(heading, 1, "", "", "", "", ""))
                entries += [item for _o, item in sorted(subjects[subject])]
            groups.append((content.class_heading(digit, translator), entries))
        return groups, False


def _order(key: str) -> tuple:
    """Replies first by number, then enhanced codes by subject and detail."""
    first = key.split()[0]
    if "." not in first:
        return (0, int(first[0]), first, key)
    cls, subject, detail = [*first.split("."), "0", "0"][:3]
    digits = [int(p) if p.isdigit() else 0 for p in (subject, detail.split("-")[0])]
    return (1, cls, digits[0], digits[1], key)


def remove_stale_index(app: Sphinx, exception: Exception | None) -> None:
    """Delete the Code Index page a former build wrote, once no code is documented.

    Sphinx writes a domain index only when it has entries, and never removes
    the page it wrote before.
    """
    builder = app.builder
    written = getattr(builder, "domain_indices", None)
    if exception is not None or written is None or not hasattr(builder, "get_outfilename"):
        return
    name = f"{SMTPDomain.name}-{CodeIndex.name}"
    if any(entry[0] == name for entry in written):
        return
    # A rebuild that writes no page may not prepare the indices at all (Sphinx
    # 7.4): the page is stale only when there is nothing to index, or the
    # project switched the index off.
    enabled = app.config.html_domain_indices
    if not isinstance(enabled, bool):
        enabled = name in enabled
    if enabled and app.env.get_domain(SMTPDomain.name).objects:
        return
    Path(builder.get_outfilename(name)).unlink(missing_ok=True)
