"""WartaLogFormatter (crawler/logformatter.py): one short line per dropped item."""

from __future__ import annotations

import logging

from scrapy import Spider

from crawler.logformatter import WartaLogFormatter
from pipelines.drops import ExtractionFailed, ListingPageStored


def test_a_routine_drop_is_one_debug_line_holding_only_text() -> None:
    result = WartaLogFormatter().dropped(
        {"url": "u"}, ListingPageStored("https://m.beritajakarta.id/berita/terkini"),
        None, Spider(name="s"),
    )  # fmt: skip
    assert result == {
        "level": logging.DEBUG,
        "msg": "Dropped (%(name)s): %(exception)s",
        "args": {
            "name": "ListingPageStored",
            "exception": "https://m.beritajakarta.id/berita/terkini",
        },
    }


def test_a_failed_extraction_is_a_warning_with_its_reason() -> None:
    result = WartaLogFormatter().dropped(
        {"url": "u"}, ExtractionFailed("https://x/read/1: no title"), None,
        Spider(name="s"),
    )  # fmt: skip
    assert result["level"] == logging.WARNING
    assert result["msg"] % result["args"] == (
        "Dropped (ExtractionFailed): https://x/read/1: no title"
    )
