extensions = ["sphinx_smtpcodes"]
language = "de"
smtpcodes_locale_dirs = ["locale"]
