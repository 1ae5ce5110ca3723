"""The smtpcodes command: same content as the directives, for a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from sphinx_smtpcodes.cli import main


def run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(list(args), out=out)
    return status, out.getvalue()


def test_explain_prints_every_section():
    status, text = run("explain", "450")
    assert status == 0
    assert "4xx Transient Negative Completion" in text
    for label in ("Description", "When you see this code", "How to fix it", "Defined in"):
        assert label in text
    assert "https://www.rfc-editor.org/rfc/rfc5321.html" in text


def test_compare_prints_the_same_comparison_as_the_directive():
    from sphinx_smtpcodes.content import compare
    from sphinx_smtpcodes.registry import load_registry

    registry = load_registry("en")
    data = compare([registry.get("334"), registry.get("450")], registry)
    status, text = run("compare", "334", "450")
    assert status == 0
    assert data.title in text
    flat = " ".join(text.split())
    assert data.lead in flat
    for sentence in data.differences:
        assert sentence in flat


def test_unknown_code_exits_with_status_2(capsys):
    status, _ = run("explain", "299")
    assert status == 2
    assert "unknown code '299'" in capsys.readouterr().err
    status, _ = run("explain", "4500")
    assert status == 2


def test_list_filters_by_class_and_kind():
    status, text = run("list", "--class", "4", "--kind", "reply")
    codes = [line.split()[0] for line in text.splitlines()]
    assert status == 0 and "450" in codes and "550" not in codes
    assert all(code.startswith("4") for code in codes)


def test_parse_reads_a_reply_from_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("550 5.1.1 <bob@example.org>: no such user\n"))
    status, text = run("parse")
    assert status == 0
    assert "550" in text


def test_export_lists_every_entry_with_the_documented_fields():
    status, text = run("export", "--format", "json")
    data = json.loads(text)
    from sphinx_smtpcodes.registry import load_registry

    assert status == 0
    assert len(data["entries"]) == len(load_registry("en"))
    for record in data["entries"]:
        for field in (
            "code",
            "kind",
            "name",
            "class",
            "standard",
            "summary",
            "description",
            "when",
            "fix",
            "references",
        ):
            assert field in record
        assert record["kind"] in ("reply", "enhanced")


def test_command_line_does_not_import_sphinx():
    code = (
        "import sys, sphinx_smtpcodes.cli as c, io; c.main(['explain', '450'], out=io.StringIO());"
        "print('sphinx' in sys.modules, 'docutils' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"


@pytest.mark.parametrize("entry", ["smtpcodes", "module"])
def test_both_entry_points_run(entry, tmp_path):
    import shutil

    if entry == "smtpcodes":
        exe = shutil.which("smtpcodes", path=str(__import__("pathlib").Path(sys.executable).parent))
        if exe is None:
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail("the smtpcodes script is not installed")
            pytest.skip("package not installed (run through make test)")
        cmd = [exe, "explain", "334"]
    else:
        cmd = [sys.executable, "-m", "sphinx_smtpcodes", "explain", "334"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 0 and "334" in result.stdout


def test_lang_ko_prints_korean():
    status, text = run("compare", "334", "450", "--lang", "ko")
    assert status == 0
    assert "주요 차이점" in text and "언제 어떤 것을 사용할지" in text
    assert "334(서버 챌린지)는 3xx 긍정 중간 응답이고" in " ".join(text.split())
    status, text = run("explain", "550 5.1.1", "--lang", "ko")
    assert status == 0 and "설명" in text and "해결 방법" in text


# --- smtpcodes session ---------------------------------------------------------------

TRANSCRIPTS = os.path.join(os.path.dirname(__file__), "fixtures", "transcripts")


def test_session_shows_the_transcript_masked_with_decoded_challenges_and_legend():
    status, text = run("session", os.path.join(TRANSCRIPTS, "swaks-tls-auth-fail.txt"))
    assert status == 0
    assert "YWxpY2U=" not in text and "d29uZGVybGFuZA==" not in text
    assert " ~> ****" in text
    assert "<~  334 VXNlcm5hbWU6  [decoded: Username:]" in text
    legend = text.split("Replies in this session\n", 1)[1]
    assert "- 535 Authentication Credentials Invalid: " in legend
    assert legend.index("220 Service Ready") < legend.index("334 Server Challenge")


def test_session_reads_standard_input_and_reports_problems_with_their_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("S: 220 hi\nS: 2x0 what\nC: QUIT\n"))
    status, text = run("session", "-", "--no-legend")
    assert status == 0
    assert text == "S: 220 hi\nS: 2x0 what\nC: QUIT\n"
    assert "smtpcodes: <stdin>:2: the server line '2x0 what'" in capsys.readouterr().err


def test_session_format_and_show_credentials(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("AUTH PLAIN AGFsaWNl\n235 ok\n"))
    status, text = run("session", "-", "--format", "plain", "--show-credentials")
    assert status == 0 and "AUTH PLAIN AGFsaWNl" in text


def test_session_of_a_missing_file_exits_with_status_2(capsys):
    status, _ = run("session", os.path.join(TRANSCRIPTS, "no-such-file.txt"))
    assert status == 2
    assert "cannot read" in capsys.readouterr().err


# -- smtpcodes bounce ----------------------------------------------------------

BOUNCES = os.path.join(os.path.dirname(__file__), "fixtures", "bounces")


def bounce_file(name: str) -> str:
    return os.path.join(BOUNCES, name)


def test_bounce_explains_each_recipient_and_what_to_do():
    status, text = run("bounce", bounce_file("postfix-plain.eml"))
    assert status == 0
    flat = " ".join(text.split())
    assert "out.example.net (Postfix) sent this report on Sun, 15 Mar 2026" in flat
    assert "Delivery failed for jack@example.com and kate@example.org." in flat
    # Postfix's own rejection text is recognised: its meaning leads (data/vendors).
    assert "Status: 5.7.1 Client Blocked by Access Rules or a DNS Block List" in flat
    assert "Remote server's reply: 554 5.7.1 Service unavailable;" in flat
    # kate's failure was local: the MTA's words, not a remote reply.
    assert "Reason given: connect to mx.example.org[192.0.2.91]:25" in flat
    assert "What to do: Do not send the message again unchanged." in flat


def test_bounce_json_follows_the_schema():
    status, text = run("bounce", "--format", "json", bounce_file("dsn-postfix.eml"))
    assert status == 0
    (record,) = json.loads(text)
    assert record["kind"] == "dsn"
    assert record["reporting_mta"] == "mail.example.net"
    (recipient,) = record["recipients"]
    assert {k: recipient[k] for k in ("address", "action", "status", "remote_mta")} == {
        "address": "bob@example.com",
        "action": "failed",
        "status": "5.1.1",
        "remote_mta": "mx1.example.com",
    }
    # "reply" is the object `smtpcodes parse --format json` prints for the same reply.
    _, parsed = run("parse", "--format", "json", recipient["reply"]["input"])
    assert recipient["reply"] == json.loads(parsed)
    assert set(recipient["reply"]) >= {
        "input", "code", "enhanced", "text", "stage", "vendor", "meaning", "class",
        "consistent", "unknown",
    }  # fmt: skip


def test_bounce_json_kinds_and_exit_status_for_not_bounces():
    status, text = run(
        "bounce", "--format", "json", bounce_file("qmail.eml"), bounce_file("autoreply.eml")
    )
    assert status == 1  # one of them is not a bounce
    records = json.loads(text)
    assert [(r["kind"], r["not_bounce"]) for r in records] == [
        ("mta", None),
        ("not-bounce", "auto-reply"),
    ]
    assert records[0]["recipients"][1]["status"] == "5.1.1"  # qmail's "(#5.1.1)"


def test_bounce_mbox_gives_one_record_per_message():
    status, text = run("bounce", "--format", "json", bounce_file("three.mbox"))
    assert status == 1
    records = json.loads(text)
    assert [r["source"].rsplit("#", 1)[1] for r in records] == ["1", "2", "3"]
    assert [r["kind"] for r in records] == ["mta", "not-bounce", "mta"]


def test_bounce_unreadable_input_exits_2(capsys, tmp_path):
    empty = tmp_path / "empty.eml"
    empty.write_text("")
    assert run("bounce", str(empty))[0] == 2
    assert "the input is empty" in capsys.readouterr().err
    assert run("bounce", str(tmp_path / "missing.eml"))[0] == 2
    assert "cannot read" in capsys.readouterr().err


def test_bounce_redact_masks_consistently():
    status, text = run("bounce", "--format", "json", "--redact", bounce_file("exim.eml"))
    assert status == 0
    assert "example.com" not in text and "192.0.2.61" not in text
    (record,) = json.loads(text)
    first = record["recipients"][0]
    masked = first["address"]
    assert masked.startswith("user-") and masked in first["diagnostic"]
    assert first["status"] == "5.1.1" and first["reply"]["code"] == "550"


def test_bounce_in_korean():
    status, text = run("bounce", "--lang", "ko", bounce_file("dsn-delayed.eml"))
    assert status == 0
    assert "relay.example.org (Postfix)의 반송 보고" in text
    assert "조치: 지연" in text
    assert "dave@example.com에게 보내는 배달이 지연되고 있습니다." in " ".join(text.split())


def test_bounce_reads_standard_input(monkeypatch):
    with open(bounce_file("gmail.eml"), "rb") as handle:
        data = handle.read()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    status, text = run("bounce", "-")
    assert status == 0
    assert "fiona@example.com" in text


def test_compare_speaks_to_the_sender_unless_asked_for_operators():
    status, out = run("compare", "334", "450")
    assert status == 0
    assert "When to use which" in out and "Retry delivery after a few minutes" in out
    status, out = run("compare", "334", "450", "--audience", "operator")
    assert status == 0
    assert "Which code to send" in out and "Send 450 when" in out


def test_compare_prints_no_sentence_about_a_table():
    status, out = run("compare", "5.1.1", "5.7.1")
    assert status == 0 and "table" not in out.lower()


@pytest.mark.parametrize("code", ["523", "533", "355", "430"])
def test_explain_codes_the_registry_mentions(code):
    status, out = run("explain", code)
    assert status == 0, out
    assert "non-standard" in out
