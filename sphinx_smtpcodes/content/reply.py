"""What a real reply meant: the vendor's meaning when one is recognised, else the standard's.

:func:`understand` takes a :class:`~sphinx_smtpcodes.readers.reply.RealReply`
(what :func:`~sphinx_smtpcodes.readers.reply.read_reply` found) and decides
what leads the explanation:

1. a vendor meaning (``data/vendors/vendors.yaml``) of a vendor recognised in
   the reply text, whose codes and text rule fit;
2. a registry variant of a recognised vendor for the reply's codes;
3. when the reply's text says plainly what its codes do not (``550 5.7.1 …
   User unknown``), the standard code the words mean (the parts disagree,
   and a note says so);
4. the registry's entry of the enhanced code, or of the reply code;
5. for a code the registry does not know (``5.1.351``, ``559``), what its
   class and subject (or category) say.

Nothing is dropped in silence: every part the registry does not know is in
:attr:`Reading.unknown` and in a note. Pure Python: no Sphinx, no docutils.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from ..readers.reply import Note, RealReply
from ..registry import Entry, Reference, Registry
from ..registry.frozen import frozen
from ..registry.i18n import N_
from ..registry.model import (
    ENHANCED_SUBJECTS,
    REPLY_CATEGORIES,
    EnhancedClass,
    ReplyClass,
)
from ..registry.vendors import Vendor, VendorCatalogue, load_vendors
from .labels import COMMAND_NAMES, code_label, links, named_code
from .model import CodeRef, Para, Section, Text

__all__ = [
    "Reading",
    "ReadingView",
    "ServerMeaning",
    "describe",
    "read_and_understand",
    "understand",
]

Source = Literal["vendor", "standard", "class"]


@frozen
class ServerMeaning:
    """What the server meant, and where that reading comes from."""

    #: The code (or reply) the meaning is for: ``550 5.2.1``, ``5.1.1``, ``5.1.X``.
    code: str
    name: str
    summary: str
    source: Source
    fix: str = ""
    references: tuple[Reference, ...] = ()
    #: A stable id: ``gmail.receiving-rate``, ``variant:5.1.10``, ``entry:5.1.1``, ``class:5.1.X``.
    id: str = ""


@frozen
class Reading:
    """A real reply with what it meant: vendor, leading meaning, parts, notes."""

    reply: RealReply
    vendor: Vendor | None
    meaning: ServerMeaning | None
    #: The registry entries of the reply's code and enhanced code that exist.
    entries: tuple[Entry, ...] = ()
    #: Parts of the reply the registry does not know (``5.1.351``).
    unknown: tuple[str, ...] = ()
    #: The reader's notes, then what the explanation adds (``unknown``, ``disagree``).
    notes: tuple[Note, ...] = ()
    #: How the vendor was recognised: the rule's kind and text (``hosts``, ``google.com``).
    recognised_by: tuple[str, str] | None = None

    @property
    def consistent(self) -> bool:
        """Whether the parts agree: the enhanced class with the reply class."""
        return self.reply.consistent

    @property
    def reply_class(self) -> int | None:
        """The first digit of the reply code (or of the enhanced code without one)."""
        first = self.reply.code or self.reply.enhanced
        return int(first[0]) if first else None

    @property
    def klass(self) -> ReplyClass | None:
        """The reply's class as a :class:`~sphinx_smtpcodes.registry.ReplyClass`."""
        digit = self.reply_class
        return ReplyClass(digit) if digit in ReplyClass._value2member_map_ else None

    def as_json(self) -> dict[str, Any]:
        """The ``smtpcodes parse --format json`` object (a stable, documented schema)."""
        meaning = self.meaning
        return {
            "input": self.reply.input,
            "code": self.reply.code,
            "enhanced": self.reply.enhanced,
            "text": self.reply.text,
            "stage": self.reply.stage,
            "vendor": {"id": self.vendor.id, "name": self.vendor.name} if self.vendor else None,
            "meaning": (
                {
                    "code": meaning.code,
                    "name": meaning.name,
                    "summary": meaning.summary,
                    "source": meaning.source,
                }
                if meaning
                else None
            ),
            "class": self.reply_class,
            "consistent": self.consistent,
            "unknown": list(self.unknown),
        }


