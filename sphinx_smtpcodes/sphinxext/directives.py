"""The ``smtp-code`` and ``smtp-compare`` directives."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .. import content
from ..lazy import lazy_module
from .config import get_registry, note_dependencies, warn
from .domain import SMTPDomain, canonical
from .transforms import WRITER

model = lazy_module("sphinx_smtpcodes.registry.model")
records = lazy_module("sphinx_smtpcodes.registry.entries")
registries = lazy_module("sphinx_smtpcodes.registry.registry")
render = lazy_module("sphinx_smtpcodes.render.nodes")


class _Refused:
    """An option docutils would refuse, kept until the directive can warn about it."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


def _lenient(name: str, convert: Callable[[str | None], Any]) -> Callable[[str | None], Any]:
    """``convert``, with a bad value turned into a :class:`_Refused` instead of an error."""
    if getattr(convert, "smtpcodes_lenient", False):
        return convert

    def check(value: str | None) -> Any:
        try:
            return convert(value)
        except (ValueError, TypeError) as err:
            return _Refused(f"invalid value {value!r} for :{name}:: {err}")

    check.smtpcodes_lenient = True  # type: ignore[attr-defined]
    return check


class OptionSpec(dict):
    """A directive's options, where a bad one is a warning, not an error.

    Docutils drops a whole block for an unknown option or a bad value, with
    an error ``suppress_warnings`` cannot silence. Here the value is kept as
    a :class:`_Refused` note; the directive warns (``smtpcodes.option``) and
    renders without it.
    """

    def __init__(self, spec: dict[str, Callable[[str | None], Any]]) -> None:
        super().__init__({name: _lenient(name, convert) for name, convert in spec.items()})

    def __missing__(self, name: str) -> Callable[[str | None], Any]:
        known = ", ".join(f":{n}:" for n in sorted(self))
        return lambda value: _Refused(f"unknown option :{name}:; expected one of {known}")


class SMTPDirective(SphinxDirective):
    """What the directives share: the registry, warnings, common options.

    An unknown option, a bad option value, an argument or content that the
    directive does not take: each is a located ``smtpcodes.option`` warning,
    and the block renders without it.
    """

    option_spec: ClassVar = OptionSpec(
        {
            "name": directives.unchanged,
            "class": directives.class_option,
        }
    )
    #: Whether the directive takes an argument, and content (as its class declares them;
    #: docutils is told it takes both, so that an extra one warns instead of failing).
    takes_arguments: ClassVar[bool] = False
    takes_content: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__
        if "option_spec" in own and not isinstance(own["option_spec"], OptionSpec):
            cls.option_spec = OptionSpec(own["option_spec"])
        if "required_arguments" in own or "optional_arguments" in own:
            cls.takes_arguments = bool(cls.required_arguments or cls.optional_arguments)
        if "has_content" in own:
            cls.takes_content = bool(cls.has_content)
        if not cls.takes_content:
            cls.has_content = True
            if not cls.takes_arguments:
                # With content allowed, docutils would read an argument as content.
                cls.optional_arguments = 1
                cls.final_argument_whitespace = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.get_domain("smtp").generated.add(self.env.docname)
        for name, value in list(self.options.items()):
            if isinstance(value, _Refused):
                self.warn(f"{self.name}: {value.message}; ignoring it", "option")
                del self.options[name]
        if self.arguments and not self.takes_arguments:
            self.warn(
                f"{self.name} takes no argument, got {' '.join(self.arguments)!r}; "
                "ignoring it (options go on their own lines, such as :codes:)",
                "option",
            )
            self.arguments = []
        if self.content and not self.takes_content:
            self.warn(f"{self.name} takes no content; ignoring it", "option")
            self.content = StringList()

    @property
    def registry(self) -> registries.Registry:
        return get_registry(self.env)

    def warn(self, message: str, subtype: str) -> list[nodes.Node]:
        """Warn at this directive's line; return no nodes so the build goes on."""
        warn(message, subtype, self.get_location())
        return []

    def lookup(self, text: str) -> records.Entry | registries.ReplyExplanation | None:
        """The entry a writer named; ``None`` (after a warning) if it is bad."""
        try:
            found = self.registry.resolve(text)
        except model.CodeSyntaxError as err:
            self.warn(f"malformed SMTP code {text!r} in {self.name}: {err}", "syntax")
            return None
        if isinstance(found, registries.ReplyExplanation) and found.reply is found.enhanced is None:
            found = None  # a reply whose parts are both unknown explains nothing
        if found is None:
            self.warn(f"unknown SMTP code {text!r} in {self.name}", "unknown")
        return found

    def finish(self, block: nodes.Element) -> list[nodes.Node]:
        block["classes"].extend(self.options.get("class", []))
        self.set_source_info(block)
        note_dependencies(self.env)
        return [block]


