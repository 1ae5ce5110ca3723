"""The registry: bundled data merged with a project's files, in one language."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .entries import (
    Entry,
    Meaning,
    Problem,
    RawEntry,
    SourceFile,
    Variant,
    cap_problems,
    make_variant,
)
from .files import FileRefused, read_bounded
from .frozen import frozen
from .i18n import BUNDLED_LOCALES, CATALOG, Translator
from .model import (
    RANGE_RE,
    Code,
    CodeSyntaxError,
    EnhancedStatus,
    ReplyLine,
    parse_code,
    parse_reply,
)
from .schema import RecordSpec, schema_of

__all__ = ["DATA_DIR", "Registry", "ReplyExplanation", "load_registry"]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@frozen
class ReplyExplanation:
    """A full reply (``550 5.1.1 text``) with the entries of both its parts."""

    line: ReplyLine
    reply: Entry | None
    enhanced: Entry | None
    variants: tuple[Variant, ...] = ()

    @property
    def consistent(self) -> bool:
        """Whether the enhanced code's class matches the reply's (RFC 3463 §3.1)."""
        return self.line.consistent


@frozen(slots=False)  # not slotted: ``translator`` is cached in the instance dict
class Registry:
    """Every known code in one language. Build it with :func:`load_registry`.

    Look codes up with :meth:`get` (``"450"``, ``"5.1.1"``) and full replies
    with :meth:`explain_reply`; iterate to get every entry in order.
    """

    language: str
    entries: Mapping[str, Entry]
    variants: tuple[Variant, ...] = ()
    problems: tuple[Problem, ...] = ()
    requested_language: str = "en"
    locale_dirs: tuple[str, ...] = ()
    _bound: dict[str, Entry | None] = field(default_factory=dict, repr=False, compare=False)

    # -- lookup ---------------------------------------------------------------------

    def get(self, code: str | Code) -> Entry | None:
        """The entry of a reply code or an enhanced status code, or ``None``.

        A concrete enhanced code (``5.1.1``) is the IANA pattern's entry
        (``X.1.1``) bound to its class; a vendor's own concrete code or range
        takes precedence. Raises :class:`CodeSyntaxError` for malformed text.
        """
        parsed = parse_code(code) if isinstance(code, str) else code
        if isinstance(parsed, ReplyLine):
            return None
        key = str(parsed)
        if key in self._bound:
            return self._bound[key]
        found = self.entries.get(key)
        if found is None and isinstance(parsed, EnhancedStatus) and parsed.klass is not None:
            found = self._in_range(parsed)
            if found is None and (pattern := self.entries.get(parsed.pattern)):
                found = dataclasses.replace(
                    pattern,
                    code=key,
                    pattern=pattern.code,
                    variants=self._variants_for(key, pattern.variants),
                )
        self._bound[key] = found
        return found

    def explain_reply(self, text: str | ReplyLine) -> ReplyExplanation:
        """Both parts of a reply line, and the vendor meanings of the pair."""
        line = parse_reply(text) if isinstance(text, str) else text
        reply = self.get(line.code)
        enhanced = self.get(line.enhanced) if line.enhanced else None
        variants = tuple(v for v in self.variants if v.code == line.key)
        return ReplyExplanation(line, reply, enhanced, variants)

    def resolve(self, text: str) -> Entry | ReplyExplanation | None:
        """What a writer's argument names: an entry, a full reply, or ``None``."""
        parsed = parse_code(text)
        if isinstance(parsed, ReplyLine):
            return self.explain_reply(parsed)
        return self.get(parsed)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, code: object) -> bool:
        try:
            return isinstance(code, str) and self.get(code) is not None
        except CodeSyntaxError:
            return False

    @functools.cached_property
    def translator(self) -> Translator:
        """Labels and sentence templates in this registry's language."""
        return Translator(self.language, self.locale_dirs)

    # -- helpers --------------------------------------------------------------------

    def _in_range(self, status: EnhancedStatus) -> Entry | None:
        for key in self.entries:  # the keys only: entries may be made when first used
            match = RANGE_RE.fullmatch(key)
            if match and (int(match[1]), int(match[2])) == (status.klass.value, status.subject):
                if int(match[3]) <= status.detail <= int(match[4]):
                    return self.entries[key]
        return None

    def _variants_for(self, key: str, inherited: Sequence[Variant] = ()) -> tuple[Variant, ...]:
        own = tuple(v for v in self.variants if key in v.code.split())
        return own or tuple(inherited)


