"""Nothing a registry file or a writer types reaches a page unescaped.

The project file of ``test-escaping`` (``registry/evil.yaml``) puts HTML
(``<script>``, ``&amp;``, quotes), LaTeX control sequences and special
characters, and reST markup meant to smuggle raw output into every text field
of an override (450), a new code (5.7.990) and a vendor variant. The pages show
them through ``smtp-code``, ``smtp-compare``, ``smtp-table``,
``smtp-reference``, ``smtp-session`` and mentions. Every builder must show the
characters as typed: escaped in HTML and LaTeX, literal in text, in the PDF.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import require_tool, warnings

ROOT = Path(__file__).resolve().parent / "roots" / "test-escaping"
EVIL = ROOT / "registry" / "evil.yaml"

#: What the pages must show literally (each is in a field of evil.yaml or a page).
LITERALS = [
    "<script>alert(1)</script>",
    "\"dq\" 'sq' &amp; & end",
    r"\textbf{x} \input{/etc/passwd} 100% #1 a_b $x$ {y} ~t ^c \\ end",
    ".. raw:: html <script>alert(2)</script> <img src=x onerror=alert(1)>",
    "Link `x <javascript:alert(1)>`_ role :raw-html:`<b>bold</b>` sub |sub| **strong** [#]_",
    r"Fix <em>emph</em> &lt;b&gt; \end{document} \verb|x| %comment",
    r"Use <script>alert(7)</script> \input{/etc/passwd}",
    r"<i>ctx</i> \section{S}: Meaning \input{/etc/passwd} <script>alert(3)</script>",
    ":raw-html:`<u>u</u>`",
    r"Ref <script>alert(4)</script> \input{/etc/passwd} 50% #x",
    r"House \textbf{bold} <b>b</b> |sub|",
    r"New <script>alert(6)</script> code \input{/etc/passwd} $ & % # _ { } ~ ^ \\",
    r"Origin .. raw:: latex \input{/etc/passwd}",
    r"Note <script>alert(8)</script> \input{/etc/passwd}",
    r"Vendor <script>alert(9)</script> \input{/etc/passwd}",
    "Variant `y <javascript:alert(1)>`_",
    r"Variant summary &amp; <b>b</b> \textbf{v}",
    r"Clash <script>alert(10)</script> \input{/etc/passwd}",
    r"Compare <script>alert(11)</script> \input{/etc/passwd} 5% #",
    r"Table <script>alert(12)</script> \input{/etc/passwd} 5% #",
    r"Session <script>alert(13)</script> \input{/etc/passwd}",
    r"S: 220 <script>alert(14)</script> \input{/etc/passwd} ready",
    "S: 450 4.7.990 <img src=x onerror=alert(1)> 100% #1",
]
NAME_450 = "Evil <script>alert(1)</script> \"dq\" 'sq' &amp; & end"
SUMMARY_450 = r"LaTeX \textbf{x} \input{/etc/passwd} 100% #1 a_b $x$ {y} ~t ^c \\ end"
URL = 'https://example.org/a%20b?x=1&y=<q>"z"#frag'


def line_of(text: str) -> int:
    """The line of evil.yaml that holds ``text``."""
    lines = EVIL.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def built(built):
    return built


# -- the registry file ---------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="escaping", freshenv=True)
def test_only_the_unsafe_values_are_refused_each_where_it_is(built):
    lines = sorted(line for line in warnings(built).splitlines() if line.strip())
    path = Path(built.srcdir) / "registry" / "evil.yaml"
    expected = sorted(
        f"{path}:{line_of(fragment)}: WARNING: {message} [smtpcodes.registry]"
        for fragment, message in [
            (
                "javascript:alert(1)'",
                "entry 450, field 'references'[1].url: 'javascript:alert(1)' "
                "is not an http:// or https:// address",
            ),
            (
                "section:",
                "entry 450, field 'references'[2].section: expected a section number like "
                "4.2.1, got '4.2\"><script>alert(5)</script>'",
            ),
            (
                "Terminal",
                "entry 5.7.990, field 'use': contains the control character U+001B",
            ),
        ]
    )
    assert lines == expected


# -- HTML ------------------------------------------------------------------------------


def _pages(app) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in Path(app.outdir).glob("*.html")}


@pytest.mark.sphinx("html", testroot="escaping", freshenv=True)
def test_html_has_no_markup_from_the_registry(built):
    pages = _pages(built)
    assert {"index.html", "reference.html", "genindex.html", "smtp-codeindex.html"} <= set(pages)
    for name, html in pages.items():
        assert "<script>alert" not in html, name
        assert "\x1b" not in html and "\x07" not in html, name
        page = BeautifulSoup(html, "html.parser")
        for tag in page.find_all(True):
            for attribute, value in tag.attrs.items():
                assert not attribute.lower().startswith("on"), (name, tag)
                if attribute in ("href", "src", "action", "formaction"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (
                        name,
                        tag,
                    )
        # the tags written in the registry's text are text, not elements
        for tag, text in [("b", "bold"), ("b", "b"), ("u", "u"), ("i", "ctx"), ("em", "emph")]:
            assert not [t for t in page.find_all(tag) if t.get_text() == text], (name, tag)
        # Sphinx's own collapse toggle of index groups is the only image allowed
        images = [img for img in page.find_all("img") if "toggler" not in img.get("class", [])]
        assert not images, name
    index = pages["index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "&amp;amp; &amp; end" in index  # "&amp;" typed shows as "&amp;"


@pytest.mark.sphinx("html", testroot="escaping", freshenv=True)
def test_html_shows_every_character_as_typed(built):
    pages = _pages(built)
    text = one_line(BeautifulSoup(pages["index.html"], "html.parser").get_text(" "))
    missing = [literal for literal in LITERALS if one_line(literal) not in text]
    assert missing == []
    reference = BeautifulSoup(pages["reference.html"], "html.parser")
    title = reference.select_one("section#smtp-5-7-990 h2, section#smtp-5-7-990 h3")
    assert title is not None
    assert title.get_text().rstrip("¶") == r"5.7.990 House \textbf{bold} <b>b</b> |sub|"
    assert NAME_450 in BeautifulSoup(pages["smtp-codeindex.html"], "html.parser").get_text()
    # the general index separates levels with ";", so a name's own ";" becomes ","
    general = BeautifulSoup(pages["genindex.html"], "html.parser").get_text()
    assert NAME_450.replace(";", ",") in general


@pytest.mark.sphinx("html", testroot="escaping", freshenv=True)
def test_html_attributes_hold_the_exact_values(built):
    page = BeautifulSoup(_pages(built)["index.html"], "html.parser")
    # a mention's tooltip is the summary, character for character
    links = page.select('p a[href="#smtp-450"]')
    assert links and {a["title"] for a in links} == {SUMMARY_450}
    assert one_line(links[0].get_text()) == one_line(f"450 {NAME_450}")
    # the reference's address: the characters as typed, escaped in the attribute only
    refs = [a for a in page.find_all("a") if a.get_text() == one_line(LITERALS[9])]
    assert refs and {a["href"] for a in refs} == {URL}
    # the refused section leaves the RFC itself, without the hostile fragment
    rfc = [a["href"] for a in page.find_all("a") if a.get_text() == "RFC 5321"]
    assert rfc and set(rfc) == {"https://www.rfc-editor.org/rfc/rfc5321.html"}
    assert "Hostile link" not in page.get_text()


# -- LaTeX and PDF ---------------------------------------------------------------------


@pytest.mark.sphinx("latex", testroot="escaping", freshenv=True)
def test_latex_escapes_every_special_character(built):
    tex = (Path(built.outdir) / "escaping.tex").read_text(encoding="utf-8")
    # no control sequence from the registry survives as one
    for raw in (r"\input{", r"\textbf{x}", r"\textbf{bold}", r"\textbf{v}", r"\section{S}"):
        assert raw not in tex, raw
    assert r"\verb|x|" not in tex
    assert tex.count(r"\end{document}") == 1
    assert "\x1b" not in tex
    for escaped in (
        r"\textbackslash{}textbf\{x\}",
        r"\textbackslash{}input\{/etc/passwd\}",
        r"100\% \#1 a\_b \$x\$ \{y\} \textasciitilde{}t \textasciicircum{}c "
        r"\textbackslash{}\textbackslash{} end",
        r"\$ \& \% \# \_ \{ \} \textasciitilde{} \textasciicircum{} "
        r"\textbackslash{}\textbackslash{}",
        r"\textbackslash{}end\{document\} \textbackslash{}verb|x| \%comment",
        r"\textbackslash{}section\{S\}",
        r"\textless{}script\textgreater{}alert(1)\textless{}/script\textgreater{}",
        r"\textbackslash{}textbf\{bold\}",
        r"Origin .. raw:: latex \textbackslash{}input\{/etc/passwd\}",
        r"Compare \textless{}script\textgreater{}alert(11)",
        r"\&amp; \& end",
    ):
        assert escaped in tex, escaped
    # links go to the web address only, never to javascript:
    targets = re.findall(r"\\(?:sphinx)?href\{([^}]*)\}", tex)
    assert targets and not [t for t in targets if "javascript" in t.lower()], targets
    assert r"\sphinxhref{https://example.org/a\%20b?x=1\&y=" in tex


@pytest.mark.sphinx("latex", testroot="escaping", freshenv=True)
def test_pdf_compiles_and_shows_the_characters_as_typed(built):
    latexmk = require_tool("latexmk")
    pdftotext = require_tool("pdftotext")
    result = subprocess.run(
        [latexmk, "-pdf", "-interaction=nonstopmode", "-halt-on-error", "escaping.tex"],
        cwd=built.outdir,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    text = subprocess.run(
        [pdftotext, "-layout", str(Path(built.outdir) / "escaping.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = one_line(text)
    for literal in (
        r"\input{/etc/passwd}",
        "<script>alert(1)</script>",
        r"LaTeX \textbf{x}",
        "100% #1 a_b $x$ {y}",
        r"$ & % # _ { } ~ ^ \\",
        ".. raw:: html",
        "`x <javascript:alert(1)>`_",
    ):
        assert literal in flat, literal


# -- text ------------------------------------------------------------------------------


@pytest.mark.sphinx("text", testroot="escaping", freshenv=True)
def test_text_shows_every_character_as_typed(built):
    text = one_line((Path(built.outdir) / "index.txt").read_text(encoding="utf-8"))
    text += one_line((Path(built.outdir) / "reference.txt").read_text(encoding="utf-8"))
    assert "\x1b" not in text
    missing = [literal for literal in LITERALS if one_line(literal) not in text]
    assert missing == []


# -- bugs found here, kept as regression tests ------------------------------------------


@pytest.mark.sphinx("html", testroot="escaping", freshenv=True)
def test_a_semicolon_in_a_name_does_not_split_its_index_entry(built):
    page = BeautifulSoup(_pages(built)["genindex.html"], "html.parser")
    entries = [one_line(li.get_text(" ")) for li in page.select("div.body li")]
    assert not [e for e in entries if e.startswith("& end")], entries


@pytest.mark.sphinx("html", testroot="escaping", freshenv=True, confoverrides={"smartquotes": True})
def test_smart_quotes_keep_the_registry_backslashes(built):
    page = BeautifulSoup(_pages(built)["index.html"], "html.parser")
    summary = page.select_one("#smtp-450 .smtp-summary")
    assert summary.get_text() == SUMMARY_450
