"""Each failure an attack on the extension found, kept as a regression test.

Issue 14 numbers its failures; the tests below carry the same numbers, so a
reader can find the failure a test guards against.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx_smtpcodes import cli, content
from sphinx_smtpcodes.registry import load_registry
from sphinx_smtpcodes.registry.i18n import particle
from sphinx_smtpcodes.render.nodes import SIDE_BY_SIDE_MAX

from .project import assert_no_traceback, build, isolated, ours, why_read, write_project

PAGE_TITLE = "Hostile\n=======\n\n"
COMMAND = [sys.executable, "-m", "sphinx_smtpcodes"]


def html(outdir: Path, page: str = "index") -> BeautifulSoup:
    return BeautifulSoup((outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def located(warned: str, subtype: str) -> list[tuple[str, int | None, str]]:
    """(path, line, message) of each of our warnings of ``subtype``."""
    return [
        (m["path"], int(m["line"]) if m["line"] else None, m["message"])
        for m in ours(warned)
        if m["subtype"] == subtype
    ]


# -- 1. wide comparisons ----------------------------------------------------------------

#: Reply codes of the bundled registry, in its order (more than a comparison takes).
REPLY_CODES = [e.code for e in load_registry("en") if e.kind == "reply"]


def compare_page(codes: list[str]) -> str:
    return PAGE_TITLE + f".. smtp-compare:: {' '.join(codes)}\n"


def test_1_a_comparison_of_51_codes_builds_turned_and_capped(tmp_path):
    codes = REPLY_CODES[:51]
    kept = codes[: content.MAX_COMPARED]
    src = write_project(tmp_path, {"index.rst": compare_page(codes)})
    # One environment, as `make html latex text` shares one: the page is read, and
    # its comparison capped with a warning, once; each builder writes it.
    for builder in ("html", "latex", "text"):
        read: list[str] = []
        status, warned, outdir = build(
            src, builder, outdir=tmp_path / "_build", fresh=builder == "html", read=read
        )
        assert_no_traceback(status, warned)
        assert read == (["index"] if builder == "html" else []), why_read(status)
        capped = located(warned, "compare")
        assert [(line, m.split(";")[0]) for _p, line, m in capped] == (
            [(4, f"smtp-compare compares at most {content.MAX_COMPARED} codes, got 51")]
            if read
            else []
        ), warned
        if builder == "html":
            table = html(outdir).select_one("table.smtp-compare-table")
            assert "smtp-turned" in table["class"]
            rows = table.select("tbody tr")
            firsts = [r.select_one("th, td").get_text(" ", strip=True).split()[0] for r in rows]
            assert firsts == kept
            assert len(table.select("thead th")) == 1 + len(content.ROW_KEYS)
        elif builder == "latex":
            tex = (outdir / "hostile.tex").read_text(encoding="utf-8")
            widths = re.findall(r"\\X\{(\d+)\}\{(\d+)\}", tex)
            assert widths and all(int(a) > 0 for a, _b in widths), widths
        else:
            text = (outdir / "index.txt").read_text(encoding="utf-8")
            assert all(code in text for code in kept)
            assert codes[content.MAX_COMPARED] not in text.split("Key differences")[0]


#: How many codes each page of the ``turning`` project compares, and whether its
#: table turns (one row per code).
TURNING = [(2, False), (SIDE_BY_SIDE_MAX, False), (SIDE_BY_SIDE_MAX + 1, True)]


@pytest.fixture(scope="module")
def turning(tmp_path_factory) -> tuple[str, Path]:
    """One build of a page per case of ``TURNING``: (warnings, output folder)."""
    pages = {f"c{count}.rst": compare_page(REPLY_CODES[10 : 10 + count]) for count, _t in TURNING}
    index = PAGE_TITLE + ".. toctree::\n\n" + "".join(f"   {n[:-4]}\n" for n in pages)
    src = write_project(tmp_path_factory.mktemp("turning"), {"index.rst": index, **pages})
    _status, warned, outdir = build(src)
    return warned, outdir


@pytest.mark.parametrize(("count", "turned"), TURNING)
def test_1_the_table_turns_past_the_columns_a_page_holds(turning, count, turned):
    warned, outdir = turning
    assert warned == "", warned
    table = html(outdir, f"c{count}").select_one("table.smtp-compare-table")
    assert ("smtp-turned" in table["class"]) is turned
    heads = len(table.select("thead th"))
    assert heads == (1 + len(content.ROW_KEYS) if turned else 1 + count)


def test_1_the_cli_compares_at_most_the_cap(capsys):
    status = cli.main(["compare", *REPLY_CODES[: content.MAX_COMPARED + 2]])
    _out, err = capsys.readouterr()
    assert status == 0
    assert f"at most {content.MAX_COMPARED} codes, got {content.MAX_COMPARED + 2}" in err


# -- 2, 4, 10, 11. registry files (fixed by the schema engineer) -------------------------

OVERLAY = (
    'language: ko\ncodes:\n  "450":\n    meanings:\n'
    '      - context: x\n        text: "a \\e[2J b"\n'
    "      - context: y\n        text: [1, 2]\n"
)
BAD_ENTRIES = (
    'codes:\n  - {}\n  - code: "550 5.1.1"\n    name: x\n    summary: y\n'
    '  - code: "5.7.960-950"\n    name: x\n    summary: y\n'
)
# 80 new codes with no name or summary: 80 problems, whatever codes the registry has.
MANY_PROBLEMS = "codes:\n" + "".join(f"  - code: 5.9.{i}\n" for i in range(80))


def sphinx_build(argv: list[str]) -> tuple[int, str, str]:
    """``sphinx-build argv``, as the command runs it: (status, standard output, standard error)."""
    from sphinx.cmd.build import build_main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = build_main(argv)
    return status, out.getvalue(), err.getvalue()


def smtpcodes(argv: list[str]) -> tuple[int, str, str]:
    """``smtpcodes argv``: (status, standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(argv, out=out)
    return status, out.getvalue(), err.getvalue()


def registry_places(folder: Path) -> list[str]:
    """Registry files that are not files, and files with problems of every kind."""
    os.mkfifo(folder / "fifo")
    (folder / "folder").mkdir()
    (folder / "overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    (folder / "bad.yaml").write_text(BAD_ENTRIES, encoding="utf-8")
    (folder / "many.yaml").write_text(MANY_PROBLEMS, encoding="utf-8")
    return ["/dev/zero", "fifo", "folder", "missing.yaml", "overlay.yaml", "bad.yaml", "many.yaml"]


def test_2_4_10_11_bad_registry_files_warn_where_they_are_and_the_build_goes_on(tmp_path):
    places = registry_places(tmp_path)
    write_project(
        tmp_path,
        {"index.rst": PAGE_TITLE + ".. smtp-code:: 450\n"},
        f"language = 'ko'\nsmtpcodes_registry_files = {places!r}\n",
    )
    # In a copy of the process: a FIFO that is opened would hang the build (item 2).
    returncode, stdout, stderr = isolated(
        sphinx_build, ["-q", "-b", "html", str(tmp_path), str(tmp_path / "_b")]
    )
    assert returncode == 0, stderr
    assert_no_traceback(stdout, stderr)
    problems = located(stderr, "registry")
    where = {Path(path).name for path, _line, _message in problems}
    assert where == {
        "zero",
        "fifo",
        "folder",
        "missing.yaml",
        "overlay.yaml",
        "bad.yaml",
        "many.yaml",
    }
    assert not any(path.endswith(".rst") for path, _l, _m in problems)  # item 11
    said = " | ".join(message for _p, _l, message in problems)
    for expected in (
        "cannot read a device",  # item 2
        "cannot read a pipe (FIFO)",
        "cannot read a folder",
        "control character U+001B",  # item 4: an overlay's meanings are checked
        "'meanings'[1].text: expected text, got a list",  # item 4: not dropped in silence
        "codes[0]: missing field 'code'",  # item 10
        "'550 5.1.1' is a full reply",
        "the range '5.7.960-950' is empty or backwards",
        "more",  # item 10: problems capped per file
    ):
        assert expected in said, (expected, said)
    many = [m for p, _l, m in problems if p.endswith("many.yaml")]
    assert len(many) <= 51 and "more" in many[-1], many[-3:]
    assert "\x1b" not in (tmp_path / "_b" / "index.html").read_text(encoding="utf-8")


def test_2_the_cli_refuses_files_that_are_not_files(tmp_path):
    places = registry_places(tmp_path)
    args = [arg for place in places for arg in ("--registry-file", str(tmp_path / place))]
    returncode, _stdout, stderr = isolated(smtpcodes, ["explain", "450", *args])
    assert returncode == 0 and "Traceback" not in stderr, stderr
    assert "cannot read a pipe (FIFO)" in stderr and "cannot read a device" in stderr


# -- 3. broken language files ----------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\n'
#: (name, file name, content, line of the problem or 0, what the warning says).
BROKEN_CATALOGS = [
    (
        "unknown-placeholder",
        "smtpcodes.po",
        HEADER.format(charset="utf-8")
        + 'msgid "{code} is a {klass} {kind}."\nmsgstr "{code} ist {bogus}."\n',
        5,  # the line of the msgid
        "unknown placeholder {bogus}",
    ),
    (
        "bad-conversion",
        "smtpcodes.po",
        HEADER.format(charset="utf-8")
        + 'msgid "{a} is a {a_class} {a_kind}, while {b} is a {b_class} {b_kind}."\n'
        + 'msgstr "{a_class!z}"\n',
        5,
        "unknown conversion !z",
    ),
    (
        "invalid-utf8",
        "smtpcodes.po",
        (HEADER.format(charset="utf-8") + 'msgid "Note"\nmsgstr "No\xfft"\n'),
        6,
        "is not valid utf-8 text",
    ),
    (
        "unknown-charset",
        "smtpcodes.po",
        HEADER.format(charset="klingon") + 'msgid "Note"\nmsgstr "Notiz"\n',
        3,
        "names an unknown charset",
    ),
    ("garbage-mo", "smtpcodes.mo", "garbage" * 10, 0, "is not a compiled catalog"),
]


def broken_catalog(folder: Path, name: str, content: str) -> Path:
    """A third language, ``xx``, whose catalog is broken (its overlay is fine)."""
    (folder / "xx" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "xx" / "house.yaml").write_text("language: xx\ncodes: {}\n", encoding="utf-8")
    path = folder / "xx" / "LC_MESSAGES" / name
    # latin-1 keeps the one non-UTF-8 byte of "invalid-utf8" as written
    path.write_bytes(content.encode("latin-1"))
    return path


@pytest.mark.parametrize(
    ("name", "filename", "content", "line", "says"),
    BROKEN_CATALOGS,
    ids=[case[0] for case in BROKEN_CATALOGS],
)
def test_3_broken_language_file_falls_back_to_english_in_a_build(
    tmp_path, name, filename, content, line, says
):
    path = broken_catalog(tmp_path / "loc", filename, content)
    src = write_project(
        tmp_path / "src",
        {"index.rst": PAGE_TITLE + ".. smtp-compare:: 334 450\n"},
        "language = 'xx'\nsmtpcodes_locale_dirs = ['../loc']\n",
    )
    status, warned, outdir = build(src)
    assert_no_traceback(status, warned)
    problems = located(warned, "config")
    assert len(problems) == 1, warned
    where, at, message = problems[0]
    # A problem of a whole file is located at "path:", as Sphinx writes a location
    # without a line (it once read "path.rst": issue 14, item 11).
    assert Path(where.removesuffix(":")).resolve() == path
    assert (at or 0) == line and says in message, problems
    text = html(outdir).select_one("div.smtp-compare").get_text(" ")
    assert "Side-by-side comparison" in text and "Key differences" in text


@pytest.mark.parametrize(
    ("name", "filename", "content", "line", "says"),
    BROKEN_CATALOGS,
    ids=[case[0] for case in BROKEN_CATALOGS],
)
def test_3_broken_language_file_falls_back_to_english_in_the_cli(
    tmp_path, capsys, name, filename, content, line, says
):
    path = broken_catalog(tmp_path / "loc", filename, content)
    status = cli.main(
        ["compare", "334", "450", "--lang", "xx", "--locale-dir", str(tmp_path / "loc")]
    )
    out, err = capsys.readouterr()
    assert status == 0
    location = f"{path}:{line}" if line else str(path)
    assert f"smtpcodes: warning: {location}: " in err and says in err, err
    assert "Key differences" in out


def test_3_one_bad_message_leaves_the_rest_of_the_catalog_in_use(tmp_path, capsys):
    broken_catalog(
        tmp_path / "loc",
        "smtpcodes.po",
        HEADER.format(charset="utf-8")
        + 'msgid "Key differences"\nmsgstr "Hauptunterschiede"\n\n'
        + 'msgid "{code} is a {klass} {kind}."\nmsgstr "{code.__class__} {klass}"\n',
    )
    cli.main(
        ["compare", "334", "450", "250", "--lang", "xx", "--locale-dir", str(tmp_path / "loc")]
    )
    out, err = capsys.readouterr()
    assert "Hauptunterschiede" in out  # the good message is used
    assert "class 'str'" not in out  # the bad one is not: no attribute of a value leaks
    assert "unknown placeholder {code.__class__}" in err


# -- 5. Korean particles after digits that are not ASCII -------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [("x²", "는"), ("٤", "는"), ("４５０", "은"), ("１", "은"), ("Mailbox³", "는")],
)
def test_5_particle_after_a_unicode_digit_reads_the_digit(word, expected):
    assert particle(word, "은") == expected


def test_5_korean_build_with_a_digit_and_brackets_in_a_name(tmp_path):
    # The particle agrees with the code before the bracketed name; the name's own
    # brackets are flattened (issue 11: no nested brackets in Korean labels).
    house = 'codes:\n  - code: "5.7.950"\n    name: "Area m²(approx)"\n    summary: "Too big."\n'
    src = write_project(
        tmp_path,
        {"index.rst": PAGE_TITLE + ".. smtp-compare:: 5.7.950 450\n", "house.yaml": house},
        "language = 'ko'\nsmtpcodes_registry_files = ['house.yaml']\n",
    )
    status, warned, outdir = build(src)
    assert_no_traceback(status, warned)
    lead = html(outdir).select_one("p.smtp-lead").get_text()
    assert lead.startswith("5.7.950(Area m², approx)은 "), lead


# -- 8. a mention wrapped over two lines ------------------------------------------------

WRAPPED = {
    "index.rst": PAGE_TITLE
    + ".. toctree::\n\n   page\n\n.. smtp-code:: 550 5.1.1\n\n"
    + "Wrapped: :smtp:`550\n5.1.1` and :smtp:`the reply\n<550 5.1.1>`,\n"
    + "unlinked :smtp:`!550\n5.1.1`.\n",
    "page.md": "# Page\n\nWrapped: {smtp}`550\n5.1.1` and {smtp}`the reply\n<550 5.1.1>`.\n",
}


def test_8_a_mention_wrapped_over_two_lines_links_in_rst_and_myst(tmp_path):
    pytest.importorskip("myst_parser")
    src = write_project(tmp_path, WRAPPED, "extensions.append('myst_parser')\n")
    status, warned, outdir = build(src)
    assert_no_traceback(status, warned)
    assert warned == "", warned
    for page in ("index", "page"):
        wrapped = next(
            p for p in html(outdir, page).select("p") if p.get_text().startswith("Wrapped")
        )
        links = wrapped.select("a.reference")
        assert [a.get_text() for a in links] == ["550 5.1.1", "the reply"], page
        assert all(a["href"].endswith("#smtp-550-5-1-1") for a in links), page
    unlinked = next(p for p in html(outdir).select("p") if p.get_text().startswith("Wrapped"))
    assert unlinked.select("abbr.smtp-ref")[-1].get_text() == "550 5.1.1"


# -- 9. option errors ------------------------------------------------------------------

OPTION_ERRORS = PAGE_TITLE + (
    ".. smtp-code:: 450\n   :bogus: 1\n   :class: !!!\n\n"
    ".. smtp-table:: 450 550\n   :codes: 450 550\n\n"
    ".. smtp-compare:: 450 550\n   :no-index:\n\n   Content it does not take.\n\n"
    "Mentions: :smtp:`!!450`, :smtp:`!450`.\n"
)


def test_9_option_errors_warn_and_the_blocks_still_render(tmp_path):
    src = write_project(tmp_path, {"index.rst": OPTION_ERRORS})
    status, warned, outdir = build(src)
    assert_no_traceback(status, warned)
    assert "ERROR" not in warned, warned
    found = [(line, message) for _path, line, message in located(warned, "option")]
    assert [line for line, _ in found] == [4, 4, 8, 11, 11], warned
    messages = " | ".join(message for _, message in found)
    for says in (
        "unknown option :bogus:",
        "invalid value '!!!' for :class:",
        "smtp-table takes no argument",
        "unknown option :no-index:",
        "smtp-compare takes no content",
    ):
        assert says in messages, messages
    page = html(outdir)
    assert page.select_one("div.smtp-code#smtp-450") is not None
    assert [c.get_text() for c in page.select("table.smtp-table td:first-child")] == ["450", "550"]
    assert page.select_one("div.smtp-compare") is not None
    assert "Content it does not take" not in page.get_text()
    # ':smtp:`!!450`' is the code '!450': malformed. ':smtp:`!450`' is 450, unlinked.
    assert [m for _p, line, m in located(warned, "syntax")] == [
        "malformed SMTP code '!450' in :smtp: role: '!450' is neither a reply code like 450 "
        "nor an enhanced status code like 5.1.1"
    ]


def test_9_option_errors_can_be_silenced(tmp_path):
    src = write_project(tmp_path, {"index.rst": OPTION_ERRORS})
    status, warned, _outdir = build(src, suppress_warnings=["smtpcodes"])
    assert_no_traceback(status, warned)
    assert warned.strip() == "", warned


def test_9_option_errors_in_myst_warn_the_same_way(tmp_path):
    pytest.importorskip("myst_parser")
    page = "# Hostile\n\n```{smtp-code} 450\n:bogus: 1\n:class: '!!!'\n```\n"
    src = write_project(
        tmp_path, {"index.md": page}, "extensions.append('myst_parser')\nroot_doc = 'index'\n"
    )
    status, warned, outdir = build(src)
    assert_no_traceback(status, warned)
    messages = [m for _p, _l, m in located(warned, "option")]
    assert len(messages) == 2 and "unknown option :bogus:" in messages[0], warned
    assert html(outdir).select_one("div.smtp-code#smtp-450") is not None


@pytest.mark.parametrize(
    ("value", "shown"),
    [('"no"', False), ('"false"', False), ('"yes"', True), ("0", False), ("None", False)],
)
def test_9_show_name_takes_real_booleans_and_warns_on_others(tmp_path, value, shown):
    src = write_project(
        tmp_path,
        {"index.rst": PAGE_TITLE + "See :smtp:`450`.\n"},
        f"smtpcodes_show_name = {value}\n",
    )
    status, warned, outdir = build(src)
    assert_no_traceback(status, warned)
    problems = located(warned, "config")
    assert len(problems) == 1, warned
    assert problems[0][0].endswith("conf.py") and problems[0][1] == 4, problems
    text = html(outdir).select_one("p .smtp-ref").get_text()
    assert text == ("450 Mailbox Unavailable" if shown else "450")


# -- 12. the command line ---------------------------------------------------------------


@pytest.mark.parametrize("args", [["list"], ["export"], ["explain", "450"]])
def test_12_a_closed_pipe_ends_the_command_quietly(args):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte: every write fails
    try:
        done = subprocess.run(
            [*COMMAND, *args], stdout=write, stderr=subprocess.PIPE, timeout=120, check=False
        )
    finally:
        os.close(write)
    assert done.stderr == b"", done.stderr.decode()
    assert done.returncode == cli.EXIT_PIPE


@pytest.mark.parametrize("pipeline", ["list | head -n 2", "export | head -c 10"])
def test_12_head_reads_a_little_and_nothing_complains(pipeline):
    command = " ".join(map(str, COMMAND))
    left, right = pipeline.split(" | ")
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} {left} | {right} >/dev/null"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.stderr == b"", done.stderr.decode()
    assert done.returncode in (0, cli.EXIT_PIPE)


