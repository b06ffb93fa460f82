"""The pull-request workflow: semantic diff, scaffolding, canonical formatting, CODEOWNERS, the field reference."""
