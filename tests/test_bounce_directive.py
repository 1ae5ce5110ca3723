"""``smtp-bounce``: a bounce message explained per recipient, in every builder.

The root ``test-bounce`` holds the same bounces in reST (``rst_page``) and
MyST (``md_page``): a Postfix DSN as content, an Exim bounce from a file,
redacted, next to a redacted ``smtp-reply`` naming the same recipient, and a
CRLF DSN with two recipients; ``problems`` holds bad input.
"""

from __future__ import annotations

import re

import pytest

from .conftest import pdf_text, soup, warnings

pytest.importorskip("myst_parser")  # the root has a MyST page beside the reST one


def blocks(app, page: str = "rst_page"):
    return soup(app, page).select("div.smtp-bounce")


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_summary_says_who_reported_what_and_when(built):
    postfix = blocks(built)[0]
    assert postfix.select_one(".smtp-title").get_text() == (
        "Bounce report from mail.example.net (Postfix)"
    )
    summary = [p.get_text() for p in postfix.select("p.smtp-bounce-summary")]
    assert summary == [
        "mail.example.net (Postfix) sent this report on Tue, 3 Mar 2026 09:12:40 +0900 (JST) "
        "about the message “Minutes of the Tuesday meeting”.",
        "Delivery failed for bob@example.com.",
    ]
    assert "bounce-example" in postfix["class"]


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_table_per_recipient_with_the_reply_explained_and_linked(built):
    postfix = blocks(built)[0]
    table = postfix.select_one("table.smtp-bounce-table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Recipient",
        "Action",
        "Status",
        "Remote server's reply",
    ]
    (row,) = table.select("tbody tr")
    address, action, status, reply = row.select("td")
    assert address.get_text(strip=True) == "bob@example.com"
    assert action.select_one("p").get_text() == "failed"
    assert "has stopped trying" in action.get_text()  # RFC 3464's meaning of "failed"
    assert status.select_one("a")["href"] == "index.html#smtp-5-1-1"
    quoted = reply.select_one("p.smtp-bounce-reply")
    assert " ".join(quoted.get_text().split()).startswith(
        "550 5.1.1 <bob@example.com>: Recipient address rejected"
    )
    links = {a.get_text(): a["href"] for a in quoted.select("a")}
    assert links == {"550": "index.html#smtp-550", "5.1.1": "index.html#smtp-5-1-1"}
    explained = reply.get_text(" ", strip=True)
    assert "550 Mailbox Unavailable" in explained
    assert "Remote server: mx1.example.com" in explained


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_what_to_do_is_a_plain_sentence(built):
    postfix, _exim, two = blocks(built)
    advice = postfix.select_one("p.smtp-bounce-advice").get_text()
    assert advice.startswith("Do not send the message again unchanged.")
    items = [li.get_text(" ", strip=True) for li in two.select("ul.smtp-bounce-advice li")]
    assert [item.split(" :")[0] for item in items] == ["heidi@example.com", "ivan@example.com"]
    assert "mailbox is full" in items[0]


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_original_message_is_folded_away_in_html(built):
    postfix = blocks(built)[0]
    details = postfix.select_one("div.smtp-bounce-original > details")
    assert details is not None and not details.has_attr("open")
    assert details.select_one("summary").get_text() == "Original message"
    shown = details.select_one("pre").get_text()
    assert "Subject: Minutes of the Tuesday meeting" in shown
    assert details.select_one("pre span.n") is None  # not highlighted as code


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_redact_masks_summary_table_and_original_consistently(built):
    exim = blocks(built)[1]
    page = str(soup(built, "rst_page"))
    for private in ("rupert@example.com", "sybil@example.net", "192.0.2.61", "photos-0309"):
        assert private not in page
    summary = exim.select("p.smtp-bounce-summary")[1].get_text()
    assert summary == "Delivery failed for user-1@host-1.invalid and user-2@host-3.invalid."
    first_row = exim.select("table.smtp-bounce-table tbody tr")[0]
    assert first_row.select_one("td").get_text(strip=True) == "user-1@host-1.invalid"
    assert "<user-1@host-1.invalid>: Recipient address rejected" in first_row.get_text()
    original = exim.select_one("details pre").get_text()
    assert "To: user-1@host-1.invalid, user-2@host-3.invalid" in original
    assert "Message-Id: <message-1@redacted.invalid>" in original
    # The page's smtp-reply block names the same recipient: same placeholder.
    reply = soup(built, "rst_page").select_one("div.smtp-real-reply pre").get_text()
    assert "<user-1@host-1.invalid>: User unknown" in reply
    # The codes are still explained as the unredacted reply meant them.
    assert first_row.select_one("td:nth-of-type(3) a")["href"] == "index.html#smtp-5-1-1"


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_file_option_is_relative_to_the_page_and_a_dependency(built):
    two = blocks(built)[2]
    assert two.select_one(".smtp-title").get_text() == "Two failures"  # :caption:
    rows = [tr.select_one("td").get_text(strip=True) for tr in two.select("tbody tr")]
    assert rows == ["heidi@example.com", "ivan@example.com"]  # read from a CRLF file
    dependencies = {str(path) for path in built.env.dependencies["rst_page"]}
    assert any(path.endswith("bounces/exim.eml") for path in dependencies)
    assert any(path.endswith("bounces/crlf.eml") for path in dependencies)


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_name_option_is_a_ref_target(built):
    link = soup(built, "index").select_one('a[href^="rst_page.html#postfix-bounce"]')
    assert link is not None


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_bad_input_gives_located_warnings_and_the_build_goes_on(built):
    text = warnings(built)
    expected = [
        (4, r"smtp-bounce cannot read the file 'bounces/missing\.eml': no such file"),
        (7, r"smtp-bounce needs a message as its content or a :file: option"),
        (9, r"smtp-bounce: the message is not a bounce \(ordinary\)"),
        (17, r"smtp-bounce cannot read the message: the input does not start with a header"),
    ]
    for line, message in expected:
        assert re.search(
            rf"problems\.rst:{line}: WARNING: {message}.*\[smtpcodes\.bounce\]", text
        ), message
    assert re.search(r"problems\.rst:21: WARNING: .*:redact:.*\[smtpcodes\.option\]", text)
    assert text.count("WARNING") == 5
    shown = blocks(built, "problems")
    titles = [b.select_one(".smtp-title").get_text() for b in shown]
    assert titles[0] == "Not a bounce"
    # An unreadable :redact: value redacts.
    assert re.fullmatch(r"Bounce report from host-[0-9]+\.invalid \(qmail\)", titles[1])
    assert "victor@example.com" not in str(shown[1])


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True)
def test_myst_renders_the_same_blocks_as_rest(built):
    def texts(page):
        return [b.get_text(" ", strip=True) for b in blocks(built, page)]

    rst, md = texts("rst_page"), texts("md_page")
    assert len(rst) == 3
    assert md == rst


