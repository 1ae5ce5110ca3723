# The test adds sphinx_tippy or hoverxref.extension to extensions.
extensions = ["sphinx_smtpcodes"]
project = "Neighbours"
show_warning_types = True
