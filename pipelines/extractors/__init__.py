"""Pure extractors: (html, url) -> Article. No network, files, database or clock."""
