"""``warta serve``: Datasette over the archive (search, facets, canned queries, read-only)."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import socket
import sqlite3
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from archive.datasette_app import ReadOnlyWriteError
from archive.datasette_metadata import CANNED_QUERIES, DATABASE_NAME, SETTINGS
from archive.datasette_search import RANKED_VIEW, search_redirect
from archive.schema_docs import TABLES, USER_TABLES, schema_reference_markdown
from archive.serve import make_datasette, serve
from archive.store import open_archive
from tests.archive_factory import FactoryArchive, article_url, build_archive
from tests.serve_helpers import RANKED_WORD, add_ranked_articles, serve_archive


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> FactoryArchive:
    return build_archive(tmp_path_factory.mktemp("serve") / "warta.sqlite")


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def ds(factory: FactoryArchive, loop: asyncio.AbstractEventLoop) -> Iterator[Any]:
    datasette = make_datasette(factory.path)
    loop.run_until_complete(datasette.invoke_startup())
    yield datasette
    datasette.get_database(DATABASE_NAME).close()


@pytest.fixture
def get(ds: Any, loop: asyncio.AbstractEventLoop) -> Any:
    def fetch(path: str, status: int = 200) -> Any:
        response = loop.run_until_complete(ds.client.get(path))
        assert response.status_code == status, response.text[:500]
        return response.json() if ".json" in path else response.text

    return fetch


def _pasar_by(factory: FactoryArchive, reporter: str) -> set[int]:
    """Ids of the factory articles by ``reporter`` that match ``pasar``."""
    matching = factory.matching("pasar")
    return {
        factory.ids[a["url"]]
        for a in factory.articles
        if a["reporter"] == reporter and factory.ids[a["url"]] in matching
    }


def _ids(data: dict[str, Any]) -> list[int]:
    return [row["id"] for row in data["rows"]]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- search -------------------------------------------------------------------


@pytest.mark.parametrize("word", ["banjir", "transjakarta", "vaksinasi", "Nurito"])
def test_search_returns_the_matching_articles(get, factory, word):
    data = get(f"/warta/articles.json?_search={word}&_shape=objects&_size=max")
    expected = factory.matching(word)
    assert expected  # the factory puts every one of these words somewhere
    assert sorted(_ids(data)) == sorted(expected)


def test_search_of_the_articles_api_is_ordered_by_date_newest_first(get):
    data = get("/warta/articles.json?_search=sampah&_shape=objects&_size=max")
    dates = [row["published_at"] or "" for row in data["rows"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "query", ["7-2", '"unbalanced', "NOT everyone", "NEAR(", "a OR"]
)
def test_search_input_is_escaped_not_parsed(get, query):
    data = get(f"/warta/articles.json?_search={query}&_shape=objects")
    assert data["rows"] == []


def test_search_combines_with_a_facet_filter(get, factory):
    reporter = "Rudi Hermawan"
    data = get(
        f"/warta/articles.json?_search=pasar&reporter={reporter}&_shape=objects&_size=max"
    )
    expected = _pasar_by(factory, reporter)
    assert expected
    assert set(_ids(data)) == expected


# -- ranked search ------------------------------------------------------------


@pytest.fixture(scope="module")
def ranked(
    tmp_path_factory: pytest.TempPathFactory, loop: asyncio.AbstractEventLoop
) -> Iterator[tuple[Any, list[int]]]:
    small = build_archive(
        tmp_path_factory.mktemp("ranked") / "warta.sqlite", articles=8
    )
    ids = add_ranked_articles(small.path)
    datasette = make_datasette(small.path)
    loop.run_until_complete(datasette.invoke_startup())
    yield datasette, ids
    datasette.get_database(DATABASE_NAME).close()


def test_ranked_view_orders_a_search_by_relevance(ranked, loop):
    datasette, best_first = ranked
    path = f"/warta/{RANKED_VIEW}.json?_search={RANKED_WORD}&_shape=objects"
    data = loop.run_until_complete(datasette.client.get(path)).json()
    assert _ids(data) == best_first
    scores = [row["relevance"] for row in data["rows"]]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]
    by_date = loop.run_until_complete(
        datasette.client.get(
            f"/warta/articles.json?_search={RANKED_WORD}&_shape=objects"
        )
    ).json()
    assert _ids(by_date) == best_first[::-1]  # newest first: the worst match


def test_searching_the_articles_page_redirects_to_the_ranked_view(ranked, loop):
    datasette, _ = ranked
    form = f"/warta/articles?_search={RANKED_WORD}&_sort=published_at&_sort_by_desc=on"
    response = loop.run_until_complete(datasette.client.get(form))
    assert response.status_code == 302
    assert response.headers["location"] == f"/warta/{RANKED_VIEW}?_search={RANKED_WORD}"
    page = loop.run_until_complete(datasette.client.get(response.headers["location"]))
    assert page.status_code == 200
    assert f'value="{RANKED_WORD}"' in page.text
    for article_id in ranked[1]:
        assert f'href="/warta/articles/{article_id}"' in page.text


@pytest.mark.parametrize(
    ("path", "query", "expected"),
    [
        (
            "/warta/articles",
            "_search=banjir&_sort=published_at&_sort_by_desc=on&reporter=Nurito",
            "/warta/articles_ranked?_search=banjir&reporter=Nurito",
        ),
        (
            "/warta/articles",
            "_search=banjir&_sort_desc=published_at",
            "/warta/articles_ranked?_search=banjir",
        ),
        (
            "/warta/articles",
            "_search=banjir&_sort_desc=views",
            "/warta/articles_ranked?_search=banjir&_sort_desc=views",
        ),
        ("/warta/articles", "_search=&reporter=Nurito", None),
        ("/warta/articles", "reporter=Nurito", None),
        ("/warta/articles.json", "_search=banjir", None),
        ("/warta/articles_ranked", "_search=banjir&_sort_desc=relevance", None),
        (
            "/warta/articles_ranked",
            "_search=+&_sort=relevance&_sort_by_desc=on&reporter=Nurito",
            "/warta/articles?reporter=Nurito",
        ),
        ("/warta/articles_ranked", "", "/warta/articles"),
    ],
)
def test_search_redirect(path, query, expected):
    assert (
        search_redirect(path, query, "/warta/articles", "/warta/articles_ranked")
        == expected
    )


def test_ranked_search_combines_with_a_facet_filter(get, factory):
    reporter = "Rudi Hermawan"
    data = get(
        f"/warta/{RANKED_VIEW}.json?_search=pasar&reporter={reporter}"
        "&_shape=objects&_size=max"
    )
    expected = _pasar_by(factory, reporter)
    assert expected
    assert set(_ids(data)) == expected
    facets = data["facet_results"]
    assert {r["value"]: r["count"] for r in facets["reporter"]["results"]} == {
        reporter: len(expected)
    }


@pytest.mark.parametrize("query", ["7-2", '"unbalanced', "NEAR(", "a OR"])
def test_ranked_search_input_is_escaped_not_parsed(get, query):
    data = get(f"/warta/{RANKED_VIEW}.json?_search={query}&_shape=objects")
    assert data["rows"] == []


# -- table pages --------------------------------------------------------------


def test_column_docs_are_collapsed_on_every_table_page(get):
    for table in ["articles", RANKED_VIEW, "links", "crawl_runs", "failures"]:
        page = get(
            f"/warta/{table}?_search=banjir"
            if table == RANKED_VIEW
            else f"/warta/{table}"
        )
        docs = page.split('<details class="column-docs">', 1)[1].split("</details>")[0]
        assert "<summary>" in docs
        columns = TABLES["articles" if table == RANKED_VIEW else table].columns
        for column in columns:
            assert f"<dt>{column}</dt>" in docs, (table, column)
    assert "/warta-static/serve.css" in page
    css = get("/warta-static/serve.css")
    assert "dl.column-descriptions { display: none; }" in css


def test_long_text_is_truncated_in_tables_and_whole_on_the_row_page(get, factory):
    limit = SETTINGS["truncate_cells_html"]
    article = max(factory.articles, key=lambda a: len(a["body"]))
    assert len(article["body"]) > limit
    article_id = factory.ids[article["url"]]
    table = get(f"/warta/articles?id={article_id}")
    cell = table.split('<td class="col-body type-str">', 1)[1].split("</td>")[0]
    assert cell.strip().endswith("…")
    assert len(cell.strip()) <= limit + 1
    row = get(f"/warta/articles/{article_id}")
    cell = row.split('<td class="col-body type-str">', 1)[1].split("</td>")[0]
    assert cell.strip() == article["body"].strip()


# -- facets -------------------------------------------------------------------


def test_facets_on_reporter_editor_category_language_and_month(get, factory):
    data = get("/warta/articles.json?_shape=objects&_size=1")
    facets = data["facet_results"]
    assert set(facets) >= {"reporter", "editor", "category", "language", "published_at"}
    for column in ("reporter", "editor", "category", "language"):
        shown = {r["value"]: r["count"] for r in facets[column]["results"]}
        assert shown == dict(Counter(a[column] for a in factory.articles)), column
    month = facets["published_at"]
    assert month["type"] == "month"
    expected = Counter(
        a["published_at"][:7] for a in factory.articles if a["published_at"]
    )
    assert [(r["value"], r["count"]) for r in month["results"]] == sorted(
        expected.items(), reverse=True
    )


def test_month_facet_value_filters_to_that_month(get, factory):
    data = get("/warta/articles.json?_shape=objects&_size=1")
    march = next(
        r
        for r in data["facet_results"]["published_at"]["results"]
        if r["value"] == "2024-03"
    )
    parts = urlsplit(march["toggle_url"])
    query = parts.query.replace("_size=1", "_size=max")
    assert "published_at__startswith=2024-03" in query
    selected = get(f"{parts.path}?{query}")
    expected = {
        factory.ids[a["url"]]
        for a in factory.articles
        if (a["published_at"] or "").startswith("2024-03")
    }
    assert len(expected) == march["count"]
    assert set(_ids(selected)) == expected
    chosen = selected["facet_results"]["published_at"]["results"]
    assert [r["value"] for r in chosen if r["selected"]] == ["2024-03"]


def test_facets_render_on_the_html_table_page(get):
    page = get("/warta/articles")
    for column in ("reporter", "editor", "category", "language", "published_at"):
        assert f'data-column="{column}"' in page
    assert 'id="_search"' in page


# -- canned queries -----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("most_viewed", ["since", "until"]),
        ("articles_by_reporter", ["reporter"]),
        ("link_graph", ["article_id"]),
        ("view_growth", ["article_id"]),
    ],
)
def test_canned_query_pages_offer_their_parameters(get, query, params):
    page = get(f"/warta/{query}")
    for name in params:
        assert f'name="{name}"' in page
    assert CANNED_QUERIES[query]["title"] in page


def test_most_viewed_in_a_period(get, factory):
    data = get(
        "/warta/most_viewed.json?since=2024-02-01&until=2024-03-31&_shape=objects"
    )
    period = [
        a
        for a in factory.articles
        if a["published_at"] and "2024-02-01" <= a["published_at"] < "2024-04-01"
    ]
    period.sort(
        key=lambda a: (a["views"], a["published_at"], factory.ids[a["url"]]),
        reverse=True,
    )
    assert len(period) > 5
    assert _ids(data) == [factory.ids[a["url"]] for a in period]
    assert [r["views"] for r in data["rows"]] == [a["views"] for a in period]


def test_most_viewed_without_bounds_covers_every_dated_article(get, factory):
    data = get("/warta/most_viewed.json?since=&until=&_shape=objects")
    dated = [a for a in factory.articles if a["published_at"]]
    assert len(data["rows"]) == len(dated)
    views = [r["views"] for r in data["rows"]]
    assert views == sorted(views, reverse=True)


def test_articles_by_reporter_ignores_case(get, factory):
    data = get("/warta/articles_by_reporter.json?reporter=ANITA+KARYATI&_shape=objects")
    mine = [a for a in factory.articles if a["reporter"] == "Anita Karyati"]
    mine.sort(
        key=lambda a: (a["published_at"] or "", factory.ids[a["url"]]), reverse=True
    )
    assert mine
    assert _ids(data) == [factory.ids[a["url"]] for a in mine]


def test_link_graph_has_outgoing_and_incoming_links(get, factory):
    article = factory.articles[0]  # has a link to an article outside the archive
    article_id = factory.ids[article["url"]]
    data = get(f"/warta/link_graph.json?article_id={article_id}&_shape=objects")
    rows = data["rows"]
    outgoing = sorted(
        (r["kind"], r["position"], r["url"], r["archived_id"])
        for r in rows
        if r["direction"] == "outgoing"
    )
    expected_out = sorted(
        (kind, pos, link["url"], factory.ids.get(link["url"]))
        for kind in ("related", "popular", "read_also")
        for pos, link in enumerate(article[kind], start=1)
    )
    assert outgoing == expected_out
    assert any(archived is None for *_, archived in outgoing)
    incoming = sorted(
        (r["kind"], r["position"], r["archived_id"])
        for r in rows
        if r["direction"] == "incoming"
    )
    expected_in = sorted(
        (kind, pos, factory.ids[other["url"]])
        for other in factory.articles
        for kind in ("related", "popular", "read_also")
        for pos, link in enumerate(other[kind], start=1)
        if link["url"] == article["url"]
    )
    assert expected_in
    assert incoming == expected_in
    assert [r["direction"] for r in rows] == sorted(
        (r["direction"] for r in rows), reverse=True
    )


def test_view_growth_of_an_article(get, factory):
    article = factory.articles[10]
    article_id = factory.ids[article["url"]]
    data = get(f"/warta/view_growth.json?article_id={article_id}&_shape=objects")
    history = [run[article["url"]] for run in factory.views_by_run]
    assert [(r["source"], r["views"]) for r in data["rows"]] == [
        ("article", v) for v in history
    ]
    gained = [None] + [b - a for a, b in itertools.pairwise(history)]
    assert [r["gained"] for r in data["rows"]] == gained


def test_view_growth_includes_listing_counts(get, factory):
    article_id = factory.ids[factory.articles[0]["url"]]
    data = get(f"/warta/view_growth.json?article_id={article_id}&_shape=objects")
    assert {r["source"] for r in data["rows"]} == {"article", "listing"}


# -- metadata -----------------------------------------------------------------


def _live_schema(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            n: [r[1] for r in conn.execute(f"PRAGMA table_info([{n}])")] for n in names
        }
    finally:
        conn.close()


def test_every_table_and_column_is_described(ds, factory):
    schema = _live_schema(factory.path)
    assert "articles" in schema
    assert "articles_fts" in schema
    for table, columns in schema.items():
        meta = ds.table_metadata(DATABASE_NAME, table)
        assert meta.get("description"), f"table {table} has no description"
        missing = [c for c in columns if not meta.get("columns", {}).get(c)]
        assert missing == [], f"{table}: undescribed columns {missing}"
    stale = {t: set(d.columns) - set(schema.get(t, [])) for t, d in TABLES.items()}
    assert {t: c for t, c in stale.items() if c} == {}, (
        "described but not in the schema"
    )


def test_ranked_view_is_described(ds, loop):
    db = ds.get_database(DATABASE_NAME)
    columns = loop.run_until_complete(db.table_columns(RANKED_VIEW))
    assert {"id", "title", "body", "relevance", "search_match"} <= set(columns)
    meta = ds.table_metadata(DATABASE_NAME, RANKED_VIEW)
    assert meta["description"]
    assert [c for c in columns if not meta["columns"].get(c)] == []
    assert RANKED_VIEW in loop.run_until_complete(db.view_names())


def test_schema_reference_lists_every_user_table_and_column(factory):
    text = schema_reference_markdown()
    schema = _live_schema(factory.path)
    for table in USER_TABLES:
        assert f"### `{table}`" in text
        for column in schema[table]:
            assert f"| `{column}` |" in text, (table, column)


README = Path(__file__).resolve().parents[1] / "README.md"
README_HEADING = "## Schema reference"


def test_readme_schema_reference_covers_every_column(factory):
    text = README.read_text(encoding="utf-8")
    assert README_HEADING in text
    section = text.split(README_HEADING, 1)[1].split("\n## ", 1)[0]
    schema = _live_schema(factory.path)
    missing = []
    for table in USER_TABLES:
        heading = f"### `{table}`"
        if heading not in section:
            missing.append(heading)
            continue
        part = section.split(heading, 1)[1].split("\n### ", 1)[0]
        missing += [f"{table}.{c}" for c in schema[table] if f"`{c}`" not in part]
    assert missing == [], (
        "README schema reference lacks these (see archive.schema_docs)"
    )


def test_table_page_shows_descriptions_and_search_configuration(ds, get):
    meta = ds.table_metadata(DATABASE_NAME, "articles")
    assert (meta["fts_table"], meta["fts_pk"], meta["searchmode"]) == (
        "articles_fts",
        "id",
        "escaped",
    )
    page = get("/warta/articles")
    assert TABLES["articles"].description.split(",")[0] in page
    index = get("/")
    assert "warta archive" in index


# -- read-only ----------------------------------------------------------------


def test_served_archive_is_never_written(ds, get, factory, loop):
    before = _sha256(factory.path)
    get("/warta/articles.json?_search=banjir&_facet=site")
    get("/warta/view_growth.json?article_id=1")
    error = get("/warta.json?sql=DELETE+FROM+articles", status=400)
    assert "select" in str(error).lower()
    db = ds.get_database(DATABASE_NAME)
    with pytest.raises(ReadOnlyWriteError):
        loop.run_until_complete(db.execute_write("DELETE FROM articles"))
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        loop.run_until_complete(db.execute("DELETE FROM articles"))
    count = loop.run_until_complete(db.execute("SELECT count(*) FROM articles")).rows[
        0
    ][0]
    assert count == len(factory.articles)
    assert _sha256(factory.path) == before


def test_closing_the_database_closes_its_connections(factory):
    db = make_datasette(factory.path).get_database(DATABASE_NAME)
    opened = [db.connect(), db.connect()]
    assert [c.execute("SELECT count(*) FROM articles").fetchone() for c in opened] == [
        (len(factory.articles),)
    ] * 2
    db.close()
    for conn in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            conn.execute("SELECT 1")


def test_rows_committed_by_a_running_crawl_are_visible(tmp_path, loop):
    small = build_archive(tmp_path / "live.sqlite", articles=6)
    datasette = make_datasette(small.path)
    loop.run_until_complete(datasette.invoke_startup())
    db = datasette.get_database(DATABASE_NAME)
    count = "SELECT count(*) FROM articles"
    assert loop.run_until_complete(db.execute(count)).rows[0][0] == 6
    extra = dict(small.articles[1], url=article_url("id", 999_999, "Artikel Baru"))
    extra["site_article_id"] = "999999"
    with open_archive(small.path) as writer:  # WAL mode, writer still open
        writer.save_article(extra, observed_at="2024-08-01T00:00:00+00:00", run_id=None)
        assert loop.run_until_complete(db.execute(count)).rows[0][0] == 7
    db.close()


# -- command ------------------------------------------------------------------


def test_serve_reports_a_missing_archive_in_one_line(tmp_path):
    result = CliRunner().invoke(serve, ["--archive", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1
    assert "archive not found" in result.output
    assert "Traceback" not in result.output


def test_serve_refuses_a_file_that_is_not_an_archive(tmp_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    result = CliRunner().invoke(serve, ["--archive", str(other)])
    assert result.exit_code == 1
    assert "not a warta archive" in result.output


def test_serve_reports_a_busy_port_in_one_line(factory):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            serve, ["--archive", str(factory.path), "--port", str(port)]
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_bad_sql_shows_the_error_page_and_logs_at_most_one_line(factory):
    with serve_archive(factory.path) as served:
        started = len(served.console_lines())
        status, page = _fetch(f"{served.base}/warta?sql=select+nosuch+from+articles")
        assert status == 400
        assert "no such column: nosuch" in page
        status, page = _fetch(f"{served.base}/warta.json?sql=select+nosuch+from+x")
        assert status == 400
        assert "no such table: x" in page
        status, page = _fetch(f"{served.base}/warta?sql=DELETE+FROM+articles")
        assert status == 400
        assert "Statement must be a SELECT" in page
        status, _ = _fetch(f"{served.base}/warta/articles")  # served after them
        assert status == 200
        logged = served.console_lines()[started:]
    assert len(logged) <= 3, logged  # at most one line per bad query
    assert not [line for line in logged if "Traceback" in line or "│" in line]
    assert all(line.startswith("ERROR:") for line in logged), logged


def _first_year(factory) -> str:
    return min(a["published_at"][:4] for a in factory.articles if a["published_at"])


@pytest.mark.parametrize("kind", ["year", "category"])
def test_ranked_search_never_matches_the_index_facet_tokens(get, factory, kind):
    token = f"zzy{_first_year(factory)}" if kind == "year" else "zzcatEkonomi"
    data = get(f"/warta/{RANKED_VIEW}.json?_search={token}&_shape=objects")
    assert data["rows"] == []


def test_ranked_search_raw_mode_may_address_the_facet_column(get, factory):
    year = _first_year(factory)
    data = get(
        f"/warta/{RANKED_VIEW}.json?_search=search_facets:zzy{year}"
        "&_searchmode=raw&_shape=objects&_size=max"
    )
    expected = {
        factory.ids[a["url"]]
        for a in factory.articles
        if (a["published_at"] or "").startswith(year)
    }
    assert set(_ids(data)) == expected
