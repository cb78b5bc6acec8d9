"""What the portals made from :class:`~mirror.portals.stories.Stories` share.

:class:`StoryPortal` holds a portal's stories, its version and its growth;
the helpers count and number the pages of a listing and escape page text.
Each portal keeps its own paths and markup.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import ClassVar

from mirror.portals import Published
from mirror.portals.stories import Newsroom, Stories, Story

#: How many page links a listing shows on each side of the current page.
PAGE_LINKS_AROUND = 2


@dataclass(frozen=True)
class Added:
    """A story published by :meth:`StoryPortal.grow`, by its path."""

    path: str


class StoryPortal(ABC):
    """A portal whose articles are the stories of its :attr:`newsroom`."""

    newsroom: ClassVar[Newsroom]

    def __init__(self, articles: int, *, seed: int = 0) -> None:
        """Nothing is generated here (pages and stories are made when asked for)."""
        self.stories = Stories(self.newsroom, articles, seed=seed)
        self._version = 0

    @property
    def version(self) -> int:
        """Bumped by :meth:`grow`."""
        return self._version

    def article_count(self) -> int:
        """How many articles are published."""
        return len(self.stories)

    @abstractmethod
    def story_path(self, index: int) -> str:
        """The path story ``index`` is served at."""

    def page_of(self, members: Sequence[int], page: int, per_page: int) -> list[Story]:
        """The stories on page ``page`` (from 1) of the listing ``members``."""
        start = (page - 1) * per_page
        return [self.stories.get(i) for i in members[start : start + per_page]]

    def grow(self, count: int) -> list[Published]:
        """Publish ``count`` newer articles."""
        added = self.stories.grow(count)
        self._version += 1
        return [Added(self.story_path(i)) for i in added]


def page_count(items: int, per_page: int) -> int:
    """How many pages of ``per_page`` hold ``items`` (one, even for none)."""
    return max(1, -(-items // per_page))


def page_window(page: int, pages: int) -> range:
    """The page numbers linked around ``page`` (of ``pages``)."""
    return range(
        max(1, page - PAGE_LINKS_AROUND), min(pages, page + PAGE_LINKS_AROUND) + 1
    )


def escape_text(value: str) -> str:
    """``value`` escaped for an element's text (quotes kept)."""
    return escape(value, quote=False)
