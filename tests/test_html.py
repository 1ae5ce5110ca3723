"""What a reader sees in HTML: the comparison, the code blocks, the mentions."""

from __future__ import annotations

import pytest

from .conftest import soup, warnings


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_compare_lists_both_classes_in_title_lead_and_table(built):
    page = soup(built, "troubleshooting")
    block = page.select_one("div.smtp-compare")
    title = block.select_one(".smtp-title").get_text()
    assert title == "SMTP 334 Server Challenge vs 450 Mailbox Unavailable"
    lead = block.select_one(".smtp-lead").get_text()
    assert "3xx Positive Intermediate" in lead and "4xx Transient Negative Completion" in lead
    table = block.select_one("table.smtp-compare-table")
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headers[1:] == ["334 Server Challenge", "450 Mailbox Unavailable"]
    rows = {tr.select_one("th").get_text(strip=True): tr for tr in table.select("tbody tr")}
    assert list(rows) == [
        "Class",
        "Meaning",
        "When you see this code",
        "How to fix it",
        "Who acts next / retry?",
        "Commands",
        "Defined in",
    ]
    assert [td.get_text(strip=True) for td in rows["Class"].select("td")] == [
        "3xx Positive Intermediate",
        "4xx Transient Negative Completion",
    ]
    assert "base64" in rows["Meaning"].select("td")[0].get_text().lower()
    assert "AUTH" in rows["Commands"].select("td")[0].get_text()
    assert "RFC 4954" in rows["Defined in"].select("td")[0].get_text()
    assert table.find("caption") is not None


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_compare_key_differences_come_from_the_data(built):
    block = soup(built, "troubleshooting").select_one("div.smtp-compare")
    differences = [li.get_text(" ", strip=True) for li in block.select("ul.smtp-differences li")]
    text = " ".join(differences)
    assert "authentication" in text  # 334's phase
    assert "envelope" in text  # 450's phase
    # who acts after 450: said in the table's row, not again in the differences
    row = block.select_one("tr.smtp-row-next").get_text(" ", strip=True)
    assert "tries again later" in row and "tries again later" not in text
    guidance = [dt.get_text(" ", strip=True) for dt in block.select("dl.smtp-guidance dt")]
    assert guidance == ["334 Server Challenge", "450 Mailbox Unavailable"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_mentions_link_across_pages_with_tooltip(built):
    page = soup(built, "troubleshooting")
    body = page.select_one("div.body")
    links = {a.get_text(" ", strip=True): a for a in body.select("p > a.reference.internal")}
    assert links["450"]["href"] == "reference.html#smtp-450"
    assert links["the AUTH challenge"]["href"] == "reference.html#smtp-334"
    assert "temporar" in links["450"]["title"].lower() or "later" in links["450"]["title"].lower()
    assert links["334"]["href"] == "reference.html#smtp-334"


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_unlinked_mentions_keep_their_tooltip(built):
    body = soup(built, "troubleshooting").select_one("div.body")
    abbrs = {a.get_text(strip=True): a for a in body.select("abbr.smtp-ref")}
    assert "450" in abbrs  # :smtp:`!450`
    assert abbrs["450"]["title"]
    assert not body.find("a", href=lambda h: h and "smtp-550" in h)


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_mention_without_a_block_links_to_its_rfc_section(built):
    body = soup(built, "troubleshooting").select_one("div.body")
    links = {a.get_text(strip=True): a for a in body.select("p a.reference.external")}
    # no block documents 550: RFC 5321 defines it (§4.2.2 lists the codes)
    assert links["550"]["href"].startswith("https://www.rfc-editor.org/rfc/rfc5321.html#section-")
    assert "mailbox" in links["550"]["title"].lower()
    assert links["550"].select_one("span.smtp.smtp-ref") is not None


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={"smtpcodes_mention_links": None},
)
def test_mention_links_none_leaves_codes_without_a_block_unlinked(built):
    body = soup(built, "troubleshooting").select_one("div.body")
    abbrs = {a.get_text(strip=True): a for a in body.select("abbr.smtp-ref")}
    assert abbrs["550"]["title"]
    assert not [a for a in body.select("a.reference.external") if a.select("span.smtp-ref")]


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={"smtpcodes_mention_links": "https://codes.example.org/smtp/{code}.html#{id}"},
)
def test_mention_links_template_points_at_a_hosted_reference(built):
    body = soup(built, "troubleshooting").select_one("div.body")
    links = {a.get_text(strip=True): a["href"] for a in body.select("p a.reference.external")}
    assert links["550"] == "https://codes.example.org/smtp/550.html#smtp-550"
    internal = {a.get_text(strip=True): a["href"] for a in body.select("p a.reference.internal")}
    assert internal["450"] == "reference.html#smtp-450"  # a block of the project still wins


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_code_block_shows_every_part_and_the_note(built):
    block = soup(built, "reference").select_one("#smtp-450")
    assert "smtp-code" in block["class"] and "house" in block["class"]
    assert block.select_one(".smtp-title").get_text(strip=True) == "450 Mailbox Unavailable"
    assert "4xx Transient Negative Completion" in block.select_one(".smtp-class-line").get_text()
    terms = [dt.get_text(strip=True) for dt in block.select("dl.smtp-details > dt")]
    for label in (
        "Description",
        "When you see this code",
        "How to fix it",
        "Related codes",
        "Typical enhanced status codes",
        "Defined in",
    ):
        assert label in terms
    note = block.select_one(".smtp-note")
    assert "greylists unknown senders" in note.get_text()
    defined_in = next(
        dt for dt in block.select("dl.smtp-details > dt") if dt.get_text(strip=True) == "Defined in"
    )
    rfc = defined_in.find_next_sibling("dd").select_one("a.reference.external")
    assert rfc["href"].startswith("https://www.rfc-editor.org/rfc/rfc5321.html#section-")


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_no_index_block_is_not_a_target(built):
    page = soup(built, "reference")
    assert page.select_one("#smtp-421") is None
    blocks = [
        b.select_one(".smtp-title").get_text(strip=True) for b in page.select("div.smtp-code")
    ]
    assert any(title.startswith("421") for title in blocks)


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_name_option_gives_ref_labels(built):
    links = soup(built, "troubleshooting").select("div.body a.reference.internal")
    texts = {a.get_text(strip=True): a["href"] for a in links}
    assert texts["SMTP 334 Server Challenge vs 450 Mailbox Unavailable"] == "#cmp-334-450"
    assert texts["450 Mailbox Unavailable"] == "reference.html#code-450"


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_basic_project_builds_without_warnings(built):
    assert warnings(built) == ""
    assert (built.outdir / "_static" / "smtpcodes.css").is_file()
    assert soup(built, "troubleshooting").find("link", href=lambda h: h and "smtpcodes.css" in h)


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_objects_inventory_lists_documented_codes(built):
    from sphinx.util.inventory import InventoryFile

    with open(built.outdir / "objects.inv", "rb") as f:
        inventory = InventoryFile.load(f, "https://example.org", lambda base, uri: f"{base}/{uri}")
    data = inventory.data if hasattr(inventory, "data") else inventory
    codes = data["smtp:code"]
    assert set(codes) == {"334", "450"}
    entry = codes["450"]
    uri = entry.uri if hasattr(entry, "uri") else entry[2]
    assert uri.endswith("reference.html#smtp-450")


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, confoverrides={"nitpicky": True})
def test_nitpicky_is_quiet_for_mentions_linked_to_their_source(built):
    # :smtp:`550` has no block but links to RFC 5321; related codes never warn
    assert warnings(built) == ""


