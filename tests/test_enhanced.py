"""Enhanced status codes, full replies and non-standard codes, end to end."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sphinx_smtpcodes.registry import load_registry

from .conftest import soup, warnings

IANA = Path(__file__).resolve().parent.parent / "tools" / "sources"
NS = {"i": "http://www.iana.org/assignments"}


def iana_records() -> list[tuple[str, str, str]]:
    """(code, sample text, basic codes) of every enumerated IANA record."""
    root = ET.parse(IANA / "iana-smtp-enhanced-status-codes.xml").getroot()
    table = root.find("i:registry[@id='smtp-enhanced-status-codes-3']", NS)
    return [
        (
            r.findtext("i:code", namespaces=NS),
            r.findtext("i:sample", default="", namespaces=NS),
            r.findtext("i:basic_code", default="", namespaces=NS),
        )
        for r in table.findall("i:record", NS)
    ]


@pytest.fixture(scope="module")
def registry():
    return load_registry("en")


def test_every_iana_code_is_in_the_registry_with_its_facts(registry):
    import re

    records = iana_records()
    assert len(records) > 80
    for code, sample, basic in records:
        entry = registry.get(code)
        assert entry is not None, code
        assert entry.description and entry.when and entry.fix, code
        if sample:
            assert entry.name == " ".join(sample.split()), code
        expected = re.findall(r"\b[2-5]\d\d\b", basic)
        assert list(entry.basic) == expected, code
        assert any(r.iana or r.rfc or r.draft for r in entry.references), code


def test_concrete_codes_bind_the_pattern_to_a_class(registry):
    for code, *_ in iana_records():
        for klass in "45":
            concrete = registry.get(klass + code[1:])
            assert concrete is not None and concrete.pattern == code
            assert concrete.class_pattern == f"{klass}.X.X"


def test_deprecated_and_draft_codes_are_marked(registry):
    assert registry.get("X.6.10").status == "deprecated"
    assert registry.get("X.7.28").status == "draft"


def test_full_reply_explains_both_parts_and_consistency(registry):
    found = registry.explain_reply("550 5.1.1 <bob@example.org>: Recipient address rejected")
    assert found.reply.code == "550" and found.enhanced.code == "5.1.1"
    assert found.consistent
    assert not registry.explain_reply("550 4.1.1").consistent


def test_nonstandard_codes_are_marked_with_their_source(registry):
    for entry in registry:
        if not entry.standard:
            assert entry.origin, entry.code
            # a source a reader can open: a vendor page, or the RFC (355: RFC 1845)
            assert any(r.href for r in entry.references), entry.code
    assert not registry.get("571").standard
    assert registry.get("5.7.610").code == "5.7.606-649"  # a vendor range


def test_vendor_meanings_that_clash_say_why(registry):
    clashes = [v for v in registry.variants if v.conflicts]
    assert clashes
    for variant in clashes:
        assert variant.clash and variant.references, variant.code


@pytest.mark.sphinx("html", testroot="enhanced", freshenv=True)
def test_enhanced_codes_and_replies_in_html(built):
    page = soup(built)
    assert warnings(built) == ""
    reply = page.select_one("#smtp-550-5-1-1")
    assert "agrees with the reply code 550" in reply.get_text()
    titles = [t.get_text(" ", strip=True) for t in reply.select(".smtp-part-title")]
    assert titles == ["550 Mailbox Unavailable", "5.1.1 Bad destination mailbox address"]
    inconsistent = [b for b in page.select("div.smtp-inconsistent")]
    assert inconsistent and "does not agree" in inconsistent[0].get_text()
    block = page.select_one("#smtp-5-7-1")
    assert "5.X.X Permanent Failure" in block.select_one(".smtp-class-line").get_text()
    assert "Security or Policy Status" in block.select_one(".smtp-class-line").get_text()
    nonstandard = page.select_one("#smtp-571")
    assert "smtp-nonstandard" in nonstandard["class"]
    assert "non-standard" in nonstandard.select_one(".smtp-badge").get_text()
    body = page.select_one("div.body")
    links = {a.get_text(strip=True): a["href"] for a in body.select("p a.reference.internal")}
    assert links["550 5.1.1"] == "#smtp-550-5-1-1"
    assert links["5.7.1"] == "#smtp-5-7-1"
    assert links["571"] == "#smtp-571"
    # codes without a block link to their source, with the summary as tooltip
    outside = {a.get_text(strip=True): a for a in body.select("p a.reference.external")}
    assert outside["4.1.1"]["href"].startswith(
        "https://www.iana.org/assignments/smtp-enhanced-status-codes/"
    )
    assert outside["5.7.708"]["href"].startswith("https://learn.microsoft.com/")
    assert outside["5.7.610"]["href"].startswith("https://learn.microsoft.com/")
    assert all(outside[c]["title"] for c in ("4.1.1", "5.7.708", "5.7.610"))
    compare = page.select("div.smtp-compare")
    differences = compare[0].get_text(" ", strip=True)
    assert "Addressing Status" in differences and "Security or Policy Status" in differences
    assert "No RFC defines 571" in compare[1].get_text(" ", strip=True)


@pytest.mark.sphinx("html", testroot="enhanced", freshenv=True)
def test_enhanced_codes_in_the_inventory(built):
    domain = built.env.get_domain("smtp")
    kinds = {name: kind for name, _d, kind, *_ in domain.get_objects()}
    assert kinds["550 5.1.1"] == "reply"
    assert kinds["5.7.1"] == "enhanced"
    assert kinds["571"] == "code"