# -- building -------------------------------------------------------------------------

_ENTRY_FIELDS = {f.name for f in dataclasses.fields(Entry)}
_MEANING, _VARIANT = schema_of(Meaning), schema_of(Variant)


def iter_yaml(directory: Path) -> Iterator[Path]:
    """The ``*.yaml`` files of a folder, in a stable order."""
    if directory.is_dir():
        yield from sorted(directory.glob("*.yaml"))


def read_file(path: str | Path, *, display: str | None = None) -> SourceFile:
    """Read and validate a registry file (the YAML loader is imported when needed)."""
    from .loader import read_file as read

    return read(path, display=display)


def _sort_key(code: str) -> tuple[Any, ...]:
    if "." not in code:
        return (0, int(code), ())
    numbers = tuple(int(n) if n.isdigit() else -1 for n in re.split(r"[.\-]", code))
    return (1, numbers[1], (*numbers[2:], numbers[0]))


def _apply(entry: Entry, fields: dict[str, Any]) -> Entry:
    return dataclasses.replace(entry, **{k: v for k, v in fields.items() if k in _ENTRY_FIELDS})


def translated_records(
    schema: RecordSpec, originals: Sequence[Any], translations: Sequence[dict[str, Any]]
) -> tuple[tuple[Any, ...], list[int]]:
    """Records with their translated fields replaced, matched by key (never by position).

    A translation names the English record it translates by the schema's key
    fields (a meaning by its ``context``, a variant by ``code`` and
    ``vendor``), so inserting an English record shifts no translation onto
    another. Returns the records and the indexes of translations that match none.
    """
    pending = {schema.key_of(t): index for index, t in enumerate(translations)}
    result = []
    for original in originals:
        index = pending.pop(schema.key_of(original), None)
        if index is None:
            result.append(original)
            continue
        given = {k: v for k, v in translations[index].items() if k in schema.translated and v}
        result.append(dataclasses.replace(original, **given))
    return tuple(result), sorted(pending.values())


