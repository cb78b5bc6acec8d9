"""ExtractionPipeline: FetchedPage -> Article, through the pure extractors.

A page that cannot be read is not dropped here: its ``error`` is set and the
storage pipeline records it in ``failures`` with the reason.
"""

from __future__ import annotations

import logging
from typing import Any

from crawler.items import Article, FetchedPage
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
    page.article, page.error = extract_or_reason(page.text, page.final_url)
    return page


def extract_or_reason(html: str, url: str) -> tuple[Article | None, str | None]:
    """The article of a page, or the reason (for ``failures``) there is none.

    Shared by the crawl and ``warta reparse``: an extractor crash is recorded,
    never lost, and never stops the caller.
    """
    try:
        return extract_article(html, url), None
    except NotAnArticle as exc:
        return None, f"not an article: {exc}"
    except Exception as exc:
        # the drop (ExtractionFailed) logs the one WARNING line, with this reason
        logger.debug("extraction of %s raised", url, exc_info=True)
        return None, f"extractor error: {type(exc).__name__}: {exc}"


class ExtractionPipeline:
    """Turn every fetched page into an Article (or a recorded reason)."""

    def process_item(self, item: Any) -> Any:
        """Extract article pages; pass other items through unchanged."""
        if isinstance(item, FetchedPage):
            return extract_page(item)
        return item
