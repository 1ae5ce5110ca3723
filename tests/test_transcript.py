"""SMTP session transcripts: forms, reply grouping, problems, credentials, 334 challenges."""

from __future__ import annotations

import base64
import random
import sys
from pathlib import Path

import pytest

from sphinx_smtpcodes.readers.transcript import (
    MASK,
    Transcript,
    decode_challenge,
    parse_transcript,
)
from sphinx_smtpcodes.registry.model import ReplyLine, parse_reply

USER_B64 = base64.b64encode(b"alice").decode()
PASSWORD_B64 = base64.b64encode(b"wonderland").decode()
PLAIN_B64 = base64.b64encode(b"\0alice\0wonderland").decode()
USERNAME_CHALLENGE = base64.b64encode(b"Username:").decode()
PASSWORD_CHALLENGE = base64.b64encode(b"Password:").decode()


def sides(transcript: Transcript) -> list[str]:
    return [line.side for line in transcript.lines]


def problem_lines(transcript: Transcript) -> list[int]:
    return [problem.line for problem in transcript.problems]


# --- the forms -------------------------------------------------------------


def test_rfc_prefixes() -> None:
    transcript = parse_transcript(
        "S: 220 mail.example.org ESMTP\nC: EHLO client.example\ns:250 mail.example.org\nc:QUIT\n"
    )
    assert sides(transcript) == ["server", "client", "server", "client"]
    assert [line.reply_index for line in transcript.lines] == [0, None, 1, None]
    assert transcript.replies[0].line == ReplyLine(
        parse_reply("220 x").code, None, "mail.example.org ESMTP"
    )
    assert (transcript.replies[1].first_line, transcript.replies[1].last_line) == (3, 3)
    assert [line.number for line in transcript.lines] == [1, 2, 3, 4]
    assert [line.text for line in transcript.lines] == [line.raw for line in transcript.lines]
    assert transcript.problems == ()


def test_log_arrows() -> None:
    transcript = parse_transcript("<<< 220 ready\n>>> MAIL FROM:<a@b>\n<<< 250 OK\n")
    assert sides(transcript) == ["server", "client", "server"]
    assert [str(reply.line.code) for reply in transcript.replies] == ["220", "250"]
    assert transcript.problems == ()


def test_swaks_arrows() -> None:
    transcript = parse_transcript(
        "=== Trying mx.example.org:25...\n"
        "<-  220 mx.example.org ESMTP\n"
        " -> RCPT TO:<nobody@example.org>\n"
        "<** 550 5.1.1 unknown user\n"
        " ~> QUIT\n"
        "<~  221 bye\n"
    )
    assert sides(transcript) == ["note", "server", "client", "server", "client", "server"]
    assert transcript.codes() == ["220", "550", "5.1.1", "221"]


def test_plain_form() -> None:
    transcript = parse_transcript(
        "220 mx.example.org ESMTP\nEHLO client.example\n250-mx.example.org\n250 SIZE 1000\n"
        "RCPT TO:<x@example.org>\n550\n2500 is not a code\n"
    )
    # A line that is neither a reply nor a command is a note (a banner, a remark).
    expected = ["server", "client", "server", "server", "client", "server", "note"]
    assert sides(transcript) == expected
    assert [reply.line.key for reply in transcript.replies] == ["220", "250", "550"]
    assert transcript.problems == ()


def test_blank_and_comment_lines_are_other() -> None:
    transcript = parse_transcript("# the greeting\n\n   \nS: 220 ready\n  # indented\n")
    assert sides(transcript) == ["note", "note", "note", "server", "note"]
    assert len(transcript.replies) == 1


def test_line_numbers_follow_splitlines() -> None:
    text = "S: 220 a\r\nC: NOOP\r\n\r\nS: 250 b"
    transcript = parse_transcript(text)
    assert [line.raw for line in transcript.lines] == text.splitlines()
    assert transcript.replies[1].first_line == 4


def test_empty_input() -> None:
    assert parse_transcript("") == Transcript((), (), ())


# --- multi-line replies ------------------------------------------------------