@pytest.mark.parametrize("locale", ["C.UTF-8", "C"])
def test_12_input_that_is_not_utf8_gets_a_clear_message(locale):
    env = {**os.environ, "LC_ALL": locale, "PYTHONUTF8": "0"}
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run(
        [*COMMAND, "parse"],
        input=b"550 5.1.1 \xff\xfe user",
        capture_output=True,
        timeout=120,
        check=False,
        env=env,
    )
    err = done.stderr.decode()
    assert done.returncode == cli.EXIT_USAGE
    assert "Traceback" not in err
    assert "not UTF-8 text (byte 0xff at offset 10)" in err, err


# -- found by the first round of fuzzing ------------------------------------------------


def test_smtp_code_warns_for_an_unknown_full_reply(make_app, tmp_path):
    from ..conftest import warnings

    (tmp_path / "conf.py").write_text(
        "extensions = ['sphinx_smtpcodes']\nshow_warning_types = True\n", encoding="utf-8"
    )
    (tmp_path / "index.rst").write_text("T\n=\n\n.. smtp-code:: 299 5.9.99\n", encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    assert "index.rst:4: WARNING: unknown SMTP code '299 5.9.99'" in warnings(app)


# -- what docs/security.rst promises ----------------------------------------------------


def test_the_security_page_states_the_limits_the_code_enforces():
    from sphinx_smtpcodes.readers.bounce import MAX_BYTES
    from sphinx_smtpcodes.registry.entries import MAX_PROBLEMS
    from sphinx_smtpcodes.registry.files import MAX_FILE_BYTES
    from sphinx_smtpcodes.registry.i18n import MAX_CATALOG_BYTES
    from sphinx_smtpcodes.registry.loader import MAX_DEPTH
    from sphinx_smtpcodes.registry.model import QUOTE_LIMIT

    page = (Path(__file__).parents[2] / "docs" / "security.rst").read_text(encoding="utf-8")
    rows = [" ".join(row.split()) for row in page.split("   * - ")[1:]]

    def limit(what: str) -> str:
        return next(row for row in rows if row.startswith(what)).split(" - ")[1]

    def mib(size: int) -> str:
        return f"{size // (1024 * 1024)} MiB"

    assert limit("A registry file") == mib(MAX_FILE_BYTES)
    assert limit("Lists and mappings nested") == f"{MAX_DEPTH} levels"
    assert limit("Problems reported per registry file") == str(MAX_PROBLEMS)
    assert limit("A language file") == mib(MAX_CATALOG_BYTES)
    assert limit("A bounce message") == mib(MAX_BYTES)
    assert limit("Codes side by side") == str(SIDE_BY_SIDE_MAX)
    assert limit("Codes in one") == str(content.MAX_COMPARED)
    assert limit("A quoted value") == f"{QUOTE_LIMIT} characters"
    assert f"status {cli.EXIT_PIPE}" in " ".join(page.split())


# -- 6, 7, 13. the domain -----------------------------------------------------------------


def test_6_duplicate_blocks_pick_the_first_in_document_order_under_j(tmp_path):
    from .test_builds import differences

    pages = {
        "index.rst": PAGE_TITLE + ".. toctree::\n\n" + "".join(f"   p{i}\n" for i in range(6)),
        **{f"p{i}.rst": f"P{i}\n==\n\nSee :smtp:`450`.\n" for i in range(6)},
    }
    for i in (1, 4):  # two blocks for one code, on pages read by different processes
        pages[f"p{i}.rst"] += "\n.. smtp-code:: 450\n"
    src = write_project(tmp_path, pages)
    _s, _w, serial = build(src, outdir=src / "_build" / "j1")
    _s, _w, parallel = build(src, outdir=src / "_build" / "j2", parallel=2)
    assert differences(serial, parallel) == []
    link = html(serial, "p0").select_one("p a.reference")
    assert link["href"] == "p1.html#smtp-450"  # the first block in document order


def test_7_only_blocks_link_where_they_exist_and_are_no_duplicates(tmp_path):
    page = PAGE_TITLE + (
        ".. only:: text\n\n   .. smtp-code:: 221\n\n"
        ".. only:: html\n\n   .. smtp-code:: 450\n\n"
        ".. only:: latex\n\n   .. smtp-code:: 450\n\n"
        "See :smtp:`221` and :smtp:`450`.\n"
    )
    src = write_project(tmp_path, {"index.rst": page})
    _s, warned, outdir = build(src)
    assert "duplicate" not in warned, warned
    hrefs = [a["href"] for a in html(outdir).select("p a.reference")]
    assert "#smtp-221" not in hrefs and "#smtp-450" in hrefs
    _s, warned, latex = build(src, "latex")
    assert "duplicate" not in warned, warned
    assert "\\label{\\detokenize{index:smtp-450}}" in (latex / "hostile.tex").read_text("utf-8")


def test_13_the_code_index_goes_when_the_last_block_goes(tmp_path):
    src = write_project(tmp_path, {"index.rst": PAGE_TITLE + ".. smtp-code:: 450\n"})
    _s, _w, outdir = build(src)
    assert (outdir / "smtp-codeindex.html").exists()
    write_project(src, {"index.rst": PAGE_TITLE + "No block now: :smtp:`450`.\n"})
    _s, _w, outdir = build(src, fresh=False)
    assert not (outdir / "smtp-codeindex.html").exists()


def test_13_man_pages_keep_a_transcript_as_typed(tmp_path):
    page = PAGE_TITLE + ".. smtp-session::\n\n   S: 220 mx.example.com ESMTP\n   C: QUIT\n"
    src = write_project(tmp_path, {"index.rst": page, "b.rst": "B\n=\n\n.. smtp-code:: 220\n"})
    _s, _w, outdir = build(src, "man")
    man = next(outdir.glob("*.1")).read_text(encoding="utf-8")
    assert "220 mx.example.com ESMTP" in man and "\\%<#" not in man
