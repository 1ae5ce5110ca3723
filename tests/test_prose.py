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


# -- regressions: contradictions quoted in issue 11 ------------------------------------


def _section(data, key):
    found = [s for s in data.sections if s.key == key]
    return " ".join(
        "".join(getattr(p, "text", "") for p in para) for s in found for para in s.paragraphs
    )


@pytest.mark.parametrize("code", ["432", "459", "452", "450"])
def test_next_step_does_not_say_no_change_is_needed(registry, code):
    entry = registry.get(code)
    text = _section(explain(entry, registry), "next")
    assert "no change needed" not in text
    assert text == entry.next_step


def test_next_step_after_221_is_the_closed_connection(registry):
    text = _section(explain(registry.get("221"), registry), "next")
    assert "next command" not in text
    assert "closes the connection" in text


def test_explanations_state_the_next_step_without_answering_retry(registry):
    for entry in registry:
        text = _section(explain(entry, registry), "next")
        assert not text.startswith(("Yes", "No need", "No:", "No,")), entry.code


def test_comparison_row_answers_retry(registry):
    data = compare([registry.get("432"), registry.get("535")], registry)
    row = next(r for r in data.rows if r.key == "next")
    cells = ["".join(p.text for p in cell[0]) for cell in row.cells]
    assert cells[0].startswith("Yes, after the change.")
    assert cells[1].startswith("Not as it is.")


@pytest.mark.parametrize(("code", "wrong"), [("5.1.1", "451"), ("4.2.2", "552"), ("4.7.30", "550")])
def test_sent_with_lists_only_codes_of_the_same_class(registry, code, wrong):
    data = explain(registry.get(code), registry)
    listed = [p[0].code for s in data.sections if s.key == "basic" for p in s.paragraphs]
    assert wrong not in listed
    assert all(c[0] == code[0] for c in listed)
    assert wrong in registry.get(code).basic  # IANA's list is kept as data


def test_success_class_does_not_read_as_a_failure(registry):
    text = _section(explain(registry.get("2.1.1"), registry), "description")
    assert "2.1.1 is a success status" in text and "unusual" in text
    assert "No need" not in _section(explain(registry.get("2.1.1"), registry), "next")


def test_valid_address_detail_in_a_failure_is_called_unusual(registry):
    data = explain(registry.get("5.1.5"), registry)
    assert "unusual" in _section(data, "description")
    assert not [s for s in data.sections if s.key in ("when", "fix")]


def test_key_differences_name_stages_once_and_no_table(registry):
    for a, b in itertools.combinations(
        [registry.get(c) for c in ("220", "250", "421", "450", "451", "500", "550", "554")], 2
    ):
        for sentence in compare([a, b], registry).differences:
            assert "as the table shows" not in sentence
            for clause in sentence.split("; "):
                assert not ("any stage" in clause and "stage," in clause), clause
                assert "any stage of the session: any stage" not in clause


# -- whom "When to use which" speaks to -----------------------------------------------


def test_every_entry_has_text_for_both_readers():
    for language in ("en", "ko"):
        registry = load_registry(language)
        missing = [e.code for e in registry if not e.advice or not e.use]
        assert missing == [], language


def test_guidance_speaks_to_the_reader_who_got_the_reply_by_default(registry):
    data = compare([registry.get("334"), registry.get("450")], registry)
    assert data.labels["guidance"] == "When to use which"
    texts = dict((ref.code, text) for ref, text in data.guidance)
    assert texts["450"] == registry.get("450").advice
    assert texts["450"].startswith("Retry delivery after a few minutes")


def test_guidance_for_operators_says_which_code_to_send(registry):
    data = compare([registry.get("334"), registry.get("450")], registry, audience="operator")
    assert data.labels["guidance"] == "Which code to send"
    texts = dict((ref.code, text) for ref, text in data.guidance)
    assert texts["450"].startswith("Send 450 when")


def test_guidance_of_enhanced_codes_is_not_their_when_text(registry):
    # 5.1.1 vs 5.7.1 repeated the when-you-see-it text word for word (issue 11)
    for language in ("en", "ko"):
        registry = load_registry(language)
        data = compare([registry.get("5.1.1"), registry.get("5.7.1")], registry)
        for (_ref, text), entry in zip(
            data.guidance, (registry.get("5.1.1"), registry.get("5.7.1"))
        ):
            assert text and text not in (entry.when, entry.fix, entry.description)


def test_reply_class_of_a_successful_auth_legend_reads_as_success():
    registry = load_registry("en")
    data = explain(registry.get("2.7.0"), registry)
    text = " ".join(
        "".join(getattr(p, "text", "") for p in para)
        for s in data.sections
        for para in s.paragraphs
    )
    assert "2.7.0 is a success status" in text
    assert "problem occurred" not in text + data.summary
    assert "235" in text


def test_a_reply_names_its_vendor_meanings_heading_once(registry):
    from sphinx_smtpcodes.content import explain_reply
    from sphinx_smtpcodes.render.text import render_reply

    text = render_reply(explain_reply(registry.explain_reply("550 5.7.1"), registry))
    headings = [line for line in text.splitlines() if line.startswith("Vendor meanings")]
    assert len(headings) == len(set(headings))


def test_adjacent_sources_are_separated(registry):
    from sphinx_smtpcodes.content.explain import _variant_para

    variant = next(v for v in registry.variants if len(v.references) > 1)
    texts = [getattr(p, "text", "") for p in _variant_para(variant, registry.translator)]
    assert "; " in texts


@pytest.mark.parametrize(
    ("code", "fact"),
    [
        ("X.6.9", "554"),  # RFC 6531 §3.5: after the final dot
        ("X.7.9", "2-Step Verification"),  # Google's own page
    ],
)
def test_data_errors_are_corrected(registry, code, fact):
    entry = registry.get(code)
    assert fact in entry.when
    if code == "X.5.6":
        assert "continuation line instead" not in entry.fix


def test_data_pairings_follow_iana(registry):
    assert "4.3.2" in registry.get("453").enhanced
    assert "2.6.8" in registry.get("252").enhanced
    assert "RFC 7505 §4.1" in [r.label for r in registry.get("X.7.27").references]
    assert "continuation line instead" not in registry.get("X.5.6").fix
    gmail = next(v for v in registry.variants if v.code == "450 4.2.1")
    assert gmail.conflicts and gmail.clash


SPELLING = {  # WRITING.md: one spelling each
    r"\bblock lists?\b": "blocklist",
    r"\bmisspelt\b": "misspelled",
    r"\binternationalised\b": "internationalized",
    r"\btime-outs?\b": "timeout",
    r"\borganisation": "organization",
    r"\brecognis": "recognize",
    r"\bbehaviour": "behavior",
}


def test_spelling_is_unified(registry):
    import re

    found = []
    for entry in registry:
        for field, text in _texts(entry):
            # Microsoft's product name keeps its own spelling
            text = text.replace("Allow/Block List", "")
            for pattern, right in SPELLING.items():
                if re.search(pattern, text, re.IGNORECASE):
                    found.append(f"{entry.code}.{field}: write {right}")
    assert found == []


def test_korean_names_hold_no_brackets_inside_labels():
    from sphinx_smtpcodes.content import code_label

    registry = load_registry("ko")
    assert code_label(registry.get("571"), registry.translator) == "571(배달 권한 없음, 관행 코드)"
    nested = [e.code for e in registry if code_label(e, registry.translator).count("(") > 1]
    assert nested == []
