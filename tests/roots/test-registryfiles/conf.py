extensions = ["sphinx_smtpcodes"]
smtpcodes_registry_files = ["registry/house.yaml", "registry/broken.yaml"]

# The default from Sphinx 8 on; older versions hide the warning types.
show_warning_types = True
