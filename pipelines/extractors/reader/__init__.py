"""A profile-free article reader for any portal (issue 10, item 4).

``read_article(Document(html), url)`` → :class:`ReadArticle`, or
:class:`NotAnArticle` for home, listing, tag and static pages. Structured data first, then visible
labels and lines, then the body (see :mod:`.compose` for the cascade and the
article rule).
"""

from __future__ import annotations

from pipelines.extractors.reader.compose import read_article, read_page
from pipelines.extractors.reader.model import ReadArticle, ReadLink

__all__ = ["ReadArticle", "ReadLink", "read_article", "read_page"]
