extensions = ["sphinx_smtpcodes"]
project = "Escaping"
latex_documents = [("index", "escaping.tex", "Escaping", "Ops", "manual")]
smtpcodes_registry_files = ["registry/evil.yaml"]
# Mentions show the (hostile) name too.
smtpcodes_show_name = True
show_warning_types = True
# Quotes stay as typed, so the test can look for them (with smart quotes, the
# registry's prose gets typographic quotes like any other text).
smartquotes = False

# The hostile "use" text of evil.yaml is what operators read ("When to use which").
smtpcodes_audience = "operator"
