"""A reference split into chapters: no duplicates, one home per code, links to it."""

from __future__ import annotations

import pytest

from .conftest import soup, warnings


@pytest.mark.sphinx("html", testroot="split", freshenv=True)
def test_split_reference_builds_without_warnings_with_autosectionlabel(built):
    # 4xx and 5xx chapters, overlapping :codes: filters, a code listed twice on a
    # page, an smtp-code block of a code a chapter lists, and autosectionlabel:
    # -W would fail on any warning
    assert warnings(built) == ""


@pytest.mark.sphinx("html", testroot="split")
def test_chapters_of_one_class_list_that_class_s_codes(built):
    four = soup(built, "codes-4xx")
    five = soup(built, "codes-5xx")
    assert four.select_one("#smtp-4-1-1") is not None and four.select_one("#smtp-x-1-1") is None
    assert five.select_one("#smtp-5-1-1") is not None and five.select_one("#smtp-x-1-1") is None
    assert "4.X.X" in four.select_one("#smtp-4-1-1").find_parent("section").h2.get_text()


@pytest.mark.sphinx("html", testroot="split")
def test_each_code_has_one_home_and_every_other_place_links_to_it(built):
    index = soup(built, "index").select_one("div.body")
    links = {a.get_text(strip=True): a["href"] for a in index.select("p a.reference.internal")}
    # the first page in the toctree that lists 450 is codes-4xx; greylisting links there
    assert links["450"] == "codes-4xx.html#smtp-450"
    assert links["5.1.1"] == "codes-5xx.html#smtp-5-1-1"
    assert links["4.1.1"] == "codes-4xx.html#smtp-4-1-1"
    assert links["550 5.1.1"] == "codes-5xx.html#smtp-5-1-1"
    # an smtp-code block is the home of its code, before any chapter
    assert links["421"] == "relay.html#smtp-421"
    grey = soup(built, "greylisting")
    pointers = grey.select("p.smtp-elsewhere")
    # 450 twice and 451 once on this page, all explained in full in codes-4xx
    assert len(pointers) == 3
    assert {a["href"] for p in pointers for a in p.select("a")} == {
        "codes-4xx.html#smtp-450",
        "codes-4xx.html#smtp-451",
    }
    assert not grey.select("#smtp-450")  # a place that is not the home is no target
    chapter = soup(built, "codes-4xx")
    (section,) = [
        s
        for s in chapter.select("section.smtp-code")
        if s.find(["h2", "h3"]).get_text().startswith("421 ")
    ]
    assert section.select_one("p.smtp-elsewhere a")["href"] == "relay.html#smtp-421"
    assert chapter.select_one("#smtp-450 p.smtp-elsewhere") is None


@pytest.mark.sphinx("html", testroot="split")
def test_inventory_and_code_index_name_each_code_once(built):
    domain = built.env.get_domain("smtp")
    objects = list(domain.get_objects())
    keys = [o[0] for o in objects]
    assert len(keys) == len(set(keys))
    homes = {o[0]: (o[3], o[4]) for o in objects}
    assert homes["450"] == ("codes-4xx", "smtp-450")
    assert homes["421"] == ("relay", "smtp-421")
    codeindex = soup(built, "smtp-codeindex").get_text()
    assert codeindex.count("450 Mailbox Unavailable") == 1


@pytest.mark.sphinx(
    "html",
    testroot="split",
    freshenv=True,
    confoverrides={"autosectionlabel_prefix_document": True},
)
def test_split_reference_with_prefixed_autosectionlabels(built):
    assert warnings(built) == ""
    labels = built.env.get_domain("std").labels
    assert "codes-4xx:450 mailbox unavailable" in labels