def test_multiline_reply_is_grouped() -> None:
    transcript = parse_transcript(
        "C: EHLO client.example\n"
        "S: 250-mx.example.org Hello\n"
        "S: 250-PIPELINING\n"
        "# a comment inside the reply does not end it\n"
        "S: 250 8BITMIME\n"
        "C: QUIT\n"
    )
    (reply,) = transcript.replies
    assert (reply.first_line, reply.last_line) == (2, 5)
    assert reply.line.text == "mx.example.org Hello\nPIPELINING\n8BITMIME"
    assert [line.reply_index for line in transcript.lines] == [None, 0, 0, None, 0, None]
    assert transcript.problems == ()


def test_multiline_reply_with_enhanced_codes() -> None:
    transcript = parse_transcript(
        "S: 550-5.7.1 Rejected by policy.\nS: 550 5.7.1 See https://example.org/why\n"
    )
    (reply,) = transcript.replies
    assert reply.line.key == "550 5.7.1"
    assert reply.line.text == "Rejected by policy.\nSee https://example.org/why"
    assert transcript.codes() == ["550", "5.7.1"]


def test_consecutive_replies_are_separate() -> None:
    transcript = parse_transcript("S: 250 OK\nS: 250 OK\n")
    assert len(transcript.replies) == 2


# --- malformed server lines -----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("S: hello", "does not start with a reply code"),
        ("S: 45 x", "does not start with a reply code"),
        ("S: 250OK", "does not start with a reply code"),
        ("S:", "empty"),
        ("S: 600 x", "is not a reply code"),
        ("s:999 bottles", "is not a reply code"),
        ("S: 250 2.01.0 ok", "leading zeros"),
    ],
)
def test_malformed_server_line(line: str, words: str) -> None:
    transcript = parse_transcript(f"C: NOOP\n{line}\nC: QUIT\nS: 221 bye\n")
    server = transcript.lines[1]
    assert (server.side, server.reply_index, server.text, server.raw) == (
        "server",
        None,
        line,
        line,
    )
    assert len(transcript.replies) == 1
    (problem,) = transcript.problems
    assert problem.line == 2
    assert words in problem.message


def test_codes_disagree_in_a_multiline_reply() -> None:
    transcript = parse_transcript("S: 220 hi\nS: 250-first\nS: 250-second\nS: 550 last\n")
    assert [line.reply_index for line in transcript.lines] == [0, None, None, None]
    assert len(transcript.replies) == 1
    (problem,) = transcript.problems
    assert problem.line == 4
    assert "550" in problem.message and "line 2" in problem.message


def test_unfinished_multiline_reply_is_taken_as_abridged() -> None:
    # RFC 4954 quotes 'S: 220-smtp.example.com' alone: quoting an RFC is no mistake.
    transcript = parse_transcript("S: 250-first\nS: 250-second\nC: QUIT\nS: 221-bye")
    assert [(r.first_line, r.last_line) for r in transcript.replies] == [(1, 2), (4, 4)]
    assert transcript.problems == ()


def test_malformed_line_does_not_break_a_reply() -> None:
    transcript = parse_transcript("S: 250-first\nS: oops\nS: 250 last\n")
    assert [line.reply_index for line in transcript.lines] == [0, None, 0]
    assert problem_lines(transcript) == [2]


# --- credentials ------------------------------------------------------------


AUTH_SESSION = (
    "S: 250 AUTH PLAIN LOGIN\n"
    f"C: AUTH PLAIN {PLAIN_B64}\n"
    "S: 535 5.7.8 no\n"
    "C: AUTH LOGIN\n"
    f"S: 334 {USERNAME_CHALLENGE}\n"
    f"C: {USER_B64}\n"
    f"S: 334 {PASSWORD_CHALLENGE}\n"
    f"C: {PASSWORD_B64}\n"
    "S: 235 2.7.0 Authentication successful\n"
    "C: MAIL FROM:<alice@example.org>\n"
)


def test_credentials_are_masked() -> None:
    transcript = parse_transcript(AUTH_SESSION)
    texts = [line.text for line in transcript.lines]
    assert texts[1] == f"C: AUTH PLAIN {MASK}"
    assert texts[3] == "C: AUTH LOGIN"
    assert texts[5] == f"C: {MASK}"
    assert texts[7] == f"C: {MASK}"
    assert texts[9] == "C: MAIL FROM:<alice@example.org>"
    assert [line.raw for line in transcript.lines] == AUTH_SESSION.splitlines()
    for secret in (PLAIN_B64, USER_B64, PASSWORD_B64):
        assert not any(secret in text for text in texts)


