"""sphinx-smtpcodes: correct, sourced explanations of SMTP reply codes in Sphinx.

Add ``"sphinx_smtpcodes"`` to ``extensions`` in ``conf.py``; then write
``.. smtp-code:: 450``, ``.. smtp-compare:: 334 450`` and ``:smtp:`450```.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the ``smtp`` domain, directives, roles and configuration."""
    from .sphinxext import setup as setup_extension

    return setup_extension(app)
