extensions = ["sphinx_smtpcodes", "sphinx.ext.autosectionlabel"]
project = "Split reference"
show_warning_types = True
