# One page with every directive and role of sphinx-smtpcodes, built under each
# theme by tests/test_browser.py (which passes ``-D html_theme=...``).
extensions = ["sphinx_smtpcodes"]
project = "Mail Service Manual"
copyright = "2026, Ops"
version = release = "1.0"
html_theme = "alabaster"
# A short title: PyData's phone header keeps the title on one line, and a long
# one would widen the page whatever our blocks do.
html_title = "Mail Service Manual"

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
