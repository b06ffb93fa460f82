"""Search: documents from the model, Meilisearch settings and indexing, the static fallback index."""
