"""The bounce reader (``readers/bounce.py``) on the project's own fixtures.

Each fixture in ``tests/fixtures/bounces/`` is written in one MTA's format
(see its README); the assertions are what a reader of that bounce would
want to be told: who failed, with which status, and what the remote
server said.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_smtpcodes.readers.bounce import (
    Bounce,
    UnreadableMessage,
    read_bounce,
    read_mailbox,
    remote_reply,
)

FIXTURES = Path(__file__).parent / "fixtures" / "bounces"


def read(name: str) -> Bounce:
    return read_bounce((FIXTURES / name).read_bytes())


def summary(bounce: Bounce) -> list[tuple[str, str, str, str | None]]:
    """(address, action, status, reply key) per recipient."""
    return [
        (r.address, r.action, r.status, r.reply.key if r.reply else None) for r in bounce.recipients
    ]


# -- RFC 3464 ----------------------------------------------------------------


def test_dsn_fields_per_message_and_per_recipient() -> None:
    bounce = read("dsn-postfix.eml")
    assert bounce.kind == "dsn"
    assert bounce.mta == "postfix"
    assert bounce.reporting_mta == "mail.example.net"
    assert bounce.arrival_date == "Tue, 3 Mar 2026 09:12:38 +0900 (JST)"
    (bob,) = bounce.recipients
    assert (bob.address, bob.original, bob.action, bob.status) == (
        "bob@example.com",
        "bob@example.com",
        "failed",
        "5.1.1",
    )
    assert bob.status_field
    assert bob.diagnostic_type == "smtp"
    assert bob.diagnostic.startswith("550 5.1.1 <bob@example.com>: Recipient address rejected")
    assert bob.reply is not None and (bob.reply.code, bob.reply.enhanced) == ("550", "5.1.1")
    assert bob.remote_mta == "mx1.example.com"
    assert bob.stage == "RCPT"  # from the human-readable part: "(in reply to RCPT TO command)"
    assert bob.agrees is True
    assert bob.problems == ()


def test_dsn_original_message_headers() -> None:
    bounce = read("dsn-postfix.eml")
    headers = dict(bounce.original_headers)
    assert headers["Subject"] == "Minutes of the Tuesday meeting"
    assert headers["Message-ID"] == "<minutes-0303@mail.example.net>"
    assert "Bob, the minutes are below." in bounce.original


def test_dsn_delayed_has_retry_dates_and_rfc822_headers_part() -> None:
    bounce = read("dsn-delayed.eml")
    (dave,) = bounce.recipients
    assert (dave.action, dave.status, dave.reply.key) == ("delayed", "4.7.1", "451 4.7.1")
    assert dave.last_attempt == "Wed, 4 Mar 2026 14:00:04 +0000 (UTC)"
    assert dave.will_retry_until == "Mon, 9 Mar 2026 10:00:01 +0000 (UTC)"
    assert dict(bounce.original_headers)["Subject"] == "Quarterly figures"


def test_dsn_status_and_diagnostic_disagree_is_said() -> None:
    (frank,) = read("dsn-disagree.eml").recipients
    assert frank.status == "5.0.0"
    assert frank.reply.enhanced == "5.7.1"
    assert frank.agrees is False
    assert frank.problems == ("Status says 5.0.0, but the remote server's reply says 5.7.1",)


def test_dsn_recipients_without_blank_line_between_them() -> None:
    bounce = read("dsn-two-recipients.eml")  # CRLF line endings, one field block
    assert summary(bounce) == [
        ("heidi@example.com", "failed", "5.2.2", "552 5.2.2"),
        ("ivan@example.com", "failed", "5.1.1", "550 5.1.1"),
    ]
    assert bounce.arrival_date == "Fri, 6 Mar 2026 11:59:58 +0000"


def test_dsn_with_lost_boundary_is_read_from_the_text_and_named_broken() -> None:
    bounce = read("dsn-no-boundary.eml")
    assert bounce.kind == "dsn"
    assert summary(bounce) == [("mallory@example.com", "failed", "5.1.2", "550 5.1.2")]
    assert any("boundary" in problem for problem in bounce.problems)


def test_sendmail_dsn_takes_the_reply_from_the_transcript() -> None:
    (olivia,) = read("dsn-sendmail.eml").recipients
    assert olivia.status == "5.7.1"
    assert olivia.reply.key == "550 5.7.1"
    assert olivia.diagnostic == "550 5.7.1 <olivia@example.com>... Relaying denied"
    assert olivia.stage == "DATA"  # ">>> DATA" came before "<<< 550 …"


# -- MTA bodies --------------------------------------------------------------


def test_postfix_text_reply_and_local_error() -> None:
    bounce = read("postfix-plain.eml")
    assert (bounce.kind, bounce.mta, bounce.reporting_mta) == ("mta", "postfix", "out.example.net")
    jack, kate = bounce.recipients
    assert (jack.address, jack.status, jack.reply.key, jack.stage) == (
        "jack@example.com",
        "5.7.1",
        "554 5.7.1",
        "RCPT",
    )
    assert jack.remote_mta == "mx.example.com"
    # No server answered for kate: the MTA's own words, and no code.
    assert kate.reply is None and kate.status == ""
    assert kate.diagnostic.startswith("connect to mx.example.org[192.0.2.91]:25")


def test_exim_two_recipients_each_with_its_stage() -> None:
    bounce = read("exim.eml")
    assert bounce.mta == "exim"
    assert summary(bounce) == [
        ("rupert@example.com", "failed", "5.1.1", "550 5.1.1"),
        ("sybil@example.net", "failed", "5.3.4", "552 5.3.4"),
    ]
    assert [r.stage for r in bounce.recipients] == ["RCPT", "DATA-END"]
    assert dict(bounce.original_headers)["Subject"] == "Photos from the trip"


def test_qmail_remote_host_said_and_hash_status() -> None:
    bounce = read("qmail.eml")
    assert bounce.mta == "qmail"
    victor, walter = bounce.recipients
    assert (victor.reply.key, victor.stage) == ("550 5.1.1", "RCPT")
    # qmail's own status, no reply code: "(#5.1.1)".
    assert walter.status == "5.1.1"
    assert walter.reply.code is None and walter.reply.enhanced == "5.1.1"


def test_old_sendmail_transcript_names_the_recipient_in_the_reply() -> None:
    bounce = read("sendmail-v5.eml")
    assert bounce.kind == "mta"
    (ben,) = bounce.recipients
    assert ben.address == "ben@example.invalid"
    assert ben.reply.code == "550"


def test_exchange_remote_server_returned() -> None:
    bounce = read("exchange.eml")
    assert bounce.mta == "exchange"
    (dana,) = bounce.recipients
    assert (dana.address, dana.status, dana.reply.key) == (
        "dana@example.com",
        "5.1.10",
        "550 5.1.10",
    )
    assert bounce.reporting_mta == "AM0PR01MB1234.eurprd01.prod.outlook.com"


def test_gmail_response_from_the_remote_server() -> None:
    bounce = read("gmail.eml")
    assert bounce.mta == "gmail"
    assert summary(bounce) == [("fiona@example.com", "failed", "5.1.1", "550 5.1.1")]
    assert bounce.recipients[0].reply.text.endswith("- gsmtp")


def test_yahoo_code_with_colon() -> None:
    bounce = read("yahoo.eml")
    assert bounce.mta == "yahoo"
    assert summary(bounce) == [("hanna@example.com", "failed", "5.2.2", "552 5.2.2")]


# -- not bounces, and input that is no message --------------------------------


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("autoreply.eml", "auto-reply"),
        ("feedback.eml", "feedback-report"),
        ("ordinary.eml", "ordinary"),
    ],
)
def test_not_bounces_are_named(name: str, why: str) -> None:
    bounce = read(name)
    assert (bounce.kind, bounce.not_bounce, bounce.recipients) == ("not-bounce", why, ())


@pytest.mark.parametrize(
    "data",
    ["", "   \n\n", b"\x00\x01\x02binary", "just some words, no header\n"],
)
def test_unreadable_input_raises_a_clear_error(data: str | bytes) -> None:
    with pytest.raises(UnreadableMessage):
        read_bounce(data)


def test_only_dsn_fields_pasted_are_read() -> None:
    fields = (
        "Reporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n"
    )
    bounce = read_bounce(fields)
    assert bounce.kind == "dsn"
    assert summary(bounce) == [("a@example.com", "failed", "5.1.1", None)]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_endings_give_the_same_reading(ending: str) -> None:
    text = (FIXTURES / "dsn-postfix.eml").read_text()
    again = read_bounce(text.replace("\n", ending))
    assert summary(again) == summary(read("dsn-postfix.eml"))
    assert again.recipients[0].stage == "RCPT"


def test_mbox_with_three_messages() -> None:
    results = read_mailbox((FIXTURES / "three.mbox").read_bytes())
    assert [r.kind for r in results] == ["mta", "not-bounce", "mta"]
    assert [r.mta for r in results] == ["qmail", "", "exim"]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[: len(t) // 2],  # cut in the middle
        lambda t: t.replace("--4F2A31C0A5", "--XXXX"),  # boundaries that do not match
        lambda t: t.replace("Content-Type: message/delivery-status", "Content-Type: message/"),
        lambda t: t.replace("Status: 5.1.1", "Status: five"),
        lambda t: "Content-Type: multipart/mixed; boundary=\n" + t,
    ],
)
def test_broken_messages_never_raise(mangle) -> None:
    text = mangle((FIXTURES / "dsn-postfix.eml").read_text())
    bounce = read_bounce(text)
    assert bounce.kind in ("dsn", "mta", "not-bounce")


def test_status_without_a_code_is_named() -> None:
    text = (FIXTURES / "dsn-postfix.eml").read_text().replace("Status: 5.1.1", "Status: five")
    (bob,) = read_bounce(text).recipients
    assert any("holds no status code" in p for p in bob.problems)
    # The reply still gives one, and the reader is told where it came from.
    assert bob.status == "5.1.1" and not bob.status_field


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("554 <x@example.com>... 550 Host unknown", "550"),
        ("552: 5.2.2 <x@example.com>... Mailbox Full", "552 5.2.2"),
        (
            "Invalid Address, ERROR_CODE :550, ERROR_CODE :5.2.1 <x@example.com>... User",
            "550 5.2.1",
        ),
        (
            "host mx.example.com[192.0.2.1] said: 450 4.7.1 Greylisted (in reply to RCPT TO"
            " command)",
            "450 4.7.1",
        ),
    ],
)
def test_remote_reply_forms_only_bounces_use(text: str, key: str) -> None:
    assert remote_reply(text).key == key


def test_amazon_ses_notification_inside_an_sns_envelope() -> None:
    bounce = read("amazonses-sns.eml")
    assert (bounce.kind, bounce.mta) == ("mta", "amazonses")
    assert bounce.reporting_mta == "a1-2.smtp-out.us-west-2.amazonses.com"
    assert summary(bounce) == [("quinn@example.com", "failed", "5.1.1", "550 5.1.1")]


def test_zoho_response_code_form() -> None:
    text = (
        "From: mailer-daemon@mail.example.com\nTo: sam@example.org\n"
        "Subject: Mail Delivery Status Notification (Delay)\n\n"
        "----- The following addresses had fatal errors -----\n"
        "[Status: Error, Address: <tom@example.com>, ResponseCode 421, , Host not reachable.]\n"
    )
    (tom,) = read_bounce(text).recipients
    assert (tom.address, tom.reply.code, tom.action) == ("tom@example.com", "421", "delayed")


def test_a_report_with_too_many_recipients_is_read_in_part_and_says_so() -> None:
    from sphinx_smtpcodes.readers.bounce import MAX_RECIPIENTS

    blocks = "".join(
        f"Final-Recipient: rfc822; user{n}@example.com\nAction: failed\nStatus: 5.1.1\n\n"
        for n in range(MAX_RECIPIENTS + 100)
    )
    bounce = read_bounce("Content-Type: text/plain\n\n" + blocks)
    assert len(bounce.recipients) == MAX_RECIPIENTS
    assert f"the first {MAX_RECIPIENTS} are read" in " ".join(bounce.problems)


def test_long_runs_of_address_characters_are_not_addresses() -> None:
    # 200 000 characters before an "@": no address (RFC 5321 allows 64), no recipient.
    bounce = read_bounce(
        "From: MAILER-DAEMON@example.org\nSubject: failure\n\n" + "a" * 200_000 + "@\n"
    )
    assert bounce.recipients == ()
