"""Bylines from visible labels: ``Penulis: A | Editor: B``, ``Pewarta : X``, ``By Y``.

Writer and reporter labels (``Penulis``, ``Reporter``, ``Pewarta``,
``Peliput``, ``Wartawan``, ``Oleh``, ``Author``, ``Written by``) make the
byline, in page order; editor labels (``Editor``, ``Redaktur``,
``Penyunting``, ``Edited by``) make the editor and never enter the byline.
Other labels on the same line (``Sumber``, ``Foto``) end a value, and so
does a date or a view count that follows the names on the same line
(``Editor: C Senin, 4 November 2024`` or ``Editor: C 04/11/2024``). A bare
``By Name`` counts only at the start of a short line (``Bylines`` keeps it
apart, as weaker evidence than a labelled one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipelines.extractors.dom import Element, text_of
from pipelines.extractors.reader.lines import Line

_WRITER = r"penulis|reporter|pewarta|peliput|wartawan|author|written\s+by|reported\s+by"
_EDITOR = r"editor|redaktur|penyunting|edited\s+by|editor\s+by"
_OTHER = (
    r"sumber|foto|fotografer|photo|source|kontributor|penerjemah|translator|"
    r"dibaca|diperbarui|diterbitkan|dipublikasikan|updated|published|posted|tags?|"
    r"kategori|category"
)
_LABEL = re.compile(
    rf"(?:(?<=^)|(?<=[\s|•/(\[,;-]))(?P<label>(?P<writer>{_WRITER})|(?P<editor>{_EDITOR})"
    rf"|(?P<other>{_OTHER}))\s*[:：]\s*"
    r"|(?:(?<=^)|(?<=[|•]\s))(?P<oleh>oleh)\s+(?=\S)",
    re.IGNORECASE,
)
_BY = re.compile(r"^(?:By|BY|by)\s*[:]?\s+(?P<names>[^\d|•]{3,80})$")
_CUT = re.compile(
    r"\s+(?:[-–—|•]|on|pada|am|at|updated|published|diperbarui|dibaca|dilihat|"
    r"\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?|"
    r"\d{1,2}\s+[A-Za-z]+\s+\d{4}|(?:senin|selasa|rabu|kamis|jumat|sabtu|minggu)\b)"
    r"(?:\s|,|$).*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|&|/|\s+(?:dan|and|und)\s+)\s*", re.IGNORECASE)
_NOT_NAME = re.compile(r"https?://|www\.|@|\d{3,}", re.IGNORECASE)
_MAX_LINE = 160


@dataclass
class Bylines:
    """Names found under labels, in page order."""

    writers: list[str] = field(default_factory=list)  # labelled writers/reporters
    editors: list[str] = field(default_factory=list)
    by: list[str] = field(default_factory=list)  # bare "By Name" lines


def read_bylines(lines: list[Line]) -> Bylines:
    """Labelled bylines and editors from the page's short lines."""
    found = Bylines()
    for line in lines:
        text = line.text
        if len(text) > _MAX_LINE:
            continue
        matches = list(_LABEL.finditer(text))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            if match["other"]:
                continue
            names = split_names(text[match.end() : end])
            target = found.editors if match["editor"] else found.writers
            target += [n for n in names if n not in target]
        if not matches and not line.chrome:
            by = _BY.match(text)
            if by is not None:
                found.by += [n for n in split_names(by["names"]) if n not in found.by]
    return found


def split_names(value: str) -> list[str]:
    """``"Ani, Budi dan Citra - 2 Desember 2024"`` → ``["Ani", "Budi", "Citra"]``.

    A part that ends with a colon is a label whose value was cut off
    (``"Zuletzt geändert am: 15.10.2021"``), not a name.
    """
    value = _CUT.sub("", value.strip(" |•:-–—()[]"))
    names = []
    for part in _SPLIT.split(value):
        name = part.strip(" .|•:-–—()[]\"'")
        if (
            not part.rstrip().endswith((":", "："))
            and 1 < len(name) <= 60
            and len(name.split()) <= 6
            and not _NOT_NAME.search(name)
        ):
            names.append(name)
    return names


_AUTHOR_ELEMENTS = etree.XPath(
    "//*[@rel='author' or contains(@itemprop, 'author') or"
    " re:test(@class, 'author|byline|writer|penulis|reporter', 'i') or"
    " re:test(@id, 'author|byline', 'i')][not(self::meta or self::link or self::body"
    " or self::html or self::article or self::main or self::section)]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
    smart_strings=False,
)
_AWAY = re.compile(r"comment|sidebar|related|widget|footer|share|reply", re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:(?:view\s+all\s+posts|posts|written|posted|published|reported)\s+by"
    r"|show\s+all\s+articles\s+of|(?:zeige\s+alle\s+beiträge|veröffentlicht)\s+von"
    r"|by|von|vom|oleh|penulis|reporter|pewarta|author|autor)(?:\b|(?=[A-Z]))\s*:?\s*",
    re.IGNORECASE,
)
_MAX_AUTHOR_TEXT = 80


def author_elements(doc: Element) -> list[str]:
    """Names in the first author/byline element (class, ``itemprop`` or ``rel``)."""
    for element in _AUTHOR_ELEMENTS(doc):
        if _is_away(element):
            continue
        text = text_of(element)
        if not text or len(text) > _MAX_AUTHOR_TEXT:
            continue
        names = split_names(_LEAD.sub("", text))
        if names:
            return names
    return []


def clean_author(name: str) -> str:
    """``"View all posts by Ani"`` → ``"Ani"``."""
    return _LEAD.sub("", name).strip() or name


def _is_away(element: Element) -> bool:
    for ancestor in element.iterancestors():
        marks = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if marks.strip() and _AWAY.search(marks):
            return True
    return False
