"""The bundled registry, compiled: validated YAML saved as JSON for fast loading.

Parsing and validating the bundled YAML takes tens of milliseconds; reading
this JSON copy takes a few. The copy records a digest of the YAML it was made
from, and is used only while that digest matches, so an edited YAML file is
never shadowed by a stale copy (it is parsed instead). ``make catalogs``
writes the copy; a test fails when it is stale.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .entries import Entry, Problem, RawEntry, SourceFile, Variant
from .schema import from_data, to_data

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMPILED = DATA_DIR / "compiled.json"


def bundled_files() -> list[Path]:
    """Every bundled YAML file, English and overlays, in a stable order."""
    return sorted([*DATA_DIR.glob("*.yaml"), *DATA_DIR.glob("locales/*/*.yaml")])


def digest(files: list[Path] | None = None) -> str:
    """A digest of the bundled YAML files' names and contents."""
    hasher = hashlib.blake2b(digest_size=16)
    for path in files if files is not None else bundled_files():
        hasher.update(path.relative_to(DATA_DIR).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


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
        "problems": [
            {"path": p.path, "line": p.line, "message": p.message, "subtype": p.subtype}
            for p in source.problems
        ],
    }


def compile_bundled() -> str:
    """The JSON copy of the bundled registry, as text."""
    from .loader import read_file

    files = bundled_files()
    sources: dict[str, dict[str, Any]] = {}
    for path in files:
        name = path.relative_to(DATA_DIR).as_posix()
        sources[name] = _record(read_file(path, display=f"<bundled>/{name}"))
    return (
        json.dumps(
            {"digest": digest(files), "sources": sources},
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )
        + "\n"
    )


def load_compiled() -> dict[str, SourceFile] | None:
    """The bundled sources by relative name, or ``None`` when the copy is missing or stale."""
    try:
        data = json.loads(COMPILED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("digest") != digest():
        return None
    return {name: _source(record) for name, record in data["sources"].items()}
