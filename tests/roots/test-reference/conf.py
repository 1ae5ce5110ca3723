extensions = ["sphinx_smtpcodes"]
project = "Reference"
latex_documents = [("index", "ref.tex", "Reference", "Ops", "manual")]

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
