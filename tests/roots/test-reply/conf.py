extensions = ["myst_parser", "sphinx_smtpcodes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
latex_documents = [("index", "reply.tex", "Replies", "Ops", "manual")]

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
