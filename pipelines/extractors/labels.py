"""Label-anchored parsing shared by every template: bylines, credits, headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extractors.text import clean_name, normalize_space

_LABEL = re.compile(
    r"(?P<label>\b(?:Reporter|Wartawan|Penulis|Editor|Redaktur|Translator|Penerjemah)"
    r"\s*:|\b(?:Reported|Written|Edited|Translated)\s+by\b\s*:?)",
    re.IGNORECASE,
)
_FIELD_OF_LABEL = {
    "reporter": "reporter",
    "wartawan": "reporter",
    "penulis": "reporter",
    "reported": "reporter",
    "written": "reporter",
    "editor": "editor",
    "redaktur": "editor",
    "edited": "editor",
    "translator": "translator",
    "penerjemah": "translator",
    "translated": "translator",
}
_PHOTO = re.compile(r"\(?\s*Foto\s*:\s*(?P<credit>.+?)\s*\)?", re.IGNORECASE)

RELATED_HEADINGS = frozenset({"berita terkait", "linked news", "related news"})
POPULAR_HEADINGS = frozenset(
    {"berita terpopuler", "berita populer", "popular news", "most popular"}
)


@dataclass
class Byline:
    """People named in a byline; ``unlabelled`` keeps text no label claimed."""

    reporter: str | None = None
    editor: str | None = None
    translator: str | None = None
    unlabelled: list[str] = field(default_factory=list)


def parse_byline(text: str, into: Byline | None = None) -> Byline:
    """Parse ``Reporter : X``, ``Editor: Y``, ``Reported by X | Translated by Y``."""
    byline = into if into is not None else Byline()
    text = normalize_space(text)
    matches = list(_LABEL.finditer(text))
    lead = text[: matches[0].start()] if matches else text
    lead_name = clean_name(lead)
    if lead_name:
        byline.unlabelled.append(lead_name)
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = clean_name(text[match.end() : end])
        word = match["label"].split()[0].rstrip(":").lower()
        name = _FIELD_OF_LABEL[word]
        if value and getattr(byline, name) is None:
            setattr(byline, name, value)
    return byline


def parse_photo_credit(text: str | None) -> str | None:
    """``(Foto: Name)`` or ``Name - Beritajakarta.id`` → ``Name``; ``None`` if empty."""
    if not text:
        return None
    text = normalize_space(text)
    match = _PHOTO.fullmatch(text)
    if match is not None:
        text = match["credit"]
    return clean_name(text)


def heading_kind(text: str) -> str | None:
    """``"related"``/``"popular"`` for a section heading (any case), else ``None``."""
    key = normalize_space(text).casefold()
    if key.endswith("indeks"):
        key = key.removesuffix("indeks").rstrip(" +")
    if key in RELATED_HEADINGS:
        return "related"
    if key in POPULAR_HEADINGS:
        return "popular"
    return None
