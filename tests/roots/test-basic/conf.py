extensions = ["sphinx_smtpcodes"]
project = "Mail Service Manual"
latex_documents = [("index", "manual.tex", "Mail Service Manual", "Ops", "manual")]
