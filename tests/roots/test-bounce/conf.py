extensions = ["myst_parser", "sphinx_smtpcodes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["bounces"]
latex_documents = [("index", "bounce.tex", "Bounces", "Ops", "manual")]

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
