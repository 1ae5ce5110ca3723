"""smtp-session: transcripts rendered verbatim with every reply explained."""

from __future__ import annotations

import base64
import shutil
import textwrap

import pytest

from .conftest import soup, warnings


def _tooltip(node) -> str:
    """The hover text of a mention: on the <abbr>, or on the link around it."""
    return node.get("title") or (node.parent.get("title") if node.parent.name == "a" else "")


@pytest.mark.sphinx("html", testroot="session", freshenv=True)
def test_session_explains_each_reply_and_decodes_challenges(built):
    block = soup(built).select("div.smtp-session")[0]
    pre = block.select_one("pre.smtp-transcript")
    assert "S: 220 mail.example.org ESMTP ready" in pre.get_text()
    codes = [n.get_text() for n in pre.select(".smtp-ref")]
    # each reply is linked once, at its first line
    assert codes[:3] == ["220", "250", "334"]
    assert all(_tooltip(n) for n in pre.select(".smtp-ref"))
    link = pre.find("a", href="#smtp-550")
    assert link is not None and link["title"].startswith("Mailbox Unavailable")
    decoded = [n.get_text() for n in pre.select(".smtp-decoded")]
    assert decoded == ["  [decoded: Username:]", "  [decoded: Password:]"]
    text = pre.get_text()
    assert "YWxpY2U=" not in text and "d29uZGVybGFuZA==" not in text and "C: ****" in text
    legend = [dt.get_text(" ", strip=True) for dt in block.select("dl.smtp-legend dt")]
    assert legend[:3] == [
        "220 Service Ready",
        "250 Requested Action Completed",
        "334 Server Challenge",
    ]
    assert "5.1.1 Bad destination mailbox address" in legend


@pytest.mark.sphinx("html", testroot="session", freshenv=True)
def test_malformed_transcript_lines_warn_and_stay(built):
    text = warnings(built)
    assert "index.rst:29: WARNING: smtp-session: the server line 'hello there'" in text
    assert "index.rst:30: WARNING: smtp-session: the server line '45 what'" in text
    pre = soup(built).select("div.smtp-session")[1].select_one("pre")
    assert "<<< hello there" in pre.get_text()


@pytest.mark.parametrize("builder", ["latex", "text", "man"])
def test_session_builds_everywhere(make_app, rootdir, tmp_path, builder):
    shutil.copytree(rootdir / "test-session", tmp_path / "src")
    app = make_app(builder, srcdir=tmp_path / "src")
    app.build()
    assert "Traceback" not in warnings(app)


def test_live_aiosmtpd_session_is_fully_explained(make_app, tmp_path):
    from .smtp_live import PASSWORD, USER, capture_session

    transcript, replies = capture_session()
    src = tmp_path / "live"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_smtpcodes"]\n')
    body = textwrap.indent(transcript.strip("\n"), "   ")
    (src / "index.rst").write_text(f"Live\n====\n\n.. smtp-session::\n\n{body}\n")
    app = make_app("html", srcdir=src)
    app.build()
    assert warnings(app) == ""
    pre = soup(app).select_one("pre.smtp-transcript")
    explained = [n.get_text() for n in pre.select(".smtp-ref") if _tooltip(n)]
    # every reply smtplib read (first line of each) is linked with a tooltip
    for code, _message in replies:
        assert str(code) in explained, code
    assert explained.count("334") == sum(1 for code, _ in replies if code == 334) >= 2
    decoded = [n.get_text() for n in pre.select(".smtp-decoded")]
    assert any("Username:" in d for d in decoded) and any("Password:" in d for d in decoded)
    text = pre.get_text()
    for secret in (USER, PASSWORD):
        assert base64.b64encode(secret.encode()).decode() not in text
    assert "5.1.1" in explained