class _Builder:
    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.variants: list[Variant] = []
        self.problems: list[Problem] = []
        #: Fields of class-bound enhanced codes (``2.7.0``), and their translations.
        self.bound: dict[str, dict[str, Any]] = {}
        self.bound_translations: dict[str, list[RawEntry]] = {}

    def add_source(self, source: SourceFile) -> None:
        seen: set[str] = set()
        for raw in source.entries:
            if raw.code in seen:
                self.problems.append(
                    Problem(raw.path, raw.line, f"entry {raw.code} is given twice in this file")
                )
                continue
            seen.add(raw.code)
            self.add_entry(raw)
        index = {_VARIANT.key_of(v): i for i, v in enumerate(self.variants)}
        mine: set[tuple[Any, ...]] = set()
        for raw in source.variants:
            variant = make_variant(raw)
            key = _VARIANT.key_of(variant)
            if key in mine:
                self.problems.append(
                    Problem(
                        raw.path,
                        raw.line,
                        f"variant {raw.code} of {variant.vendor!r} is given twice in this file",
                    )
                )
                continue
            mine.add(key)
            if key in index:  # a project's variant of the same code and vendor replaces ours
                self.variants[index[key]] = variant
            else:
                index[key] = len(self.variants)
                self.variants.append(variant)

    def add_entry(self, raw: RawEntry) -> None:
        existing = self.entries.get(raw.code)
        if existing is None and "." in raw.code and raw.code[0] != "X":
            pattern = "X" + raw.code[1:]
            if pattern in self.entries or raw.code in self.bound:
                # One class of a pattern (2.7.0, a project's 5.1.1): only the
                # fields it sets, laid over the pattern when the registry is
                # built, so that the pattern's translation reaches it too.
                self.bound.setdefault(raw.code, {}).update(raw.fields, source=raw.path)
                return
        if existing is not None:
            self.entries[raw.code] = _apply(existing, {**raw.fields, "source": raw.path})
            return
        missing = [name for name in ("name", "summary") if not raw.fields.get(name)]
        if missing:
            self.problems.append(
                Problem(
                    raw.path,
                    raw.line,
                    f"entry {raw.code} is new, so it needs {' and '.join(missing)}",
                )
            )
            return
        self.entries[raw.code] = Entry(code=raw.code, **raw.fields, source=raw.path)

    def add_overlay(self, source: SourceFile) -> None:
        for raw in source.entries:
            if raw.code in self.bound:
                self.bound_translations.setdefault(raw.code, []).append(raw)
                continue
            target = self.entries.get(raw.code)
            if target is None:
                self.problems.append(
                    Problem(
                        raw.path,
                        raw.line,
                        f"entry {raw.code} translates a code the registry does not have",
                    )
                )
                continue
            self.entries[raw.code] = self.translate(target, raw)
        if source.variants:
            translations = [{"code": raw.code, **raw.fields} for raw in source.variants]
            variants, unmatched = translated_records(_VARIANT, self.variants, translations)
            self.variants = list(variants)
            for index in unmatched:
                raw = source.variants[index]
                self.problems.append(
                    Problem(
                        raw.path,
                        raw.line,
                        f"variant {raw.code} of {raw.fields.get('vendor', '')!r} translates "
                        "no variant of the registry (a translation names the English "
                        "variant's code and vendor)",
                    )
                )

    def translate(self, entry: Entry, raw: RawEntry) -> Entry:
        """``entry`` with an overlay's translated fields; meanings matched by context."""
        fields = dict(raw.fields)
        if "meanings" in fields:
            translations = fields["meanings"]
            fields["meanings"], unmatched = translated_records(
                _MEANING, entry.meanings, translations
            )
            known = ", ".join(m.context for m in entry.meanings) or "none"
            for index in unmatched:
                context = translations[index]["context"]
                self.problems.append(
                    Problem(
                        raw.path,
                        raw.line,
                        f"entry {raw.code}: the meaning {context!r} translates no meaning "
                        f"of the code (its meanings: {known})",
                    )
                )
        return _apply(entry, fields)

    def bind(self) -> None:
        """Lay each class-bound entry's own fields over its pattern's entry."""
        for code, fields in self.bound.items():
            pattern = self.entries.get("X" + code[1:])
            if pattern is None:
                continue
            entry = _apply(dataclasses.replace(pattern, code=code, pattern=pattern.code), fields)
            for raw in self.bound_translations.get(code, ()):
                entry = self.translate(entry, raw)
            self.entries[code] = entry

    def build(self, language: str, requested: str, locale_dirs: tuple[str, ...]) -> Registry:
        self.bind()
        ordered = dict(sorted(self.entries.items(), key=lambda item: _sort_key(item[0])))
        by_code: dict[str, list[Variant]] = {}
        for variant in self.variants:  # a variant may name several codes: "550 5.1.1"
            for word in dict.fromkeys(variant.code.split()):
                by_code.setdefault(word, []).append(variant)
        for key, own in by_code.items():
            if key in ordered:
                ordered[key] = dataclasses.replace(ordered[key], variants=tuple(own))
        return Registry(
            language=language,
            entries=MappingProxyType(ordered),
            variants=tuple(self.variants),
            problems=tuple(cap_problems(self.problems)),
            requested_language=requested,
            locale_dirs=locale_dirs,
        )


def available_languages(locale_dirs: Iterable[str | Path] = ()) -> list[str]:
    """Languages with a content overlay, English first."""
    found = {"en"}
    for directory in (*map(Path, locale_dirs), BUNDLED_LOCALES):
        if directory.is_dir():
            found.update(
                p.name for p in directory.iterdir() if p.is_dir() and any(p.glob("*.yaml"))
            )
    return ["en", *sorted(found - {"en"})]


def choose_language(requested: str | None, locale_dirs: Iterable[str | Path] = ()) -> str:
    """The language to use: ``ko_KR`` finds ``ko``; an unknown one gives English."""
    if not requested:
        return "en"
    languages = available_languages(locale_dirs)
    for candidate in (requested, requested.replace("-", "_"), re.split(r"[-_]", requested)[0]):
        if candidate in languages:
            return candidate
    return "en"


