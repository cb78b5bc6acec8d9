"""Log lines for dropped items: the reason, never the whole item (pages are large)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from twisted.python.failure import Failure

# Drops logged at DEBUG (see pipelines/drops.py): routine bookkeeping, or a
# problem already logged once (a fetch failure by the spider's errback, a
# storage failure by the archive pipeline).
ROUTINE_DROPS = frozenset(
    {"ListingPageStored", "PublishedBeforeSince", "FetchFailed", "StorageFailed"}
)


class WartaLogFormatter(LogFormatter):
    """Scrapy's formatter, with one short line per dropped item."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        """``Dropped (ExtractionFailed): <url>: <reason>``; routine drops at DEBUG.

        The arguments hold the exception's text, not the exception: Scrapy
        keeps them in a frame of the exception's own traceback, and that cycle
        would keep every dropped page and its response alive until a full
        garbage collection.
        """
        name = type(exception).__name__
        return {
            "level": logging.DEBUG if name in ROUTINE_DROPS else logging.WARNING,
            "msg": "Dropped (%(name)s): %(exception)s",
            "args": {"name": name, "exception": str(exception)},
        }