def test_credentials_shown_on_request() -> None:
    transcript = parse_transcript(AUTH_SESSION, show_credentials=True)
    assert [line.text for line in transcript.lines] == AUTH_SESSION.splitlines()


def test_auth_login_with_initial_response() -> None:
    transcript = parse_transcript(
        f">>> AUTH LOGIN {USER_B64}\n<<< 334 {PASSWORD_CHALLENGE}\n>>> {PASSWORD_B64}\n"
        "<<< 235 ok\n>>> NOOP\n"
    )
    assert [line.text for line in transcript.lines] == [
        f">>> AUTH LOGIN {MASK}",
        f"<<< 334 {PASSWORD_CHALLENGE}",
        f">>> {MASK}",
        "<<< 235 ok",
        ">>> NOOP",
    ]


def test_plain_form_credentials() -> None:
    transcript = parse_transcript(f"auth plain\n334 \n{PLAIN_B64}\n235 ok\n")
    assert [line.text for line in transcript.lines] == ["auth plain", "334 ", MASK, "235 ok"]
    assert transcript.replies[0].decoded == ""


@pytest.mark.parametrize("answer", ["*", "="])
def test_cancel_and_empty_answers_are_not_masked(answer: str) -> None:
    transcript = parse_transcript(f"C: AUTH LOGIN\nS: 334 {USERNAME_CHALLENGE}\nC: {answer}\n")
    assert transcript.lines[2].text == f"C: {answer}"


def test_empty_initial_response_is_not_masked() -> None:
    assert parse_transcript("C: AUTH PLAIN =").lines[0].text == "C: AUTH PLAIN ="


def test_every_client_line_is_masked_until_a_reply_other_than_334() -> None:
    transcript = parse_transcript(
        f"S: 334 {USERNAME_CHALLENGE}\nC: {USER_B64}\nC: NOOP\nS: 250 ok\nC: {USER_B64}\n"
    )
    assert [line.text for line in transcript.lines][1:] == [
        f"C: {MASK}",
        f"C: {MASK}",
        "S: 250 ok",
        f"C: {USER_B64}",
    ]


def test_any_mechanism_initial_response_is_masked() -> None:
    token = base64.b64encode(b"user=alice\x01auth=Bearer secret\x01\x01").decode()
    transcript = parse_transcript(f"C: AUTH XOAUTH2 {token}")
    assert transcript.lines[0].text == f"C: AUTH XOAUTH2 {MASK}"


# --- 334 challenges -------------------------------------------------------------


@pytest.mark.parametrize(
    ("challenge", "decoded"),
    [
        (USERNAME_CHALLENGE, "Username:"),
        (PASSWORD_CHALLENGE, "Password:"),
        ("VXNlcm5hbWU", "Username"),  # padding left out
        ("VXNlciBOYW1lAA==", "User Name"),  # aiosmtpd's NUL-terminated default
        (
            "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UuZXhhbXBsZS5uZXQ+",
            "<1896.697170952@postoffice.example.net>",
        ),
        ("", ""),
        ("not base64!", ""),
        (base64.b64encode(b"\x01\x02binary").decode(), ""),
        (base64.b64encode(b"\xff\xfe").decode(), ""),
        (base64.b64encode(b"two\nlines").decode(), ""),
    ],
)
def test_334_decoding(challenge: str, decoded: str) -> None:
    assert decode_challenge(challenge) == decoded
    transcript = parse_transcript(f"C: AUTH LOGIN\nS: 334 {challenge}\n")
    (reply,) = transcript.replies
    assert reply.decoded == decoded
    assert transcript.lines[1].note == decoded
    assert transcript.problems == ()


def test_only_334_is_decoded() -> None:
    transcript = parse_transcript(f"S: 250 {USERNAME_CHALLENGE}")
    assert transcript.replies[0].decoded == ""
    assert transcript.lines[0].note == ""


# --- smtplib debug output ---------------------------------------------------------

