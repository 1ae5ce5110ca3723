"""Korean, complete; any other language by files alone."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from sphinx_smtpcodes.content import compare, explain
from sphinx_smtpcodes.registry import load_registry
from sphinx_smtpcodes.registry.i18n import particle
from sphinx_smtpcodes.registry.loader import PROSE_FIELDS
from tools.catalogs import po_files, update

from .conftest import compile_pdf, read_pdf, soup, warnings
from .prose import doubled_words

DATA = Path(__file__).resolve().parent.parent / "sphinx_smtpcodes" / "data"
PROSE = PROSE_FIELDS
HANGUL = re.compile(r"[가-힣]")


@pytest.mark.parametrize(
    ("word", "spec", "expected"),
    [
        ("450", "은", "은"),
        ("334", "은", "는"),
        ("221", "이", "이"),
        ("235", "이", "가"),
        ("5.1.1", "을", "을"),
        ("5.7.2", "을", "를"),
        ("SMTP", "을", "를"),
        ("EHLO", "와", "와"),
        ("메일박스", "은", "는"),
        ("서버 챌린지", "은", "는"),
        ("응답", "과", "과"),
        ("550", "으로", "으로"),
        ("551", "으로", "로"),
        ("552", "으로", "로"),
        ("URL", "이", "이"),
        ("450(메일박스 일시 사용 불가)", "은", "은"),
        ("IPv6", "을", "를"),
        ("TLS1", "이", "이"),
    ],
)
def test_particles_agree_with_how_the_word_is_read(word, spec, expected):
    assert particle(word, spec) == expected


def test_every_entry_and_field_has_korean():
    missing = []
    for source in sorted(DATA.glob("*.yaml")):
        english = yaml.safe_load(source.read_text(encoding="utf-8"))
        korean = yaml.safe_load((DATA / "locales" / "ko" / source.name).read_text("utf-8"))
        for record in english.get("codes", []):
            code = str(record["code"])
            translated = korean["codes"].get(code) or korean["codes"].get(record["code"])
            if translated is None:
                missing.append(f"{source.name}: {code}")
                continue
            for field in PROSE:
                if record.get(field) and not HANGUL.search(str(translated.get(field, ""))):
                    if field == "origin" or (field == "name" and not HANGUL.search(record[field])):
                        # names of products and vendors may stay as they are
                        if translated.get(field):
                            continue
                    missing.append(f"{source.name}: {code}.{field}")
            for index in range(len(record.get("meanings", []))):
                texts = translated.get("meanings", [])
                if index >= len(texts) or not HANGUL.search(texts[index].get("text", "")):
                    missing.append(f"{source.name}: {code}.meanings[{index}]")
        for index, variant in enumerate(english.get("variants", [])):
            ko = korean.get("variants", [])
            if index >= len(ko) or ko[index]["code"] != variant["code"]:
                missing.append(f"{source.name}: variant {variant['code']}")
                continue
            for field in ("name", "summary", "description", "fix", "clash"):
                if variant.get(field) and not HANGUL.search(ko[index].get(field, "")):
                    missing.append(f"{source.name}: variant {variant['code']}.{field}")
    assert missing == []


def test_every_label_is_translated_and_catalogs_are_compiled():
    from babel.messages.pofile import read_po

    for path in po_files():
        with path.open("rb") as f:
            catalog = read_po(f)
        untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        assert untranslated == [], path
    assert update(check=True) == [], "run `make catalogs`: the catalogs are stale"


def test_korean_registry_loads_without_problems():
    registry = load_registry("ko")
    assert registry.language == "ko"
    assert registry.problems == ()
    assert registry.get("450").name != load_registry("en").get("450").name


def _digit_particles(text: str) -> list[str]:
    """Particles after a number that do not agree with how the number is read."""
    wrong = []
    for match in re.finditer(r"(\S*\d)(은|는|이|가|을|를|과|와)(?=[\s.,)])", text):
        word, given = match.group(1), match.group(2)
        expected = {particle(word, given)}
        if re.search(r"[A-Za-z]-?\d$", word):  # UTF-8, IPv6: read in Korean or in English
            expected.add(particle(word[-1], given))
        if given not in expected:
            wrong.append(match.group(0))
    return wrong


def test_korean_text_particles_after_numbers_agree():
    registry = load_registry("ko")
    wrong = []
    for entry in registry:
        for field in PROSE:
            wrong += [f"{entry.code}.{field}: {w}" for w in _digit_particles(getattr(entry, field))]
    assert wrong == []


def test_korean_comparisons_are_composed_in_korean():
    registry = load_registry("ko")
    data = compare([registry.get("334"), registry.get("450")], registry)
    a, b = (f"{e.code}({e.name})" for e in (registry.get("334"), registry.get("450")))
    # the particle agrees with the code before the brackets: 334 → 사 → 는, 450 → 영 → 은
    assert data.lead == f"{a}는 3xx 긍정 중간 응답이고, {b}은 4xx 일시적 부정 완료 응답입니다."
    replies = [e for e in registry if e.kind == "reply" and e.standard]
    for x, y in itertools.combinations(replies, 2):
        data = compare([x, y], registry)
        for sentence in (data.lead, *data.differences):
            assert HANGUL.search(sentence)
            assert not doubled_words(sentence), sentence
            assert not _digit_particles(sentence), sentence
            assert not re.search(r"\b(is|are|with|after|while|during|the)\b", sentence), sentence


def test_korean_explanations_have_no_english_labels():
    registry = load_registry("ko")
    data = explain(registry.get("450"), registry)
    labels = [s.label for s in data.sections]
    assert labels[:3] == ["설명", "이 코드를 보게 되는 경우", "해결 방법"]
    assert "긍정" not in data.class_line and "일시적 부정 완료" in data.class_line


def _english_words(text: str) -> list[str]:
    """English words left in Korean text.

    Allowed: codes and acronyms, words in parentheses (the English of a term),
    and quotations of what servers write.
    """
    text = re.sub(r"\([^)]*\)|“[^”]*”|‘[^’]*’|\"[^\"]*\"|'[^']*'", " ", text)
    text = re.sub(r"https?://\S+|\S+@\S+|<[^>]*>", " ", text)
    return re.findall(r"\b[a-z]{4,}\b", text)


@pytest.mark.sphinx("html", testroot="korean", freshenv=True)
def test_korean_manual_reads_in_korean(built):
    page = soup(built)
    assert warnings(built) == ""
    compare_block = page.select_one("div.smtp-compare")
    text = compare_block.get_text(" ", strip=True)
    for heading in (
        "주요 차이점",
        "언제 어떤 것을 사용할지",
        "이 코드를 보게 되는 경우",
        "해결 방법",
    ):
        assert heading in text
    terms = [dt.get_text(strip=True) for dt in page.select("#smtp-450 dl.smtp-details > dt")]
    assert terms[:3] == ["설명", "이 코드를 보게 되는 경우", "해결 방법"]
    leaks = []
    for block in page.select("div.smtp-code, div.smtp-compare"):
        for node in block.select("p, dt"):
            node = BeautifulSoup(str(node), "html.parser")
            for link in node.select("a.external"):  # titles of sources stay as published
                link.decompose()
            leaks += _english_words(node.get_text(" "))
    assert sorted(set(leaks)) == []


@pytest.mark.sphinx("html", testroot="thirdlang", freshenv=True)
def test_a_third_language_by_files_alone(built):
    page = soup(built)
    assert warnings(built) == ""
    block = page.select_one("div.smtp-compare")
    assert block.select_one(".smtp-title").get_text() == (
        "SMTP 334 Server-Challenge vs 450 Postfach nicht verfügbar"
    )
    assert "334 Server-Challenge ist eine 3xx Positive Intermediate-Antwort" in block.get_text()
    assert "Wichtige Unterschiede" in block.get_text()
    assert "Später erneut senden" in page.select_one("#smtp-450").get_text()
    # what the overlay does not translate stays English
    assert "Description" in page.select_one("#smtp-450").get_text()


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, confoverrides={"language": "fr"})
def test_unknown_language_falls_back_to_english_with_one_message(app, status):
    app.build()
    assert warnings(app) == ""
    assert status.getvalue().count("no translation for language 'fr'") == 1
    assert "Key differences" in soup(app, "troubleshooting").get_text()


@pytest.mark.sphinx("latex", testroot="korean", freshenv=True)
def test_korean_pdf_compiles_with_xelatex(app):

    from .conftest import require_tool

    latexmk = require_tool("latexmk")
    require_tool("xelatex")
    require_tool("xindy")
    require_tool("pdftotext")
    app.build()
    result = compile_pdf(app.outdir, latexmk)
    assert result.returncode == 0, result.stdout[-3000:]
    text = read_pdf(app.outdir / "manual.pdf", layout=False)
    flat = " ".join(text.split())
    assert "주요 차이점" in flat and "일시적 부정 완료" in flat
    # Korean chapter names and contents, not LaTeX's English ones
    assert "Chapter" not in flat and "Contents" not in flat
    assert "제1장" in flat.replace(" ", "")
    # Every CJK face XeTeX loaded is a KR face of a Noto CJK collection: faces 1
    # (KR) and 6 (Mono KR). pdffonts cannot tell: the faces of a collection share
    # one CFF table, whose name is the JP face's.
    log = (app.outdir / "manual.log").read_text(encoding="utf-8", errors="replace")
    faces = set(re.findall(r"\[(Noto\w+CJK-\w+\.ttc):(\d+)\]", log))
    assert faces and {index for _name, index in faces} <= {"1", "6"}, faces
    # the Code Index is listed in the PDF's table of contents under its Korean title
    toc = (app.outdir / "manual.toc").read_text(encoding="utf-8")
    assert "SMTP 코드 색인" in toc and "SMTP Code Index" not in toc
