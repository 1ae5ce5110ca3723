extensions = ["sphinx_smtpcodes"]
latex_documents = [("index", "session.tex", "Session", "Ops", "manual")]
