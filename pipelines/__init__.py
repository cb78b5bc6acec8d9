"""Item pipelines: extraction, cleaning and storage."""
