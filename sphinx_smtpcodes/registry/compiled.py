"""The bundled registry and vendor catalogue, compiled: validated YAML saved as JSON.

Parsing and validating the bundled YAML takes tens of milliseconds; reading
JSON takes a few. Two kinds of copy, made by ``make catalogs`` from the same
YAML and checked by the same rule:

- ``compiled.json``: every bundled file, validated (the sources a registry is
  merged from when a project adds files of its own, and the vendor catalogue);
- ``registry.<language>.json``: the bundled registry of one language, merged,
  which is what a project with no registry files of its own uses. Only that
  language's file is read, and each entry is made when it is first asked for.

Each copy records a digest of the YAML it was made from and is used only
while that digest matches, so an edited YAML file is never shadowed by a
stale copy (it is parsed instead). A test fails when a copy is stale.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import zlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .entries import Entry, Problem, RawEntry, SourceFile, Variant
from .schema import from_data, to_data

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMPILED = DATA_DIR / "compiled.json"


VENDOR_DIR = DATA_DIR / "vendors"


def bundled_files() -> list[Path]:
    """Every bundled registry file, English and overlays, in a stable order."""
    return sorted([*DATA_DIR.glob("*.yaml"), *DATA_DIR.glob("locales/*/*.yaml")])


def language_files(language: str) -> list[Path]:
    """The bundled files the registry of ``language`` is merged from: the English
    ones, then that language's overlays."""
    english = sorted(DATA_DIR.glob("*.yaml"))
    return (
        english
        if language == "en"
        else [*english, *sorted(DATA_DIR.glob(f"locales/{language}/*.yaml"))]
    )


def merged_copy(language: str) -> Path:
    """Where the merged bundled registry of ``language`` is kept."""
    return DATA_DIR / f"registry.{language}.json"


def vendor_files() -> list[Path]:
    """Every file of the bundled vendor catalogue, English and overlays."""
    return sorted([*VENDOR_DIR.glob("*.yaml"), *VENDOR_DIR.glob("locales/*/*.yaml")])


def digest(files: list[Path] | None = None) -> str:
    """A digest of the bundled YAML files' names and contents.

    It tells an edited checkout from the copy ``make catalogs`` wrote, nothing
    more, so a CRC and the length do: ``hashlib`` would load OpenSSL in every
    process that reads the registry, the command's included.
    """
    crc, length = 0, 0
    for path in files if files is not None else [*bundled_files(), *vendor_files()]:
        for part in (path.relative_to(DATA_DIR).as_posix().encode(), path.read_bytes()):
            crc = zlib.crc32(part + b"\0", crc)
            length += len(part) + 1
    return f"{crc:08x}-{length}"


def _source(data: dict[str, Any]) -> SourceFile:
    overlay = data["language"] is not None

    def raw(item: dict[str, Any], cls: type) -> RawEntry:
        fields = from_data(cls, item["fields"], partial=overlay)
        return RawEntry(item["code"], fields, data["path"], item["line"])

    return SourceFile(
        data["path"],
        data["language"],
        tuple(raw(e, Entry) for e in data["entries"]),
        tuple(raw(v, Variant) for v in data["variants"]),
        tuple(Problem(**p) for p in data["problems"]),
    )


def _record(source: SourceFile) -> dict[str, Any]:
    def raw(entry: RawEntry) -> dict[str, Any]:
        return {"code": entry.code, "line": entry.line, "fields": to_data(entry.fields)}

    return {
        "path": source.path,
        "language": source.language,
        "entries": [raw(e) for e in source.entries],
        "variants": [raw(v) for v in source.variants],
        "problems": _problems(source.problems),
    }


def _problems(problems: list[Problem] | tuple[Problem, ...]) -> list[dict[str, Any]]:
    return [
        {"path": p.path, "line": p.line, "message": p.message, "subtype": p.subtype}
        for p in problems
    ]


