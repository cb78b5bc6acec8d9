"""Feeds: the items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, and the feeds a page announces.

Items come in feed order with their publication date (``pubDate``, ``dc:date``,
Atom ``published`` or else ``updated``); links are normalised and relative ones
resolved against the feed URL. Parsing is lenient and safe (see
:mod:`crawler.discovery._xml`); a body that is no feed gives no items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import lxml.etree

from crawler.discovery._dates import parse_any
from crawler.discovery._xml import child_text, local_name, parse_html, parse_xml
from sites.urls import normalize_url

WELL_KNOWN_PATHS = ("/feed/",)
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
)


@dataclass(frozen=True)
class FeedItem:
    """One feed entry: its page URL, publication date (aware) and title."""

    url: str
    published: datetime | None = None
    title: str | None = None


def well_known_feeds(base_url: str) -> list[str]:
    """The conventional feed URLs of a site (WordPress's ``/feed/``)."""
    found = [normalize_url(path, base_url) for path in WELL_KNOWN_PATHS]
    return [url for url in found if url is not None]


def parse_feed(body: str | bytes, feed_url: str) -> list[FeedItem]:
    """The entries of a feed, in feed order, each URL once."""
    root = parse_xml(body)
    if root is None or local_name(root) not in ("rss", "rdf", "feed"):
        return []
    items: list[FeedItem] = []
    seen: set[str] = set()
    for element in root.iter():
        name = local_name(element)
        if name == "item":
            link = child_text(element, "link") or _permalink_guid(element)
            date = child_text(element, "pubdate") or child_text(element, "date")
        elif name == "entry":
            link = _atom_link(element)
            date = child_text(element, "published") or child_text(element, "updated")
        else:
            continue
        url = normalize_url(link or "", feed_url)
        if url is None or url in seen:
            continue
        seen.add(url)
        items.append(FeedItem(url, parse_any(date), child_text(element, "title")))
    return items


def _permalink_guid(item: lxml.etree._Element) -> str | None:
    for child in item:
        if local_name(child) == "guid" and child.get("isPermaLink", "true") == "true":
            return (child.text or "").strip() or None
    return None


def _atom_link(entry: lxml.etree._Element) -> str | None:
    links = [child for child in entry if local_name(child) == "link"]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link.get("href"))
    return str(links[0].get("href")) if links and links[0].get("href") else None


def announced_feeds(html: str | bytes, page_url: str) -> list[str]:
    """URLs of ``<link rel=alternate type=application/rss+xml|atom+xml>`` of a page."""
    root = parse_html(html)
    if root is None:
        return []
    found: list[str] = []
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        media = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rels or media not in FEED_TYPES:
            continue
        url = normalize_url(link.get("href") or "", page_url)
        if url is not None and url not in found:
            found.append(url)
    return found
