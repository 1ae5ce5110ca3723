extensions = ["sphinx_smtpcodes"]
language = "de"
smtpcodes_locale_dirs = ["locale"]

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
