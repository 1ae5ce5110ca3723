"""Vendors recognised from reply text, and what their replies mean: data, not code.

The catalogue is ``data/vendors/vendors.yaml`` (its header explains the
fields) with per-language overlays in ``data/vendors/locales/<lang>/``.
:func:`load_vendors` reads it once per language; :meth:`VendorCatalogue.recognise`
finds the vendors whose match rules occur in a text, and
:meth:`VendorCatalogue.meanings_for` the vendor meanings of a reply.
Pure Python: no Sphinx, no docutils. Nothing raises on bad data: problems
are collected in :attr:`VendorCatalogue.problems`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .entries import Problem, Reference
from .frozen import frozen
from .registry import translated_records
from .schema import REGEX, REGEXES, TEXT, TEXTS, code, codes, one, record, records, schema_of, spec

__all__ = ["Phrase", "Vendor", "VendorCatalogue", "VendorMeaning", "load_vendors"]

VENDOR_DIR = Path(__file__).resolve().parent.parent / "data" / "vendors"
#: Rule kinds, in the order they are tried: the most telling first (a vendor
#: tag or product marker says more than a host name in a link).
RULE_KINDS = ("tags", "markers", "links", "hosts")


@frozen
class Rule:
    """One match rule of a vendor: its kind, as written, and compiled."""

    kind: str
    text: str
    pattern: re.Pattern[str]


@record("vendor match", "How a vendor is recognised in a reply (every rule ignores case).")
@frozen
class VendorMatch:
    """A vendor's match rules, as written in the catalogue."""

    hosts: tuple[str, ...] = spec(
        TEXTS, "host names: a name or any subdomain of it (google.com matches mx.google.com)"
    )
    markers: tuple[str, ...] = spec(TEXTS, 'product markers, literal text (``"- gsmtp"``)')
    links: tuple[str, ...] = spec(TEXTS, "documentation links: the start of a URL, no scheme")
    tags: tuple[str, ...] = spec(REGEXES, "vendor tags, regular expressions (``\\[TSS0[0-9]\\]``)")


@record("vendor", "Who answered: a mail provider, a filter or an MTA, and how to recognise it.")
@frozen
class Vendor:
    """Who answered: a mail provider, a filter or an MTA, and how to recognise it."""

    id: str = spec(TEXT, "a short name of our own (``gmail``); translations name it", key=True)
    name: str = spec(TEXT, "the vendor's name as readers know it", required=True, translated=True)
    aliases: tuple[str, ...] = spec(TEXTS, "the ``vendor`` names that registry variants use for it")
    match: VendorMatch | None = spec(
        one(VendorMatch), "how it is recognised", required=True, default=None
    )
    references: tuple[Reference, ...] = spec(
        records(Reference), "the vendor's own pages", required=True, default=()
    )

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The match rules, compiled, hosts first."""
        return _rules(self.match) if self.match is not None else ()

    def match_text(self, text: str) -> Rule | None:
        """The first rule of this vendor found in ``text``, or ``None``."""
        return next((rule for rule in self.rules if rule.pattern.search(text)), None)


@record(
    "vendor meaning", "What a vendor means by a reply: for these codes, where the text says so."
)
@frozen(slots=False)  # not slotted: ``pattern`` is cached in the instance dict
class VendorMeaning:
    """What a vendor means by a reply: for these codes, where the text says so."""

    id: str = spec(TEXT, "``vendor.name`` (``gmail.no-such-user``); translations name it", key=True)
    vendor: str = spec(TEXT, "the ``id`` of the vendor", required=True)
    codes: tuple[str, ...] = spec(
        codes(), 'the replies it is for: ``"550 5.2.1"``, ``"5.2.1"`` or ``"550"``', required=True
    )
    name: str = spec(TEXT, "the vendor's meaning, as a short name", required=True, translated=True)
    summary: str = spec(TEXT, "one sentence", required=True, translated=True)
    fix: str = spec(TEXT, "what to do", translated=True)
    text: str = spec(
        REGEX, "narrows it to replies whose text matches (preferred to a meaning without)"
    )
    references: tuple[Reference, ...] = spec(
        records(Reference), "the vendor's own page", required=True, default=()
    )

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """``text`` compiled (case-insensitive), or ``None`` for any text."""
        return re.compile(self.text, re.IGNORECASE) if self.text else None

    def fits(self, keys: Sequence[str], text: str) -> bool:
        """Whether this meaning is for one of ``keys`` and its text rule holds."""
        if not any(key in self.codes for key in keys):
            return False
        return self.pattern is None or bool(self.pattern.search(text))


@record("phrase", "Words any MTA writes that carry a standard code's meaning.")
@frozen
class Phrase:
    """Words any MTA writes that carry a standard code's meaning ("User unknown")."""

    id: str = spec(TEXT, "a short name of our own (``user-unknown``)", key=True)
    text: str = spec(
        REGEX, "what the reply's text says (``user unknown|no such user``)", required=True
    )
    means: str = spec(
        code("entry"), "the standard enhanced code whose meaning it carries", required=True
    )
    references: tuple[Reference, ...] = spec(records(Reference), "the source", required=True)

    @property
    def pattern(self) -> re.Pattern[str]:
        """``text`` compiled (case-insensitive)."""
        return _compiled(self.text)


