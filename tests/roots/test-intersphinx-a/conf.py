extensions = ["sphinx_smtpcodes"]
project = "Relay Manual"
version = release = "2.0"
show_warning_types = True
