extensions = ["sphinx_smtpcodes"]
project = "Mail Service Manual"
latex_documents = [("index", "manual.tex", "Mail Service Manual", "Ops", "manual")]
version = release = "1.0"
copyright = "2026, Ops"

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