SMTPLIB_LEVEL_1 = r"""connect: to ('127.0.0.1', 8025) None
reply: b'220 mx.example.test ESMTP\r\n'
reply: retcode (220); Msg: b'mx.example.test ESMTP'
connect: b'mx.example.test ESMTP'
send: 'ehlo [127.0.1.1]\r\n'
reply: b'250-localhost\r\n'
reply: b'250-SIZE 33554432\r\n'
reply: b'250 AUTH LOGIN PLAIN\r\n'
reply: retcode (250); Msg: b'localhost\nSIZE 33554432\nAUTH LOGIN PLAIN'
send: 'AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n'
reply: b'235 2.7.0 Authentication successful\r\n'
reply: retcode (235); Msg: b'2.7.0 Authentication successful'
send: 'data\r\n'
reply: b'354 End data with <CR><LF>.<CR><LF>\r\n'
reply: retcode (354); Msg: b'End data with <CR><LF>.<CR><LF>'
data: (354, b'End data with <CR><LF>.<CR><LF>')
send: b'Subject: hi\r\n\r\n250 looks like a reply, is not\r\n.\r\n'
reply: b'250 OK\r\n'
reply: retcode (250); Msg: b'OK'
data: (250, b'OK')
"""


def test_smtplib_debug_output() -> None:
    transcript = parse_transcript(SMTPLIB_LEVEL_1)
    assert sides(transcript) == [
        "note",  # connect: to
        "server",
        "note",  # retcode summary
        "note",  # connect: greeting
        "client",
        "server",
        "server",
        "server",
        "note",
        "client",
        "server",
        "note",
        "client",
        "server",
        "note",
        "note",  # data: (354, ...)
        "client",
        "server",
        "note",
        "note",
    ]
    assert [reply.line.key for reply in transcript.replies] == [
        "220",
        "250",
        "235 2.7.0",
        "354",
        "250",
    ]
    ehlo = transcript.replies[1]
    assert (ehlo.first_line, ehlo.last_line) == (6, 8)
    assert ehlo.line.text == "localhost\nSIZE 33554432\nAUTH LOGIN PLAIN"
    assert transcript.lines[9].text == f"send: 'AUTH PLAIN {MASK}\\r\\n'"
    assert transcript.problems == ()


def test_smtplib_debuglevel_2_timestamps() -> None:
    transcript = parse_transcript(
        "12:00:01.123456 send: 'AUTH LOGIN\\r\\n'\n"
        f"12:00:01.223456 reply: b'334 {USERNAME_CHALLENGE}\\r\\n'\n"
        f"12:00:01.223456 reply: retcode (334); Msg: b'{USERNAME_CHALLENGE}'\n"
        f"12:00:02 send: '{USER_B64}\\r\\n'\n"
    )
    assert sides(transcript) == ["client", "server", "note", "client"]
    assert transcript.replies[0].decoded == "Username:"
    assert transcript.lines[3].text == f"12:00:02 send: '{MASK}\\r\\n'"


def test_smtplib_mode_makes_stray_lines_other() -> None:
    transcript = parse_transcript(
        "send: 'noop\\r\\n'\nSome warning printed to stderr\n250 not a reply here\n"
        "reply: b'250 OK\\r\\n'\n"
    )
    assert sides(transcript) == ["client", "note", "note", "server"]
    assert len(transcript.replies) == 1


def test_smtplib_reply_typed_without_quotes() -> None:
    assert parse_transcript("reply: 250 OK").replies[0].line.key == "250"


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("reply: b'250 unterminated", "cannot read"),
        ("reply: b'250 bad escape \\d'", "cannot read"),
        ("reply: b'250 a\\r\\n250 b\\r\\n'", "more than one line"),
        ("reply: b'hello\\r\\n'", "does not start with a reply code"),
    ],
)
def test_smtplib_bad_reply_lines(line: str, words: str) -> None:
    transcript = parse_transcript(f"{line}\nreply: b'221 bye\\r\\n'")
    assert transcript.lines[0].side == "server"
    assert transcript.lines[0].reply_index is None
    (problem,) = transcript.problems
    assert (problem.line, words in problem.message) == (1, True)


