"""``smtp-reply``: a real reply shown as typed, codes linked, explained as its server meant it."""

from __future__ import annotations

import re

import pytest

from .conftest import pdf_text, soup, warnings

pytest.importorskip("myst_parser")  # the root has a MyST page beside the reST one


def blocks(app, page: str):
    return soup(app, page).select("div.smtp-real-reply")


@pytest.mark.sphinx("html", testroot="reply", freshenv=True)
def test_the_reply_is_shown_as_typed_with_its_codes_linked(built):
    gmail = blocks(built, "rst_page")[0]
    shown = gmail.select_one("pre").get_text()
    assert shown.startswith("550-5.2.1 The user you are trying to contact")
    assert "550 5.2.1 go to https://support.google.com/mail/?p=ReceivingRatePerm - gsmtp" in shown
    links = {a.get_text(): a["href"] for a in gmail.select("pre a")}
    assert links == {"550": "index.html#smtp-550", "5.2.1": "index.html#smtp-5-2-1"}


@pytest.mark.sphinx("html", testroot="reply", freshenv=True)
def test_the_vendor_meaning_leads_then_the_standard_one(built):
    gmail = blocks(built, "rst_page")[0]
    terms = [dt.get_text(strip=True) for dt in gmail.select("dt")]
    assert terms[:3] == ["What the server meant", "Who answered", "What the standard says"]
    meant = gmail.select_one("dd").get_text(" ", strip=True)
    assert "Recipient Receiving Mail Too Fast" in meant
    assert "Mailbox disabled" not in meant  # the standard 5.2.1 follows, it does not lead
    assert "Mailbox disabled" in gmail.get_text()
    assert (
        gmail.select_one("a.smtp-source")["href"] == "https://support.google.com/a/answer/3726730"
    )
    assert "bounce-example" in gmail["class"]


@pytest.mark.sphinx("html", testroot="reply", freshenv=True)
def test_name_option_is_a_ref_target(built):
    index = soup(built, "index")
    link = index.select_one('a[href^="rst_page.html#gmail-rate"]')
    assert link is not None and "Recipient Receiving Mail Too Fast" in link.get_text()


@pytest.mark.sphinx("html", testroot="reply", freshenv=True)
def test_redact_masks_addresses_consistently_and_keeps_the_meaning(built):
    page = (built.outdir / "rst_page.html").read_text(encoding="utf-8")
    sources = [
        (built.outdir / "_sources" / name).read_text(encoding="utf-8")
        for name in ("rst_page.rst.txt", "md_page.md.txt")
    ]
    doctree = str(built.env.get_doctree("rst_page"))
    for private in ("192.0.2.1", "bob@example.org", "alice@example.net", "mx.example.org"):
        assert private not in page
        assert all(private not in text for text in sources)  # "show source" too
        assert private not in doctree
    greylist, relay = blocks(built, "rst_page")[1:3]
    first, second = greylist.select_one("pre").get_text(), relay.select_one("pre").get_text()
    assert "host-1.invalid[ip-1] said: 450 4.7.1 <user-1@host-2.invalid>" in first
    # the same address and IP keep their placeholders in the next reply of the page
    assert "unknown[ip-1]" in second and "<user-1@host-2.invalid>: Relay access denied" in second
    assert "Greylisted (Postgrey)" in greylist.get_text()
    assert "RCPT TO" in greylist.get_text()


@pytest.mark.sphinx("html", testroot="reply", freshenv=True)
def test_problems_are_located_warnings_and_notes(built):
    text = warnings(built)
    assert re.search(
        r"problems\.rst:4: WARNING: smtp-reply: 5\.1\.351 is not in the registry.*"
        r"\[smtpcodes\.unknown\]",
        text,
    )
    assert re.search(
        r"problems\.rst:8: WARNING: smtp-reply: the multi-line reply is unfinished"
        r".*\[smtpcodes\.reply\]",
        text,
    )
    unknown, unfinished, several = blocks(built, "problems")
    assert "5.1.351 is not in the registry" in unknown.get_text()
    assert "250-" in unfinished.select_one("pre").get_text()
    notes = several.get_text(" ", strip=True)
    assert "several replies (220, 421)" in notes and "the last one, 421" in notes
    assert text.count("WARNING") == 3  # and nothing for the several replies


@pytest.mark.sphinx("html", testroot="reply", freshenv=True)
def test_a_mention_with_an_unknown_part_warns_and_still_links_the_known_code(built):
    assert re.search(
        r"problems\.rst:17: WARNING: unknown part '5\.1\.351' of SMTP reply '550 5\.1\.351' "
        r"in :smtp: role; it links to 550 \[smtpcodes\.unknown\]",
        warnings(built),
    )
    mention = soup(built, "problems").find("span", string="550 5.1.351")
    assert mention.parent.name == "a" and mention.parent["href"] == "index.html#smtp-550"


@pytest.mark.sphinx("html", testroot="reply", freshenv=True)
def test_myst_renders_the_same_blocks_as_rest(built):
    def texts(page):
        return [b.get_text(" ", strip=True) for b in blocks(built, page)]

    assert texts("md_page") == texts("rst_page")


@pytest.mark.sphinx("html", testroot="reply", freshenv=True, confoverrides={"language": "ko"})
def test_korean(built):
    gmail = blocks(built, "rst_page")[0]
    terms = [dt.get_text(strip=True) for dt in gmail.select("dt")]
    assert terms[:3] == ["서버가 뜻한 것", "응답한 곳", "표준이 말하는 것"]
    assert "수신자가 메일을 너무 빨리 받는 중" in gmail.get_text()


@pytest.mark.sphinx("text", testroot="reply", freshenv=True)
def test_text_builder(built):
    text = (built.outdir / "rst_page.txt").read_text(encoding="utf-8")
    assert "550-5.2.1 The user you are trying to contact" in text
    assert "What the server meant" in text and "Relay Access Denied" in text


@pytest.mark.sphinx("latex", testroot="reply", freshenv=True)
def test_pdf_shows_the_reply_and_its_meaning(built):
    flat = " ".join(pdf_text(built, "reply.pdf").split())
    assert "550-5.2.1 The user you are trying to contact" in flat
    assert "Recipient Receiving Mail Too Fast" in flat
    assert "192.0.2.1" not in flat


@pytest.mark.sphinx("html", testroot="reply", freshenv=True)
def test_a_session_legend_says_what_a_recognised_vendor_meant(built):
    legend = soup(built, "session").select_one("dl.smtp-legend").get_text(" ", strip=True)
    assert "550 Mailbox Unavailable" in legend  # the standard meaning, as before
    assert "Recipient Receiving Mail Too Fast (Google Gmail / Google Workspace)" in legend


@pytest.mark.parametrize("builder", ["singlehtml", "epub", "man", "texinfo"])
def test_every_builder_renders_the_reading(make_app, rootdir, tmp_path, builder):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-reply", src)
    app = make_app(builder, srcdir=src, freshenv=True)
    app.build()
    written = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in app.outdir.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xhtml", ".1", ".texi")
    )
    assert "Recipient Receiving Mail Too Fast" in written
    assert "192.0.2.1 " not in written and "bob@example.org" not in written
    assert "Traceback" not in warnings(app)
