"""Read registry YAML files: safe loading, schema validation, line numbers.

Every problem is collected as a :class:`Problem` naming the file, the line,
the entry and the field, and what was expected; nothing here raises on bad
input, so a caller (Sphinx or the command line) decides how to report it.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .entries import Meaning, Problem, RawEntry, Reference, SourceFile
from .model import (
    COMMAND_PHASES,
    RANGE_RE,
    CodeSyntaxError,
    EnhancedStatus,
    ReplyCode,
    parse_code,
    shorten,
)

__all__ = ["Problem", "RawEntry", "SourceFile", "read_file"]

#: A registry file larger than this is refused rather than parsed.
MAX_FILE_BYTES = 4 * 1024 * 1024

PROSE_FIELDS = (
    "name",
    "summary",
    "description",
    "when",
    "fix",
    "use",
    "advice",
    "next_step",
    "origin",
    "basic_note",
    "status_note",
)
CODE_LIST_FIELDS = ("related", "enhanced", "basic")
ENTRY_FIELDS = (
    "code",
    *PROSE_FIELDS,
    "commands",
    *CODE_LIST_FIELDS,
    "references",
    "meanings",
    "standard",
    "status",
    "retry",
    "classes",
)
VARIANT_FIELDS = (
    "code",
    "vendor",
    "name",
    "summary",
    "description",
    "fix",
    "conflicts",
    "clash",
    "references",
)
VARIANT_PROSE = ("vendor", "name", "summary", "description", "fix", "clash")
REFERENCE_FIELDS = ("rfc", "section", "iana", "draft", "title", "url")
STATUSES = ("deprecated", "draft")
#: Answers an entry may give to "retry?" where its class's default does not fit.
RETRIES = ("not-needed", "continue", "later", "after-change", "no")
#: The classes an enhanced code's detail may be meant for (RFC 3463 §3.1).
CLASS_DIGITS = ("2", "4", "5")
#: How deep collections may nest. The schema needs 7 levels (file, codes, entry,
#: meanings, meaning, references, reference); PyYAML composes and constructs
#: recursively, so a file nested thousands deep would raise RecursionError.
MAX_DEPTH = 32
#: An RFC number as written: digits only (``0x10`` and ``1:30`` are YAML ints too).
RFC_NUMBER_RE = re.compile(r"[1-9][0-9]{0,4}")
#: Fields of a reference that are built into a link's address, their form and an example.
LINK_PARTS = {
    "section": (re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*"), "a section number like 4.2.1"),
    "iana": (
        re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*"),
        "a registry name like smtp-enhanced-status-codes",
    ),
    "draft": (re.compile(r"draft-[a-z0-9]+(?:-[a-z0-9]+)*"), "a draft name like draft-ietf-x-00"),
}
#: Characters no text may hold. YAML's "\e[31m" or "\x00" escapes make them: an
#: escape sequence would reach a terminal through the command line, and LaTeX
#: (and XML) refuse most of them. Tabs and line breaks are whitespace.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: Fields an entry cannot leave empty.
REQUIRED_TEXT = ("name", "summary")
#: Schemes a reference ``url`` may have: a page renders it as a link, so
#: ``javascript:`` or ``data:`` would run in a reader's browser.
URL_SCHEMES = ("http", "https")
#: What PyYAML's constructors raise (besides YAMLError) for a value whose form
#: matches a tag but whose content does not: ``2020-13-45`` (a date), ``!!int abc``,
#: ``!!bool maybe`` (KeyError), ``!!timestamp abc`` (AttributeError), a number of
#: 5000 digits (int() refuses it).
VALUE_ERRORS = (ValueError, TypeError, LookupError, ArithmeticError, AttributeError)


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


def normalise_code(text: str) -> str:
    """The canonical key of a code as written in a file (``x.1.1`` → ``X.1.1``)."""
    if RANGE_RE.fullmatch(text):
        return text
    parsed = parse_code(text)
    if isinstance(parsed, EnhancedStatus | ReplyCode):
        return str(parsed)
    return parsed.key


class _Checker:
    """Validates one file's data against the schema, with line numbers."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 0
        self.problems.append(Problem(self.path, line, message))

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

    def strings(self, node: yaml.Node, where: str) -> list[tuple[str, yaml.Node]]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where}: expected a list, got {_describe(node)}")
            return []
        found = []
        for index, item in enumerate(node.value):
            value = self.string(item, f"{where}[{index}]")
            if value is not None:
                found.append((value, item))
        return found

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
        self, items: dict[str, tuple[yaml.Node, yaml.Node]], allowed: tuple[str, ...], where: str
    ) -> None:
        for name, (key, _) in items.items():
            if name not in allowed:
                hint = difflib.get_close_matches(name, allowed, n=1)
                also = f" (did you mean {hint[0]!r}?)" if hint else ""
                self.problem(
                    key,
                    f"{where}: unknown field {shorten(name)}{also}; expected one of "
                    + ", ".join(allowed),
                )

    # -- structured fields ----------------------------------------------------------

    def code(self, node: yaml.Node, where: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
            value: str | None = node.value  # ``code: 450`` unquoted is fine too
        else:
            value = self.string(node, where)
        if value is None:
            return None
        try:
            return normalise_code(value)
        except CodeSyntaxError as err:
            self.problem(node, f"{where}: {err}")
            return None

    def codes(self, node: yaml.Node, where: str, field: str) -> tuple[str, ...]:
        found = []
        for value, item in self.strings(node, where):
            try:
                parsed = parse_code(value)
            except CodeSyntaxError as err:
                self.problem(item, f"{where}: {err}")
                continue
            if field == "basic" and not isinstance(parsed, ReplyCode):
                self.problem(item, f"{where}: {value!r} is not a three-digit reply code")
            elif field == "enhanced" and not isinstance(parsed, EnhancedStatus):
                self.problem(item, f"{where}: {value!r} is not an enhanced status code")
            else:
                found.append(normalise_code(value))
        return tuple(found)

    def references(self, node: yaml.Node, where: str) -> tuple[Reference, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where}: expected a list of references, got {_describe(node)}")
            return ()
        found = []
        for index, item in enumerate(node.value):
            here = f"{where}[{index}]"
            items = self.mapping(item, here)
            self.known_keys(items, REFERENCE_FIELDS, here)
            values: dict[str, Any] = {}
            refused = False  # a refused value needs no second "needs rfc…" problem
            for name, (_, value) in items.items():
                if name == "rfc":
                    # YAML reads 0x10, 0o17 and 1:30 as ints too; int() refuses them.
                    if (
                        isinstance(value, yaml.ScalarNode)
                        and value.tag.endswith(":int")
                        and RFC_NUMBER_RE.fullmatch(value.value.replace("_", ""))
                    ):
                        values["rfc"] = int(value.value.replace("_", ""))
                    else:
                        got = (
                            shorten(value.value)
                            if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":int")
                            else _describe(value)
                        )
                        self.problem(value, f"{here}.rfc: expected an RFC number, got {got}")
                        refused = True
                elif name in REFERENCE_FIELDS:
                    text = self.string(value, f"{here}.{name}")
                    if text is not None and name == "url" and (why := url_problem(text)):
                        self.problem(value, f"{here}.url: {shorten(text)} {why}")
                        refused = True
                    elif text is not None and name in LINK_PARTS:
                        # These become part of a link's address (see Reference.href).
                        pattern, example = LINK_PARTS[name]
                        if pattern.fullmatch(text):
                            values[name] = text
                        else:
                            self.problem(
                                value, f"{here}.{name}: expected {example}, got {shorten(text)}"
                            )
                            refused = True
                    elif text is not None:
                        values[name] = text
            if refused and not ({"rfc", "iana", "draft", "url"} & values.keys()):
                continue
            if items and not ({"rfc", "iana", "draft", "url"} & values.keys()):
                self.problem(item, f"{here}: a reference needs rfc, iana, draft or url")
                continue
            if items:
                found.append(Reference(**values))
        return tuple(found)

    def meanings(self, node: yaml.Node, where: str) -> tuple[Meaning, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where}: expected a list, got {_describe(node)}")
            return ()
        found = []
        for index, item in enumerate(node.value):
            here = f"{where}[{index}]"
            items = self.mapping(item, here)
            self.known_keys(items, ("context", "text", "references"), here)
            context = (
                self.string(items["context"][1], f"{here}.context") if "context" in items else ""
            )
            text = self.string(items["text"][1], f"{here}.text") if "text" in items else None
            refs = (
                self.references(items["references"][1], f"{here}.references")
                if "references" in items
                else ()
            )
            if text is None:
                if "text" not in items:
                    self.problem(item, f"{here}: a meaning needs a text")
                continue
            found.append(Meaning(context or "", text.strip(), refs))
        return tuple(found)

    # -- whole records ---------------------------------------------------------------

    def entry(self, node: yaml.Node, where: str, allowed: tuple[str, ...]) -> RawEntry | None:
        items = self.mapping(node, where)
        if not items:
            return None
        if "code" not in items:
            self.problem(node, f"{where}: missing field 'code'")
            return None
        code = self.code(items["code"][1], f"{where}.code")
        if code is None:
            return None
        here = f"entry {code}"
        self.known_keys(items, allowed, here)
        fields: dict[str, Any] = {}
        for name, (_, value) in items.items():
            if name == "code" or name not in allowed:
                continue
            where_field = f"{here}, field {name!r}"
            if name in ("retry", "classes"):
                self.choice_field(name, value, where_field, fields)
            elif name in PROSE_FIELDS or name in ("vendor", "clash", "status"):
                text = self.string(value, where_field)
                if text is not None:
                    fields[name] = " ".join(text.split()) if name != "status" else text
                if name in REQUIRED_TEXT and text is not None and not fields[name]:
                    # A block titled by nothing, a mention that says nothing: the
                    # role would even call the code unknown (its summary is empty).
                    self.problem(value, f"{where_field}: must not be empty")
                    fields.pop(name)
                if name == "status" and text is not None and text not in STATUSES:
                    self.problem(value, f"{where_field}: expected one of {', '.join(STATUSES)}")
                    fields.pop(name, None)
            elif name in ("standard", "conflicts"):
                flag = self.boolean(value, where_field)
                if flag is not None:
                    fields[name] = flag
            elif name == "commands":
                commands = []
                for text, item in self.strings(value, where_field):
                    if text in COMMAND_PHASES:
                        commands.append(text)
                    else:
                        hint = difflib.get_close_matches(text, list(COMMAND_PHASES), n=1)
                        also = f" (did you mean {hint[0]!r}?)" if hint else ""
                        self.problem(item, f"{where_field}: unknown command {shorten(text)}{also}")
                fields[name] = tuple(commands)
            elif name in CODE_LIST_FIELDS:
                fields[name] = self.codes(value, where_field, name)
            elif name == "references":
                fields[name] = self.references(value, where_field)
            elif name == "meanings":
                fields[name] = self.meanings(value, where_field)
        return RawEntry(code, fields, self.path, node.start_mark.line + 1)

    def choice_field(self, name: str, value: yaml.Node, where: str, fields: dict[str, Any]) -> None:
        """``retry`` (one answer) or ``classes`` (a list of class digits)."""
        if name == "retry":
            text = self.string(value, where)
            if text is not None and text not in RETRIES:
                self.problem(value, f"{where}: expected one of {', '.join(RETRIES)}")
            elif text is not None:
                fields[name] = text
            return
        digits = []
        if isinstance(value, yaml.SequenceNode):
            for item in value.value:
                if isinstance(item, yaml.ScalarNode) and item.value in CLASS_DIGITS:
                    digits.append(int(item.value))
                else:
                    self.problem(item, f"{where}: expected a class digit, one of 2, 4, 5")
        else:
            self.problem(value, f"{where}: expected a list of class digits, got {_describe(value)}")
        fields[name] = tuple(sorted(set(digits)))

    def overlay(self, node: yaml.Node, where: str) -> list[RawEntry]:
        """``codes:`` of a language overlay: a mapping from code to fields."""
        items = self.mapping(node, where)
        found = []
        for name, (key, value) in items.items():
            try:
                code = normalise_code(name)
            except CodeSyntaxError as err:
                self.problem(key, f"{where}: {err}")
                continue
            fields: dict[str, Any] = {}
            entry_items = self.mapping(value, f"entry {code}")
            self.known_keys(entry_items, (*PROSE_FIELDS, "meanings"), f"entry {code}")
            for field_name, (_, field_value) in entry_items.items():
                if field_name in PROSE_FIELDS:
                    text = self.string(field_value, f"entry {code}, field {field_name!r}")
                    if text is not None:
                        fields[field_name] = " ".join(text.split())
                    if field_name in REQUIRED_TEXT and text is not None and not fields[field_name]:
                        self.problem(
                            field_value,
                            f"entry {code}, field {field_name!r}: must not be empty "
                            "(leave it out to keep the original)",
                        )
                        fields.pop(field_name)
                elif field_name == "meanings":
                    texts = []
                    if isinstance(field_value, yaml.SequenceNode):
                        for item in field_value.value:
                            sub = self.mapping(item, f"entry {code}, meanings")
                            self.known_keys(sub, ("context", "text"), f"entry {code}, meanings")
                            texts.append(
                                {
                                    k: " ".join(str(v.value).split())
                                    for k, (_, v) in sub.items()
                                    if isinstance(v, yaml.ScalarNode)
                                }
                            )
                    else:
                        self.problem(
                            field_value, f"entry {code}, field 'meanings': expected a list"
                        )
                    fields["meanings"] = tuple(texts)
            found.append(RawEntry(code, fields, self.path, key.start_mark.line + 1))
        return found

    def overlay_variants(self, node: yaml.Node, where: str) -> list[RawEntry]:
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, f"{where}: expected a list, got {_describe(node)}")
            return []
        found = []
        for index, item in enumerate(node.value):
            items = self.mapping(item, f"{where}[{index}]")
            self.known_keys(items, ("code", *VARIANT_PROSE), f"{where}[{index}]")
            fields = {}
            for name, (_, value) in items.items():
                if name in VARIANT_PROSE:
                    text = self.string(value, f"{where}[{index}].{name}")
                    if text is not None:
                        fields[name] = " ".join(text.split())
            code = self.code(items["code"][1], f"{where}[{index}].code") if "code" in items else ""
            found.append(RawEntry(code or "", fields, self.path, item.start_mark.line + 1))
        return found


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


