extensions = ["sphinx_smtpcodes"]
project = "Everything"
copyright = "2026, Ops"
version = release = "1.0"
latex_documents = [("index", "everything.tex", "Everything", "Ops", "manual")]
man_pages = [("index", "everything", "Everything", ["Ops"], 7)]
texinfo_documents = [("index", "everything", "Everything", "Ops", "everything", "SMTP", "Misc")]

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
