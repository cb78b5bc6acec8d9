"""A deterministic offline mirror of m.beritajakarta.id for tests and demos."""
