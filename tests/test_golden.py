"""Every documented example, in reST and in MyST, renders the stored doctree.

The stored files are ``tests/golden/NAME.xml``; after an intended change,
``python tools/golden.py`` writes them again (review the diff).
"""

from __future__ import annotations

import pytest

from tools.golden import example_names, golden_path

pytest.importorskip("myst_parser")

import docutils
import sphinx

#: The stored doctrees are written by the newest Sphinx and docutils the package
#: supports (`make golden`); older ones serialise the same document differently
#: (attribute order and names), so the oldest end (`make test-oldest`) is held
#: to the reST-equals-MyST test instead.
NEWEST = sphinx.version_info[:2] >= (9, 0) and docutils.__version_info__[:2] >= (0, 22)
pytestmark = pytest.mark.skipif(
    not NEWEST, reason="golden doctrees are written with Sphinx 9 and docutils 0.22"
)


def test_every_example_has_a_stored_doctree():
    names = example_names()
    assert names
    assert [n for n in names if not golden_path(n).is_file()] == []


@pytest.mark.parametrize("syntax", ["rst", "md"])
@pytest.mark.parametrize("name", example_names())
def test_example_renders_its_stored_doctree(example_build, name, syntax):
    warnings, tree = example_build(name, syntax)
    assert warnings == ""
    stored = golden_path(name).read_text(encoding="utf-8")
    assert tree == stored, f"run `python tools/golden.py` if this change of {name} is meant"
