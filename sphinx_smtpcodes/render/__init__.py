"""Renderers of content: :mod:`.nodes` (docutils nodes, for every Sphinx
builder) and :mod:`.text` (terminal text, for the command line)."""
