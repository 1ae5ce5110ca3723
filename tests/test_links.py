"""Links the writer controls: vendor notes, outside links of blocks, bad values."""

from __future__ import annotations

import pytest

from .conftest import soup, warnings


def _block(app):
    return soup(app, "reference").select_one("#smtp-450")


def _term(block, label):
    for dt in block.select("dl.smtp-details > dt"):
        if dt.get_text(strip=True) == label:
            return dt.find_next_sibling("dd")
    return None


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_blocks_show_every_vendor_by_default(built):
    vendors = _term(_block(built), "Vendor meanings")
    text = vendors.get_text(" ", strip=True)
    assert "Google" in text and "Postgrey" in text


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"smtpcodes_vendor_notes": False}
)
def test_vendor_notes_false_hides_every_vendor(built):
    block = _block(built)
    assert _term(block, "Vendor meanings") is None
    assert "Postgrey" not in block.get_text()
    assert warnings(built) == ""


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"smtpcodes_vendor_notes": ["google"]}
)
def test_vendor_notes_list_keeps_only_those_vendors(built):
    vendors = _term(_block(built), "Vendor meanings")
    items = [li.get_text(" ", strip=True) for li in vendors.select("li")] or [vendors.get_text()]
    assert len(items) == 1 and items[0].startswith("Google Gmail")
    assert warnings(built) == ""


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={"smtpcodes_vendor_notes": ["google", "Sendmail Inc."]},
)
def test_vendor_notes_naming_no_vendor_warns(built):
    text = warnings(built)
    assert "no vendor of the registry is called 'Sendmail Inc.'" in text
    assert "[smtpcodes.config]" in text and "google" not in text.lower().split("called")[0]


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"smtpcodes_external_links": "standards"}
)
def test_external_links_standards_keeps_rfc_and_iana_only(built):
    block = _block(built)
    hosts = {a["href"].split("/")[2] for a in block.select("a.reference.external")}
    assert hosts <= {"www.rfc-editor.org", "www.iana.org"}, hosts
    assert "www.rfc-editor.org" in hosts
    # a vendor page is still cited, as text
    cited = [s.get_text() for s in block.select("span.smtp-source")]
    assert any("Google Workspace Admin Help" in c for c in cited)
    assert warnings(built) == ""


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"smtpcodes_external_links": "none"}
)
def test_external_links_none_leaves_blocks_without_outside_links(built):
    for page in ("reference", "troubleshooting"):
        for block in soup(built, page).select("div.smtp-code, div.smtp-compare"):
            assert not block.select("a.reference.external"), page
    assert "RFC 5321 §4.2.3" in _term(_block(built), "Defined in").get_text()
    # a mention the writer typed still follows smtpcodes_mention_links
    body = soup(built, "troubleshooting").select_one("div.body")
    typed = [a for a in body.select("p > a.reference.external") if a.get_text() == "550"]
    assert typed and typed[0]["href"].startswith("https://www.rfc-editor.org/")


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={
        "smtpcodes_mention_links": "https://example.org/{nope}",
        "smtpcodes_external_links": "some",
        "smtpcodes_vendor_notes": "Google",
    },
)
def test_bad_link_settings_warn_and_fall_back_to_defaults(built):
    text = warnings(built)
    for name in ("smtpcodes_mention_links", "smtpcodes_external_links", "smtpcodes_vendor_notes"):
        assert name in text
    assert text.count("[smtpcodes.config]") >= 3
    body = soup(built, "troubleshooting").select_one("div.body")
    assert any(
        a["href"].startswith("https://www.rfc-editor.org/")
        for a in body.select("p > a.reference.external")
    )


# -- the bundled data's outside addresses ---------------------------------------------

#: Hosts whose https address could not be confirmed from here: plain http is allowed
#: for these only, so that a new http:// address in the data fails this test.
HTTP_ONLY = {"hcpnet.free.fr", "www.indovps.com", "www.sqlserverf1.com"}
#: Where the vendor's own page exists, these third-party pages are not cited beside it.
VENDOR_HOSTS = {"support.google.com", "postmaster.yahooinc.com", "learn.microsoft.com"}
THIRD_PARTY = {
    "sendgrid.com",
    "dmarcpal.com",
    "www.suped.com",
    "relaymetry.com",
    "smtpfieldmanual.com",
    "conetix.com.au",
    "mailflowauthority.com",
    "secuserve.zammad.com",
    "www.smtp-error-codes.info",
    "www.cozahost.com",
}


def _reference_lists():
    from sphinx_smtpcodes.registry import load_registry

    registry = load_registry("en")
    for entry in registry:
        yield entry.code, entry.references
        for meaning in entry.meanings:
            yield entry.code, meaning.references
    for variant in registry.variants:
        yield variant.code, variant.references


def test_export_urls_lists_every_outside_address_of_the_data():
    from .test_cli import run

    status, text = run("export", "--urls")
    assert status == 0
    listed = set(text.split())
    cited = {ref.href for _code, refs in _reference_lists() for ref in refs if ref.href}
    assert cited <= listed
    # and the pages mentions link to without a block (IANA's table of codes)
    assert (
        "https://www.iana.org/assignments/smtp-enhanced-status-codes/"
        "smtp-enhanced-status-codes.xhtml#smtp-enhanced-status-codes-3" in listed
    )
    status, text = run("export")
    import json

    urls = {u["url"]: u for u in json.loads(text)["urls"]}
    assert set(urls) == listed
    assert urls["https://www.rfc-editor.org/rfc/rfc5321.html#section-4.2.3"]["standard"] is True
    assert "450" in urls["https://www.rfc-editor.org/rfc/rfc5321.html#section-4.2.3"]["codes"]


def test_bundled_sources_use_https_and_the_vendors_own_pages():
    from urllib.parse import urlsplit

    for code, refs in _reference_lists():
        hosts = {urlsplit(ref.href).hostname for ref in refs if ref.href}
        for ref in refs:
            if ref.href.startswith("http://"):
                assert urlsplit(ref.href).hostname in HTTP_ONLY, (code, ref.href)
        if hosts & VENDOR_HOSTS:
            assert not hosts & THIRD_PARTY, (code, hosts & THIRD_PARTY)
