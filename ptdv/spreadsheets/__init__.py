"""Excel/CSV import and export: reading files, repairing text, previews, row errors, background commits."""
