"""ExtractionPipeline: FetchedPage -> Article, through the pure extractors.

A page that cannot be read is not dropped here: its ``error`` is set and the
storage pipeline records it in ``failures`` with the reason.
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.items import FetchedPage
from pipelines.extractors import NotAnArticle, extract_article, extract_listing

logger = logging.getLogger(__name__)


def extract_page(page: FetchedPage) -> FetchedPage:
    """Fill ``page.article`` / ``page.listing_links``, or ``page.error`` with why not."""
    if page.kind == "listing":
        try:
            page.listing_links = extract_listing(page.text, page.final_url)
        except Exception as exc:  # noqa: BLE001  a bad listing must not stop the crawl
            logger.warning("listing %s unreadable: %s", page.final_url, exc)
        return page
    if page.status != 200:
        page.error = f"HTTP status {page.status}"
        return page
    try:
        page.article = extract_article(page.text, page.final_url)
    except NotAnArticle as exc:
        page.error = f"not an article: {exc}"
    except Exception as exc:
        logger.exception("extraction of %s raised", page.final_url)
        page.error = f"extractor error: {type(exc).__name__}: {exc}"
    return page


class ExtractionPipeline:
    """Turn every fetched page into an Article (or a recorded reason)."""

    def process_item(self, item: Any) -> Any:
        """Extract article pages; pass other items through unchanged."""
        if isinstance(item, FetchedPage):
            return extract_page(item)
        return item
