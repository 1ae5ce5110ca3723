"""Documentation of sphinx-smtpcodes, built with the extension itself."""

project = "sphinx-smtpcodes"
author = "sphinx-smtpcodes developers"
copyright = "2026, sphinx-smtpcodes developers"
extensions = ["sphinx_smtpcodes"]
exclude_patterns = ["_build", "examples"]
html_theme = "alabaster"
nitpicky = True
html_static_path = ["_static"]
html_css_files = ["docs.css"]

# The SMTP Code Index in the sidebar, next to the table of contents.
html_theme_options = {"extra_nav_links": {"SMTP Code Index": "smtp-codeindex.html"}}
