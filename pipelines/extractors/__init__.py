"""Pure extractors: (html, url) -> Article. No network, files, database or clock."""

from __future__ import annotations

from pipelines.extractors.api import (
    ARTICLE_KEYS,
    EXTRACTOR_VERSION,
    article_to_dict,
    extract_article,
    extract_listing,
    link_to_dict,
)
from pipelines.extractors.errors import NotAnArticle

__all__ = [
    "ARTICLE_KEYS",
    "EXTRACTOR_VERSION",
    "NotAnArticle",
    "article_to_dict",
    "extract_article",
    "extract_listing",
    "link_to_dict",
]
