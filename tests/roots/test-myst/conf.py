extensions = ["myst_parser", "sphinx_smtpcodes"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
