"""Every generated explanation and comparison, in English and Korean, through the
command line's text renderer and a Sphinx HTML build, checked by the invariants of
:mod:`tests.consistency`."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup

from sphinx_smtpcodes.registry import load_registry
from sphinx_smtpcodes.render.text import render_comparison, render_explanation

from .consistency import COUNTS, Output, check, content_for, work

LANGUAGES = ("en", "ko")


@pytest.fixture(scope="module", params=LANGUAGES)
def generated(request):
    registry = load_registry(request.param)
    entries, pairs = work(registry)
    return registry, content_for(registry, entries, pairs)


def _check_all(renderer: str, registry, outputs, sections) -> None:
    """Check every output as ``renderer`` showed it; count what was checked."""
    problems: list[str] = []
    for (kind, entries, _data), found in zip(outputs, sections):
        output = Output(kind, tuple(e.code for e in entries), entries, found)
        problems += check(output, registry)
        COUNTS[f"{renderer} {registry.language} {kind}s"] += 1
    COUNTS[f"{renderer} {registry.language} problems"] += len(problems)
    assert not problems, _report(problems)


def _report(problems: list[str]) -> str:
    shown = "\n".join(problems[:60])
    return f"{len(problems)} problems:\n{shown}"


# -- the command line's text renderer -------------------------------------------------


def _text_sections(kind: str, data, rendered: str) -> list[tuple[str, str]]:
    """(section key, text) of a rendered explanation or comparison."""
    if kind == "explanation":
        keys = {s.label: s.key for s in data.sections}
    else:
        keys = {row.label: row.key for row in data.rows}
        keys[data.labels["differences"]] = "differences"
        keys[data.labels["guidance"]] = "guidance"
    columns = tuple(f"{c}: " for c in getattr(data, "columns", ()))
    found: list[tuple[str, str]] = []
    for block in rendered.split("\n\n"):
        lines = block.splitlines()
        key = keys.get(lines[0]) if lines else None
        if key is None:
            found.append(("head", " ".join(lines)))
            continue
        items: list[str] = []
        for line in lines[1:]:
            stripped = line.strip()
            if stripped.startswith("- ") or not items:
                items.append(stripped.removeprefix("- "))
            else:
                items[-1] += " " + stripped
        for item in items:
            for column in columns:
                if item.startswith(column):
                    item = item[len(column) :]
                    break
            found.append((key, item))
    return found


def test_text_renderer_output_is_consistent(generated):
    registry, outputs = generated
    rendered = [
        (render_explanation if kind == "explanation" else render_comparison)(data)
        for kind, _entries, data in outputs
    ]
    sections = [_text_sections(o[0], o[2], text) for o, text in zip(outputs, rendered)]
    _check_all("text", registry, outputs, sections)


# -- HTML -----------------------------------------------------------------------------


def _rst(outputs) -> str:
    lines = ["Every output", "============", ""]
    for kind, entries, _data in outputs:
        if kind == "explanation":
            # a vendor range (5.7.606-649) is named by a code in it
            code = entries[0].code.split("-")[0]
            lines += [f".. smtp-code:: {code}", "   :no-index:", ""]
        else:
            lines += [f".. smtp-compare:: {' '.join(e.code for e in entries)}", ""]
    return "\n".join(lines)


def _html_sections(kind: str, data, block) -> list[tuple[str, str]]:
    def text(node) -> str:
        return node.get_text(" ", strip=True)

    for link in block.select("a.reference.external"):
        link.replace_with("<http>")  # a source's title may recur (see consistency.check)
    found: list[tuple[str, str]] = [("head", text(p)) for p in block.find_all("p", recursive=False)]
    if kind == "explanation":
        keys = {s.label: s.key for s in data.sections}
        details = block.select_one("dl.smtp-details")
        for dt in details.find_all("dt", recursive=False):
            dd = dt.find_next_sibling("dd")
            for p in dd.find_all("p"):
                found.append((keys.get(text(dt), text(dt)), text(p)))
        return found
    for tr in block.select("table tbody tr"):
        key = tr["class"][0].removeprefix("smtp-row-")
        for td in tr.find_all("td"):
            found.append((key, text(td)))
    found += [("differences", text(li)) for li in block.select("ul.smtp-differences li")]
    found += [("guidance", text(dd)) for dd in block.select("dl.smtp-guidance dd")]
    return found


@pytest.fixture(scope="module")
def html_page(generated, tmp_path_factory):
    """A Sphinx HTML build of every output, one per language (each built once per run).

    It follows ``generated``'s language, so that a test of one language builds
    only that language's page (with ``pytest -n`` the two go to either worker).
    """
    from sphinx.testing.util import SphinxTestApp

    registry, outputs = generated
    language = registry.language
    src = tmp_path_factory.mktemp(f"consistency-{language}")
    (src / "conf.py").write_text(
        f'extensions = ["sphinx_smtpcodes"]\nlanguage = "{language}"\n', encoding="utf-8"
    )
    (src / "index.rst").write_text(_rst(outputs), encoding="utf-8")
    warnings = io.StringIO()
    # Sphinx's test app restores docutils' global registries afterwards, so
    # that later tests in this process build as if this one never ran.
    app = SphinxTestApp("html", srcdir=src, status=io.StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    # (Sphinx apps built earlier in the process leave notes about registered
    # nodes; what matters is that no block warned.)
    assert "smtpcodes" not in warnings.getvalue()
    html = (app.outdir / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_html_output_is_consistent(generated, html_page):
    registry, outputs = generated
    blocks = html_page.select("div.smtp-code, div.smtp-compare")
    assert len(blocks) == len(outputs)
    sections = [_html_sections(o[0], o[2], block) for o, block in zip(outputs, blocks)]
    _check_all("html", registry, outputs, sections)