def test_smtplib_literals_are_never_evaluated() -> None:
    payload = "b'250 x' if __import__('sys').modules.setdefault('smtp_pwned', 1) else b''"
    transcript = parse_transcript(f"reply: {payload}\nsend: {payload}\n")
    assert "smtp_pwned" not in sys.modules
    assert problem_lines(transcript) == [1, 1]  # unreadable, and so no reply at all


def test_smtplib_reply_bytes_are_decoded_as_utf8() -> None:
    transcript = parse_transcript("reply: b'250 caf\\xc3\\xa9 \\xff\\r\\n'")
    assert transcript.replies[0].line.text == "café \ufffd"


# --- codes ------------------------------------------------------------------------


def test_codes_in_order_of_first_appearance() -> None:
    transcript = parse_transcript(
        "S: 220 hi\nS: 250 ok\nS: 334 VXNlcm5hbWU6\nS: 235 ok\nS: 550 5.1.1 no\n"
        "S: 250 ok\nS: 450 4.1.1 later\nS: 550 5.1.1 again\n"
    )
    assert transcript.codes() == ["220", "250", "334", "235", "550", "5.1.1", "450", "4.1.1"]


# --- any input gives a transcript -------------------------------------------------------

_PIECES = [
    "S:",
    "s: ",
    "C:",
    "c:",
    "<<<",
    ">>>",
    "<-",
    "->",
    "<**",
    "~>",
    "===",
    "#",
    "send: ",
    "reply: ",
    "reply: retcode (",
    "data: ",
    "connect: ",
    "12:00:01.5 ",
    "b'",
    "'",
    '"',
    "\\",
    "\\x",
    "\\r\\n",
    "\\N{",
    "250",
    "250-",
    "334 ",
    "550 5.1.1 ",
    "5.01.1",
    "X.1.1",
    "000",
    "9",
    "-",
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\x00",
    "\x0c",
    "\u2028",
    "\u0663\u0664\u0665",
    "AUTH PLAIN ",
    "AUTH LOGIN",
    "*",
    "=",
    USERNAME_CHALLENGE,
    "ok",
    "é",
    "🙂",
]


def _random_text(rng: random.Random) -> str:
    pieces = rng.choices(_PIECES, k=rng.randint(0, 40))
    if rng.random() < 0.3:
        pieces.append("".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 30))))
    return "".join(pieces)


@pytest.mark.parametrize("show_credentials", [False, True])
def test_any_text_gives_a_transcript(show_credentials: bool) -> None:
    rng = random.Random(5321)
    for _ in range(400):
        text = _random_text(rng)
        transcript = parse_transcript(text, show_credentials=show_credentials)
        raws = text.splitlines()
        assert [line.raw for line in transcript.lines] == raws, text
        assert [line.number for line in transcript.lines] == list(range(1, len(raws) + 1))
        for line in transcript.lines:
            if show_credentials or line.side == "server":
                assert line.text == line.raw, text
            if line.reply_index is not None:
                reply = transcript.replies[line.reply_index]
                assert line.side == "server"
                assert reply.first_line <= line.number <= reply.last_line
        for reply in transcript.replies:
            assert transcript.lines[reply.first_line - 1].reply_index is not None
            assert transcript.lines[reply.last_line - 1].reply_index is not None
        for problem in transcript.problems:
            assert 1 <= problem.line <= len(raws) and problem.message
        assert isinstance(transcript.codes(), list)


# --- a live session with a real server ---------------------------------------------------


def _expected(replies: list[tuple[int, bytes]]) -> list[ReplyLine]:
    """The replies smtplib read, parsed from smtplib's own (code, message) results."""
    return [
        parse_reply("\n".join(f"{code} {part}" for part in message.decode().split("\n")))
        for code, message in replies
    ]


