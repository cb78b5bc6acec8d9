"""Datasette metadata for ``warta serve``: descriptions, search, facets, canned queries.

Descriptions come from :mod:`archive.schema_docs` (the one place they are
written). Each table page shows its one-line description and, collapsed under
it, what every column means (Datasette's own, always open list of column
descriptions is hidden by ``static/serve.css``). Everything here is plain
data; :mod:`archive.serve` runs it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from archive.datasette_search import MATCH_COLUMN, RANKED_VIEW, RELEVANCE
from archive.schema_docs import TABLES

#: The name (and URL path) of the archive inside Datasette: ``/warta/articles``.
DATABASE_NAME = "warta"

#: The page styles, served by Datasette at ``/<STATIC_MOUNT>/serve.css``.
STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_MOUNT = "warta-static"

#: Facet type registered by :mod:`archive.serve` (``?_facet_month=published_at``).
MONTH_FACET = "month"

MOST_VIEWED_SQL = """
SELECT id, title, published_at, reporter, editor, category, language, views, url
FROM articles
WHERE published_at IS NOT NULL
  AND (:since = '' OR published_at >= :since)
  AND (:until = '' OR published_at < date(:until, '+1 day'))
ORDER BY views DESC, published_at DESC, id DESC
LIMIT 100
"""

BY_REPORTER_SQL = """
SELECT id, title, published_at, editor, category, language, views, url
FROM articles
WHERE reporter = :reporter COLLATE NOCASE
ORDER BY published_at DESC, id DESC
"""

# A link's target: same site and id, and the same language unless the link
# gives none. Each branch is a search on an index (an OR would scan).
LINK_GRAPH_SQL = """
SELECT 'outgoing' AS direction, l.kind, l.position, l.url,
       coalesce(t.title, l.title) AS title, t.id AS archived_id,
       coalesce(t.published_at, l.published_at) AS published_at,
       coalesce(t.views, l.views) AS views
FROM links AS l
JOIN articles AS a ON a.id = l.article_id
LEFT JOIN articles AS t ON t.id = coalesce(
  (SELECT x.id FROM articles AS x
   WHERE x.site = a.site AND x.language = l.target_language
     AND x.site_article_id = l.target_site_article_id),
  (SELECT x.id FROM articles AS x
   WHERE l.target_language IS NULL
     AND x.site = a.site AND x.site_article_id = l.target_site_article_id
   LIMIT 1))
WHERE l.article_id = :article_id
UNION ALL
SELECT 'incoming' AS direction, l.kind, l.position, s.url,
       s.title, s.id AS archived_id, s.published_at, s.views
FROM articles AS a
JOIN links AS l
  ON l.target_language = a.language AND l.target_site_article_id = a.site_article_id
JOIN articles AS s ON s.id = l.article_id AND s.site = a.site
WHERE a.id = :article_id
UNION ALL
SELECT 'incoming' AS direction, l.kind, l.position, s.url,
       s.title, s.id AS archived_id, s.published_at, s.views
FROM articles AS a
JOIN links AS l
  ON l.target_language IS NULL AND l.target_site_article_id = a.site_article_id
JOIN articles AS s ON s.id = l.article_id AND s.site = a.site
WHERE a.id = :article_id
ORDER BY direction DESC, kind, position, archived_id
"""

VIEW_GROWTH_SQL = """
SELECT observed_at, source, views,
       views - lag(views) OVER (PARTITION BY source ORDER BY observed_at, id)
         AS gained,
       run_id
