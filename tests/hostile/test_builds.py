"""The Sphinx layer under attack: generated pages holding every directive and
role, with generated options and content, built in HTML, LaTeX and text; the
same projects built in parallel and incrementally give the same output.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from sphinx_smtpcodes.registry import CodeSyntaxError, ReplyExplanation, load_registry
from sphinx_smtpcodes.sphinxext.domain import canonical, node_id

from .project import assert_no_traceback, build, ours, records, write_project
from .strategies import BOUNCES, BUILDS, PROJECTS, Page, pages, project_files


def expected_warning(registry, text: str, *, block: bool = False) -> str | None:
    """The subtype a use of ``text`` warns with (as smtp-code or a mention), if any."""
    try:
        found = registry.resolve(text)
    except CodeSyntaxError:
        return "syntax"
    if isinstance(found, ReplyExplanation) and found.reply is None and found.enhanced is None:
        # A full reply of two unknown codes: a mention warns; smtp-code does not yet
        # (see test_smtp_code_warns_for_an_unknown_full_reply).
        return None if block else "unknown"
    return "unknown" if found is None else None


def check_warnings(warned: str, page: Page, registry, docname: str = "index") -> None:
    """Every warning located and typed; every refusal the page holds warned at its line."""
    found: set[tuple[int, str]] = set()
    for record in records(warned):
        if "[smtpcodes." not in record:
            # docutils' or Sphinx's own: located, or the one Sphinx gives for Korean.
            assert re.match(r"\S+:\d+: ", record) or "Babel" in record, record
    for match in ours(warned):
        if match["line"] and match["path"].endswith(f"{docname}.rst"):
            found.add((int(match["line"]), match["subtype"]))
            if match["subtype"] == "session":
                assert any(a <= int(match["line"]) <= b for a, b in page.sessions), match[0]
    for line, text, _indexed in page.blocks:
        text = " ".join(text.split())
        subtype = "syntax" if not text else expected_warning(registry, text, block=True)
        if subtype:
            assert (line, subtype) in found, (line, text, subtype, warned)
    for line, target in page.mentions:
        subtype = expected_warning(registry, target)
        if subtype:
            assert (line, subtype) in found, (line, target, subtype, warned)
    for line, subtype in page.refusals:
        assert (line, subtype) in found, (line, subtype, page.lines[line - 1 : line + 8])


def conf(project: str | None, show_name: bool) -> tuple[dict[str, str], str]:
    files = {"house.yaml": project} if project is not None else {}
    lines = f"smtpcodes_show_name = {show_name}\n"
    if project is not None:
        lines += "smtpcodes_registry_files = ['house.yaml']\n"
    return files, lines


@BUILDS
@given(pages(), project_files, st.sampled_from(["en", "en", "ko"]), st.booleans())
def test_generated_pages_build_with_located_warnings(
    tmp_path_factory, page, project, language, show_name
):
    files, conf_lines = conf(project, show_name)
    src = write_project(
        tmp_path_factory.mktemp("hostile-page"),
        {"index.rst": page.text, "bounce.eml": BOUNCES[0], **files},
        conf_lines,
    )
    os.mkfifo(src / "fifo")  # a build that opens it would hang
    (src / "folder").mkdir()
    registry = load_registry(language, [str(src / "house.yaml")] if files else [])

    # One environment for the three builders, as `make html latex text` shares
    # one: the page is read (and its refusals warned) once; each builder then
    # writes it, settling targets and resolving links for its own tags.
    shared = src / "_build"
    for builder in ("html", "latex", "text"):
        read: list[str] = []
        status, warned, outdir = build(
            src, builder, outdir=shared, fresh=builder == "html", read=read, language=language
        )
        assert_no_traceback(status, warned)
        # A build that reads the page warns each refusal; one that does not (it
        # was read for HTML, and depends on no missing file) still locates all
        # it says.
        assert read == ["index"] or builder != "html"
        check_warnings(warned, page if read else Page(), registry)
        written = {"html": "index.html", "latex": "hostile.tex", "text": "index.txt"}[builder]
        assert "Generated" in (outdir / written).read_text(encoding="utf-8")

    # Each code that an indexed smtp-code names has its target.
    html = BeautifulSoup((shared / "html/index.html").read_text("utf-8"), "html.parser")
    for _line, text, indexed in page.blocks:
        if indexed and expected_warning(registry, text, block=True) is None and text.strip():
            assert html.find(id=node_id(canonical(text))) is not None, text


# -- parallel and incremental builds ---------------------------------------------------


#: What a build writes that is not the same from one build to the next by design.
UNSTABLE = {".buildinfo", ".doctrees", "_static"}


def search_index(path: Path) -> dict:
    """A search index without the words Sphinx keeps, empty, after a page lost them.

    Sphinx's own incremental builds leave them (a project without this
    extension shows it), so they say nothing about ours.
    """
    text = path.read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for key in ("terms", "titleterms"):
        index[key] = {word: docs for word, docs in index.get(key, {}).items() if docs != []}
    return index


def differences(left: Path, right: Path) -> list[tuple[str, str]]:
    """(file, how) for each file that differs, or exists on one side only, of two folders."""
    compared = filecmp.dircmp(left, right, ignore=sorted(UNSTABLE))
    found: list[tuple[str, str]] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend((prefix + n, "only left") for n in cmp.left_only)
        found.extend((prefix + n, "only right") for n in cmp.right_only)
        _same, differ, errors = filecmp.cmpfiles(
            cmp.left, cmp.right, cmp.common_files, shallow=False
        )
        if "searchindex.js" in differ:
            differ.remove("searchindex.js")
            if search_index(Path(cmp.left, "searchindex.js")) != search_index(
                Path(cmp.right, "searchindex.js")
            ):
                differ.append("searchindex.js")
        found.extend((prefix + n, "differ") for n in differ + errors + cmp.funny_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(compared, "")
    return sorted(found)


# In the incremental test the pages after the first hold no targets (every block
# :no-index:), so that changing one page moves blocks in one direction only; the
# parallel test gives every page targets, duplicates across pages included
# (issue 14, item 6: the first block in document order wins, whatever -j).


def project_pages(generated: list[Page]) -> dict[str, str]:
    """The generated pages as a project: an index with a toctree, then page1, page2…"""
    names = [f"page{i}" for i in range(1, len(generated))]
    index = generated[0].text + "\n.. toctree::\n\n" + "".join(f"   {n}\n" for n in names)
    return {"index.rst": index, **{f"{n}.rst": p.text for n, p in zip(names, generated[1:])}}


@PROJECTS
@given(st.lists(pages(uses=(4, 10)), min_size=4, max_size=5), project_files)
def test_parallel_build_equals_serial_build(tmp_path_factory, generated, project):
    files, conf_lines = conf(project, False)
    src = write_project(
        tmp_path_factory.mktemp("hostile-j"), {**project_pages(generated), **files}, conf_lines
    )
    status, warned_1, serial = build(src, outdir=src / "_build" / "j1")
    assert_no_traceback(status, warned_1)
    status, warned_2, parallel = build(src, outdir=src / "_build" / "j2", parallel=2)
    assert_no_traceback(status, warned_2)
    assert differences(serial, parallel) == []
    assert sorted(records(warned_1)) == sorted(records(warned_2))


@PROJECTS
@given(
    st.lists(pages(uses=(4, 10), targets=False), min_size=2, max_size=3).flatmap(
        lambda rest: pages(uses=(6, 12)).map(lambda first: [first, *rest])
    ),
    pages(uses=(4, 10), targets=False),
    st.integers(0, 2),
    project_files,
)
def test_incremental_build_equals_clean_build(
    tmp_path_factory, generated, replacement, which, project
):
    files, conf_lines = conf(project, False)
    before = project_pages(generated)
    src = write_project(tmp_path_factory.mktemp("hostile-inc"), {**before, **files}, conf_lines)
    status, warned, incremental = build(src, outdir=src / "_build" / "inc")
    assert_no_traceback(status, warned)
    # Change one page (blocks, mentions and all), then build again, incrementally.
    after = dict(before)
    name = sorted(after)[which % len(after)]
    after[name] = replacement.text + (
        before["index.rst"][before["index.rst"].index("\n.. toctree::") :]
        if name == "index.rst"
        else ""
    )
    write_project(src, after, conf_lines)
    status, warned, incremental = build(src, outdir=src / "_build" / "inc", fresh=False)
    assert_no_traceback(status, warned)
    status, warned, clean = build(src, outdir=src / "_build" / "clean")
    assert_no_traceback(status, warned)
    assert differences(incremental, clean) == []