@pytest.mark.parametrize("mechanism", ["LOGIN", "PLAIN"])
def test_live_smtplib_session(mechanism: str) -> None:
    pytest.importorskip("aiosmtpd")
    from .smtp_live import capture_session

    text, replies = capture_session(mechanism)
    transcript = parse_transcript(text)

    assert transcript.problems == ()
    assert [reply.line for reply in transcript.replies] == _expected(replies)
    assert all(line.reply_index is not None for line in transcript.lines if line.side == "server")
    assert "550" in transcript.codes() and "5.1.1" in transcript.codes()

    challenges = [message for code, message in replies if code == 334]
    decoded = [reply.decoded for reply in transcript.replies if str(reply.line.code) == "334"]
    assert decoded == [base64.b64decode(message).decode() for message in challenges]
    if mechanism == "LOGIN":
        assert decoded == ["Username:", "Password:"]
        secrets = [USER_B64, PASSWORD_B64]
    else:
        assert decoded == []
        secrets = [PLAIN_B64]

    texts = "\n".join(line.text for line in transcript.lines)
    for secret in secrets:
        assert secret in text
        assert secret not in texts
    assert texts.count(MASK) == len(secrets)

    shown = parse_transcript(text, show_credentials=True)
    assert [line.text for line in shown.lines] == text.splitlines()


# --- the formats people paste (tests/fixtures/transcripts/) ----------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"

#: fixture -> (the format detected, replies, lines that must be notes)
FORMAT_FIXTURES = {
    "rfc5321-d1.txt": ("rfc", 9, []),
    "rfc4954-cram-md5.txt": ("rfc", 4, []),
    "rfc4954-external.txt": ("rfc", 5, [9, 10]),
    "rfc4954-plain-no-initial-response.txt": ("rfc", 3, [1, 2, 7, 8]),
    "rfc3030-chunking.txt": ("rfc3030", 6, [1, 2]),
    "arrows.txt": ("arrows", 5, []),
    "sendmail.txt": ("sendmail", 3, [1, 2, 7]),
    "postfix.txt": ("postfix", 5, []),
    "exim-debug.txt": ("exim", 3, [3]),
    "exim-bh.txt": ("exim-bh", 3, [1, 2, 5, 9, 10]),
    "smtplib-level1.txt": ("smtplib", 5, [1, 2, 4, 5, 9]),
    "smtplib-level2.txt": ("smtplib", 2, [4]),
    "swaks-tls-auth-fail.txt": ("swaks", 8, [1, 2, 10, 22]),
    "javamail.txt": ("javamail", 6, [1, 2, 4, 8, 15]),
    "telnet.txt": ("plain", 7, [1, 2, 3, 4, 21]),
    "openssl-s-client.txt": ("plain", 5, list(range(1, 16))),
    "xoauth2-wrapped.txt": ("rfc", 3, [1, 9]),
}


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(FORMAT_FIXTURES))
def test_each_format_is_detected_and_every_reply_read(name: str) -> None:
    expected_format, replies, notes = FORMAT_FIXTURES[name]
    transcript = parse_transcript(fixture(name))
    assert transcript.format == expected_format
    assert transcript.problems == ()
    assert len(transcript.replies) == replies
    for number in notes:
        assert transcript.lines[number - 1].side == "note", transcript.lines[number - 1]
    # every server line belongs to a reply, and every reply-looking client line is data
    assert all(line.reply_index is not None for line in transcript.lines if line.side == "server")
    # the same file read with its format forced gives the same result
    assert parse_transcript(fixture(name), format=expected_format).lines == transcript.lines


@pytest.mark.parametrize("name", sorted(FORMAT_FIXTURES))
def test_no_credential_of_any_fixture_is_shown(name: str) -> None:
    transcript = parse_transcript(fixture(name))
    shown = "\n".join(line.text for line in transcript.lines)
    for secret in (
        "YWxpY2U=",
        "d29uZGVybGFuZA==",
        "AHVzZXIAc2VjcmV0",
        "dGVzdAB0ZXN0ADEyMzQ=",
        "cmpzMyBl",
        "dXNlcj1zb21ldXNlckBl",
        "YjNSbGNrQmhk",
        "dXNlcg==",
        "c2VjcmV0",
    ):
        assert secret not in shown, name


def test_rfc_prose_and_actions_are_notes() -> None:
    transcript = parse_transcript(fixture("rfc3030-chunking.txt"))
    assert [line.side for line in transcript.lines[:3]] == ["note", "note", "server"]


def test_a_wrapped_challenge_is_joined_before_decoding() -> None:
    transcript = parse_transcript(fixture("rfc4954-cram-md5.txt"))
    challenge = transcript.lines[7]
    wrapped = transcript.lines[8]
    assert challenge.note == "<4192942341.12828472@sourcefour.andrew.cmu.edu>"
    assert (wrapped.side, wrapped.continuation, wrapped.text) == ("server", True, "      dT4=")
    assert transcript.lines[9].text == "   C: ****"


