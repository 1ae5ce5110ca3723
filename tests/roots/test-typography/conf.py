# Many comparisons after paragraphs of every length, so that some block title
# falls near the foot of a page: tests/test_builders.py checks that none is
# left there alone, and that headers and narrow cells are set as they should be.
extensions = ["sphinx_smtpcodes"]
project = "Typography"
copyright = "2026, Ops"
version = release = "1.0"
latex_documents = [("index", "manual.tex", "Typography", "Ops", "howto")]
latex_elements = {"papersize": "a4paper"}

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
