"""Berita Jakarta and other site spiders."""
