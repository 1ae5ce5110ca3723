extensions = ["sphinx_smtpcodes"]
latex_documents = [("index", "session.tex", "Session", "Ops", "manual")]

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
