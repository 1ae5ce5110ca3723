"""Copying a transcript copies it as the page shows it: masked.

sphinx-copybutton (in the test extra) adds its button to ``div.highlight pre``;
the extension puts each transcript in such a box. In headless Chromium the
button is clicked and the clipboard read back.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from .conftest import warnings
from .test_browser import _open, browser  # noqa: F401 - the fixture is used by name

SECRET = "d29uZGVybGFuZA=="
TRANSCRIPT = f"""\
S: 220 mx.example.org ESMTP
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: YWxpY2U=
S: 334 UGFzc3dvcmQ6
C: {SECRET}
S: 235 2.7.0 Authentication successful
"""


@pytest.fixture
def page_url(make_app, tmp_path):
    pytest.importorskip("sphinx_copybutton")
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_smtpcodes", "sphinx_copybutton"]\n')
    body = "\n".join("   " + line for line in TRANSCRIPT.splitlines())
    (src / "index.rst").write_text(f"Copy\n====\n\n.. smtp-session::\n\n{body}\n")
    app = make_app("html", srcdir=src)
    app.build()
    assert warnings(app) == ""
    return app, (app.outdir / "index.html").as_uri()


def test_copybutton_finds_the_transcript_and_it_holds_no_secret(page_url):
    app, _url = page_url
    page = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    assert page.find("script", src=lambda s: s and "copybutton" in s) is not None
    (pre,) = page.select("div.highlight pre")  # sphinx-copybutton's default selector
    assert "smtp-transcript" in pre["class"]
    assert SECRET not in pre.get_text() and "C: ****" in pre.get_text()


def test_clicking_the_button_copies_the_masked_text(page_url, browser):  # noqa: F811
    _app, url = page_url
    context, page = _open(browser, url)
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        shown = page.inner_text("pre.smtp-transcript")
        box = page.locator("div.highlight", has=page.locator("pre.smtp-transcript"))
        box.hover()
        button = box.locator("button.copybtn")
        assert button.count() == 1
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert SECRET not in copied
        assert copied.strip() == shown.strip()
        assert "C: ****" in copied and "[decoded: Password:]" in copied
    finally:
        context.close()
