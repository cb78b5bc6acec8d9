"""Checking rows given to the archive against the declared fields.

Unknown keys raise :class:`UnknownFieldError` (nothing is silently added or
dropped, unlike ``dataset``'s automatic schema); wrong types raise
:class:`InvalidRowError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from archive.errors import InvalidRowError, UnknownFieldError
from archive.schema import (
    ARTICLE_FIELDS,
    LINK_FIELDS,
    LINK_KINDS,
    LINK_TARGET_FIELDS,
    REQUIRED_ARTICLE_FIELDS,
)

IN_CHUNK = 900  # values per single-column IN (...) list
_ARTICLE_KEYS = frozenset(ARTICLE_FIELDS)
_LINK_KEYS = frozenset((*LINK_FIELDS, *LINK_TARGET_FIELDS))
_LIST_FIELDS = ("extraction_warnings", "authors", "tags")  # lists of text
_STR_FIELDS = tuple(
    f for f in ARTICLE_FIELDS if f not in {"views", *_LIST_FIELDS, *LINK_KINDS}
)


def check_str(where: str, name: str, value: Any) -> None:
    """Raise unless ``value`` is text or ``None``."""
    if value is not None and not isinstance(value, str):
        raise InvalidRowError(f"{where}: {name} must be text or None, not {value!r}")


def check_int(where: str, name: str, value: Any) -> None:
    """Raise unless ``value`` is an int (not a bool) or ``None``."""
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise InvalidRowError(
            f"{where}: {name} must be an integer or None, not {value!r}"
        )


def validate_link(link: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Return a link dict with all fields (the target's identity included, as
    given), raising on unknown keys or bad types."""
    if not isinstance(link, Mapping):
        raise InvalidRowError(f"{where}: a link must be a dict, not {link!r}")
    unknown = set(link) - _LINK_KEYS
    if unknown:
        raise UnknownFieldError(f"{where}: unknown link field(s): {sorted(unknown)}")
    if not isinstance(link.get("url"), str) or not link["url"]:
        raise InvalidRowError(f"{where}: a link needs a url")
    for name in ("title", "published_at", "reporter", *LINK_TARGET_FIELDS):
        check_str(where, name, link.get(name))
    check_int(where, "views", link.get("views"))
    row = {name: link.get(name) for name in (*LINK_FIELDS, *LINK_TARGET_FIELDS)}
    if not row["target_site_article_id"]:  # no target: no language either
        row["target_language"] = row["target_site_article_id"] = None
    return row


def validate_article(article: Mapping[str, Any]) -> dict[str, Any]:
    """Check an article dict against the declared fields and return a full copy.

    Unknown keys raise :class:`UnknownFieldError` (nothing is silently added or
    dropped); a missing identity field or a wrong type raises
    :class:`InvalidRowError`. Absent optional fields count as ``None``/empty.
    """
    unknown = set(article) - _ARTICLE_KEYS
    if unknown:
        raise UnknownFieldError(
            f"unknown article field(s): {', '.join(sorted(unknown))}"
        )
    where = f"article {article.get('url')!r}"
    missing = [f for f in REQUIRED_ARTICLE_FIELDS if not article.get(f)]
    if missing:
        raise InvalidRowError(f"{where}: missing {', '.join(missing)}")
    row: dict[str, Any] = {}
    for name in _STR_FIELDS:
        check_str(where, name, article.get(name))
        row[name] = article.get(name)
    check_int(where, "views", article.get("views"))
    row["views"] = article.get("views")
    for kind in LINK_KINDS:
        value = article.get(kind) or []
        if not isinstance(value, list | tuple):
            raise InvalidRowError(f"{where}: {kind} must be a list")
        row[kind] = [validate_link(link, f"{where} {kind}") for link in value]
    for name in _LIST_FIELDS:
        values = article.get(name) or []
        if not isinstance(values, list | tuple) or not all(
            isinstance(v, str) for v in values
        ):
            raise InvalidRowError(f"{where}: {name} must be a list of text")
        row[name] = list(values)
    if row["authors"] and row["reporter"] != ", ".join(row["authors"]):
        raise InvalidRowError(
            f"{where}: reporter {row['reporter']!r} is not the authors joined"
            f" with ', ' ({row['authors']!r})"
        )
    return row


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Split ``items`` into slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def require_time(value: Any) -> None:
    """Raise unless ``value`` is a timestamp: non-empty (ISO 8601) text."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidRowError(f"a timestamp must be ISO 8601 text, not {value!r}")
