"""Data to findings: per-record and catalog rules, attachments, and the one pass that validates a project."""
