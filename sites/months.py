"""Month names as Indonesian and English portals write them: the one table.

Lower-case keys, with old spellings (``pebruari``, ``nopember``) and the usual
abbreviations; the extractors' dates and the crawler's listing dates read it.
(The mirror keeps its own names: it is a separate stdlib-only test server.)
"""

from __future__ import annotations

MONTHS: dict[str, int] = {
    # Indonesian, with old spellings and abbreviations
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "aug": 8, "october": 10, "oct": 10, "december": 12, "dec": 12,
}  # fmt: skip


def month_number(name: str) -> int | None:
    """``"Agustus"`` → 8; ``None`` for a word that is not a month."""
    return MONTHS.get(name.lower().rstrip("."))
