extensions = ["sphinx_smtpcodes"]
project = "Reference"
latex_documents = [("index", "ref.tex", "Reference", "Ops", "manual")]
