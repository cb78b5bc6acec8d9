"""What the profile-free reader returns, and the partial record each source fills."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True, slots=True)
class ReadLink:
    """One related link: absolute ``url`` and its visible ``title``."""

    url: str
    title: str


@dataclass(kw_only=True)
class ReadArticle:
    """An article read from any portal, in the archive's field meanings.

    ``reporter`` is ``", ".join(authors)`` (the byline's names in page order);
    ``editor`` is never one of the byline's names unless the page says so;
    ``published_at`` is ISO 8601 (with an offset when the page shows a time).
    """

    url: str  # the fetched URL
    canonical_url: str
    site: str  # the host without "www."
    title: str | None
    body: str | None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    published_at: str | None = None
    modified_at: str | None = None
    views: int | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    image_url: str | None = None
    description: str | None = None
    related: list[ReadLink] = field(default_factory=list)
    article_type: str | None = None  # the structured type or og:type, when declared

    @property
    def reporter(self) -> str | None:
        """The byline as the archive stores it: names joined with ``", "``."""
        return ", ".join(self.authors) if self.authors else None


@dataclass
class Found:
    """Fields one source (JSON-LD, app state, meta, microdata) declared.

    ``None``/empty means "this source says nothing"; :meth:`fill` merges a
    later, weaker source into the gaps of an earlier one.
    """

    title: str | None = None
    published: str | None = None  # raw text, parsed later
    modified: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    views: int | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    body: str | None = None
    description: str | None = None
    url: str | None = None
    kind: str | None = None  # e.g. "NewsArticle", "article"

    def fill(self, other: Found) -> Found:
        """Copy ``other``'s values into the fields this record leaves empty."""
        for item in fields(self):
            if not getattr(self, item.name) and getattr(other, item.name):
                setattr(self, item.name, getattr(other, item.name))
        return self
