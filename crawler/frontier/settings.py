"""Join a crawl on a Redis frontier and give the Scrapy settings of this worker."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import redis

from crawler.frontier.keys import join_crawl


class FrontierError(RuntimeError):
    """The frontier URL is wrong or its Redis does not answer."""


def check_frontier_url(url: str) -> str:
    """``url`` if it is a ``redis://`` or ``rediss://`` URL, else FrontierError."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or not (
        parts.hostname or parts.path
    ):
        raise FrontierError(
            f"not a Redis URL: {url!r} (expected redis://HOST:PORT/DB, "
            "or redis://:PASSWORD@HOST:PORT/DB)"
        )
    return url


def connect(url: str) -> redis.Redis:
    """A client of the frontier's Redis, checked to answer."""
    try:
        client = redis.Redis.from_url(check_frontier_url(url))
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        shown = _without_password(url)
        raise FrontierError(f"cannot reach the frontier {shown}: {exc}") from None
    return client


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def join(url: str, site: str, archive: str) -> str:
    """The id of the crawl this worker joins (a new one if none is running)."""
    try:
        return join_crawl(connect(url), site, archive)
    except redis.RedisError as exc:
        raise FrontierError(f"frontier error: {exc}") from None


def frontier_settings(
    url: str, *, site: str, crawl_id: str, archive: str, idle_timeout: float
) -> dict[str, Any]:
    """The settings that make this crawl one worker of ``crawl_id``."""
    return {
        "WARTA_FRONTIER_URL": url,
        "WARTA_FRONTIER_SITE": site,
        "WARTA_FRONTIER_CRAWL_ID": crawl_id,
        "WARTA_FRONTIER_ARCHIVE": archive,
        "WARTA_FRONTIER_IDLE_TIMEOUT": idle_timeout,
    }
