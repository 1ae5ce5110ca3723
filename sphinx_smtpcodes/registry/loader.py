"""Read registry YAML files: safe loading, validation against the schema, line numbers.

Every field is checked by the validator its kind names in the schema
(:mod:`.schema`), whether it comes from the bundled data, a project's file or
a language overlay. Every problem is collected as a :class:`Problem` naming
the file, the line, the entry and the field, and what was expected; nothing
here raises on bad input, so a caller (Sphinx or the command line) decides
how to report it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .entries import MAX_PROBLEMS, Entry, Problem, RawEntry, SourceFile, Variant
from .files import MAX_FILE_BYTES, FileRefused, read_bounded
from .model import (
    COMMAND_PHASES,
    RANGE_RE,
    CodeSyntaxError,
    EnhancedStatus,
    ReplyCode,
    ReplyLine,
    parse_code,
    shorten,
)
from .schema import FieldSpec, RecordSpec, schema_of

__all__ = ["MAX_FILE_BYTES", "Problem", "RawEntry", "SourceFile", "read_file"]

_ENTRY, _VARIANT = schema_of(Entry), schema_of(Variant)
# Names other modules and tests use, derived from the schema (not a second list).
ENTRY_FIELDS = tuple(f.name for f in _ENTRY.fields)
VARIANT_FIELDS = tuple(f.name for f in _VARIANT.fields)
PROSE_FIELDS = tuple(f.name for f in _ENTRY.fields if f.kind.check == "text")
REFERENCE_FIELDS = tuple(
    f.name
    for f in schema_of(_ENTRY.by_name["references"].kind.record).fields  # type: ignore[arg-type]
)
FILE_FIELDS = ("language", "codes", "variants")
#: How deep collections may nest. The schema needs 7 levels (file, codes, entry,
#: meanings, meaning, references, reference); PyYAML composes and constructs
#: recursively, so a file nested thousands deep would raise RecursionError.
MAX_DEPTH = 32
#: An RFC number as written: digits only (``0x10`` and ``1:30`` are YAML ints too).
RFC_NUMBER_RE = re.compile(r"[1-9][0-9]{0,4}")
#: Characters no text may hold. YAML's "\e[31m" or "\x00" escapes make them: an
#: escape sequence would reach a terminal through the command line, and LaTeX
#: (and XML) refuse most of them. Tabs and line breaks are whitespace.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: Schemes a reference ``url`` may have: a page renders it as a link, so
#: ``javascript:`` or ``data:`` would run in a reader's browser.
URL_SCHEMES = ("http", "https")
#: What PyYAML's constructors raise (besides YAMLError) for a value whose form
#: matches a tag but whose content does not: ``2020-13-45`` (a date), ``!!int abc``,
#: ``!!bool maybe`` (KeyError), ``!!timestamp abc`` (AttributeError), a number of
#: 5000 digits (int() refuses it).
VALUE_ERRORS = (ValueError, TypeError, LookupError, ArithmeticError, AttributeError)
#: A value the validators refused (the problem is already reported).
_REFUSED: Any = object()


def url_problem(url: str) -> str:
    """Why a reference ``url`` cannot be linked, or ``''`` if it can."""
    if any(c.isspace() or not c.isprintable() for c in url):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError as err:  # e.g. ``http://[::1`` (an unclosed IPv6 address)
        return f"is not a valid address ({err})"
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        return "is not an http:// or https:// address"
    return ""


def normalise_code(text: str, which: str = "any") -> str:
    """The canonical key of a code as written in a file (``x.1.1`` → ``X.1.1``).

    ``which`` is the schema's kind of code: ``entry`` refuses a full reply
    (an entry is one code; a vendor's meaning of a reply is a variant),
    ``reply`` and ``enhanced`` refuse the other kind. Raises
    :class:`CodeSyntaxError`.
    """
    if match := RANGE_RE.fullmatch(text):
        if which not in ("entry", "any", "enhanced"):
            raise CodeSyntaxError(f"{shorten(text)} is not a three-digit reply code")
        low, high = int(match[3]), int(match[4])
        if low >= high:
            raise CodeSyntaxError(
                f"the range {shorten(text)} is empty or backwards; write the lower number "
                f"first: {match[1]}.{match[2]}.{min(low, high)}-{max(low, high)}"
            )
        return text
    parsed = parse_code(text)
    if isinstance(parsed, ReplyLine):
        if which != "any":
            raise CodeSyntaxError(
                f"{shorten(text)} is a full reply; an entry is one code (450 or 5.1.1), "
                "and a vendor's meaning of a full reply is a variant"
            )
        return parsed.key
    if which == "reply" and not isinstance(parsed, ReplyCode):
        raise CodeSyntaxError(f"{shorten(text)} is not a three-digit reply code")
    if which == "enhanced" and not isinstance(parsed, EnhancedStatus):
        raise CodeSyntaxError(f"{shorten(text)} is not an enhanced status code")
    return str(parsed)


class _Checker:
    """Validates one file's data against the schema, with line numbers."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lines = 1 << 30  #: the file's number of lines, once it is read
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        # An empty document's node starts after the last line ("---" and blank lines).
        self.problems.append(Problem(self.path, min(line, self.lines), message))

    def hint(self, word: str, choices: tuple[str, ...]) -> str:
        """`` (did you mean 'fix'?)`` for a close match, while problems are still shown.

        Past :data:`~.entries.MAX_PROBLEMS` a problem is only counted, and
        difflib is the slowest part of checking a large broken file.
        """
        if len(self.problems) >= MAX_PROBLEMS:
            return ""
        found = difflib.get_close_matches(word, choices, n=1)
        return f" (did you mean {found[0]!r}?)" if found else ""

    # -- value checks ----------------------------------------------------------------

    def string(self, node: yaml.Node, where: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
            if control := CONTROL_RE.search(node.value):
                self.problem(
                    node,
                    f"{where}: contains the control character U+{ord(control.group()):04X}",
                )
                return None
            return node.value
        self.problem(node, f"{where}: expected text, got {_describe(node)}")
        return None

    def boolean(self, node: yaml.Node, where: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return node.value.lower() in ("true", "yes", "on")
        self.problem(node, f"{where}: expected true or false, got {_describe(node)}")
        return None

    def sequence(self, node: yaml.Node, where: str, what: str = "a list") -> list[yaml.Node]:
        if isinstance(node, yaml.SequenceNode):
            return node.value
        self.problem(node, f"{where}: expected {what}, got {_describe(node)}")
        return []

    def mapping(self, node: yaml.Node, where: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{where}: expected a mapping, got {_describe(node)}")
            return {}
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name is None:
                self.problem(key, f"{where}: keys must be plain names")
                continue
            if name in found:
                self.problem(key, f"{where}: {shorten(name)} is given twice")
            found[name] = (key, value)
        return found

    def known_keys(
        self,
        items: dict[str, tuple[yaml.Node, yaml.Node]],
        allowed: tuple[str, ...],
        where: str,
        untranslated: tuple[str, ...] = (),
    ) -> None:
        for name, (key, _) in items.items():
            if name in allowed:
                continue
            if name in untranslated:
                self.problem(
                    key,
                    f"{where}: field {name!r} is not translated (it is the same in every "
                    "language); set it in the English file",
                )
                continue
            also = self.hint(name, allowed)
            self.problem(
                key,
                f"{where}: unknown field {shorten(name)}{also}; expected one of "
                + ", ".join(allowed),
            )

    def code_text(self, node: yaml.Node, where: str) -> str | None:
        """A code as written: text, or a number (``code: 450``, ``related: [451]``)."""
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
            return node.value
        return self.string(node, where)

    def code(self, node: yaml.Node, where: str, which: str) -> str | None:
        value = self.code_text(node, where)
        if value is None:
            return None
        try:
            return normalise_code(value, which)
        except CodeSyntaxError as err:
            self.problem(node, f"{where}: {err}")
            return None

    # -- a field, by the kind the schema gives it ------------------------------------

    def value(self, field: FieldSpec, node: yaml.Node, where: str, overlay: bool) -> Any:
        """The field's value, or :data:`_REFUSED` after reporting why not."""
        kind = field.kind
        check = kind.check
        if check == "flag":
            flag = self.boolean(node, where)
            return _REFUSED if flag is None else flag
        if check == "rfc":
            # YAML reads 0x10, 0o17 and 1:30 as ints too; int() refuses them.
            if (
                isinstance(node, yaml.ScalarNode)
                and node.tag.endswith(":int")
                and RFC_NUMBER_RE.fullmatch(node.value.replace("_", ""))
            ):
                return int(node.value.replace("_", ""))
            got = (
                shorten(node.value)
                if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int")
                else _describe(node)
            )
            self.problem(node, f"{where}: expected an RFC number, got {got}")
            return _REFUSED
        if check == "code":
            found = self.code(node, where, kind.codes)
            return _REFUSED if found is None else found
        if check == "codes":
            listed = []
            for index, item in enumerate(self.sequence(node, where)):
                found = self.code(item, f"{where}[{index}]", kind.codes)
                if found is not None:
                    listed.append(found)
            return tuple(listed) if isinstance(node, yaml.SequenceNode) else _REFUSED
        if check == "digits":
            digits = []
            for item in self.sequence(node, where, "a list of class digits"):
                if isinstance(item, yaml.ScalarNode) and item.value in kind.choices:
                    digits.append(int(item.value))
                else:
                    self.problem(
                        item, f"{where}: expected a class digit, one of {', '.join(kind.choices)}"
                    )
            return tuple(sorted(set(digits))) if isinstance(node, yaml.SequenceNode) else _REFUSED
        if check == "commands":
            commands = []
            for index, item in enumerate(self.sequence(node, where)):
                text = self.string(item, f"{where}[{index}]")
                if text is None:
                    continue
                if text.strip().upper() in COMMAND_PHASES:  # ``rcpt`` is RCPT
                    commands.append(text.strip().upper())
                    continue
                also = self.hint(text.upper(), tuple(COMMAND_PHASES))
                self.problem(item, f"{where}: unknown command {shorten(text)}{also}")
            return tuple(commands) if isinstance(node, yaml.SequenceNode) else _REFUSED
        if check in ("texts", "regexes"):
            texts = []
            for index, item in enumerate(self.sequence(node, where)):
                here = f"{where}[{index}]"
                text = self.string(item, here)
                if text is not None and (check == "texts" or self.regex(item, text, here)):
                    texts.append(text)
            return tuple(texts) if isinstance(node, yaml.SequenceNode) else _REFUSED
        if check == "record":
            assert kind.record is not None
            schema = schema_of(kind.record)
            values, _ = self.fields(
                self.mapping(node, where), schema, where, overlay=overlay, nested=True
            )
            if not isinstance(node, yaml.MappingNode):
                return _REFUSED
            return values if overlay else schema.cls(**values)
        if check == "records":
            assert kind.record is not None
            return self.records(node, where, schema_of(kind.record), overlay)
        text = self.string(node, where)
        if text is None:
            return _REFUSED
        if check == "text":
            text = " ".join(text.split())
            if field.required and not text:
                # A block titled by nothing, a mention that says nothing: the
                # role would even call the code unknown (its summary is empty).
                hint = " (leave it out to keep the original)" if overlay else ""
                self.problem(node, f"{where}: must not be empty{hint}")
                return _REFUSED
        elif check == "choice" and text not in kind.choices:
            self.problem(node, f"{where}: expected one of {', '.join(kind.choices)}")
            return _REFUSED
        elif check == "pattern" and not re.fullmatch(kind.pattern, text):
            # These become part of a link's address (see Reference.href).
            self.problem(node, f"{where}: expected {kind.example}, got {shorten(text)}")
            return _REFUSED
        elif check == "regex" and not self.regex(node, text, where):
            return _REFUSED
        elif check == "url" and (why := url_problem(text)):
            self.problem(node, f"{where}: {shorten(text)} {why}")
            return _REFUSED
        return text

    def regex(self, node: yaml.Node, text: str, where: str) -> bool:
        """Whether ``text`` is a regular expression (a problem says why not)."""
        try:
            re.compile(text, re.IGNORECASE)
        except re.error as err:
            self.problem(node, f"{where}: {shorten(text)} is not a regular expression ({err})")
            return False
        return True

    # -- records ---------------------------------------------------------------------

    def fields(
        self,
        items: dict[str, tuple[yaml.Node, yaml.Node]],
        schema: RecordSpec,
        where: str,
        *,
        overlay: bool,
        nested: bool,
        skip: tuple[str, ...] = (),
    ) -> tuple[dict[str, Any], bool]:
        """The valid fields of one record, and whether any was refused."""
        allowed = tuple(
            f.name
            for f in schema.fields
            if f.name not in skip and (not overlay or f.translated or (f.key and nested))
        )
        items = {name: item for name, item in items.items() if name not in skip}
        untranslated = tuple(f.name for f in schema.fields if f.name not in allowed)
        self.known_keys(items, allowed, where, untranslated if overlay else ())
        found: dict[str, Any] = {}
        refused = False
        by_name = schema.by_name
        for name, (_, node) in items.items():
            if name not in allowed:
                continue
            here = f"{where}.{name}" if nested else f"{where}, field {name!r}"
            value = self.value(by_name[name], node, here, overlay)
            if value is _REFUSED:
                refused = True
            else:
                found[name] = value
        return found, refused

    def records(
        self, node: yaml.Node, where: str, schema: RecordSpec, overlay: bool
    ) -> tuple[Any, ...]:
        """Nested records (references, meanings): objects, or an overlay's mappings."""
        found = self.record_list(node, where, schema, overlay)
        if found is None:
            return _REFUSED
        return tuple(values if overlay else schema.cls(**values) for values, _ in found)

    def record_list(
        self, node: yaml.Node, where: str, schema: RecordSpec, overlay: bool
    ) -> list[tuple[dict[str, Any], yaml.Node]] | None:
        """The valid records of a list, each with its node; ``None`` if it is no list."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where}: expected a list of {schema.name}s, got {_describe(node)}")
            return None
        found: list[tuple[dict[str, Any], yaml.Node]] = []
        seen: set[tuple[Any, ...]] = set()
        for index, item in enumerate(node.value):
            here = f"{where}[{index}]"
            items = self.mapping(item, here)
            if not isinstance(item, yaml.MappingNode):
                continue
            values, refused = self.fields(items, schema, here, overlay=overlay, nested=True)
            if overlay:  # a translation names what it translates
                needed = list(schema.keys)
            else:
                needed = [f.name for f in schema.fields if f.required or f.key]
            missing = [name for name in needed if name not in values]
            if schema.one_of and not overlay and not set(schema.one_of) & values.keys():
                if not refused:
                    self.problem(
                        item, f"{here}: a {schema.name} needs {_alternatives(schema.one_of)}"
                    )
                continue
            if missing:
                if not refused:
                    what = "a translated " if overlay else "a "
                    self.problem(item, f"{here}: {what}{schema.name} needs {' and '.join(missing)}")
                continue
            if schema.keys:
                key = schema.key_of(values)
                if key in seen:
                    self.problem(item, f"{here}: {schema.name} {_key_text(key)} is given twice")
                    continue
                seen.add(key)
            found.append((values, item))
        return found

    def entry(self, node: yaml.Node, where: str, schema: RecordSpec) -> RawEntry | None:
        """One entry or variant of an English file (``codes:`` or ``variants:``)."""
        items = self.mapping(node, where)
        if not isinstance(node, yaml.MappingNode):
            return None
        if "code" not in items:
            self.problem(node, f"{where}: missing field 'code'")
            return None
        code = self.code(items["code"][1], f"{where}.code", schema.by_name["code"].kind.codes)
        if code is None:
            return None
        here = f"{schema.name} {code}"
        fields, refused = self.fields(
            items, schema, here, overlay=False, nested=False, skip=("code",)
        )
        if not schema.overrides:
            # Only entries may override a record of another file; a new record needs
            # its required fields now.
            missing = [
                f.name
                for f in schema.fields
                if (f.required or f.key) and f.name != "code" and f.name not in fields
            ]
            if missing:
                if not refused:
                    self.problem(node, f"{here} needs {' and '.join(missing)}")
                return None
        return RawEntry(code, fields, self.path, node.start_mark.line + 1)

    def overlay(self, node: yaml.Node, where: str) -> list[RawEntry]:
        """``codes:`` of a language overlay: a mapping from code to translated fields."""
        items = self.mapping(node, where)
        found = []
        for name, (key, value) in items.items():
            try:
                code = normalise_code(name, "entry")
            except CodeSyntaxError as err:
                self.problem(key, f"{where}: {err}")
                continue
            here = f"entry {code}"
            entry_items = self.mapping(value, here)
            fields, _ = self.fields(entry_items, _ENTRY, here, overlay=True, nested=False)
            found.append(RawEntry(code, fields, self.path, key.start_mark.line + 1))
        return found

    def overlay_variants(self, node: yaml.Node, where: str) -> list[RawEntry]:
        """``variants:`` of a language overlay, each named by its code and vendor."""
        found = []
        for values, item in self.record_list(node, where, _VARIANT, overlay=True) or ():
            code = values.pop("code")
            found.append(RawEntry(code, values, self.path, item.start_mark.line + 1))
        return found


def _alternatives(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def _key_text(key: tuple[Any, ...]) -> str:
    return " / ".join(str(part) for part in key)


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    kind = node.tag.rsplit(":", 1)[-1]
    names = {"int": "a number", "float": "a number", "bool": "true/false", "null": "nothing"}
    return names.get(kind, shorten(node.value))


#: libyaml's parser when PyYAML has it (ten times faster); the same safe tags.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str, checker: _Checker) -> yaml.Node | None:
    """Compose YAML to nodes, refusing aliases (no "billion laughs") and deep nesting."""
    try:
        depth = 0
        for event in yaml.parse(text, Loader=FAST_LOADER):
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent):
                checker.problems.append(
                    Problem(checker.path, line, "anchors and aliases (*name) are not allowed")
                )
                return None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    checker.problems.append(
                        Problem(
                            checker.path,
                            line,
                            f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                        )
                    )
                    return None
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node = yaml.compose(text, Loader=FAST_LOADER)
        if node is not None:
            # Resolving the tags once checks them: ``!!python/object`` is an error here.
            try:
                yaml.SafeLoader(text).construct_document(node)
            except VALUE_ERRORS:
                checker.problems.append(_bad_value(node, checker.path))
                return None
        return node
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        # libyaml places an error at the end of a file on the line after the last one
        line = min(mark.line + 1, text.count("\n") + 1) if mark else 0
        problem = " ".join(str(err.problem or err).split())
        if "nesting depth" in problem:  # libyaml's own limit, met before ours
            message = f"lists and mappings are nested more than {MAX_DEPTH} levels deep"
        else:
            message = f"not valid YAML: {problem}"
        checker.problems.append(Problem(checker.path, line, message))
    except yaml.reader.ReaderError as err:
        # Not a MarkedYAMLError: it knows the character's position, not its line.
        line = text.count("\n", 0, err.position) + 1
        problem = " ".join(str(err).split("\n")[0].split())
        checker.problems.append(Problem(checker.path, line, f"not valid YAML: {problem}"))
    except yaml.YAMLError as err:
        checker.problems.append(Problem(checker.path, 0, f"not valid YAML: {err}"))
    return None


def _bad_value(root: yaml.Node, path: str) -> Problem:
    """Where the value is that PyYAML cannot construct, and why (see :data:`VALUE_ERRORS`)."""
    loader = yaml.SafeLoader("")
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node)
            except VALUE_ERRORS as err:
                kind = node.tag.rsplit(":", 1)[-1]
                detail = " ".join(str(err).split())
                why = "" if isinstance(err, LookupError | AttributeError) else f" ({detail})"
                return Problem(
                    path,
                    node.start_mark.line + 1,
                    f"not valid YAML: {shorten(node.value)} is not a valid {kind}{why}",
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
    return Problem(path, root.start_mark.line + 1, "not valid YAML: a value cannot be read")


def read_sections(
    path: str | Path,
    sections: dict[str, type],
    *,
    display: str | None = None,
    overlay: bool = False,
) -> tuple[dict[str, list[tuple[dict[str, Any], int]]], list[Problem]]:
    """A file of top-level lists of records (``vendors:``, ``meanings:``…), checked
    by the schema of each section's record class.

    Returns, per section, the valid records' fields with their line, and the
    problems. With ``overlay``, a record gives its key and translated fields only.
    """
    name = display or str(path)
    checker = _Checker(name)
    found: dict[str, list[tuple[dict[str, Any], int]]] = {section: [] for section in sections}
    try:
        text = read_bounded(path).decode("utf-8")
    except (FileRefused, UnicodeDecodeError) as err:
        reason = str(err) if isinstance(err, FileRefused) else f"not UTF-8 text: {err.reason}"
        return found, [Problem(name, 0, reason)]
    checker.lines = text.count("\n") + 1
    root = _compose(text, checker)
    if root is None:
        return found, checker.problems or [Problem(name, 0, "the file is empty")]
    top = checker.mapping(root, "the file")
    checker.known_keys(top, tuple(sections), "the file")
    for section, cls in sections.items():
        if section in top:
            records = checker.record_list(top[section][1], section, schema_of(cls), overlay)
            found[section] = [(values, item.start_mark.line + 1) for values, item in records or ()]
    return found, checker.problems


def read_file(path: str | Path, *, display: str | None = None) -> SourceFile:
    """Read and validate one registry file (source entries or an overlay).

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read: a device
    (``/dev/zero``), a pipe or a folder is refused with a problem, never read.
    """
    name = display or str(path)
    checker = _Checker(name)
    try:
        text = read_bounded(path).decode("utf-8")
    except FileRefused as err:
        checker.problems.append(Problem(name, 0, str(err)))
        return SourceFile(name, None, (), (), tuple(checker.problems))
    except UnicodeDecodeError as err:
        line = err.object.count(b"\n", 0, err.start) + 1
        checker.problems.append(Problem(name, line, f"not UTF-8 text: {err.reason}"))
        return SourceFile(name, None, (), (), tuple(checker.problems))
    checker.lines = text.count("\n") + 1
    root = _compose(text, checker)
    if root is None:
        if not checker.problems:
            checker.problems.append(Problem(name, 0, "the file is empty"))
        return SourceFile(name, None, (), (), tuple(checker.problems))
    top = checker.mapping(root, "the file")
    checker.known_keys(top, FILE_FIELDS, "the file")
    language = None
    if "language" in top:
        language = checker.string(top["language"][1], "language")
    entries: list[RawEntry] = []
    variants: list[RawEntry] = []
    if language is None:
        for field, schema, into in (("codes", _ENTRY, entries), ("variants", _VARIANT, variants)):
            if field not in top:
                continue
            for index, item in enumerate(
                checker.sequence(top[field][1], field, f"a list of {schema.name}s")
            ):
                raw = checker.entry(item, f"{field}[{index}]", schema)
                if raw is not None:
                    into.append(raw)
    else:
        if "codes" in top:
            entries = checker.overlay(top["codes"][1], "codes")
        if "variants" in top:
            variants = checker.overlay_variants(top["variants"][1], "variants")
    if not top.keys() & {"codes", "variants"} and not checker.problems:
        checker.problem(root, "the file has neither 'codes' nor 'variants'")
    return SourceFile(name, language, tuple(entries), tuple(variants), tuple(checker.problems))
