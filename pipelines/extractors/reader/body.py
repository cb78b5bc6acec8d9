"""The article's text: a declared body when the page ships one, else trafilatura.

trafilatura (main-content extraction, the best-scoring open extractor on the
published benchmarks) runs only its main-content step: fast mode (no
readability/jusText fallback) and no metadata pass (the reader's own cascade
reads the metadata; htmldate runs separately, only when a page declares and
shows no date).
"""

from __future__ import annotations

from datetime import date

import trafilatura

from pipelines.extractors.reader.dates import FAR_FUTURE

DECLARED_BODY_MIN = 200  # characters: shorter declared bodies are summaries


def read_body(html: str, url: str) -> str | None:
    """The main text, as trafilatura extracts it (fast mode, no comments)."""
    try:
        document = trafilatura.bare_extraction(
            html, url=url, fast=True, with_metadata=False, include_comments=False
        )
    except (ValueError, TypeError, AttributeError):
        return None
    if document is None:
        return None
    return getattr(document, "text", None) or None


def fallback_authors(html: str, url: str, latest: date | None) -> list[str]:
    """trafilatura's author reading (meta, JSON-LD, byline elements), split at ``;``.

    Its metadata pass also asks htmldate for a date: the quick search,
    bounded by ``latest``, so it never reads the clock and costs little.
    """
    params = {
        "extensive_search": False,
        "original_date": True,
        "max_date": (latest or FAR_FUTURE).isoformat(),
    }
    try:
        document = trafilatura.extract_metadata(html, url, date_config=params)
    except (ValueError, TypeError, AttributeError):
        return []
    author = getattr(document, "author", None) or ""
    return [name.strip() for name in author.split(";") if name.strip()]
