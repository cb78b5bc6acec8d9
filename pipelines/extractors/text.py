"""Text normalisation: whitespace, NBSP, icon ligature words, site suffixes."""

from __future__ import annotations

import re

# Words that Material Icons (and similar ligature fonts) render as icons but that
# are text in the markup: ``<i class="material-icons">access_time</i>``.
ICON_WORDS = frozenset(
    {
        "access_time",
        "remove_red_eye",
        "visibility",
        "person",
        "photo",
        "photo_camera",
        "camera_alt",
        "schedule",
        "today",
        "event",
        "date_range",
        "local_phone",
        "email",
        "chevron_left",
        "chevron_right",
        "arrow_upward",
        "arrow_downward",
        "search",
        "menu",
        "add",
        "close",
    }
)

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SITE_SUFFIX = re.compile(
    r"\s*[-–—|]\s*beritajakarta(?:\.id|\.com)?\s*$", re.IGNORECASE
)


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (NBSP included) to one space and strip."""
    if not text.isascii():  # O(1); zero-width characters are never ASCII
        text = _INVISIBLE.sub("", text)
    # str.split() splits on exactly the characters str.isspace() accepts (NBSP too)
    return " ".join(text.split())


def clean(text: str | None) -> str | None:
    """Normalise whitespace; ``None`` for ``None`` or an empty result (never ``""``)."""
    if text is None:
        return None
    result = normalize_space(text)
    return result or None


def strip_icon_words(text: str) -> str:
    """Drop leading icon ligature words (``access_time Kamis, …`` → ``Kamis, …``)."""
    text = normalize_space(text)
    if not text or not ("a" <= text[0] <= "z"):
        return text
    words = text.split(" ")
    index = 0
    while index < len(words) and words[index] in ICON_WORDS:
        index += 1
    return " ".join(words[index:]) if index else text


def strip_site_suffix(text: str) -> str:
    """Remove a trailing `` - Beritajakarta.id`` from a credit or name."""
    if "akarta" not in text.lower():
        return text.strip()
    return _SITE_SUFFIX.sub("", text).strip()


def clean_name(text: str | None) -> str | None:
    """A person's name: whitespace, icon words and the site suffix stripped."""
    if text is None:
        return None
    name = strip_site_suffix(strip_icon_words(text)).strip(" |,;:-–")
    return name or None
