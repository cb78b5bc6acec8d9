"""Reasons an item leaves the pipeline, one ``DropItem`` subclass each.

Scrapy counts them as ``item_dropped_reasons_count/<ClassName>``.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem


class ListingPageStored(DropItem):
    """A listing page: its view counts were recorded; nothing else to store."""


class ExtractionFailed(DropItem):
    """An article page that could not be read; recorded in ``failures``."""


class FetchFailed(DropItem):
    """A URL that could not be fetched; recorded in ``failures``."""


class PublishedBeforeSince(DropItem):
    """An article published before the crawl's ``since``: skipped, not stored."""


class StorageFailed(DropItem):
    """An item the archive could not take (the crawl is stopping)."""
