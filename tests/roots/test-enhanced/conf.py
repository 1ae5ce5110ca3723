extensions = ["sphinx_smtpcodes"]
