extensions = ["sphinx_smtpcodes"]
project = "Labels"
# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
