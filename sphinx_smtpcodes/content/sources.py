"""Which outside page cites what: the address of a source, whether it is a
standard's, and every address the bundled data can link to (for ``linkcheck``).

Pure: the Sphinx layer (:mod:`sphinx_smtpcodes.sphinxext.links`) and the
command line (``smtpcodes export --urls``) share these rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from ..registry import Entry, Reference, Registry

#: Hosts of standards bodies: what ``smtpcodes_external_links = "standards"`` keeps.
STANDARD_HOSTS = frozenset(
    {
        "www.rfc-editor.org",
        "rfc-editor.org",
        "datatracker.ietf.org",
        "www.ietf.org",
        "www.iana.org",
        "iana.org",
    }
)
#: The IANA page lists its enumerated status codes (X.Y.Z) in its third table;
#: its rows have no anchors of their own, so this is the closest link to one.
IANA_CODES_TABLE = "{registry}-3"
#: The values of ``smtpcodes_external_links``.
EXTERNAL_POLICIES = ("all", "standards", "none")


def is_standard(url: str) -> bool:
    """Whether ``url`` is the page of a standards body (an RFC, IANA, the IETF)."""
    return urlsplit(url).hostname in STANDARD_HOSTS


def allowed(url: str, policy: str) -> bool:
    """Whether the ``smtpcodes_external_links`` policy lets a block link to ``url``."""
    if policy == "none":
        return False
    return policy == "all" or is_standard(url)


def reference_url(ref: Reference, enhanced: bool = False) -> str:
    """The address of a reference; for an enhanced code, IANA's table of codes."""
    if enhanced and ref.iana and not ref.url:
        return f"{ref.href}#{IANA_CODES_TABLE.format(registry=ref.iana)}"
    return ref.href


def source_url(entry: Entry, policy: str = "all") -> str:
    """The page that defines ``entry``'s code, or ``""``.

    A reply code links to the first RFC section it cites, an enhanced code to
    its table in the IANA registry (else its RFC). A non-standard code links
    to the first source it cites that ``policy`` allows.
    """
    enhanced = entry.kind == "enhanced"
    refs = entry.references
    if entry.standard:
        preferred = [r for r in refs if r.iana] if enhanced else []
        preferred += [r for r in refs if r.rfc is not None]
        if preferred:
            return reference_url(preferred[0], enhanced)
    for ref in refs:
        url = reference_url(ref, enhanced)
        if url and allowed(url, policy):
            return url
    return ""


def _references(entry: Entry) -> Iterator[Reference]:
    yield from entry.references
    for meaning in entry.meanings:
        yield from meaning.references
    for variant in entry.variants:
        yield from variant.references


def registry_urls(entries: Iterable[Entry]) -> dict[str, list[str]]:
    """Every outside address the entries cite or a mention links to, with the codes
    that use it, sorted: what ``linkcheck`` would check in a full reference."""
    found: dict[str, set[str]] = {}
    for entry in entries:
        urls = {r.href for r in _references(entry) if r.href}
        if fallback := source_url(entry):
            urls.add(fallback)
        for url in urls:
            found.setdefault(url, set()).add(entry.code)
    return {url: sorted(codes) for url, codes in sorted(found.items())}


def all_urls(registry: Registry) -> dict[str, list[str]]:
    """:func:`registry_urls` of every entry, with the vendor meanings of full replies."""
    urls = registry_urls(registry)
    for variant in registry.variants:
        for ref in variant.references:
            if ref.href:
                codes = set(urls.get(ref.href, ())) | {variant.code}
                urls[ref.href] = sorted(codes)
    return dict(sorted(urls.items()))
