"""Open data: resolved records as JSON and CSV, the national exchange tables, schema.org JSON-LD."""