FROM view_counts
WHERE article_id = :article_id
ORDER BY observed_at, source, id
"""

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "most_viewed": {
        "title": "Most viewed articles in a period",
        "description": (
            "Articles published between since and until (dates, both inclusive; "
            "leave empty for no bound), by their latest view count."
        ),
        "sql": MOST_VIEWED_SQL.strip(),
    },
    "articles_by_reporter": {
        "title": "Articles by a reporter",
        "description": "Every article by one reporter (case-insensitive), newest first.",
        "sql": BY_REPORTER_SQL.strip(),
    },
    "link_graph": {
        "title": "Related-links graph of an article",
        "description": (
            "Links from the article (related, popular, read-also; archived_id is "
            "set when the target is in the archive) and the archived articles "
            "that link to it (incoming)."
        ),
        "sql": LINK_GRAPH_SQL.strip(),
    },
    "view_growth": {
        "title": "View growth of an article",
        "description": (
            "Every view count observed for the article, oldest first, with the "
            "growth since the previous observation from the same source."
        ),
        "sql": VIEW_GROWTH_SQL.strip(),
    },
}

_ARTICLE_FACETS: dict[str, Any] = {
    "facets": [
        "reporter",
        "editor",
        "category",
        "language",
        {MONTH_FACET: "published_at"},
    ],
    "label_column": "title",
}
_ARTICLE_SORTS = [
    "id",
    "title",
    "published_at",
    "reporter",
    "editor",
    "category",
    "language",
    "views",
    "first_seen_at",
    "last_seen_at",
]

_TABLE_OPTIONS: dict[str, dict[str, Any]] = {
    "articles": {
        "fts_table": "articles_fts",
        "fts_pk": "id",
        "searchmode": "escaped",
        **_ARTICLE_FACETS,
        "sortable_columns": _ARTICLE_SORTS,
        "sort_desc": "published_at",
    },
    "links": {"facets": ["kind"], "sort": "id"},
    "view_counts": {"facets": ["source"], "sort_desc": "observed_at"},
    "crawl_runs": {"facets": ["status", "site"], "sort_desc": "id"},
    "failures": {"facets": ["stage", "site"], "sort_desc": "at"},
    "pages": {"sort_desc": "fetched_at"},
    "article_versions": {"sort_desc": "replaced_at"},
}

#: Datasette settings: small pages, short cells (table views only; the row
#: page shows the full text), bounded query time.
SETTINGS: dict[str, Any] = {
    "default_page_size": 50,
    "truncate_cells_html": 100,
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 1000,
    "suggest_facets": False,
    "allow_download": False,
}

_RANKED_DESCRIPTION = (
    "Full-text search results over articles, most relevant first (relevance: "
    "bm25 with the title weighted highest; higher is better). Each id links to "
    "the article's page."
)
_RANKED_COLUMNS = {
    **TABLES["articles"].columns,
    RELEVANCE: "How well the article matches the search (bm25; higher is better).",
    MATCH_COLUMN: "The index column the search runs on (internal, hidden).",
}


def description_html(description: str, columns: dict[str, str]) -> str:
    """A table's description with its column docs in a collapsed ``<details>``."""
    items = "".join(
        f"<dt>{escape(name)}</dt><dd>{escape(text)}</dd>"
        for name, text in columns.items()
    )
    return (
        f"<p>{escape(description)}</p>"
        f'<details class="column-docs"><summary>What the {len(columns)} columns '
        f'mean</summary><dl class="column-docs-list">{items}</dl></details>'
    )


def _table(description: str, columns: dict[str, str], **options: Any) -> Any:
    return {
        "description": description,
        "description_html": description_html(description, columns),
        "columns": dict(columns),
        **options,
    }


def build_metadata() -> dict[str, Any]:
    """Datasette metadata for the archive (title, source, every table and column)."""
    tables: dict[str, Any] = {
        name: _table(doc.description, doc.columns, **_TABLE_OPTIONS.get(name, {}))
        for name, doc in TABLES.items()
    }
    tables[RANKED_VIEW] = _table(
        _RANKED_DESCRIPTION,
        _RANKED_COLUMNS,
        **_ARTICLE_FACETS,
        sortable_columns=[*_ARTICLE_SORTS, RELEVANCE],
        sort_desc=RELEVANCE,
    )
    return {
        "title": "warta archive",
        "description": (
            "Articles collected from municipal news portals by warta: full-text "
            "search (title weighted above body), facets, view-count history and "
            "the links between articles. Read-only."
        ),
        "source": "The municipal news portals named in the articles' site column",
        "license": "Articles © their publishers, archived for research; warta: MIT",
        "extra_css_urls": [f"/{STATIC_MOUNT}/serve.css"],
        "databases": {
            DATABASE_NAME: {
                "description": "The warta archive (SQLite, opened read-only).",
                "tables": tables,
                "queries": CANNED_QUERIES,
            }
        },
    }