def compile_bundled() -> str:
    """The JSON copy of the bundled registry and vendor catalogue, as text."""
    from .loader import read_file
    from .vendors import read_vendor_file

    files = bundled_files()
    sources: dict[str, dict[str, Any]] = {}
    for path in files:
        name = path.relative_to(DATA_DIR).as_posix()
        sources[name] = _record(read_file(path, display=f"<bundled>/{name}"))
    vendors: dict[str, dict[str, Any]] = {}
    for path in vendor_files():
        name = path.relative_to(VENDOR_DIR).as_posix()
        overlay = name.startswith("locales/")
        sections, problems = read_vendor_file(path, overlay=overlay, compiled=False)
        vendors[name] = {
            "sections": {
                name: [[line, to_data(values)] for values, line in found]
                for name, found in sections.items()
            },
            "problems": _problems(problems),
        }
    return (
        json.dumps(
            {"digest": digest([*files, *vendor_files()]), "sources": sources, "vendors": vendors},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        + "\n"
    )


@functools.lru_cache(maxsize=1)
def _current() -> dict[str, Any] | None:
    """The compiled copy, parsed once per process; ``None`` when missing or stale."""
    try:
        data = json.loads(COMPILED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("digest") == digest() else None


class _Sources(Mapping[str, SourceFile]):
    """The compiled sources by name, each made into records when first asked for:
    an English build never makes the Korean overlays' records."""

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        self._records = records
        self._made: dict[str, SourceFile] = {}

    def __getitem__(self, name: str) -> SourceFile:
        found = self._made.get(name)
        if found is None:
            found = self._made[name] = _source(self._records[name])
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


def load_compiled() -> Mapping[str, SourceFile] | None:
    """The bundled sources by relative name, or ``None`` when the copy is missing or stale."""
    data = _current()
    if data is None:
        return None
    return _Sources(data["sources"])


def load_vendor_file(
    path: Path, sections: dict[str, type], *, overlay: bool
) -> tuple[dict[str, list[tuple[dict[str, Any], int]]], list[Problem]] | None:
    """A bundled vendor catalogue file as :func:`.loader.read_sections` reads it, from
    the compiled copy; ``None`` when the file is not bundled or the copy is stale."""
    data = _current()
    try:
        name = path.resolve().relative_to(VENDOR_DIR).as_posix()
    except ValueError:
        return None
    if data is None or name not in data.get("vendors", {}):
        return None
    record = data["vendors"][name]
    found = {
        section: [
            (from_data(sections[section], fields, partial=overlay), line) for line, fields in items
        ]
        for section, items in record["sections"].items()
    }
    return found, [Problem(**p) for p in record["problems"]]


# -- the merged registry of one language ------------------------------------------------

#: Each entry field's default, as :func:`to_data` writes it: a copy leaves defaults out.
_DEFAULTS = {
    f.name: to_data(f.default if f.default is not dataclasses.MISSING else f.default_factory())
    for f in dataclasses.fields(Entry)
    if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
}
#: Fields the registry sets when it merges, never a file.
_MERGED_ONLY = ("pattern", "source", "variants")


def compile_merged(
    language: str,
    entries: Sequence[Entry],
    variants: Sequence[Variant],
    problems: Sequence[Problem],
) -> str:
    """The JSON copy of a merged bundled registry (what ``load_registry(language)`` holds)."""
    index = {id(v): i for i, v in enumerate(variants)}

    def entry(e: Entry) -> dict[str, Any]:
        data = {k: v for k, v in to_data(e).items() if k == "code" or v != _DEFAULTS.get(k)}
        if e.pattern:
            data["pattern"] = e.pattern
        if e.variants:
            data["variants"] = [index[id(v)] for v in e.variants]
        data["source"] = e.source
        return data

    record = {
        "digest": digest(language_files(language)),
        "language": language,
        "entries": [entry(e) for e in entries],
        "variants": [to_data(v) for v in variants],
        "problems": _problems(list(problems)),
    }
    # ASCII only: the text decodes at memory speed, and JSON undoes the escapes
    # of the Korean text as it parses.
    return json.dumps(record, sort_keys=False, separators=(",", ":")) + "\n"


class MergedEntries(Mapping[str, Entry]):
    """The entries of a merged copy by code, in the registry's order; each is made
    into an :class:`~.entries.Entry` when first asked for (a manual mentions a few
    dozen of them)."""

    __slots__ = ("_made", "_raw", "_variants")

    def __init__(self, raw: dict[str, dict[str, Any]], variants: tuple[Variant, ...]) -> None:
        self._raw = raw
        self._variants = variants
        self._made: dict[str, Entry] = {}

    def __getitem__(self, code: str) -> Entry:
        found = self._made.get(code)
        if found is None:
            found = self._made[code] = self._make(self._raw[code])
        return found

    def get(self, code: str, default: Any = None) -> Any:
        if code in self._made:
            return self._made[code]
        return self[code] if code in self._raw else default

    def __contains__(self, code: object) -> bool:
        return code in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def _make(self, raw: dict[str, Any]) -> Entry:
        fields = {k: v for k, v in raw.items() if k not in _MERGED_ONLY}
        variants = tuple(self._variants[i] for i in raw.get("variants", ()))
        return Entry(
            **from_data(Entry, fields),
            pattern=raw.get("pattern", ""),
            source=raw["source"],
            variants=variants,
        )


def load_merged(
    language: str,
) -> tuple[MergedEntries, tuple[Variant, ...], tuple[Problem, ...]] | None:
    """The merged bundled registry of ``language``: entries, variants, problems;
    ``None`` when there is no copy for the language or it is stale."""
    try:
        data = json.loads(merged_copy(language).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("digest") != digest(language_files(language)):
        return None
    try:
        variants = tuple(Variant(**from_data(Variant, v)) for v in data["variants"])
        entries = MergedEntries({e["code"]: e for e in data["entries"]}, variants)
        return entries, variants, tuple(Problem(**p) for p in data["problems"])
    except (KeyError, TypeError):  # a damaged copy: merge from the sources instead
        return None
