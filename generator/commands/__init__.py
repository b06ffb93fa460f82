"""One module per CLI verb, as in MkDocs' own commands/ package."""
