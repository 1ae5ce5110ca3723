"""Parsing codes and replies; what follows from the digits."""

from __future__ import annotations

import pytest

from sphinx_smtpcodes.registry import (
    CodeSyntaxError,
    EnhancedClass,
    EnhancedStatus,
    ReplyClass,
    ReplyCode,
    ReplyLine,
    parse_code,
    parse_reply,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("450", ReplyCode("450")),
        (" 334 ", ReplyCode("334")),
        ("5.1.1", EnhancedStatus(EnhancedClass.PERMANENT_FAILURE, 1, 1)),
        ("4.7.28", EnhancedStatus(EnhancedClass.PERSISTENT_TRANSIENT_FAILURE, 7, 28)),
        ("X.1.1", EnhancedStatus(None, 1, 1)),
        ("550 5.1.1", ReplyLine(ReplyCode("550"), EnhancedStatus(EnhancedClass(5), 1, 1))),
    ],
)
def test_parse_code_accepts_the_forms_writers_type(text, expected):
    assert parse_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "45",
        "4500",
        "abc",
        "999",
        "650",
        "3.1.1",
        "5.01.1",
        "5.1.1.1",
        "550 5.1.1 extra text",
        "X.XXX.YYY",
        "5.1",
    ],
)
def test_parse_code_rejects_malformed_text(text):
    with pytest.raises(CodeSyntaxError):
        parse_code(text)


def test_reply_class_is_derived_from_the_first_digit():
    assert ReplyCode("334").reply_class is ReplyClass.POSITIVE_INTERMEDIATE
    assert ReplyCode("450").reply_class is ReplyClass.TRANSIENT_NEGATIVE
    assert ReplyClass.PERMANENT_NEGATIVE.label == "Permanent Negative Completion"
    assert ReplyClass.TRANSIENT_NEGATIVE.pattern == "4xx"
    assert ReplyClass(3).pattern == "3xx"


def test_parse_reply_splits_code_enhanced_code_and_text():
    line = parse_reply("550 5.1.1 <bob@example.org>: Recipient address rejected")
    assert line.code == ReplyCode("550")
    assert str(line.enhanced) == "5.1.1"
    assert line.text == "<bob@example.org>: Recipient address rejected"
    assert line.consistent


def test_parse_reply_reads_multiline_replies():
    line = parse_reply("250-mail.example.org greets you\n250-SIZE 35882577\n250 STARTTLS")
    assert line.code == ReplyCode("250")
    assert line.text.splitlines() == ["mail.example.org greets you", "SIZE 35882577", "STARTTLS"]


def test_mixed_codes_in_a_multiline_reply_are_an_error():
    with pytest.raises(CodeSyntaxError, match="line 2"):
        parse_reply("250-first\n251 second")


def test_enhanced_class_must_match_reply_class():
    assert not parse_reply("550 4.1.1 nope").consistent
    assert parse_reply("451 4.7.1 try later").consistent
