"""What a record is: the typed model, codes, value rules, resolved items and findings. No file I/O here."""