@frozen
class VendorCatalogue:
    """Every vendor, vendor meaning and phrase, in one language."""

    vendors: tuple[Vendor, ...] = ()
    meanings: tuple[VendorMeaning, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    problems: tuple[Problem, ...] = ()

    def get(self, vendor_id: str) -> Vendor | None:
        """The vendor with this id, or ``None``."""
        return next((v for v in self.vendors if v.id == vendor_id), None)

    def by_alias(self, name: str) -> Vendor | None:
        """The vendor that a registry variant names as ``name``."""
        return next((v for v in self.vendors if name in v.aliases or name == v.name), None)

    def recognise(self, text: str) -> list[tuple[Vendor, Rule]]:
        """The vendors whose rules occur in ``text``, in catalogue order, with the rule."""
        found = []
        for vendor in self.vendors:
            rule = vendor.match_text(text)
            if rule is not None:
                found.append((vendor, rule))
        return found

    def meanings_for(self, vendor_id: str, keys: Sequence[str], text: str) -> list[VendorMeaning]:
        """The vendor's meanings for these code keys whose text rule holds.

        Meanings with a text rule come first: they say more than the code.
        """
        fitting = [m for m in self.meanings if m.vendor == vendor_id and m.fits(keys, text)]
        return sorted(fitting, key=lambda m: (m.pattern is None, _key_rank(m, keys)))

    def phrase(self, text: str) -> Phrase | None:
        """The first phrase found in ``text``, or ``None``."""
        return next((p for p in self.phrases if p.pattern.search(text)), None)


def _key_rank(meaning: VendorMeaning, keys: Sequence[str]) -> int:
    # The most specific key (the full reply) ranks first.
    return min(keys.index(k) for k in meaning.codes if k in keys)


# -- reading ----------------------------------------------------------------------------

#: The sections of a catalogue file and their records.
SECTIONS = {"vendors": Vendor, "meanings": VendorMeaning, "phrases": Phrase}


@functools.cache
def _compiled(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


@functools.cache
def _rules(match: VendorMatch) -> tuple[Rule, ...]:
    rules = []
    for kind in RULE_KINDS:
        for text in getattr(match, kind):
            if kind == "hosts":
                # The name or a subdomain of it, as a whole host name.
                pattern = re.compile(
                    rf"(?<![\w-])(?:[\w-]+\.)*{re.escape(text)}(?![\w-]|\.[\w])", re.I
                )
            elif kind == "tags":
                pattern = _compiled(text)
            else:
                pattern = re.compile(re.escape(text), re.IGNORECASE)
            rules.append(Rule(kind, text, pattern))
    return tuple(rules)


def _display(path: Path) -> str:
    """How problems name a catalogue file: ``<bundled>/vendors/…`` for ours."""
    try:
        return f"<bundled>/vendors/{path.resolve().relative_to(VENDOR_DIR).as_posix()}"
    except ValueError:
        return str(path)


def read_vendor_file(
    path: Path, *, overlay: bool = False, compiled: bool = True
) -> tuple[dict[str, list[tuple[dict[str, Any], int]]], list[Problem]]:
    """One catalogue file's records by section, each with its line, and its problems.

    A bundled file comes from the compiled copy while it is current
    (``make catalogs`` writes it), like the bundled registry; any other file,
    or a bundled one edited since, is read and checked here. An ``overlay``
    gives the ids and translated fields only.
    """
    if compiled:
        from .compiled import load_vendor_file

        found = load_vendor_file(path, SECTIONS, overlay=overlay)
        if found is not None:
            return found
    from .loader import read_sections

    return read_sections(path, SECTIONS, display=_display(path), overlay=overlay)


def read_catalogue(path: Path, overlays: Iterable[Path] = ()) -> VendorCatalogue:
    """The catalogue in ``path``, with the texts of ``overlays`` (by id) applied.

    Every field is checked by the registry's schema (the same validators as
    registry files: text without control characters, regular expressions that
    compile, sourced references); a problem names the file and the line.
    """
    found, problems = read_vendor_file(path)
    display = _display(path)
    built: dict[str, list[Any]] = {
        section: [SECTIONS[section](**values) for values, _ in records]
        for section, records in found.items()
    }
    vendor_lines = [line for _, line in found["vendors"]]
    for vendor, line in zip(built["vendors"], vendor_lines, strict=True):
        if not vendor.rules:
            problems.append(
                Problem(display, line, f"vendors: vendor {vendor.id} has no match rules", "vendors")
            )
    ids = {vendor.id for vendor in built["vendors"]}
    lines = {id(m): line for m, (_, line) in zip(built["meanings"], found["meanings"], strict=True)}
    meanings = []
    for meaning in built["meanings"]:
        if meaning.vendor not in ids:
            problems.append(
                Problem(
                    display,
                    lines[id(meaning)],
                    f"meanings: meaning {meaning.id} names an unknown vendor {meaning.vendor!r}",
                    subtype="vendors",
                )
            )
        else:
            meanings.append(meaning)
    built["meanings"] = meanings
    for overlay in overlays:
        texts, more = read_vendor_file(overlay, overlay=True)
        name = _display(overlay)
        problems.extend(more)
        for section, given in texts.items():
            schema = schema_of(SECTIONS[section])
            translated, unmatched = translated_records(
                schema, built[section], [values for values, _ in given]
            )
            built[section] = list(translated)
            problems.extend(
                Problem(
                    name,
                    given[index][1],
                    f"{section}: the translation names an unknown {schema.name} "
                    f"{given[index][0]['id']!r}",
                    subtype="vendors",
                )
                for index in unmatched
            )
    return VendorCatalogue(
        tuple(built["vendors"]),
        tuple(built["meanings"]),
        tuple(built["phrases"]),
        tuple(problems),
    )


@functools.lru_cache(maxsize=8)
def load_vendors(language: str = "en") -> VendorCatalogue:
    """The bundled vendor catalogue in ``language`` (English where untranslated)."""
    base = language.replace("-", "_").split("_")[0]
    overlays = sorted((VENDOR_DIR / "locales" / base).glob("*.yaml")) if base != "en" else []
    return read_catalogue(VENDOR_DIR / "vendors.yaml", overlays)
