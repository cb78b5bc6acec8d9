"""ExtractionPipeline: FetchedPage -> Article, through the pure extractors.

A page that cannot be read is not dropped here: its ``error`` is set and the
storage pipeline records it in ``failures`` with the reason. A ``page`` (a
candidate a generic crawl found by URL shape) is an article if the reader
reads one, else a listing-like page (kept as a listing, never a failure).

Setting (default in ``from_crawler``): ``WARTA_MAX_PAGE_BYTES`` (10 MiB): a
page whose body is larger is refused with a reason, never parsed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from crawler.items import Article, FetchedPage
from pipelines.extractors import NotAnArticle, extract_article, extract_listing

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from pipelines.extractors.dom import Element

logger = logging.getLogger(__name__)

#: How a reason says the reader found no article on the page.
NOT_AN_ARTICLE = "not an article: "

#: The default size cap of a page, in bytes (``WARTA_MAX_PAGE_BYTES``).
MAX_PAGE_BYTES = 10 * 1024 * 1024


def too_large(size: int, max_bytes: int) -> str | None:
    """The refusal reason for a page of ``size`` bytes over the cap, else ``None``."""
    if size <= max_bytes:
        return None
    return f"page too large: {size} bytes (limit {max_bytes}, WARTA_MAX_PAGE_BYTES)"


def extract_page(page: FetchedPage, max_bytes: int = MAX_PAGE_BYTES) -> FetchedPage:
    """Fill ``page.article`` / ``page.listing_links``, or ``page.error`` with why not."""
    refused = too_large(len(page.body), max_bytes)
    tree, page.tree = page.tree, None  # the spider's parse: used here, then let go
    if page.kind == "listing":
        if refused:
            logger.warning("listing %s not read: %s", page.final_url, refused)
            return page
        try:
            page.listing_links = extract_listing(page.text, page.final_url, tree=tree)
        except Exception as exc:  # noqa: BLE001  a bad listing must not stop the crawl
            logger.warning("listing %s unreadable: %s", page.final_url, exc)
        return page
    if page.status != 200:
        page.error = f"HTTP status {page.status}"
        return page
    if refused:
        page.error = refused
        return page
    page.article, page.error = extract_or_reason(
        page.text, page.final_url, page.site, tree=tree
    )
    if page.kind == "page":  # a candidate found by URL shape (generic crawl)
        rejected = page.error is not None and page.error.startswith(NOT_AN_ARTICLE)
        page.kind = "listing" if rejected else "article"
        page.error = None if rejected else page.error
    return page


def extract_or_reason(
    html: str, url: str, site: str | None = None, *, tree: Element | None = None
) -> tuple[Article | None, str | None]:
    """The article of a page, or the reason (for ``failures``) there is none.

    ``site`` is the crawled site's profile name, when known, and ``tree`` the
    page already parsed, if it was (see ``extract_article``).

    Shared by the crawl and ``warta reparse``: an extractor crash is recorded,
    never lost, and never stops the caller.
    """
    try:
        return extract_article(html, url, site, tree=tree), None
    except NotAnArticle as exc:
        return None, f"{NOT_AN_ARTICLE}{exc}"
    except Exception as exc:
        # the drop (ExtractionFailed) logs the one WARNING line, with this reason
        logger.debug("extraction of %s raised", url, exc_info=True)
        return None, f"extractor error: {type(exc).__name__}: {exc}"


class ExtractionPipeline:
    """Turn every fetched page into an Article (or a recorded reason)."""

    def __init__(self, max_page_bytes: int = MAX_PAGE_BYTES) -> None:
        self.max_page_bytes = max_page_bytes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPipeline:
        """Read ``WARTA_MAX_PAGE_BYTES``."""
        return cls(crawler.settings.getint("WARTA_MAX_PAGE_BYTES", MAX_PAGE_BYTES))

    def process_item(self, item: Any) -> Any:
        """Extract article pages; pass other items through unchanged."""
        if isinstance(item, FetchedPage):
            return extract_page(item, self.max_page_bytes)
        return item