def _signature(paths: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """What the project's files hold now, to know when the cache is stale.

    A digest of the content, not the modification time: a file rewritten
    within the same clock tick keeps its time (seen when tests rewrite one).
    Project files are small, so reading them is cheap.
    """
    if not paths:
        return ()
    import hashlib  # here, for a project's own files only: it loads OpenSSL

    found = []
    for path in paths:
        try:
            digest = hashlib.blake2b(read_bounded(path), digest_size=16).hexdigest()
        except FileRefused:
            digest = ""  # the loader reports why
        found.append((path, digest))
    return tuple(found)


def load_registry(
    language: str | None = "en",
    files: Sequence[str | os.PathLike[str]] = (),
    locale_dirs: Sequence[str | os.PathLike[str]] = (),
) -> Registry:
    """The bundled registry, extended by ``files``, in ``language``.

    ``files`` are the project's registry files (new codes, overrides, or
    overlays with a ``language:`` key). ``locale_dirs`` hold more languages:
    ``<dir>/<lang>/*.yaml`` content overlays and
    ``<dir>/<lang>/LC_MESSAGES/smtpcodes.mo`` label catalogs. The result is
    cached per process until one of these files changes. Problems in the
    files are collected in :attr:`Registry.problems`; nothing is raised.
    """
    file_list = tuple(str(f) for f in files)
    dirs = tuple(str(d) for d in locale_dirs)
    chosen = choose_language(language, dirs)
    overlay_files = (
        [str(p) for d in dirs for p in iter_yaml(Path(d) / chosen)] if chosen != "en" else []
    )
    # The project's catalogs too: a registry keeps its translator.
    overlay_files += [
        str(Path(d, chosen, "LC_MESSAGES", f"{CATALOG}.{suffix}"))
        for d in dirs
        for suffix in ("po", "mo")
        if Path(d, chosen, "LC_MESSAGES", f"{CATALOG}.{suffix}").is_file()
    ]
    return _load(
        language or "en", chosen, file_list, dirs, _signature([*file_list, *overlay_files])
    )


@functools.lru_cache(maxsize=1)
def _bundled() -> Mapping[str, SourceFile]:
    """The bundled sources by name relative to ``data/``: the compiled copy, or
    (in a checkout whose YAML was edited since ``make catalogs``) the YAML itself."""
    from .compiled import bundled_files, load_compiled

    compiled = load_compiled()
    if compiled is not None:
        return compiled
    names = (p.relative_to(DATA_DIR).as_posix() for p in bundled_files())
    return {name: read_file(DATA_DIR / name, display=f"<bundled>/{name}") for name in names}


def _bundled_part(prefix: str | None) -> list[SourceFile]:
    """English sources (``prefix`` None) or one language's overlays, in name order."""
    bundled = _bundled()
    return [
        bundled[name]
        for name in sorted(bundled)
        if (name.startswith(prefix) if prefix else "/" not in name)
    ]


@functools.lru_cache(maxsize=32)
def _load(
    requested: str,
    language: str,
    files: tuple[str, ...],
    locale_dirs: tuple[str, ...],
    signature: tuple[tuple[str, str], ...],
) -> Registry:
    if not files and not locale_dirs:
        # The bundled registry alone, as most projects use it: its merged copy.
        from .compiled import load_merged

        merged = load_merged(language)
        if merged is not None:
            entries, variants, problems = merged
            return Registry(language, entries, variants, problems, requested)
    return merge(requested, language, files, locale_dirs)


def merge(
    requested: str,
    language: str,
    files: tuple[str, ...] = (),
    locale_dirs: tuple[str, ...] = (),
) -> Registry:
    """The registry merged from its sources: the bundled files, then ``files``, then
    the overlays of ``locale_dirs`` (:func:`load_registry` without its cache)."""
    builder = _Builder()
    for source in _bundled_part(None):
        builder.problems.extend(source.problems)
        builder.add_source(source)
    if language != "en":
        for source in _bundled_part(f"locales/{language}/"):
            builder.problems.extend(source.problems)
            builder.add_overlay(source)
    for path in files:
        source = read_file(path)
        builder.problems.extend(source.problems)
        if source.language is None:
            builder.add_source(source)
        elif source.language == language:
            builder.add_overlay(source)
    if language != "en":
        for directory in locale_dirs:
            for path in iter_yaml(Path(directory) / language):
                source = read_file(path)
                builder.problems.extend(source.problems)
                builder.add_overlay(source)
    return builder.build(language, requested, locale_dirs)
