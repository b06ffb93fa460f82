"""Rendering: the typed model to Markdown pages (raw, escaped HTML blocks) for MkDocs."""
