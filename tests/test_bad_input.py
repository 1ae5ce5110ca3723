"""Whatever a writer types gives a located smtpcodes warning, never a traceback."""

from __future__ import annotations

import re

import pytest

from .conftest import soup, warnings


def _lines(app) -> list[str]:
    return [line for line in warnings(app).splitlines() if line.strip()]


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_every_warning_is_located_and_typed(built):
    lines = _lines(built)
    assert lines
    for line in lines:
        assert re.match(r".*index\.rst:\d+: WARNING: .* \[smtpcodes\.\w+\]$", line), line


EXPECTED = [
    ("malformed SMTP code '45' in smtp-code", "syntax"),
    ("malformed SMTP code '4500' in smtp-code", "syntax"),
    ("malformed SMTP code 'abc' in smtp-code", "syntax"),
    ("unknown SMTP code '299' in smtp-code", "unknown"),
    ("smtp-compare needs at least two different known codes, got '450'", "compare"),
    ("smtp-compare lists 450 twice", "compare"),
    ("malformed SMTP code 'nope' in smtp-compare", "syntax"),
    ("unknown row 'colour' in :rows:", "option"),
    ("duplicate smtp-code block for 450", "duplicate"),
    ("malformed SMTP code '45' in :smtp: role", "syntax"),
    ("unknown SMTP code '299' in :smtp: role", "unknown"),
    ("malformed SMTP code '5.1.1.1' in :smtp: role", "syntax"),
    ("smtp-code needs a code", "syntax"),
]


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_each_kind_of_bad_input_warns(built):
    lines = _lines(built)
    missing = []
    for fragment, subtype in EXPECTED:
        matching = [line for line in lines if fragment in line]
        if not matching or not matching[0].endswith(f"[smtpcodes.{subtype}]"):
            missing.append((fragment, subtype))
    assert missing == [], warnings(built)


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_build_goes_on_after_bad_input(built):
    page = soup(built)
    assert "End of page." in page.get_text()
    # the valid comparison still renders, with only the rows asked for
    table = page.select_one("table.smtp-compare-table")
    assert [th.get_text(strip=True) for th in table.select("tbody th")] == ["Class"]
    # malformed role text is shown as typed
    assert [c.get_text() for c in page.select(".smtp-invalid")][:2] == ["45", "abc"]


@pytest.mark.sphinx(
    "html", testroot="badinput", freshenv=True, confoverrides={"suppress_warnings": ["smtpcodes"]}
)
def test_warnings_can_be_suppressed(built):
    assert "smtpcodes" not in warnings(built)


def test_warning_is_error_fails_the_build(rootdir, tmp_path):
    from sphinx.cmd.build import build_main

    status = build_main(
        ["-W", "-q", "-b", "html", str(rootdir / "test-badinput"), str(tmp_path / "out")]
    )
    assert status != 0
    status = build_main(
        ["-W", "-q", "-b", "html", str(rootdir / "test-basic"), str(tmp_path / "out2")]
    )
    assert status == 0
