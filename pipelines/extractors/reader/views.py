"""View counts: ``Dibaca 1.234 kali``, ``1.234 kali dilihat``, ``Views: 1,234``, eye icon + number.

``.`` and ``,`` are thousands separators (counts are whole numbers). A bare
``{N} kali`` counts when the next line says the news was seen ("Berita ini
dilihat"), as Portal Jabar shows it. Short lines are searched for any of the
forms; a longer line (a meta line holding byline, date and count together)
only for the unambiguous ``Dibaca N kali``/``N kali dilihat``. The text right
after an eye icon counts when it is a number or one of the forms.
"""

from __future__ import annotations

import re

from pipelines.extractors.dom import Element, text_of, xpath
from pipelines.extractors.reader.lines import Line

_DIGITS = r"\d{1,3}(?:[.,\u00a0]\d{3})+|\d+"
_NUMBER = rf"(?P<n>{_DIGITS})"
_NUMBER_2 = rf"(?P<m>{_DIGITS})"
_PATTERNS = (
    re.compile(
        rf"\b(?:dibaca|dilihat)\s*:?\s*{_NUMBER}(?:\s*(?:kali|x)\b)?", re.IGNORECASE
    ),
    re.compile(
        rf"{_NUMBER}\s*(?:kali\s+)?(?:dibaca|dilihat|views?|x\s+dibaca)\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:views?|hits|pembaca)\s*:\s*{_NUMBER}\b", re.IGNORECASE),
)
_TIMES_SEEN = re.compile(
    rf"\b(?:dibaca|dilihat)\s*:?\s*{_NUMBER}\s*kali\b|{_NUMBER_2}\s*kali\s+(?:dibaca|dilihat)\b",
    re.IGNORECASE,
)
_BARE_TIMES = re.compile(rf"^{_NUMBER}\s*kali$", re.IGNORECASE)
_SEEN = re.compile(r"\b(?:dilihat|dibaca|views?)\b", re.IGNORECASE)
_EYE = xpath(
    "//*[self::i or self::span or self::svg or self::img]"
    "[contains(@class, 'eye') or contains(@class, 'view')"
    " or normalize-space() = 'visibility' or normalize-space() = 'remove_red_eye']"
)
_MAX_LINE = 80
_MAX_META_LINE = 240


def read_views(lines: list[Line], doc: Element) -> int | None:
    """The page's view count, or ``None``."""
    for index, line in enumerate(lines):
        text = line.text
        if len(text) > _MAX_LINE:
            seen = _TIMES_SEEN.search(text) if len(text) <= _MAX_META_LINE else None
            if seen is not None:
                return _count(seen["n"] or seen["m"])
            continue
        found = _in_text(text)
        if found is not None:
            return found
        bare = _BARE_TIMES.match(text)
        if bare and index + 1 < len(lines) and _SEEN.search(lines[index + 1].text):
            return _count(bare["n"])
    return _eye_icon(doc)


def _eye_icon(doc: Element) -> int | None:
    for icon in _EYE(doc):
        parent = icon.getparent()
        if parent is None:
            continue
        text = (icon.tail or "").strip() or text_of(parent)
        match = re.fullmatch(
            rf"(?:visibility|remove_red_eye)?\s*{_NUMBER}", text.strip()
        )
        if match is not None:
            return _count(match["n"])
        found = _in_text(text) if len(text) <= _MAX_LINE else None
        if found is not None:
            return found
    return None


def _in_text(text: str) -> int | None:
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match is not None:
            return _count(match["n"])
    return None


def _count(text: str) -> int:
    return int(re.sub(r"\D", "", text))
