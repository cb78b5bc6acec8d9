"""Per-site extractors."""
