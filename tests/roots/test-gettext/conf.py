extensions = ["sphinx_smtpcodes"]
project = "Relay Guide"
show_warning_types = True
locale_dirs = ["locales"]
gettext_compact = False
