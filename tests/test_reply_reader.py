"""Reading real replies (readers/reply.py) and masking them (readers/redact.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sphinx_smtpcodes.readers.redact import Redactor, redact
from sphinx_smtpcodes.readers.reply import read_reply

FORMS = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "replies" / "forms.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("case", FORMS, ids=[c["name"] for c in FORMS])
def test_every_form_reads_to_its_parts(case: dict) -> None:
    reply = read_reply(case["input"])
    for key in ("code", "enhanced", "text", "stage", "form", "host", "dsn_type"):
        if key in case:
            assert getattr(reply, key) == case[key], key
    if "notes" in case:
        assert [n.kind for n in reply.notes] == case["notes"]
    for span in reply.spans:  # spans point at the codes in the input as typed
        assert reply.input[span.start : span.end] == span.text


def test_nothing_raises_on_odd_input() -> None:
    for text in ("", " \n ", "550-", "550 5.00.1 x", "999 x", "5.1", "\x00550", "550-" * 50):
        reply = read_reply(text)
        assert reply.input == text


def test_empty_input_is_said() -> None:
    assert [n.kind for n in read_reply("  ").notes] == ["empty"]


def test_leading_zero_enhanced_code_is_not_taken() -> None:
    assert read_reply("550 5.01.1 x").enhanced is None


def test_consistency_of_the_parts() -> None:
    assert read_reply("550 5.1.1 x").consistent
    assert not read_reply("550 4.1.1 x").consistent


def test_redactor_gives_the_same_value_the_same_placeholder() -> None:
    redactor = Redactor()
    first = redactor.redact("host mx.example.org[192.0.2.1] said: 550 5.1.1 <bob@example.org>")
    second = redactor.redact("from 192.0.2.1 to BOB@example.org via mx.example.org")
    assert first == "host host-1.invalid[ip-1] said: 550 5.1.1 <user-1@host-2.invalid>"
    assert second == "from ip-1 to user-1@host-2.invalid via host-1.invalid"


def test_redactor_masks_ipv6_and_message_ids_not_times_or_codes() -> None:
    text = redact("at 10:00:00 2001:db8::1 said 550 5.1.1; Message-ID: <a1.b2@mail.example.com>")
    assert text == "at 10:00:00 ip-1 said 550 5.1.1; Message-ID: <message-1@redacted.invalid>"


def test_redactor_keeps_exchange_components_and_link_hosts() -> None:
    text = redact(
        "550 5.1.1 RESOLVER.ADR.RecipNotFound; see https://support.google.com/mail/?ip=192.0.2.3"
    )
    assert (
        text == "550 5.1.1 RESOLVER.ADR.RecipNotFound; see https://support.google.com/mail/?ip=ip-1"
    )


def test_redactor_keep_list() -> None:
    assert redact("mx.example.org and mail.protection.outlook.com", keep=("outlook.com",)) == (
        "host-1.invalid and mail.protection.outlook.com"
    )