@pytest.mark.sphinx("html", testroot="bounce", freshenv=True, confoverrides={"language": "ko"})
def test_korean(built):
    postfix = blocks(built)[0]
    assert postfix.select_one(".smtp-title").get_text() == (
        "mail.example.net (Postfix)의 반송 보고"
    )
    heads = [th.get_text(strip=True) for th in postfix.select("thead th")]
    assert heads == ["수신자", "조치", "상태", "원격 서버의 응답"]
    assert postfix.select_one("tbody td:nth-of-type(2) p").get_text() == "실패"
    assert postfix.select_one("summary").get_text() == "원본 메시지"
    assert "bob@example.com에게 배달하지 못했습니다." in postfix.get_text()


@pytest.mark.sphinx("text", testroot="bounce", freshenv=True)
def test_text_builder_shows_the_original_as_a_literal_block(built):
    text = (built.outdir / "rst_page.txt").read_text(encoding="utf-8")
    assert "Bounce report from mail.example.net (Postfix)" in text
    assert "What to do" in text and "Original message" in text
    assert "   Subject: Minutes of the Tuesday meeting" in text  # indented: a literal block
    assert "<details" not in text


@pytest.mark.sphinx("latex", testroot="bounce", freshenv=True)
def test_latex_has_no_html_and_keeps_the_original(built):
    tex = (built.outdir / "bounce.tex").read_text(encoding="utf-8")
    assert "details" not in tex
    assert "Original message" in tex
    assert "Minutes of the Tuesday meeting" in tex
    # the recipients table may break between rows, and an address in a narrow
    # column may break after its @ and dots instead of running into the next one
    table = tex[tex.index("Recipient") - 2000 : tex.index("Recipient") + 3000]
    assert r"\begin{longtable}" in table
    assert r"@\allowbreak{}example.\allowbreak{}com" in tex


@pytest.mark.sphinx("latex", testroot="bounce", freshenv=True)
def test_pdf_shows_the_bounce_redacted_and_explained(built):
    flat = " ".join(pdf_text(built, "bounce.pdf").split())
    assert "Bounce report from mail.example.net (Postfix)" in flat
    assert "Delivery failed for bob@example.com." in flat
    assert "550 Mailbox Unavailable" in flat
    assert "Delivery failed for user-1@host-1.invalid and user-2@host-3.invalid." in flat
    assert "rupert@example.com" not in flat and "192.0.2.61" not in flat


@pytest.mark.parametrize(
    ("builder", "pattern"),
    [
        ("man", "*.1"),
        ("texinfo", "*.texi"),
        ("singlehtml", "index.html"),
        ("epub", "rst_page.xhtml"),
    ],
)
def test_every_builder_shows_the_bounce(make_app, rootdir, tmp_path, builder, pattern):
    import shutil

    source = tmp_path / "src"
    shutil.copytree(rootdir / "test-bounce", source)
    app = make_app(builder, srcdir=source)
    app.build()
    (output,) = app.outdir.glob(pattern)
    text = output.read_text(encoding="utf-8")
    assert "Bounce report from mail.example.net (Postfix)" in text
    assert "Original message" in text
    assert "Minutes of the Tuesday meeting" in text
    # <details> only where HTML is written.
    assert ("<details" in text) == (builder in ("singlehtml", "epub"))
