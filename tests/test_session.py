"""smtp-session: transcripts rendered verbatim with every reply explained."""

from __future__ import annotations

import base64
import shutil
import textwrap
from pathlib import Path

import pytest

from sphinx_smtpcodes.registry import load_registry

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
    # the same tooltip as every other mention: the code's summary (tests/test_labels.py)
    assert link is not None and link["title"] == load_registry("en").get("550").summary
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


# --- every format, rendered ------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "transcripts"


def _project(tmp_path: Path, pages: dict[str, str], extensions: str = "") -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f'extensions = ["sphinx_smtpcodes"{extensions}]\nshow_warning_types = True\n'
    )
    for name, text in pages.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


def _block(text: str, options: str = "") -> str:
    body = "\n".join("   " + line if line.strip() else "" for line in text.split("\n"))
    return f".. smtp-session::\n{options}\n{body}\n"


def test_every_format_renders_each_reply_linked_and_notes_dimmed(make_app, tmp_path):
    from sphinx_smtpcodes.readers.transcript import parse_transcript

    names = sorted(p.name for p in FIXTURES.glob("*.txt"))
    texts = [(FIXTURES / name).read_text(encoding="utf-8") for name in names]
    page = "Formats\n=======\n\n" + "\n".join(_block(text) for text in texts)
    app = make_app("html", srcdir=_project(tmp_path, {"index.rst": page}))
    app.build()
    assert warnings(app) == ""
    blocks = soup(app).select("div.smtp-session")
    assert len(blocks) == len(names)
    for name, text, block in zip(names, texts, blocks):
        parsed = parse_transcript(text)
        pre = block.select_one("pre.smtp-transcript")
        linked = [n.get_text() for n in pre.select(".smtp-ref")]
        expected = [
            key
            for reply in parsed.replies
            for key in (str(reply.line.code), str(reply.line.enhanced or ""))
            if key
        ]
        assert linked == expected, name
        assert all(_tooltip(n) for n in pre.select(".smtp-ref")), name
        notes = "".join(n.get_text() for n in pre.select(".smtp-note"))
        for line in parsed.lines:
            if line.side == "note" and line.text.strip():
                assert line.text.strip() in notes, (name, line.text)
        bold = "".join(n.get_text() for n in pre.select(".smtp-client"))
        assert not any(
            line.text.strip() and line.text.strip() in bold
            for line in parsed.lines
            if line.side == "note"
        ), name
        # the copy button's selector finds the transcript
        assert block.select_one("div.highlight > pre.smtp-transcript") is not None


@pytest.mark.parametrize(
    ("option", "shown"),
    [("", True), (":show-credentials: yes", True), (":show-credentials: no", False)],
)
def test_show_credentials_is_yes_or_no(make_app, tmp_path, option, shown):
    text = "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: YWxpY2U=\nS: 235 ok"
    options = f"   {option}\n" if option else "   :show-credentials:\n"
    app = make_app(
        "html", srcdir=_project(tmp_path, {"index.rst": "T\n=\n\n" + _block(text, options)})
    )
    app.build()
    assert ("YWxpY2U=" in soup(app).select_one("pre").get_text()) is shown
    assert warnings(app) == ""


def test_myst_show_credentials_false_masks(make_app, tmp_path):
    page = (
        "# T\n\n```{smtp-session}\n:show-credentials: false\n\n"
        "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: YWxpY2U=\nS: 235 ok\n```\n"
    )
    src = _project(tmp_path, {"index.md": page}, ', "myst_parser"')
    app = make_app("html", srcdir=src)
    app.build()
    assert "YWxpY2U=" not in (app.outdir / "index.html").read_text()
    assert "YWxpY2U=" not in (app.outdir / "_sources" / "index.md.txt").read_text()


def test_bad_options_warn_and_keep_masking(make_app, tmp_path):
    text = "C: AUTH PLAIN AGFsaWNl\nS: 235 ok"
    options = "   :show-credentials: maybe\n   :format: telnet\n"
    app = make_app(
        "html", srcdir=_project(tmp_path, {"index.rst": "T\n=\n\n" + _block(text, options)})
    )
    app.build()
    text_warnings = warnings(app)
    assert "index.rst:4: WARNING: smtp-session: :show-credentials: takes yes or no" in text_warnings
    assert "unknown :format: 'telnet'" in text_warnings
    assert "[smtpcodes.option]" in text_warnings
    assert "AGFsaWNl" not in (app.outdir / "index.html").read_text()


def test_undecidable_transcript_warns_at_its_line(make_app, tmp_path):
    page = "T\n=\n\n" + _block("hello there\nhow are you")
    app = make_app("html", srcdir=_project(tmp_path, {"index.rst": page}))
    app.build()
    assert "index.rst:6: WARNING: smtp-session: no server reply found" in warnings(app)


def test_forced_format_option(make_app, tmp_path):
    page = "T\n=\n\n" + _block("220 hi\nEHLO x\n250 ok", "   :format: plain\n")
    app = make_app("html", srcdir=_project(tmp_path, {"index.rst": page}))
    app.build()
    assert warnings(app) == ""
    assert [n.get_text() for n in soup(app).select("pre .smtp-ref")] == ["220", "250"]


def test_the_directive_masks_even_without_the_source_masking(make_app, tmp_path, monkeypatch):
    # Two guards: the source text is masked at source-read, and the directive
    # masks what it is given. Here the first is switched off.
    from sphinx_smtpcodes.sphinxext import session

    monkeypatch.setattr(session, "mask_source", lambda text, markdown=False: text)
    text = "C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\nC: YWxpY2U=\nS: 235 ok"
    app = make_app("html", srcdir=_project(tmp_path, {"index.rst": "T\n=\n\n" + _block(text)}))
    app.build()
    assert "YWxpY2U=" not in soup(app).select_one("pre").get_text()


@pytest.mark.parametrize(("language", "success"), [("en", "succeeded"), ("ko", "성공")])
def test_a_successful_auth_explains_2_7_0_as_success(language, success):
    """The legend of an ordinary AUTH (issue 11): 2.7.0 after 235 is a success."""
    from sphinx_smtpcodes.content.session import session_legend
    from sphinx_smtpcodes.readers.transcript import parse_transcript
    from sphinx_smtpcodes.registry import load_registry

    transcript = parse_transcript(
        "S: 220 mail.example.org ESMTP\n"
        "C: EHLO client.example\n"
        "S: 250-mail.example.org\n"
        "S: 250 AUTH PLAIN\n"
        "C: AUTH PLAIN AGFsaWNlAHNlY3JldA==\n"
        "S: 235 2.7.0 Authentication successful\n"
    )
    legend = {item.code: item for item in session_legend(transcript, load_registry(language))}
    assert success in legend["2.7.0"].summary
    assert "problem" not in legend["2.7.0"].summary
