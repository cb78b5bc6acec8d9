"""Errors raised by the extractors."""

from __future__ import annotations


class NotAnArticle(ValueError):
    """The page is not an article (a listing, an info page, an error page).

    The message is a one-line reason, e.g. ``"listing page with 10 items"``.
    """
