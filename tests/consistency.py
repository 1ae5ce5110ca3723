"""The consistency checker: generated prose never contradicts its own data.

It generates every explanation (every entry of the registry, and each
enhanced detail bound to every class: 2.1.1, 4.1.1, 5.1.1) and every
comparison of all pairs of :data:`COMMON` codes, renders them through the
command line's text renderer or a Sphinx HTML build, and checks each output
against the invariants below. :data:`COUNTS` records what was checked, for
the closing note of the test run.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sphinx_smtpcodes.content import compare, explain
from sphinx_smtpcodes.content.explain import _class_sentence
from sphinx_smtpcodes.content.labels import NEXT_ACTOR, next_step
from sphinx_smtpcodes.registry import Entry, Registry
from sphinx_smtpcodes.registry.i18n import particle

from .prose import contradicts_class, doubled_words

#: The codes a reader meets most: every pair of them is compared.
COMMON = (
    "220", "221", "235", "250", "251", "252", "334", "354",
    "421", "450", "451", "452", "454", "500", "501", "502",
    "503", "530", "534", "535", "550", "551", "552", "553",
    "554", "555", "5.1.1", "5.7.1", "4.2.2", "2.7.0", "4.7.0", "5.7.26",
)  # fmt: skip

#: What a run checked, per renderer and language (printed at the end of the run).
COUNTS: Counter[str] = Counter()


@dataclass
class Output:
    """One generated output: its code(s), its entries, and its text by section."""

    kind: str  # "explanation" or "comparison"
    codes: tuple[str, ...]
    entries: tuple[Entry, ...]
    #: (section key, text) in reading order; a section may repeat per code.
    sections: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.kind} {' vs '.join(self.codes)}"


def explained_entries(registry: Registry) -> Iterator[Entry]:
    """Every entry, then every enhanced pattern bound to classes 2, 4 and 5."""
    yield from registry
    for entry in registry:
        if entry.code.startswith("X."):
            for digit in "245":
                bound = registry.get(digit + entry.code[1:])
                if bound is not None and bound.code not in registry.entries:
                    yield bound


def compared_pairs(registry: Registry) -> Iterator[tuple[Entry, Entry]]:
    """Every pair of :data:`COMMON` codes."""
    entries = [registry.get(code) for code in COMMON]
    yield from itertools.combinations(entries, 2)


def work(registry: Registry) -> tuple[list[Entry], list[tuple[Entry, Entry]]]:
    """What one language's run generates."""
    return list(explained_entries(registry)), list(compared_pairs(registry))


# -- content (what both renderers show) -----------------------------------------------


def content_for(registry: Registry, entries: Iterable[Entry], pairs) -> list[tuple]:
    """The content of every output, in the order the renderers get it."""
    found: list[tuple] = [("explanation", (e,), explain(e, registry)) for e in entries]
    found += [("comparison", pair, compare(list(pair), registry)) for pair in pairs]
    return found


# -- sentences ------------------------------------------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?다요])\s+(?=\S)")


def sentences(text: str) -> list[str]:
    """Whole sentences of a text (short fragments and labels are not sentences)."""
    found = []
    for piece in SENTENCE_END.split(" ".join(text.split())):
        piece = piece.strip()
        if len(piece.split()) >= 5 and piece[-1:] in ".!?다요":
            found.append(piece)
    return found


# -- invariants -----------------------------------------------------------------------

#: A Korean particle after a code number, or after a code label "450(…)".
KOREAN_PARTICLE = re.compile(
    r"(?<![\w.])((?:[245X]\.\d{1,3}\.\d{1,3})|(?:[1-5]\d\d))((?:\([^()]*\))?)"
    r"(으로|은|는|이|가|을|를|과|와|로)(?![가-힣])"
)


def korean_particles(text: str) -> list[str]:
    """Particles that do not agree with the code before them (``450는``)."""
    wrong = []
    for match in KOREAN_PARTICLE.finditer(text):
        code, _label, found = match.groups()
        expected = code + particle(code, found)
        if not expected.endswith(found):
            wrong.append(match.group(0))
    return wrong