def understand(
    reply: RealReply, registry: Registry, catalogue: VendorCatalogue | None = None
) -> Reading:
    """What ``reply`` meant, in the registry's language (see the module docstring)."""
    catalogue = catalogue if catalogue is not None else load_vendors(registry.language)
    translator = registry.translator
    _ = translator.gettext
    notes = list(reply.notes)
    keys = _keys(reply)

    entries: list[Entry] = []
    unknown: list[str] = []
    parts: dict[str, Entry] = {}
    for part in (reply.code, reply.enhanced):
        if part is None:
            continue
        entry = registry.get(part)
        if entry is None:
            unknown.append(part)
        else:
            entries.append(entry)
            parts[part] = entry
    for part in unknown:
        notes.append(
            Note(
                "unknown",
                translator.format(
                    "{code} is not in the registry: it is read by its class and subject.",
                    code=part,
                )
                if "." in part
                else translator.format(
                    "{code} is not in the registry: it is read by its class and category.",
                    code=part,
                ),
            )
        )
    if not reply.consistent:
        notes.append(
            Note(
                "disagree",
                translator.format(
                    "The parts disagree: {enhanced} is of another class than {code}; "
                    "the reply code decides what the client does.",
                    enhanced=reply.enhanced,
                    code=reply.code,
                ),
            )
        )

    vendor, meaning, rule = _vendor_meaning(reply, keys, registry, catalogue)
    if meaning is None:
        meaning = _phrase_meaning(reply, registry, catalogue, unknown, notes)
    if meaning is None:
        meaning = _standard_meaning(reply, registry, parts, unknown)
    return Reading(
        reply=reply,
        vendor=vendor,
        meaning=meaning,
        entries=tuple(entries),
        unknown=tuple(unknown),
        notes=tuple(notes),
        recognised_by=_recognised_by(reply, rule),
    )


def _where(reply: RealReply) -> str:
    # The reply text and the host that answered say who it was; the wrapper's
    # words ("SMTP error from remote mail server") are the reporting MTA's.
    return " ".join(p for p in (reply.host, reply.text) if p) or reply.input


def _recognised_by(reply: RealReply, rule: Any) -> tuple[str, str] | None:
    """The rule's kind and the text it found (a tag rule is a pattern: show its match)."""
    if rule is None:
        return None
    found = rule.pattern.search(_where(reply))
    return (rule.kind, found.group() if found else rule.text)


def _keys(reply: RealReply) -> list[str]:
    """The reply's code keys, most specific first: ``550 5.2.1``, ``5.2.1``, ``550``."""
    keys = []
    if reply.code and reply.enhanced:
        keys.append(f"{reply.code} {reply.enhanced}")
    keys.extend(k for k in (reply.enhanced, reply.code) if k)
    return keys


def _vendor_meaning(
    reply: RealReply, keys: Sequence[str], registry: Registry, catalogue: VendorCatalogue
) -> tuple[Vendor | None, ServerMeaning | None, Any]:
    recognised = catalogue.recognise(_where(reply))
    if not recognised or not keys:
        first = recognised[0] if recognised else (None, None)
        return first[0], None, first[1]
    for vendor, rule in recognised:
        found = catalogue.meanings_for(vendor.id, keys, reply.text)
        if found:
            best = found[0]
            return (
                vendor,
                ServerMeaning(
                    code=next(k for k in keys if k in best.codes),
                    name=best.name,
                    summary=best.summary,
                    source="vendor",
                    fix=best.fix,
                    references=best.references,
                    id=best.id,
                ),
                rule,
            )
    for vendor, rule in recognised:
        for key in keys:
            variant = next(
                (
                    v
                    for v in registry.variants
                    if v.code == key and catalogue.by_alias(v.vendor) is vendor
                ),
                None,
            )
            if variant is not None:
                return (
                    vendor,
                    ServerMeaning(
                        code=key,
                        name=variant.name,
                        summary=variant.summary,
                        source="vendor",
                        fix=variant.fix,
                        references=variant.references,
                        id=f"variant:{vendor.id}:{key}",
                    ),
                    rule,
                )
    return recognised[0][0], None, recognised[0][1]


def _phrase_meaning(
    reply: RealReply,
    registry: Registry,
    catalogue: VendorCatalogue,
    unknown: list[str],
    notes: list[Note],
) -> ServerMeaning | None:
    """The meaning the text's words carry, where the codes say less or otherwise."""
    phrase = catalogue.phrase(reply.text)
    if phrase is None:
        return None
    first = reply.code or reply.enhanced
    klass = first[0] if first and first[0] in "245" else "5"
    key = klass + phrase.means[1:]
    enhanced = reply.enhanced
    if enhanced and enhanced not in unknown:
        if enhanced.split(".")[1] == key.split(".")[1]:
            return None  # the code already says it: 5.1.1 with "User unknown"
        notes.append(
            Note(
                "disagree",
                registry.translator.format(
                    "The text says more than {enhanced}: it reads as {code}.",
                    enhanced=enhanced,
                    code=key,
                ),
            )
        )
    entry = registry.get(key)
    if entry is None:
        return None
    return _from_entry(entry, "standard")


def _standard_meaning(
    reply: RealReply, registry: Registry, parts: dict[str, Entry], unknown: Sequence[str]
) -> ServerMeaning | None:
    # ``parts`` maps each part of the reply to its entry (5.7.606 → 5.7.606-649).
    enhanced = parts.get(reply.enhanced or "")
    code = parts.get(reply.code or "")
    if enhanced is not None and reply.consistent:
        return _from_entry(enhanced, "standard" if enhanced.standard else "vendor")
    if reply.enhanced in unknown and reply.consistent:
        return _class_meaning(reply.enhanced, registry)
    if code is not None:
        return _from_entry(code, "standard" if code.standard else "vendor")
    if reply.code in unknown:
        return _class_meaning(reply.code, registry)
    if enhanced is not None:
        return _from_entry(enhanced, "standard" if enhanced.standard else "vendor")
    return None


