"""Block anchors work with preview extensions.

sphinx-hoverxref is not tested: its latest release (1.4.2) fails on its own at
``config-inited`` with Sphinx 7.3 and later ("cannot unpack non-iterable _Opt
object"), so it cannot run with the Sphinx versions this package supports.
"""

from __future__ import annotations

import pytest

from .conftest import soup


@pytest.mark.sphinx(
    "html",
    testroot="neighbours",
    freshenv=True,
    confoverrides={"extensions": ["sphinx_smtpcodes", "sphinx_tippy"]},
)
def test_sphinx_tippy_previews_the_block_a_mention_links_to(app):
    pytest.importorskip("sphinx_tippy")
    app.build()
    link = soup(app, "guide").select_one("div.body p a.reference.internal")
    assert link["href"] == "index.html#smtp-450"
    (tips,) = (app.outdir / "_static" / "tippy").glob("guide.*.js")
    text = tips.read_text(encoding="utf-8")
    selector = 'a[href=\\"index.html#smtp-450\\"]": "'
    assert selector in text, "no tippy preview for the mention"
    preview = text.split(selector, 1)[1].split('",', 1)[0]
    # the preview is the block itself: its title, class and summary
    assert 'id=\\"smtp-450\\"' in preview and "450 Mailbox Unavailable" in preview
    assert "4xx Transient Negative Completion" in preview
