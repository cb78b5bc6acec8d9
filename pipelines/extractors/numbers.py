"""View counts: ``2619``, ``2.619``, ``2,619``, ``1.234.567``."""

from __future__ import annotations

import re

from pipelines.extractors.text import strip_icon_words

_COUNT = re.compile(
    r"(?P<num>[0-9]{1,3}(?:(?P<sep>[.,\u00a0 ])[0-9]{3})(?:(?P=sep)[0-9]{3})*|[0-9]+)"
    r"(?:\s*(?:views?|kali(?:\s+(?:dibaca|dilihat))?|dibaca|dilihat|x))?",
    re.IGNORECASE,
)


def parse_views(text: str | None) -> int | None:
    """Parse a view count; ``None`` for anything that is not a whole count.

    Accepts plain digits and ``.``/``,``/space thousands separators in groups of
    three; an optional leading icon word and trailing "views"/"kali dibaca".
    """
    if text is None:
        return None
    if text.isdigit() and text.isascii():
        return int(text)
    candidate = strip_icon_words(text)
    match = _COUNT.fullmatch(candidate)
    if match is None:
        return None
    return int(re.sub(r"[^0-9]", "", match["num"]))
