"""The visible headline, not ``<title>`` with the site's name appended.

Declared titles (JSON-LD ``headline``, ``og:title``, ``twitter:title``,
microdata, app state, ``<title>``) are matched against the page's headings:
a heading that equals a declared title, or is the part of one that remains
when the site's name is cut off, is the headline. Without a match, the
strongest declared title with the site's name cut off is used, then the first
``<h1>``.
"""

from __future__ import annotations

import re
import unicodedata

from pipelines.extractors.dom import Element, text_of, xpath

_HEADINGS = xpath(
    "//h1 | //h2 | //h3 | //*[@itemprop='headline']"
    " | //*[contains(@class, 'title') or contains(@class, 'headline')]"
    "[self::div or self::span or self::p or self::a or self::strong or self::header]"
)
_H1 = xpath("//h1")
_TITLE = xpath("//title")
_SEPARATORS = re.compile(r"\s+(?:[|–—·•»«~/]|-{1,2}|::)\s+|\s*\|\s*")
_MAX_HEADING = 300


def key(text: str) -> str:
    """Comparison form: NFKC, case-folded, letters and digits only."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def page_title(doc: Element) -> str | None:
    """The ``<title>`` element's text."""
    found = _TITLE(doc)
    return text_of(found[0]) or None if found else None


def choose_title(
    doc: Element, declared: list[str], site_names: list[str]
) -> str | None:
    """The visible headline (see the module docstring)."""
    declared = [d for d in dict.fromkeys(declared) if d]
    headings = []
    for element in _HEADINGS(doc):
        text = text_of(element)
        if 3 <= len(text) <= _MAX_HEADING:
            headings.append(text)
    heading_keys = {key(h): h for h in reversed(headings)}
    for title in declared:
        for part in [title, *segments(title)]:
            match = heading_keys.get(key(part))
            if match is not None and len(key(part)) >= 3:
                return match
    for title in declared:
        stripped = strip_site_name(title, site_names)
        if stripped:
            return stripped
    for h1 in _H1(doc):
        text = text_of(h1)
        if 3 <= len(text) <= _MAX_HEADING:
            return text
    return None


def segments(title: str) -> list[str]:
    """The parts of ``"Headline - Portal X | Kota Y"`` split at its separators."""
    parts = [p.strip() for p in _SEPARATORS.split(title)]
    return [p for p in parts if p] if len(parts) > 1 else []


def strip_site_name(title: str, site_names: list[str]) -> str:
    """``title`` without leading/trailing parts that name the site."""
    parts = segments(title)
    if not parts:
        return title
    names = [key(n) for n in site_names if key(n)]

    def names_site(part: str) -> bool:
        k = key(part)
        return bool(k) and any(n in k or k in n for n in names)

    kept = [p for p in parts if not names_site(p)]
    if kept and len(kept) < len(parts):
        return _join(title, kept)
    # no part names the site: drop a short last part ("… | Home", "… - Kompas")
    if len(parts) >= 2 and len(parts[-1].split()) <= 3 < len(parts[0].split()):
        return _join(title, parts[:-1])
    return title


def _join(title: str, parts: list[str]) -> str:
    """Rejoin consecutive parts with the separators the title used."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    if 0 <= start < end:
        return title[start:end].strip()
    return parts[0]