def test_wrapped_initial_response_is_masked_whole() -> None:
    transcript = parse_transcript(fixture("xoauth2-wrapped.txt"))
    assert transcript.lines[5].text == "C: AUTH XOAUTH2 ****"
    assert (transcript.lines[6].continuation, transcript.lines[6].text) == (True, "****")


def test_xoauth2_json_error_challenge_is_decoded() -> None:
    transcript = parse_transcript(fixture("openssl-s-client.txt"))
    (challenge,) = [reply for reply in transcript.replies if str(reply.line.code) == "334"]
    assert challenge.decoded.startswith('{"status": "401"')


def test_an_initial_response_with_spaces_is_masked_whole() -> None:
    transcript = parse_transcript(
        "C: AUTH XOAUTH2 user=alice@example.org auth=Bearer ya29.SECRET-TOKEN\nS: 235 ok\n"
    )
    assert transcript.lines[0].text == f"C: AUTH XOAUTH2 {MASK}"


def test_client_only_excerpt_is_masked_and_warned() -> None:
    transcript = parse_transcript(f"C: AUTH LOGIN\nC: {USER_B64}\nC: czNjcjN0\n")
    assert [line.text for line in transcript.lines] == ["C: AUTH LOGIN", f"C: {MASK}", f"C: {MASK}"]
    (problem,) = transcript.problems
    assert problem.line == 1 and "no server reply" in problem.message


def test_the_answer_to_a_rejected_334_is_masked() -> None:
    transcript = parse_transcript(f"C: AUTH LOGIN\nS: 334VXNlcm5hbWU6\nC: {USER_B64}\nS: 235 ok\n")
    assert transcript.lines[2].text == f"C: {MASK}"
    assert problem_lines(transcript) == [2]


def test_smtplib_line_missing_its_quote_is_masked() -> None:
    transcript = parse_transcript(fixture("smtplib-level2.txt"))
    assert transcript.lines[4].text.endswith(f"send: 'AUTH PLAIN {MASK}")


def test_oauthbearer_is_masked() -> None:
    token = base64.b64encode(b"n,a=user@example.org,\x01auth=Bearer SECRET\x01\x01").decode()
    transcript = parse_transcript(f">>> AUTH OAUTHBEARER {token}\n<<< 235 ok\n")
    assert transcript.lines[0].text == f">>> AUTH OAUTHBEARER {MASK}"


def test_notes_during_authentication_are_masked_unless_a_tool_wrote_them() -> None:
    transcript = parse_transcript(
        f"S: 334 {USERNAME_CHALLENGE}\nDEBUG x\n{USER_B64}\n(note: the RFC's prose)\nS: 235 ok\n"
    )
    assert [line.text for line in transcript.lines][1:4] == [MASK, MASK, "(note: the RFC's prose)"]


def test_mixed_formats_give_one_located_warning() -> None:
    transcript = parse_transcript("S: 220 hi\nC: EHLO x\n<<< 250 ok\n<<< 250 ok\n")
    (problem,) = transcript.problems
    assert problem.line == 3 and "another format" in problem.message


def test_unmarked_reply_in_a_marked_format_is_a_note_with_a_warning() -> None:
    transcript = parse_transcript("S: 220 hi\nC: EHLO x\n250 ok\n")
    assert transcript.lines[2].side == "note"
    (problem,) = transcript.problems
    assert problem.line == 3 and "no marker" in problem.message


def test_forced_format() -> None:
    text = "220 hi\nEHLO x\n250 ok\n"
    assert parse_transcript(text).format == "plain"
    forced = parse_transcript(text, format="rfc")
    assert forced.format == "rfc" and forced.replies == ()


def test_exim_direction_follows_the_content() -> None:
    server = parse_transcript("SMTP>> 220 hi\nSMTP<< EHLO x\nSMTP>> 250 ok\n")
    client = parse_transcript("SMTP<< 220 hi\nSMTP>> EHLO x\nSMTP<< 250 ok\n")
    assert sides(server) == sides(client) == ["server", "client", "server"]
