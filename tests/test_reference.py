"""smtp-table, smtp-reference and the SMTP Code Index."""

from __future__ import annotations

import pytest

from sphinx_smtpcodes.content import Selection, select
from sphinx_smtpcodes.registry import load_registry

from .conftest import soup, warnings


@pytest.mark.sphinx("html", testroot="reference", freshenv=True)
def test_table_lists_the_selected_codes_with_links(built):
    tables = soup(built, "tables").select("table.smtp-table")
    first = tables[0]
    registry = load_registry("en")
    expected = [e.code for e in select(registry, Selection(reply_class="4xx", kind="reply"))]
    codes = [
        tr.select_one("td").get_text(" ", strip=True).split()[0] for tr in first.select("tbody tr")
    ]
    assert codes == expected
    link = first.select_one("tbody a.reference.internal")
    assert link["href"] == f"reference.html#smtp-{expected[0]}"
    assert link["title"]
    assert [th.get_text(strip=True) for th in first.select("thead th")] == [
        "Code",
        "Name",
        "Class",
        "Summary",
    ]
    auth = tables[1]
    assert auth.find("caption").get_text(strip=True).startswith("Authentication codes")
    auth_codes = {tr.select_one("td").get_text(" ", strip=True) for tr in auth.select("tbody tr")}
    assert {"334", "535", "X.7.8"} <= auth_codes
    listed = [tr.get_text(" ", strip=True) for tr in tables[2].select("tbody tr")]
    assert listed[2].startswith("571 [non-standard]")


@pytest.mark.sphinx("html", testroot="reference", freshenv=True)
def test_bad_filters_warn_and_render_nothing(built):
    text = warnings(built)
    assert "tables.rst:18: WARNING: invalid :code-class: '7'" in text
    assert "tables.rst:21: WARNING: unknown :category: weather" in text
    assert len(soup(built, "tables").select("table.smtp-table")) == 3


@pytest.mark.sphinx("html", testroot="reference", freshenv=True)
def test_reference_documents_every_code_under_headings(built):
    registry = load_registry("en")
    page = soup(built, "reference")
    groups = page.select("section.smtp-reference-group")
    headings = [g.find("h2").get_text(strip=True).rstrip("¶") for g in groups]
    classes = [h for h in headings if h[1:3] == "xx"]
    assert classes == [
        "2xx Positive Completion",
        "3xx Positive Intermediate",
        "4xx Transient Negative Completion",
        "5xx Permanent Negative Completion",
    ]
    for entry in registry:
        block = page.find(id=f"smtp-{entry.code.lower().replace('.', '-')}")
        assert block is not None, entry.code
    domain = built.env.get_domain("smtp")
    assert len(domain.objects) == len(registry)
    # the headings reach the table of contents
    toc = built.env.tocs["reference"].astext()
    assert "4xx Transient Negative Completion" in toc and "450 Mailbox Unavailable" in toc


@pytest.mark.sphinx("html", testroot="reference", freshenv=True)
def test_code_index_groups_documented_codes(built):
    page = soup(built, "smtp-codeindex")
    assert page.find("h1").get_text(strip=True) == "SMTP Code Index"
    text = page.get_text(" ", strip=True)
    # By class (replies and status codes of a class together), then by subject.
    headings = [h.get_text(strip=True) for h in page.select("tr.cap strong")]
    assert headings == [
        "2xx Positive Completion · 2.X.X Success",
        "3xx Positive Intermediate",
        "4xx Transient Negative Completion · 4.X.X Persistent Transient Failure",
        "5xx Permanent Negative Completion · 5.X.X Permanent Failure",
        "Enhanced status codes (any class)",
        "Not an SMTP reply class",
    ]
    assert "X.1.X Addressing Status" in text
    rows = [tr.get_text(" ", strip=True) for tr in page.select("table.indextable tr")]
    at = rows.index("X.1.X Addressing Status")
    assert rows[at + 1].startswith("X.1.0") and rows[at - 1].startswith("X.0.0")
    link = page.find("a", href="reference.html#smtp-450")
    assert link is not None
    assert "Mailbox Unavailable" in link.find_parent("tr").get_text()
    general = soup(built, "genindex").get_text(" ", strip=True)
    assert "450 Mailbox Unavailable" in general


def test_code_index_can_be_switched_off(make_app, rootdir, tmp_path):
    import shutil

    shutil.copytree(rootdir / "test-reference", tmp_path / "src")
    app = make_app("html", srcdir=tmp_path / "src", confoverrides={"html_domain_indices": False})
    app.build()
    assert (app.outdir / "genindex.html").exists()
    assert not (app.outdir / "smtp-codeindex.html").exists()


@pytest.mark.sphinx("latex", testroot="reference", freshenv=True)
def test_latex_has_long_tables_and_the_index(built):
    tex = (built.outdir / "ref.tex").read_text(encoding="utf-8")
    assert r"\begin{longtable}" in tex
    assert "SMTP Code Index" in tex
    assert (
        r"\subsection{450 Mailbox Unavailable}" in tex
        or r"\section{450 Mailbox Unavailable}" in tex
    )