@pytest.mark.sphinx(
    "html",
    testroot="basic",
    freshenv=True,
    confoverrides={"nitpicky": True, "smtpcodes_mention_links": None},
)
def test_nitpicky_warns_only_for_mentions_a_writer_typed(built):
    lines = [line for line in warnings(built).splitlines() if line.strip()]
    # :smtp:`550` has no block; the related codes inside blocks never warn
    assert len(lines) == 1, lines
    assert "troubleshooting.rst:7" in lines[0] and "target not found: 550" in lines[0]


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"smtpcodes_show_name": True}
)
def test_show_name_adds_the_name_to_mentions(built):
    body = soup(built, "troubleshooting").select_one("div.body")
    texts = [a.get_text(" ", strip=True) for a in body.select("p > a.reference.internal")]
    assert "450 Mailbox Unavailable" in texts
    assert "the AUTH challenge" in texts  # an explicit title stays as written


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_tables_have_captions_and_scoped_header_cells(built):
    table = soup(built, "troubleshooting").select_one("table.smtp-compare-table")
    assert table.find("caption").get_text(strip=True).startswith("Side-by-side comparison")
    assert table.find_parent("div", class_="smtp-scroll") is not None
    assert {th.get("scope") for th in table.select("thead th")} == {"col"}
    assert {th.get("scope") for th in table.select("tbody th")} == {"row"}


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_compare_guidance_speaks_to_the_sender_by_default(built):
    block = soup(built, "troubleshooting").select_one("div.smtp-compare")
    heading = [r.get_text(strip=True) for r in block.select("p.smtp-subtitle")]
    assert "When to use which" in heading
    guidance = block.select_one("dl.smtp-guidance").get_text(" ", strip=True)
    assert "Retry delivery after a few minutes" in guidance
    assert "Send 450 when" not in guidance


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"smtpcodes_audience": "operator"}
)
def test_compare_guidance_for_operators_from_the_configuration(built):
    block = soup(built, "troubleshooting").select_one("div.smtp-compare")
    heading = [r.get_text(strip=True) for r in block.select("p.smtp-subtitle")]
    assert "Which code to send" in heading
    assert "Send 450 when" in block.select_one("dl.smtp-guidance").get_text(" ", strip=True)


def test_compare_audience_option_overrides_the_configuration(make_app, tmp_path):
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_smtpcodes"]\n', encoding="utf-8")
    (tmp_path / "index.rst").write_text(
        "Codes\n=====\n\n.. smtp-compare:: 334 450\n   :audience: operator\n\n"
        ".. smtp-compare:: 450 550\n\n.. smtp-compare:: 450 451\n   :audience: nobody\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=tmp_path)
    app.build()
    first, second, third = soup(app).select("div.smtp-compare")
    assert "Send 450 when" in first.select_one("dl.smtp-guidance").get_text(" ", strip=True)
    assert "Retry delivery" in second.select_one("dl.smtp-guidance").get_text(" ", strip=True)
    assert "Retry delivery" in third.select_one("dl.smtp-guidance").get_text(" ", strip=True)
    assert "invalid value 'nobody' for :audience:" in warnings(app)
