extensions = ["sphinx_smtpcodes"]
project = "Parallel"
