"""Example manual: Postwerk Mail's SMTP troubleshooting guide."""

project = "Postwerk Mail"
author = "Postwerk Operations"
copyright = "2026, Postwerk Operations"
version = release = "2026.11"
extensions = ["sphinx_smtpcodes"]
exclude_patterns = ["_build", "ko"]

# Our own notes and codes, on top of the bundled registry.
smtpcodes_registry_files = ["registry/postwerk.yaml"]

html_theme = "alabaster"
html_title = "Postwerk Mail — SMTP troubleshooting"

latex_documents = [
    ("index", "smtp-troubleshooting.tex", "SMTP Troubleshooting Guide", "Postwerk Operations",
     "manual"),
]
latex_elements = {"papersize": "a4paper", "pointsize": "10pt", "extraclassoptions": "openany,oneside"}

# The SMTP Code Index in the sidebar, next to the table of contents.
html_theme_options = {"extra_nav_links": {"SMTP Code Index": "smtp-codeindex.html"}}