def read_file(path: str | Path, *, display: str | None = None) -> SourceFile:
    """Read and validate one registry file (source entries or an overlay)."""
    name = display or str(path)
    checker = _Checker(name)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            checker.problems.append(
                Problem(name, 0, f"file is {size} bytes; at most {MAX_FILE_BYTES} are read")
            )
            return SourceFile(name, None, (), (), tuple(checker.problems))
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        checker.problems.append(Problem(name, 0, f"cannot read the file: {err}"))
        return SourceFile(name, None, (), (), tuple(checker.problems))
    root = _compose(text, checker)
    if root is None:
        if not checker.problems:
            checker.problems.append(Problem(name, 0, "the file is empty"))
        return SourceFile(name, None, (), (), tuple(checker.problems))
    top = checker.mapping(root, "the file")
    checker.known_keys(top, ("language", "codes", "variants"), "the file")
    language = None
    if "language" in top:
        language = checker.string(top["language"][1], "language")
    entries: list[RawEntry] = []
    variants: list[RawEntry] = []
    if language is None:
        if "codes" in top:
            codes = top["codes"][1]
            if isinstance(codes, yaml.SequenceNode):
                for index, item in enumerate(codes.value):
                    raw = checker.entry(item, f"codes[{index}]", ENTRY_FIELDS)
                    if raw is not None:
                        entries.append(raw)
            else:
                checker.problem(codes, f"codes: expected a list of entries, got {_describe(codes)}")
        if "variants" in top:
            node = top["variants"][1]
            if isinstance(node, yaml.SequenceNode):
                for index, item in enumerate(node.value):
                    raw = checker.entry(item, f"variants[{index}]", VARIANT_FIELDS)
                    if raw is not None:
                        variants.append(raw)
            else:
                checker.problem(node, f"variants: expected a list, got {_describe(node)}")
    else:
        if "codes" in top:
            entries = checker.overlay(top["codes"][1], "codes")
        if "variants" in top:
            variants = checker.overlay_variants(top["variants"][1], "variants")
    if not top.keys() & {"codes", "variants"} and not checker.problems:
        checker.problem(root, "the file has neither 'codes' nor 'variants'")
    return SourceFile(name, language, tuple(entries), tuple(variants), tuple(checker.problems))