class SMTPCodeDirective(SMTPDirective):
    """``.. smtp-code:: 450``: the full explanation of one code, and its target."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "no-index": directives.flag,
        "noindex": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        text = " ".join(self.arguments[0].split()) if self.arguments else ""
        if not text:
            return self.warn("smtp-code needs a code, such as 450 or 5.1.1", "syntax")
        found = self.lookup(text)
        if found is None:
            return []
        docname = self.env.docname
        if isinstance(found, registries.ReplyExplanation):
            data = content.explain_reply(found, self.registry)
            block = render.reply_block(data, docname)
        else:
            data = content.explain(found, self.registry)
            block = render.code_block(data, docname)
        label = data.title
        if self.content:
            block += self.note()
        self.add_name(block[0])
        key = canonical(text)
        indexed = "no-index" not in self.options and "noindex" not in self.options
        result = self.finish(block)
        domain = self.env.get_domain("smtp")
        assert isinstance(domain, SMTPDomain)
        if indexed:
            ident = domain.new_target(key, label, block, self.state.document)
            block["ids"].append(ident)
            self.state.document.note_explicit_target(block)
            result.insert(0, domain.index_node(label, ident))
        return result

    def note(self) -> nodes.Element:
        """The writer's own note: the directive's body, parsed as reST."""
        label = self.registry.translator.gettext("Note")
        note = nodes.admonition(classes=["smtp-note", "note"])
        note += nodes.title(label, label)
        note.extend(self.parse_content_to_nodes())
        return note


class SMTPCompareDirective(SMTPDirective):
    """``.. smtp-compare:: 334 450``: a comparison of two or more codes."""

    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec: ClassVar = {
        **SMTPDirective.option_spec,
        "caption": directives.unchanged,
        "rows": directives.unchanged,
        "audience": lambda value: directives.choice(value, content.AUDIENCES),
    }

    def run(self) -> list[nodes.Node]:
        raw = self.arguments[0] if self.arguments else ""
        words = (
            [w for w in re.split(r"[,\s]+", raw) if w]
            if "," not in raw
            else [" ".join(w.split()) for w in raw.split(",") if w.strip()]
        )
        entries: list[records.Entry] = []
        seen: set[str] = set()
        for word in words:
            found = self.lookup(word)
            if found is None:
                continue
            if isinstance(found, registries.ReplyExplanation):
                self.warn(
                    f"smtp-compare compares codes, not full replies: {word!r}; "
                    "compare the reply code and the enhanced code separately",
                    "compare",
                )
                continue
            if found.code in seen:
                self.warn(f"smtp-compare lists {found.code} twice; it is compared once", "compare")
                continue
            seen.add(found.code)
            entries.append(found)
        if len(entries) < 2:
            return self.warn(
                f"smtp-compare needs at least two different known codes, got {raw!r}", "compare"
            )
        if len(entries) > content.MAX_COMPARED:
            self.warn(
                f"smtp-compare compares at most {content.MAX_COMPARED} codes, got {len(entries)}; "
                f"the last {len(entries) - content.MAX_COMPARED} are left out "
                "(smtp-table lists any number of codes)",
                "compare",
            )
            del entries[content.MAX_COMPARED :]
        rows = self.rows()
        audience = self.options.get("audience") or self.config.smtpcodes_audience
        data = content.compare(entries, self.registry, rows, audience)
        block = render.comparison_block(data, self.env.docname, self.options.get("caption"))
        if self.options.get("caption"):
            block[0][WRITER] = True  # the writer's words: their catalog translates them
        self.add_name(block[0])
        return self.finish(block)

    def rows(self) -> tuple[str, ...]:
        """The rows the writer chose with ``:rows:`` (all by default)."""
        if "rows" not in self.options:
            return content.ROW_KEYS
        chosen: list[str] = []
        for word in re.split(r"[,\s]+", self.options["rows"] or ""):
            if not word:
                continue
            key = content.ROW_ALIASES.get(word, word)
            if key in content.ROW_KEYS:
                chosen.append(key)
            else:
                self.warn(
                    f"unknown row {word!r} in :rows:; expected some of "
                    + ", ".join(content.ROW_KEYS),
                    "option",
                )
        return tuple(chosen) or content.ROW_KEYS