def check(output: Output, registry: Registry) -> list[str]:
    """Every invariant, over one output; a list of problems."""
    problems: list[str] = []
    name = output.name
    texts = [text for _, text in output.sections]
    whole = " | ".join(texts)  # (a doubled word across two sections is no defect)
    t = registry.translator

    # 1. class words agree with the code
    for entry in output.entries:
        digit = entry.code[0]
        if entry.unusual_class and output.kind == "explanation":
            # The detail's own words (2.1.1: "does not exist") stay; the
            # explanation must say that the combination is unusual.
            for para in _class_sentence(entry, t):
                if para[0].text not in " ".join(whole.split()):
                    problems.append(f"{name}: the unusual combination is not explained")
        if output.kind == "explanation" and digit in "2345":
            for key, text in output.sections:
                if key in ("references", "variants", "related", "enhanced", "basic"):
                    continue
                if entry.unusual_class and key in ("head", "description"):
                    continue
                for sentence in contradicts_class(text, digit):
                    problems.append(f"{name}: {key}: class {digit} contradicted: {sentence!r}")
        if entry.kind == "enhanced" and entry.enhanced_class is not None and entry.pattern:
            # 4.1.1 must not describe itself as 5.1.1 where class 5 is a separate case
            detail = entry.code[1:]
            for key, text in output.sections:
                if key in ("when", "fix", "description") and output.kind == "explanation":
                    # Naming the other forms is fine ("as 4.0.0 or 5.0.0") when
                    # the code's own form or its pattern is named too.
                    own = rf"(?<![\d.])[{digit}X]{re.escape(detail)}(?!\.?\d)"
                    for other in "245":
                        other_form = rf"(?<![\d.]){other}{re.escape(detail)}(?!\.?\d)"
                        # quoted replies and "as 4.4.7 in warnings" are examples, not claims
                        bare = re.sub(
                            r'"[^"]*"|\bas (?:an? |[2-5]\d\d )?[245]\.\d+\.\d+'
                            r"|[245]\.\d+\.\d+(?:으로|로)",  # Korean "as 4.4.7"
                            "",
                            text,
                        )
                        if (
                            other != digit
                            and re.search(other_form, bare)
                            and not re.search(own, text)
                        ):
                            problems.append(
                                f"{name}: {key}: names {other}{detail}, not {entry.code}"
                            )

    # 2. no sentence repeated within one output
    # (a source's title may recur: two vendor meanings cite the same page)
    seen = Counter(s for text in texts for s in sentences(text) if "<http" not in s)
    problems += [f"{name}: sentence repeated: {s!r}" for s, n in seen.items() if n > 1]

    # 3. "sent with" codes belong to the same class
    for key, text in output.sections:
        if key == "basic" and output.kind == "explanation":
            entry = output.entries[0]
            if entry.enhanced_class is not None:
                for code in re.findall(r"(?<![\d.])([1-5]\d\d)(?![\d.])", text):
                    if code[0] != entry.code[0]:
                        problems.append(f"{name}: sent with {code}, of another class")

    # 4. the next step does not contradict an entry's own override
    for entry in output.entries:
        if entry.next_step:
            if entry.next_step not in " ".join(whole.split()):
                problems.append(f"{name}: its own next step is missing")
            if entry.reply_class is not None:
                default = t.gettext(NEXT_ACTOR[entry.reply_class])
                default = default[:1].upper() + default[1:]
                own = next_step(entry, t)
                others = [e for e in output.entries if e is not entry]
                if default not in own and not any(
                    next_step(o, t).startswith(default) for o in others
                ):
                    if default in whole:
                        problems.append(
                            f"{name}: the class's default next step contradicts {entry.code}"
                        )

    # 5. no section is a copy of another
    normalised = [(key, " ".join(text.split())) for key, text in output.sections]
    for (key_a, a), (key_b, b) in itertools.combinations(normalised, 2):
        if a and a == b and len(a.split()) >= 5 and key_a != key_b:
            problems.append(f"{name}: section {key_b} copies section {key_a}: {a[:60]!r}")

    # 6. no doubled words
    problems += [f"{name}: doubled word {w!r}" for w in doubled_words(whole)]

    # 7. Korean particles agree, and labels nest no brackets: 571(배달 권한 없음, 관행 코드)
    if registry.language == "ko":
        problems += [f"{name}: particle {p!r}" for p in korean_particles(whole)]
        problems += [
            f"{name}: nested brackets {m.group(0)!r}"
            for m in re.finditer(r"[\w.]+\([^()]*\([^()]*\)\)", whole)
        ]
    return problems
