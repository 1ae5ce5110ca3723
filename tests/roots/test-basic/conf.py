extensions = ["sphinx_smtpcodes"]
project = "Mail Service Manual"
latex_documents = [("index", "manual.tex", "Mail Service Manual", "Ops", "manual")]
version = release = "1.0"
copyright = "2026, Ops"
