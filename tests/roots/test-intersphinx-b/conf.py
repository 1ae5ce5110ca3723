# intersphinx_mapping is set by the test: it points at project A's built inventory.
extensions = ["sphinx_smtpcodes", "sphinx.ext.intersphinx"]
project = "Client Guide"
show_warning_types = True
smtpcodes_mention_links = "intersphinx"
