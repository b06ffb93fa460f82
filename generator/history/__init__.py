"""The repository's own history of the catalog: one pass over `git log`, blobs read through one `git cat-file`."""
