"""Related links under headings: ``Berita Terkait``, ``Baca Juga``, ``Artikel Terkait``, …

A heading line (the whole line, any case, an optional trailing colon) starts a
block; its links are the ``<a href>`` elements after the heading inside the
heading's parent (or grandparent, when the parent holds nothing else). An
inline ``Baca juga: <a>…</a>`` paragraph gives its own link. Links are made
absolute, kept in page order, without duplicates or links back to the page.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from pipelines.extractors.dom import Element, text_of
from pipelines.extractors.reader.lines import Line
from pipelines.extractors.reader.model import ReadLink

_HEADING = re.compile(
    r"^(?:berita|artikel|tulisan|post(?:ingan)?)\s+(?:terkait|lainnya|lain)"
    r"|^baca\s+(?:juga|pula)|^lihat\s+juga|^related(?:\s+(?:news|articles?|posts?|stories))?$"
    r"|^read\s+(?:also|more)$",
    re.IGNORECASE,
)
_MIN_TITLE = 10
_MAX_LINKS = 20


def read_related(lines: list[Line], base_url: str) -> list[ReadLink]:
    """Links of the page's related blocks, in page order."""
    page = urldefrag(base_url)[0]
    found: dict[str, ReadLink] = {}
    for line in lines:
        label = line.text.rstrip(" :").strip()
        if not _HEADING.match(label):
            continue
        if len(label) <= 30:
            anchors = _after_heading(line.element)
        else:  # "Baca juga: <a>Headline</a>" inside a paragraph
            anchors = list(line.element.iter("a"))
        for anchor in anchors:
            link = _link(anchor, base_url)
            if link is not None and link.url != page and link.url not in found:
                found[link.url] = link
            if len(found) >= _MAX_LINKS:
                return list(found.values())
    return list(found.values())


def _after_heading(heading: Element) -> list[Element]:
    container = heading.getparent()
    for _ in range(3):
        if container is None:
            return []
        anchors = _anchors_after(container, heading)
        if anchors:
            return anchors
        container = container.getparent()
    return []


def _anchors_after(container: Element, heading: Element) -> list[Element]:
    anchors: list[Element] = []
    passed = False
    for element in container.iter():
        if element is heading:
            passed = True
        elif passed and element.tag == "a" and element.get("href"):
            if heading in element.iterancestors():
                continue
            anchors.append(element)
    return anchors


def _link(anchor: Element, base_url: str) -> ReadLink | None:
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    title = text_of(anchor) or (anchor.get("title") or "").strip()
    if len(title) < _MIN_TITLE:
        return None
    return ReadLink(urldefrag(urljoin(base_url, href))[0], title)
