"""Full-text search ranked by relevance in ``warta serve``.

Datasette 0.65 filters a table by ``?_search=`` but always orders the rows by a
column (here the newest first), never by how well they match. FTS5 ranks a
match only inside the query that runs ``MATCH``, so every served connection
gets a temporary view, ``articles_ranked``: the articles joined to their index
row, with ``relevance`` (bm25, title weighted highest; higher is better) and
``search_match``, the index column a ``MATCH`` is run on. The view is
temporary because the served archive is read-only.

Searching from the articles table page redirects to the view, which sorts by
``relevance``; clearing the search there goes back to the articles table. The
JSON API keeps its URLs: ``/warta/articles_ranked.json?_search=…`` is the
ranked one. The Datasette plugin hooks that do this are in
:mod:`archive.datasette_app`.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from archive.sqlite_schema import FTS_COLUMNS

#: The temporary view (and Datasette table page) of ranked search results.
RANKED_VIEW = "articles_ranked"
#: Its column that ``MATCH`` runs on (the FTS5 table's own hidden column).
MATCH_COLUMN = "search_match"
#: Its relevance column: minus the FTS5 ``rank`` (bm25 with the index weights).
RELEVANCE = "relevance"
#: The articles table's default order, which a search replaces by relevance.
DEFAULT_SORT = "published_at"

RANKED_VIEW_SQL = f"""CREATE TEMP VIEW IF NOT EXISTS {RANKED_VIEW} AS
SELECT a.*, -f.rank AS {RELEVANCE}, f.articles_fts AS {MATCH_COLUMN}
FROM articles AS a JOIN articles_fts AS f ON f.rowid = a.id"""

_SEARCH = "_search"
_PARAM = "warta_search"


#: A plain search matches the columns a user sees, never the facet tokens.
_VISIBLE = "{" + " ".join(FTS_COLUMNS) + "}"


def match_clause(raw: bool) -> str:
    """The WHERE clause of a search on the view (``raw``: FTS5 syntax allowed).

    A plain search is escaped and limited to the visible columns (title, body,
    reporter, editor), as ``warta search`` is.
    """
    if raw:
        return f"{MATCH_COLUMN} MATCH :{_PARAM}"
    term = f"'{_VISIBLE} : (' || escape_fts(:{_PARAM}) || ')'"
    return f"{MATCH_COLUMN} MATCH {term}"


def search_params(query: str) -> dict[str, str]:
    """The parameters :func:`match_clause` binds."""
    return {_PARAM: query}


def _drop_sort(pairs: list[tuple[str, str]], column: str) -> list[tuple[str, str]]:
    """``pairs`` without a sort on ``column`` descending (or an empty sort).

    The table page's form always re-submits the current sort as ``_sort`` +
    ``_sort_by_desc``; column headers link with ``_sort_desc``.
    """
    sorts = {key: value for key, value in pairs if key in ("_sort", "_sort_by_desc")}
    form_sort = sorts.get("_sort") == column and "_sort_by_desc" in sorts
    dropped = {("_sort_desc", column), ("_sort", "")}
    return [
        (key, value)
        for key, value in pairs
        if (key, value) not in dropped
        and not (form_sort and key in ("_sort", "_sort_by_desc"))
        and key != "_next"
    ]


def search_redirect(
    path: str, query_string: str, articles_path: str, ranked_path: str
) -> str | None:
    """Where a table-page request should go instead, or ``None`` to serve it.

    A search on the articles page (whose default order is the newest first) goes
    to the ranked view, keeping its filters and any other explicit sort; the
    ranked view without a search goes back to the articles page.
    """
    pairs = parse_qsl(query_string, keep_blank_values=True)
    searching = any(key == _SEARCH and value.strip() for key, value in pairs)
    if path == articles_path and searching:
        kept = _drop_sort(pairs, DEFAULT_SORT)
        return f"{ranked_path}?{urlencode(kept)}"
    if path == ranked_path and not searching:
        kept = [(k, v) for k, v in _drop_sort(pairs, RELEVANCE) if k != _SEARCH]
        return f"{articles_path}?{urlencode(kept)}" if kept else articles_path
    return None
