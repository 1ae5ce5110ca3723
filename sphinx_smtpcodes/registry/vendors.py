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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .entries import Problem, Reference

__all__ = ["Phrase", "Vendor", "VendorCatalogue", "VendorMeaning", "load_vendors"]

VENDOR_DIR = Path(__file__).resolve().parent.parent / "data" / "vendors"
#: Rule kinds, in the order they are tried: the most telling first (a vendor
#: tag or product marker says more than a host name in a link).
RULE_KINDS = ("tags", "markers", "links", "hosts")


@dataclass(frozen=True, slots=True)
class Rule:
    """One match rule of a vendor: its kind, as written, and compiled."""

    kind: str
    text: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Vendor:
    """Who answered: a mail provider, a filter or an MTA, and how to recognise it."""

    id: str
    name: str
    rules: tuple[Rule, ...] = ()
    aliases: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()

    def match(self, text: str) -> Rule | None:
        """The first rule of this vendor found in ``text``, or ``None``."""
        return next((rule for rule in self.rules if rule.pattern.search(text)), None)


@dataclass(frozen=True)  # not slotted: ``pattern`` is cached in the instance dict
class VendorMeaning:
    """What a vendor means by a reply: for these codes, where the text says so."""

    id: str
    vendor: str
    codes: tuple[str, ...]
    name: str
    summary: str
    fix: str = ""
    text: str = ""
    references: tuple[Reference, ...] = ()

    @functools.cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """``text`` compiled (case-insensitive), or ``None`` for any text."""
        return re.compile(self.text, re.IGNORECASE) if self.text else None

    def fits(self, keys: Sequence[str], text: str) -> bool:
        """Whether this meaning is for one of ``keys`` and its text rule holds."""
        if not any(key in self.codes for key in keys):
            return False
        return self.pattern is None or bool(self.pattern.search(text))


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words any MTA writes that carry a standard code's meaning ("User unknown")."""

    id: str
    text: str
    means: str
    pattern: re.Pattern[str]
    references: tuple[Reference, ...] = ()


@dataclass(frozen=True, slots=True)
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
            rule = vendor.match(text)
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


def _rule(kind: str, text: str) -> re.Pattern[str]:
    if kind == "hosts":
        # The name or a subdomain of it, as a whole host name.
        return re.compile(rf"(?<![\w-])(?:[\w-]+\.)*{re.escape(text)}(?![\w-]|\.[\w])", re.I)
    if kind == "tags":
        return re.compile(text, re.IGNORECASE)
    return re.compile(re.escape(text), re.IGNORECASE)


