"""Generated and written sentences read as if a careful person wrote them."""

from __future__ import annotations

import itertools

import pytest

from sphinx_smtpcodes.content import compare, explain
from sphinx_smtpcodes.registry import load_registry

from .prose import broken_phrases, contradicts_class, doubled_words

PROSE = ("name", "summary", "description", "when", "fix", "use")


@pytest.fixture(scope="module")
def registry():
    return load_registry("en")


def _texts(entry):
    for field in PROSE:
        yield field, getattr(entry, field)
    for meaning in entry.meanings:
        yield "meaning", meaning.text


def test_checks_catch_the_seed_pages_defects():
    assert doubled_words("You encounter 450 when when the recipient's mailbox is locked.")
    assert broken_phrases("You encounter 334 when during the AUTH command handshake.")
    assert contradicts_class("The failure is permanent.", "4")
    assert not contradicts_class("Unlike 550, this failure is not permanent.", "4")


def test_entries_have_no_doubled_words_or_glued_fragments(registry):
    problems = []
    for entry in registry:
        for field, text in _texts(entry):
            for found in doubled_words(text) + broken_phrases(text):
                problems.append(f"{entry.code}.{field}: {found!r}")
    assert problems == []


def test_when_is_a_sentence_not_a_fragment(registry):
    fragments = [
        f"{e.code}: {e.when[:40]!r}"
        for e in registry
        if e.when and e.when.split()[0].lower() in ("when", "during", "if", "after")
    ]
    assert fragments == []


def test_entries_never_contradict_their_class(registry):
    problems = []
    for entry in registry:
        digit = entry.code[0]
        for field, text in _texts(entry):
            if field == "name":
                continue
            problems += [f"{entry.code}.{field}: {s}" for s in contradicts_class(text, digit)]
    assert problems == []


def test_comparisons_of_every_pair_read_cleanly(registry):
    replies = [e for e in registry if e.kind == "reply" and e.standard]
    problems = []
    for a, b in itertools.combinations(replies, 2):
        data = compare([a, b], registry)
        for sentence in (data.title, data.lead, *data.differences):
            problems += doubled_words(sentence) + broken_phrases(sentence)
        # each code is named with its own class in the lead
        for entry in (a, b):
            assert f"{entry.code} {entry.name}" in data.lead
        assert f"{a.code[0]}xx" in data.lead and f"{b.code[0]}xx" in data.lead
    assert problems == []


def test_lead_names_each_code_with_its_own_class(registry):
    data = compare([registry.get("334"), registry.get("450")], registry)
    assert data.lead == (
        "334 Server Challenge is a 3xx Positive Intermediate reply, while "
        "450 Mailbox Unavailable is a 4xx Transient Negative Completion reply."
    )


def test_explanations_read_cleanly(registry):
    for entry in registry:
        data = explain(entry, registry)
        for section in data.sections:
            for para in section.paragraphs:
                text = "".join(getattr(piece, "text", "") for piece in para)
                assert not doubled_words(text), (entry.code, text)
