"""What a real reply meant: vendor rules, standard meaning, unknown parts; `smtpcodes parse`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from sphinx_smtpcodes.cli import main
from sphinx_smtpcodes.content.reply import read_and_understand
from sphinx_smtpcodes.registry import load_registry
from sphinx_smtpcodes.registry.vendors import load_vendors

FIXTURES = Path(__file__).parent / "fixtures" / "replies"
VENDOR_CASES = yaml.safe_load((FIXTURES / "vendors.yaml").read_text(encoding="utf-8"))
JSON_KEYS = [
    "input",
    "code",
    "enhanced",
    "text",
    "stage",
    "vendor",
    "meaning",
    "class",
    "consistent",
    "unknown",
]


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


@pytest.fixture(scope="module")
def registry():
    return load_registry("en")


@pytest.mark.parametrize("case", VENDOR_CASES, ids=[c["name"] for c in VENDOR_CASES])
def test_the_vendor_meaning_leads_when_a_rule_matches(case: dict, registry) -> None:
    reading = read_and_understand(case["input"], registry)
    assert (reading.vendor.id if reading.vendor else None) == case["vendor"]
    assert reading.meaning is not None
    assert reading.meaning.id == case["meaning"]
    assert reading.meaning.source == "vendor"


def test_every_vendor_rule_and_meaning_names_its_source() -> None:
    catalogue = load_vendors("en")
    assert catalogue.problems == ()
    for item in (*catalogue.vendors, *catalogue.meanings, *catalogue.phrases):
        assert item.references, item.id
        for ref in item.references:
            assert ref.href.startswith(("https://", "http://")), item.id


def test_every_vendor_meaning_is_in_korean() -> None:
    english = {m.id: m for m in load_vendors("en").meanings}
    korean = load_vendors("ko")
    assert korean.problems == ()
    for meaning in korean.meanings:
        for field in ("name", "summary", "fix"):
            if getattr(english[meaning.id], field):
                assert getattr(meaning, field) != getattr(english[meaning.id], field), (
                    meaning.id,
                    field,
                )


def test_without_a_vendor_the_standard_meaning_leads(registry) -> None:
    reading = read_and_understand("550 5.1.1 <bob@example.org>... User unknown", registry)
    assert reading.meaning.id == "entry:5.1.1" and reading.meaning.source == "standard"


def test_an_unknown_enhanced_detail_is_named_and_read_by_class_and_subject(registry) -> None:
    reading = read_and_understand("550 5.4.312 Message expired", registry)
    assert reading.unknown == ("5.4.312",)
    assert reading.meaning.code == "5.4.X" and reading.meaning.source == "class"
    assert "Network and Routing Status" in reading.meaning.name
    assert any(n.kind == "unknown" and "5.4.312" in n.message for n in reading.notes)


def test_an_unknown_reply_code_is_read_by_class_and_category(registry) -> None:
    reading = read_and_understand("559 odd", registry)
    assert reading.unknown == ("559",)
    assert reading.meaning.code == "55X" and reading.meaning.source == "class"


def test_parts_that_disagree_are_said(registry) -> None:
    reading = read_and_understand("550 4.1.1 odd", registry)
    assert not reading.consistent
    assert any(n.kind == "disagree" for n in reading.notes)
    words = read_and_understand("550 5.7.1 550 User Unknown: bob@example.org", registry)
    assert words.meaning.code == "5.1.1"
    assert any(n.kind == "disagree" for n in words.notes)


def test_parse_json_follows_the_documented_schema() -> None:
    status, text = run(
        "parse",
        "--format",
        "json",
        "host mx.example.org[192.0.2.1] said: 550 5.1.351 unknown (in reply to RCPT TO command)",
    )
    data = json.loads(text)
    assert status == 0
    assert list(data) == JSON_KEYS
    assert data["code"] == "550" and data["enhanced"] == "5.1.351"
    assert data["stage"] == "RCPT" and data["class"] == 5 and data["consistent"] is True
    assert data["unknown"] == ["5.1.351"]
    assert data["vendor"] is None
    assert set(data["meaning"]) == {"code", "name", "summary", "source"}
    assert data["meaning"]["source"] == "class"


def test_parse_json_names_the_vendor() -> None:
    _, text = run("parse", "--format", "json", "421 4.7.0 [TSS04] Messages from 192.0.2.1 deferred")
    data = json.loads(text)
    assert data["vendor"] == {"id": "yahoo", "name": "Yahoo Mail / AOL"}
    assert data["meaning"]["source"] == "vendor"


def test_parse_reads_several_lines_from_stdin_as_one_reply(monkeypatch) -> None:
    monkeypatch.setattr(
        sys,
        "stdin",
        io.StringIO(
            "550-5.1.1 The email account that you tried to reach\n"
            "550 5.1.1 does not exist - gsmtp\n"
        ),
    )
    status, text = run("parse", "--format", "json")
    data = json.loads(text)
    assert status == 0
    assert data["text"] == "The email account that you tried to reach does not exist - gsmtp"
    assert data["vendor"]["id"] == "gmail"


def test_parse_text_says_what_the_server_meant() -> None:
    status, text = run("parse", "smtp;", "554", "5.7.9", "Message not accepted for policy reasons")
    assert status == 0
    assert "What the server meant" in text and "Yahoo" in text  # its wording names it
    assert "5.7.9" in text


def test_parse_in_korean(monkeypatch) -> None:
    status, text = run("parse", "--lang", "ko", "421 4.7.0 [TSS04] deferred")
    assert status == 0
    assert "서버가 뜻한 것" in text


def test_parse_without_a_reply_exits_with_a_message(monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status, _ = run("parse")
    assert status == 2
    assert "no reply given" in capsys.readouterr().err


@pytest.mark.parametrize("language", ["en", "ko"])
def test_vendor_meanings_read_cleanly(language) -> None:
    from .prose import broken_phrases, contradicts_class, doubled_words

    for meaning in load_vendors(language).meanings:
        for field in ("name", "summary", "fix"):
            text = getattr(meaning, field)
            assert not doubled_words(text), (meaning.id, field)
            assert not broken_phrases(text), (meaning.id, field)
        assert meaning.summary.endswith("."), meaning.id
        assert not meaning.fix or meaning.fix.endswith("."), meaning.id
        classes = {code[0] for code in meaning.codes}
        if language == "en" and len(classes) == 1:  # one class: its words must fit it
            (digit,) = classes
            for field in ("summary", "fix"):
                assert not contradicts_class(getattr(meaning, field), digit), meaning.id


def test_words_that_say_more_than_the_code_lead(registry) -> None:
    spam = read_and_understand("554 5.6.0 Message scored as spam", registry)
    assert spam.meaning.code == "5.7.1"  # not "other or undefined media error"
    assert any(n.kind == "disagree" for n in spam.notes)
    limit = read_and_understand("550 5.1.1 sent to too many recipients this hour", registry)
    assert limit.meaning.code == "5.5.3"  # not "bad destination mailbox"