def _references(raw: Any) -> tuple[Reference, ...]:
    refs = []
    for item in raw or ():
        if isinstance(item, dict):
            fields = {k: item[k] for k in ("rfc", "section", "title", "url") if k in item}
            if "section" in fields:
                fields["section"] = str(fields["section"])
            refs.append(Reference(**fields))
    return tuple(refs)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, message: str) -> None:
        self.problems.append(Problem(self.path, 0, message, subtype="vendors"))

    def sourced(self, what: str, raw: dict[str, Any]) -> tuple[Reference, ...]:
        from .loader import url_problem

        refs = _references(raw.get("references"))
        if not refs:
            self.problem(f"{what} names no source (references)")
        for ref in refs:
            if ref.url and (reason := url_problem(ref.url)):
                self.problem(f"{what}: reference url {ref.url!r} {reason}")
        return refs

    def compiled(self, what: str, text: str) -> re.Pattern[str] | None:
        try:
            return re.compile(text, re.IGNORECASE)
        except re.error as err:
            self.problem(f"{what}: {text!r} is not a valid regular expression ({err})")
            return None

    def vendor(self, raw: dict[str, Any]) -> Vendor | None:
        vendor_id, name = raw.get("id"), raw.get("name")
        if not isinstance(vendor_id, str) or not isinstance(name, str):
            self.problem(f"vendor {raw.get('id')!r} needs an id and a name")
            return None
        rules = []
        for kind, texts in (raw.get("match") or {}).items():
            if kind not in RULE_KINDS:
                self.problem(f"vendor {vendor_id}: unknown match rule {kind!r}")
                continue
            for text in texts or ():
                if kind == "tags" and self.compiled(f"vendor {vendor_id}", str(text)) is None:
                    continue
                rules.append(Rule(kind, str(text), _rule(kind, str(text))))
        if not rules:
            self.problem(f"vendor {vendor_id} has no match rules")
        rules.sort(key=lambda rule: RULE_KINDS.index(rule.kind))
        return Vendor(
            id=vendor_id,
            name=name,
            rules=tuple(rules),
            aliases=tuple(raw.get("aliases") or ()),
            references=self.sourced(f"vendor {vendor_id}", raw),
        )

    def meaning(self, raw: dict[str, Any], vendors: set[str]) -> VendorMeaning | None:
        meaning_id = raw.get("id")
        what = f"meaning {meaning_id}"
        missing = [k for k in ("id", "vendor", "codes", "name", "summary") if not raw.get(k)]
        if missing:
            self.problem(f"{what} needs {', '.join(missing)}")
            return None
        if raw["vendor"] not in vendors:
            self.problem(f"{what} names an unknown vendor {raw['vendor']!r}")
            return None
        text = raw.get("text") or ""
        if text and self.compiled(what, text) is None:
            return None
        return VendorMeaning(
            id=meaning_id,
            vendor=raw["vendor"],
            codes=tuple(str(c) for c in raw["codes"]),
            name=raw["name"],
            summary=raw["summary"],
            fix=raw.get("fix") or "",
            text=text,
            references=self.sourced(what, raw),
        )

    def phrase(self, raw: dict[str, Any]) -> Phrase | None:
        what = f"phrase {raw.get('id')}"
        pattern = self.compiled(what, str(raw.get("text") or ""))
        if pattern is None or not raw.get("means") or not raw.get("id"):
            self.problem(f"{what} needs an id, a text and the code it means")
            return None
        return Phrase(raw["id"], raw["text"], str(raw["means"]), pattern, self.sourced(what, raw))


def _read_yaml(path: Path) -> tuple[dict[str, Any], str]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        return {}, f"cannot be read: {err}"
    return (data, "") if isinstance(data, dict) else ({}, "is not a mapping")


def read_catalogue(path: Path, overlays: Iterable[Path] = ()) -> VendorCatalogue:
    """The catalogue in ``path``, with the texts of ``overlays`` (by id) applied."""
    reader = _Reader(f"<bundled>/vendors/{path.name}")
    data, error = _read_yaml(path)
    if error:
        reader.problem(error)
    vendors = [v for raw in data.get("vendors") or () if (v := reader.vendor(raw))]
    ids = {v.id for v in vendors}
    meanings = [m for raw in data.get("meanings") or () if (m := reader.meaning(raw, ids))]
    phrases = [p for raw in data.get("phrases") or () if (p := reader.phrase(raw))]
    seen: set[str] = set()
    for meaning in meanings:
        if meaning.id in seen:
            reader.problem(f"meaning {meaning.id} is given twice")
        seen.add(meaning.id)
    for overlay in overlays:
        texts, error = _read_yaml(overlay)
        if error:
            reader.problem(f"{overlay.name} {error}")
            continue
        vendors = _overlay(vendors, texts.get("vendors"), ("name",), reader, "vendor")
        meanings = _overlay(
            meanings, texts.get("meanings"), ("name", "summary", "fix"), reader, "meaning"
        )
    return VendorCatalogue(tuple(vendors), tuple(meanings), tuple(phrases), tuple(reader.problems))


def _overlay(items: list, raw: Any, fields: tuple[str, ...], reader: _Reader, kind: str) -> list:
    texts = {r.get("id"): r for r in raw or () if isinstance(r, dict)}
    known = {item.id for item in items}
    for unknown in sorted(set(texts) - known, key=str):
        reader.problem(f"the translation names an unknown {kind} {unknown!r}")
    return [
        replace(item, **{f: texts[item.id][f] for f in fields if texts.get(item.id, {}).get(f)})
        for item in items
    ]


@functools.lru_cache(maxsize=8)
def load_vendors(language: str = "en") -> VendorCatalogue:
    """The bundled vendor catalogue in ``language`` (English where untranslated)."""
    base = language.replace("-", "_").split("_")[0]
    overlays = sorted((VENDOR_DIR / "locales" / base).glob("*.yaml")) if base != "en" else []
    return read_catalogue(VENDOR_DIR / "vendors.yaml", overlays)