def _from_entry(entry: Entry, source: Source) -> ServerMeaning:
    return ServerMeaning(
        code=entry.code,
        name=entry.name,
        summary=entry.summary,
        source=source,
        fix=entry.fix,
        references=entry.references,
        id=f"entry:{entry.code}",
    )


def _class_meaning(code: str, registry: Registry) -> ServerMeaning | None:
    """``5.1.X``: a permanent addressing problem; ``55X``: a permanent mail-system reply."""
    translator = registry.translator
    _ = translator.gettext
    if "." in code:
        subject = int(code.split(".")[1])
        klass = _(EnhancedClass(int(code[0])).label)
        part = _(ENHANCED_SUBJECTS.get(subject, "Other or Undefined Status"))
        pattern = f"{code[0]}.{subject}.X"
        template = N_("{code} is not in the registry; its class and subject say: {klass}, {part}.")
    elif code[0] in "2345":
        klass = _(ReplyClass(int(code[0])).label)
        part = _(REPLY_CATEGORIES.get(int(code[1]), "Unspecified"))
        pattern = f"{code[:2]}X"
        template = N_("{code} is not in the registry; its class and category say: {klass}, {part}.")
    else:
        return None
    return ServerMeaning(
        code=pattern,
        name=translator.format("{klass}: {part}", klass=klass, part=part),
        summary=translator.format(template, code=code, klass=klass, part=part),
        source="class",
        id=f"class:{pattern}",
    )


# -- what to say ----------------------------------------------------------------------

#: Section keys of a reading, in order, with their labels (message ids).
READING_SECTIONS = {
    "meant": N_("What the server meant"),
    "vendor": N_("Who answered"),
    "standard": N_("What the standard says"),
    "fix": N_("What to do"),
    "stage": N_("In answer to"),
    "notes": N_("Notes"),
    "references": N_("Sources"),
}


@frozen
class ReadingView:
    """A reading ready to render: the reply's key as title, then labelled sections."""

    key: str
    title: str
    sections: tuple[Section, ...]


def describe(reading: Reading, registry: Registry) -> ReadingView:
    """What to say about a reading, in the registry's language."""
    translator = registry.translator
    _ = translator.gettext
    sections: list[Section] = []

    def add(key: str, paragraphs: Sequence[Para], items: bool = False) -> None:
        if paragraphs:
            sections.append(Section(key, _(READING_SECTIONS[key]), tuple(paragraphs), items))

    meaning = reading.meaning
    if meaning is not None:
        head: list = []
        if meaning.code in registry:
            head.append(CodeRef(meaning.code, meaning.code, meaning.summary))
        else:
            head.append(Text(meaning.code))
        head.append(
            Text(
                translator.format(
                    " — {name}. {summary}", name=meaning.name, summary=meaning.summary
                )
            )
        )
        add("meant", [tuple(head)])
    else:
        add("meant", [(Text(_("The reply has no code the registry could explain.")),)])
    if reading.vendor is not None:
        text = reading.vendor.name
        if reading.recognised_by is not None:
            kind, rule = reading.recognised_by
            text = translator.format(
                "{vendor} (recognised by {kind}: {rule})",
                vendor=text,
                kind=_(RULE_LABELS.get(kind, kind)),
                rule=rule,
            )
        add("vendor", [(Text(text),)])
    lead_is_entry = meaning is not None and meaning.id.startswith("entry:")
    standard = [
        (CodeRef(e.code, code_label(e, translator), e.summary), Text(" — " + e.summary))
        for e in reading.entries
        if not (lead_is_entry and e.code == meaning.code)
    ]
    add("standard", standard, items=True)
    fix = meaning.fix if meaning is not None and meaning.fix else ""
    if not fix:
        fix = next((e.fix for e in reversed(reading.entries) if e.fix), "")
    if fix:
        add("fix", [(Text(fix),)])
    if reading.reply.stage:
        add("stage", [(Text(_(COMMAND_NAMES.get(reading.reply.stage, reading.reply.stage))),)])
    add("notes", [(Text(note.message),) for note in reading.notes if note.message], items=True)
    if meaning is not None:
        add("references", links(meaning.references, translator), items=True)
    key = reading.reply.key or _("no code")
    title = named_code(key, meaning.name, translator) if meaning else key
    return ReadingView(key=key, title=title, sections=tuple(sections))


RULE_LABELS = {
    "hosts": N_("host name"),
    "markers": N_("product marker"),
    "links": N_("documentation link"),
    "tags": N_("vendor tag"),
}


def read_and_understand(text: str, registry: Registry) -> Reading:
    """:func:`~sphinx_smtpcodes.readers.reply.read_reply` then :func:`understand`."""
    from ..readers.reply import read_reply

    return understand(read_reply(text), registry)
