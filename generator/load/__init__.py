"""Files to plain data with source positions: the hardened YAML reader, the catalog and the record loaders."""
