extensions = ["sphinx_smtpcodes"]
smtpcodes_registry_files = ["registry/house.yaml", "registry/broken.yaml"]
