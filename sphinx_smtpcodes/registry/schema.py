"""The registry's schema: every field of every record, declared once.

A record (:class:`~.entries.Entry`, :class:`~.entries.Variant`,
:class:`~.entries.Reference`, :class:`~.entries.Meaning`) is a frozen
dataclass whose fields are declared with :func:`spec`: the kind of value
(which names the loader's validator), whether a new record needs it, whether
a language overlay may translate it or repeats it as the key of the record it
translates, and one sentence of documentation. The class is registered with
:func:`record`.

Everything else is derived from here: the loader's checks, the compiled copy
of the bundled data, ``smtpcodes export``, the field table in the docs and
the JSON Schema that ``smtpcodes schema`` prints. Adding a field is one line
in its record class. Pure Python: no YAML, no Sphinx.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .frozen import frozen

__all__ = [
    "FieldSpec",
    "Kind",
    "RecordSpec",
    "field_table",
    "from_data",
    "json_schema",
    "record",
    "schema_of",
    "spec",
    "to_data",
]

_META = "smtpcodes"
_UNSET: Any = object()
T = TypeVar("T")


@frozen
class Kind:
    """What a field holds: how it is checked (``check``), documented and exported."""

    check: str  #: the loader's validator: text, choice, pattern, url, flag, rfc, code, codes, …
    label: str  #: the type as the docs name it
    default: Any = ""
    choices: tuple[str, ...] = ()
    pattern: str = ""  #: for ``pattern``: the form the whole value must have
    example: str = ""  #: for ``pattern``: what the problem message shows
    codes: str = "any"  #: for ``code``/``codes``: reply, enhanced, entry (no full reply), any
    record: type | None = None  #: for ``records``: the record class of each item


TEXT = Kind("text", "text")
FLAG = Kind("flag", "true/false", default=False)
RFC = Kind("rfc", "RFC number", default=None)
URL = Kind("url", "http(s) address")
COMMANDS = Kind("commands", "list of commands", default=())
TEXTS = Kind("texts", "list of text", default=())
#: A regular expression (Python's ``re``), matched without regard to case.
REGEX = Kind("regex", "regular expression")
REGEXES = Kind("regexes", "list of regular expressions", default=())
#: The classes an enhanced code's detail may be meant for (RFC 3463 §3.1).
CLASS_DIGITS = Kind("digits", "list of class digits: 2, 4, 5", default=(), choices=("2", "4", "5"))


def choice(*values: str) -> Kind:
    """Text that must be one of ``values``."""
    return Kind("choice", "text: " + " or ".join(values), choices=values)


def form(regex: str, example: str) -> Kind:
    """Text of one form (it becomes part of a link's address)."""
    return Kind("pattern", "text", pattern=regex, example=example)


def code(which: str) -> Kind:
    """One code: ``entry`` (450, 5.1.1, X.1.1, 5.7.606-649) or ``any`` (a full reply too)."""
    return Kind("code", "code" if which == "entry" else "code or reply", codes=which)


def codes(which: str = "any") -> Kind:
    """A list of codes: ``reply`` (three digits), ``enhanced`` (x.y.z) or ``any``."""
    label = {"reply": "list of reply codes", "enhanced": "list of enhanced codes"}
    return Kind("codes", label.get(which, "list of codes"), default=(), codes=which)


def records(cls: type) -> Kind:
    """A list of records of ``cls`` (each a mapping)."""
    return Kind("records", f"list of {schema_of(cls).name}s", default=(), record=cls)


def one(cls: type) -> Kind:
    """One record of ``cls`` (a mapping)."""
    return Kind("record", f"a {schema_of(cls).name} (mapping)", default=None, record=cls)


@frozen
class FieldSpec:
    """One field of a record, as declared with :func:`spec`."""

    name: str
    kind: Kind
    doc: str
    required: bool = False  #: a new record needs it
    translated: bool = False  #: a language overlay may give it in that language
    key: bool = False  #: names the record; an overlay repeats it to say which one it translates


def spec(
    kind: Kind,
    doc: str,
    *,
    required: bool = False,
    translated: bool = False,
    key: bool = False,
    default: Any = _UNSET,
) -> Any:
    """Declare a record field (use as the dataclass field's default)."""
    metadata = {_META: (kind, doc, required, translated, key)}
    if default is _UNSET and not (required or key):
        default = kind.default
    if default is _UNSET:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


@frozen
class RecordSpec:
    """A record class and its declared fields, in declaration order."""

    cls: type
    name: str
    doc: str
    fields: tuple[FieldSpec, ...]
    one_of: tuple[str, ...] = ()  #: at least one of these fields must be given
    overrides: bool = False  #: a record whose key exists changes only the fields it sets
    exports: tuple[tuple[str, str], ...] = ()  #: (name, attribute) also exported

    @property
    def by_name(self) -> dict[str, FieldSpec]:
        """The fields by name."""
        return {f.name: f for f in self.fields}

    @property
    def keys(self) -> tuple[str, ...]:
        """The fields that name a record (an overlay repeats them)."""
        return tuple(f.name for f in self.fields if f.key)

    @property
    def translated(self) -> tuple[str, ...]:
        """The fields a language overlay may give."""
        return tuple(f.name for f in self.fields if f.translated)

    def key_of(self, value: Any) -> tuple[Any, ...]:
        """The key of a record or of a mapping of its fields."""
        get = value.get if isinstance(value, dict) else lambda name: getattr(value, name)
        return tuple(get(name) for name in self.keys)


_RECORDS: dict[type, RecordSpec] = {}


def record(
    name: str,
    doc: str,
    *,
    one_of: tuple[str, ...] = (),
    overrides: bool = False,
    exports: tuple[tuple[str, str], ...] = (),
) -> Callable[[type[T]], type[T]]:
    """Register a dataclass as a record of the registry (apply above ``@dataclass``)."""

    def register(cls: type[T]) -> type[T]:
        fields = tuple(
            FieldSpec(f.name, *f.metadata[_META])
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if _META in f.metadata
        )
        _RECORDS[cls] = RecordSpec(cls, name, doc, fields, one_of, overrides, exports)
        return cls

    return register


def schema_of(cls: type) -> RecordSpec:
    """The schema of a record class."""
    return _RECORDS[cls]


def all_records() -> Iterator[RecordSpec]:
    """Every record: the registry's (entries first), then the vendor catalogue's.

    Within a module a record comes before those it holds (each is registered
    after what it holds, so the order is reversed).
    """
    from . import entries, vendors  # registers the records

    for module in (entries, vendors):
        found = [r for r in _RECORDS.values() if r.cls.__module__ == module.__name__]
        yield from reversed(found)


# -- plain data (the compiled copy, the export) -----------------------------------------


def to_data(value: Any, *, exports: bool = False) -> Any:
    """A record (or a tuple of them) as JSON-ready data: its declared fields, and
    with ``exports`` also what the record derives for readers (a reference's label)."""
    schema = _RECORDS.get(type(value))
    if schema is not None:
        data = {f.name: to_data(getattr(value, f.name), exports=exports) for f in schema.fields}
        if exports:
            data.update((name, getattr(value, attribute)) for name, attribute in schema.exports)
        return data
    if isinstance(value, tuple | list):
        return [to_data(item, exports=exports) for item in value]
    if isinstance(value, dict):
        return {name: to_data(item, exports=exports) for name, item in value.items()}
    return value


#: Each record's fields by name, for :func:`from_data` (which a load calls for every record).
_BY_NAME: dict[type, dict[str, FieldSpec]] = {}


def from_data(cls: type, fields: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Field values of ``cls`` from :func:`to_data`'s form: lists become tuples and
    nested records become record objects (or, when ``partial``, mappings of the
    fields an overlay gives)."""
    schema = _BY_NAME.get(cls)
    if schema is None:
        schema = _BY_NAME[cls] = _RECORDS[cls].by_name
    found: dict[str, Any] = {}
    for name, value in fields.items():
        kind = schema[name].kind
        if kind.check == "record":
            assert kind.record is not None
            found[name] = (
                from_data(kind.record, value, partial=True)
                if partial
                else kind.record(**from_data(kind.record, value))
            )
        elif kind.record is not None:
            found[name] = tuple(
                from_data(kind.record, item, partial=True)
                if partial
                else kind.record(**from_data(kind.record, item))
                for item in value
            )
        elif isinstance(value, list):
            found[name] = tuple(value)
        else:
            found[name] = value
    return found


# -- documentation and JSON Schema ------------------------------------------------------


def field_table(cls: type) -> list[tuple[str, str, str, str, str]]:
    """Rows of the docs' field table: name, type, required, in a language overlay, meaning."""
    schema = _RECORDS[cls]
    rows = []
    for item in schema.fields:
        if item.key or (item.required and not schema.overrides):
            required = "yes"
        else:
            required = "for a new code" if item.required else ""
        if schema.one_of and item.name in schema.one_of:
            required = "one of " + ", ".join(schema.one_of)
        overlay = "key" if item.key else ("translated" if item.translated else "")
        rows.append((item.name, item.kind.label, required, overlay, item.doc))
    return rows


def _case_insensitive(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


#: A code as the loader accepts it (a JSON Schema pattern; the loader says more).
CODE_PATTERN = r"^([1-5][0-9]{2}|[245Xx]\.[0-9]{1,3}\.[0-9]{1,3}(-[0-9]{1,3})?)$"
REPLY_PATTERN = r"^[1-5][0-9]{2}$"
ENHANCED_PATTERN = r"^[245Xx]\.[0-9]{1,3}\.[0-9]{1,3}$"


def _json_kind(kind: Kind, *, overlay: bool) -> dict[str, Any]:
    if kind.check == "text":
        return {"type": "string"}
    if kind.check == "choice":
        return {"enum": list(kind.choices)}
    if kind.check == "pattern":
        return {"type": "string", "pattern": f"^{kind.pattern}$"}
    if kind.check == "url":
        return {"type": "string", "format": "uri", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"}
    if kind.check == "flag":
        return {"type": "boolean"}
    if kind.check in ("texts", "regexes"):
        return {"type": "array", "items": {"type": "string"}}
    if kind.check == "regex":
        return {"type": "string", "format": "regex"}
    if kind.check == "record":
        assert kind.record is not None
        return {"$ref": f"#/$defs/{_RECORDS[kind.record].name}"}
    if kind.check == "digits":
        return {"type": "array", "items": {"enum": [int(c) for c in kind.choices]}}
    if kind.check == "rfc":
        return {"type": "integer", "minimum": 1, "maximum": 99999}
    if kind.check in ("code", "codes"):
        form = {"reply": REPLY_PATTERN, "enhanced": ENHANCED_PATTERN}.get(kind.codes, CODE_PATTERN)
        one: dict[str, Any] = {"type": ["string", "integer"]}
        if kind.codes != "any":  # a full reply ("550 5.1.1") has no short pattern
            one["pattern"] = form
        return one if kind.check == "code" else {"type": "array", "items": one}
    if kind.check == "commands":
        from .model import COMMAND_PHASES

        words = "|".join(_case_insensitive(c) for c in COMMAND_PHASES)
        return {"type": "array", "items": {"type": "string", "pattern": f"^({words})$"}}
    if kind.check == "records":
        assert kind.record is not None
        name = _RECORDS[kind.record].name + ("-translation" if overlay else "")
        return {"type": "array", "items": {"$ref": f"#/$defs/{name}"}}
    raise AssertionError(kind.check)  # pragma: no cover - a kind without a JSON form


def _json_record(schema: RecordSpec, *, overlay: bool, key_in_file: bool = True) -> dict[str, Any]:
    properties = {}
    for item in schema.fields:
        if overlay and not (item.translated or (item.key and key_in_file)):
            continue
        properties[item.name] = {
            **_json_kind(item.kind, overlay=overlay),
            "description": item.doc,
        }
    if overlay:
        required = [name for name in schema.keys if key_in_file]
    elif schema.overrides:
        required = list(schema.keys)
    else:
        required = [f.name for f in schema.fields if f.required or f.key]
    result: dict[str, Any] = {
        "type": "object",
        "description": schema.doc,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        result["required"] = required
    if schema.one_of and not overlay:
        result["anyOf"] = [{"required": [name]} for name in schema.one_of]
    return result


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a registry file, for editors."""
    from .entries import Entry, Variant

    defs: dict[str, Any] = {}
    for schema in all_records():
        defs[schema.name] = _json_record(schema, overlay=False)
        if schema.translated:
            # An overlay's entries are keyed by their code (a mapping), the rest by fields.
            defs[f"{schema.name}-translation"] = _json_record(
                schema, overlay=True, key_in_file=schema.cls is not Entry
            )
    source = {
        "type": "object",
        "description": "Codes and vendor variants in English (the source language).",
        "properties": {
            "codes": {"type": "array", "items": {"$ref": "#/$defs/entry"}},
            "variants": {"type": "array", "items": {"$ref": "#/$defs/variant"}},
        },
        "additionalProperties": False,
        "anyOf": [{"required": ["codes"]}, {"required": ["variants"]}],
    }
    overlay = {
        "type": "object",
        "description": "A language overlay: translations of codes and variants.",
        "properties": {
            "language": {"type": "string", "description": "The language, such as ko."},
            "codes": {
                "type": "object",
                "description": "Translations by code.",
                "additionalProperties": {"$ref": "#/$defs/entry-translation"},
            },
            "variants": {
                "type": "array",
                "items": {"$ref": f"#/$defs/{schema_of(Variant).name}-translation"},
            },
        },
        "required": ["language"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "sphinx-smtpcodes registry file",
        "oneOf": [{"$ref": "#/$defs/source-file"}, {"$ref": "#/$defs/overlay-file"}],
        "$defs": {"source-file": source, "overlay-file": overlay, **defs},
    }
