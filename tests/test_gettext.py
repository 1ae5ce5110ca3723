"""The writer's ``make gettext`` holds the writer's words only (end to end with sphinx-intl)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import soup, warnings

#: Every message the writer wrote in test-gettext, and nothing else.
WRITER_TEXT = {
    "Relay guide",
    "Our relay answers :smtp:`450` to unknown senders.",
    "Our relay greylists unknown senders for five minutes.",
    "Challenge or greylisting",
    "Codes our relay sends",
}


def _messages(pot: Path) -> set[str]:
    from babel.messages.pofile import read_po

    with pot.open("rb") as f:
        return {m.id for m in read_po(f) if m.id}


def _gettext(make_app, src: Path, language: str) -> Path:
    out = src / f"_gettext-{language}"
    app = make_app("gettext", srcdir=src, builddir=out, confoverrides={"language": language})
    app.build()
    assert warnings(app) == ""
    app.cleanup()
    return app.outdir


def test_gettext_extracts_only_the_writers_text_whatever_the_language(make_app, rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-gettext", src)
    english = _messages(_gettext(make_app, src, "en") / "index.pot")
    korean = _messages(_gettext(make_app, src, "ko") / "index.pot")
    assert english == WRITER_TEXT
    assert korean == english  # msgids do not change with the language


def test_sphinx_intl_translates_the_writers_note_and_leaves_the_rest_to_us(
    make_app, rootdir, tmp_path
):
    intl = Path(sys.executable).with_name("sphinx-intl")
    if not intl.exists():
        pytest.skip("sphinx-intl is not installed (pip install -e '.[test]')")
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-gettext", src)
    pot_dir = _gettext(make_app, src, "en")
    subprocess.run(
        [str(intl), "update", "-p", str(pot_dir), "-l", "ko", "-d", str(src / "locales")],
        check=True,
        capture_output=True,
    )
    po = src / "locales" / "ko" / "LC_MESSAGES" / "index.po"
    text = po.read_text(encoding="utf-8")
    assert "Key differences" not in text and "Mailbox Unavailable" not in text
    note = "Our relay greylists unknown senders for five minutes."
    korean = "릴레이는 모르는 발신자를 5분 동안 그레이리스트합니다."
    text = text.replace(f'msgid "{note}"\nmsgstr ""', f'msgid "{note}"\nmsgstr "{korean}"')
    po.write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=src, confoverrides={"language": "ko"})
    app.build()
    assert warnings(app) == ""
    page = soup(app)
    block = page.select_one("#smtp-450")
    assert "그레이리스트합니다" in block.select_one(".smtp-note").get_text()
    assert "메일박스" in block.select_one(".smtp-title").get_text()  # ours, in Korean
