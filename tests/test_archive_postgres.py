"""PostgreSQL archives: concurrent upserts, copy between backends, search, CLI.

Against the run's own PostgreSQL database (see tests/pg_support.py), never
mocks; skipped, saying why, only when no server is reachable.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from archive.copy import copy_archive
from archive.errors import ArchiveError, SearchError
from archive.pg_page import LEAD_CHARS
from archive.schema import metadata
from archive.search import search
from archive.store import open_archive
from cli.main import main
from tests.archive_factory import build_archive
from tests.pg_support import TestDatabase
from tests.test_archive_support import OBSERVED, article

KEYS = 300
WRITERS = 3


def _write_same_keys(url: str, writer: int, errors: Any) -> None:
    """Save the same KEYS articles (and pages, and loose view counts) in
    batches, in an order of its own, from a process of its own."""
    order = list(range(1, KEYS + 1))
    if writer % 2:
        order.reverse()
    try:
        with open_archive(url) as arc:
            for start in range(0, KEYS, 25):
                batch = [article(n, title=f"Penulis {writer}") for n in order[start : start + 25]]  # fmt: skip
                arc.save_articles(batch, observed_at=OBSERVED, run_id=None)
                for n in order[start : start + 5]:
                    arc.save_page(url=f"https://x/{n}", final_url=None, fetched_at=OBSERVED, status=200, headers={}, body=b"same body", run_id=None)  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - any error fails the test, named
        errors.put(f"writer {writer}: {type(exc).__name__}: {exc}")


def test_concurrent_writers_of_the_same_keys(pg_database: TestDatabase) -> None:
    url = pg_database.new_archive_url()
    with open_archive(url):
        pass  # the schema exists before the writers race
    errors: Any = multiprocessing.get_context("fork").Queue()
    writers = [
        multiprocessing.get_context("fork").Process(
            target=_write_same_keys, args=(url, w, errors)
        )
        for w in range(WRITERS)
    ]
    for process in writers:
        process.start()
    for process in writers:
        process.join(120)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []
    assert [p.exitcode for p in writers] == [0] * WRITERS
    with open_archive(url, read_only=True) as arc:
        rows = list(arc.query("SELECT count(*) AS n, count(DISTINCT site_article_id) AS keys FROM articles"))  # fmt: skip
        assert rows == [{"n": KEYS, "keys": KEYS}]
        pages = list(arc.query("SELECT count(*) AS n, count(DISTINCT url) AS urls, sum(fetch_count) AS fetches FROM pages"))  # fmt: skip
        assert pages[0]["n"] == pages[0]["urls"]  # one row per (url, body)
        assert pages[0]["fetches"] == 60 * WRITERS
        loose = list(arc.query("SELECT count(*) AS n FROM view_counts"))
        assert loose == [{"n": KEYS}]  # one per article: same time, same source
        assert arc.integrity_check() == []


def _tables(location: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    with open_archive(location, read_only=True) as arc, arc.read() as conn:
        return {
            table.name: [
                tuple(row)
                for row in conn.execute(sa.select(table).order_by(table.c.id))
            ]
            for table in metadata.sorted_tables
        }


def test_copy_round_trip_keeps_every_row(
    pg_database: TestDatabase, tmp_path: Path
) -> None:
    source = tmp_path / "source.sqlite"
    built = build_archive(source, articles=40)
    with open_archive(source) as arc:
        arc.save_page(url="https://x/1", final_url=None, fetched_at=OBSERVED, status=200, headers={"ETag": "a"}, body=b"<html>\x00\xff</html>", run_id=1)  # fmt: skip
        arc.record_failure(url="https://x/2", stage="fetch", reason="timeout", run_id=1, at=OBSERVED)  # fmt: skip
    url = pg_database.new_archive_url()
    back = tmp_path / "back.sqlite"
    lines: list[str] = []
    with open_archive(source, read_only=True) as src, open_archive(url) as dst:
        assert copy_archive(src, dst, report=lines.append)
    with open_archive(url, read_only=True) as src, open_archive(back) as dst:
        assert copy_archive(src, dst, report=lines.append)
    assert "articles: 40 -> 40 ok" in lines
    assert _tables(source) == _tables(url) == _tables(back)
    # both copies search their own index, and new rows get new ids
    with open_archive(url) as arc:
        assert {h.id for h in search(arc, "vaksinasi", limit=100)} == built.matching("vaksinasi")  # fmt: skip
        result = arc.save_article(article(999_999), observed_at=OBSERVED, run_id=None)
        assert result.article_id == 41
    with open_archive(back, read_only=True) as arc:
        assert {h.id for h in search(arc, "vaksinasi", limit=100)} == built.matching("vaksinasi")  # fmt: skip
    with (
        open_archive(source, read_only=True) as src,
        open_archive(url) as dst,
        pytest.raises(ArchiveError, match="not empty"),
    ):
        copy_archive(src, dst)


@pytest.fixture(scope="module")
def searched(pg_database: TestDatabase) -> Any:
    url = pg_database.new_archive_url()
    with open_archive(url) as arc:
        arc.save_articles(
            [
                article(1, title="Banjir rob di Jakarta Utara", body="Air laut naik."),
                article(2, title="Pasar baru", body="Banjirnya sudah surut."),
                article(
                    3, language="en", title="Flood pumps", body="The pumps are ready."
                ),
                article(
                    4,
                    title="Rapat",
                    body="Pembahasan anggaran [sesi 2].",
                    published_at=None,
                ),
            ],
            observed_at=OBSERVED,
            run_id=None,
        )
    arc = open_archive(url, read_only=True)
    yield arc
    arc.close()


def test_indonesian_stemming_and_english_words(searched: Any) -> None:
    assert sorted(h.id for h in search(searched, "banjir")) == [1, 2]
    assert [h.id for h in search(searched, "pump")] == [3]  # english stems
    assert [h.id for h in search(searched, '"laut naik"')] == [1]
    assert search(searched, '"naik laut"') == []


@pytest.mark.parametrize(
    "query", ["7-2", "NOT everyone", '"unbalanced', "NEAR(", "OR", "*", "'; DROP"]
)
def test_hostile_plain_input_is_never_an_error(searched: Any, query: str) -> None:
    assert search(searched, query) == []


def test_raw_tsquery_syntax_and_its_errors(searched: Any) -> None:
    assert [h.id for h in search(searched, "banjir & !rob", raw=True)] == [2]
    assert [h.id for h in search(searched, "angg:*", raw=True)] == [4]
    with pytest.raises(SearchError, match=r"^invalid search query: ") as info:
        search(searched, "banjir &", raw=True)
    assert "\n" not in str(info.value)


def test_snippets_filters_and_orders(searched: Any) -> None:
    [hit] = search(searched, "sesi")
    assert hit.segments()[1] == ("sesi", True)
    assert hit.snippet.startswith("Pembahasan anggaran [[sesi]")  # text brackets stay
    assert [h.id for h in search(searched, "banjir", sort="date")] == [2, 1]
    assert [h.id for h in search(searched, "banjir", sort="views")] == [2, 1]
    assert [h.id for h in search(searched, "banjir", min_views=102)] == [2]
    assert [h.id for h in search(searched, None, sort="date")][-1] == 4  # undated last


def test_snippets_come_from_the_lead_or_else_the_whole_body(
    pg_database: TestDatabase,
) -> None:
    filler = "kata " * (LEAD_CHARS // 5)  # the whole lead
    cut = "kata " * ((LEAD_CHARS - 6) // 5) + "abc "  # "longsor" ends the lead
    assert len(cut) + len("longsor") == LEAD_CHARS + 1
    url = pg_database.new_archive_url()
    with open_archive(url) as arc:
        arc.save_articles(
            [
                article(1, body=f"Gempa bumi terasa. {filler}"),
                article(2, body=f"{filler}Gempa susulan terasa."),
                article(3, body=f"{cut}longsornya menutup jalan."),
            ],
            observed_at=OBSERVED,
            run_id=None,
        )
    with open_archive(url, read_only=True) as arc:
        hits = {hit.id: hit for hit in search(arc, "gempa")}
        assert hits[1].snippet.startswith("[Gempa] bumi terasa. kata")
        assert ("Gempa", True) in hits[2].segments()  # beyond the lead
        assert "susulan" in hits[2].snippet
        [hit] = search(arc, "longsor")  # never a word the lead cut in two
        assert ("longsornya", True) in hit.segments()


def test_serve_explains_how_to_serve_a_copy(pg_database: TestDatabase) -> None:
    url = pg_database.url
    result = CliRunner().invoke(main, ["serve", "--archive", url])
    assert result.exit_code == 1
    assert "warta copy --from" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_server_that_is_not_there_is_one_line() -> None:
    result = CliRunner().invoke(
        main, ["stats", "--archive", "postgresql://postgres@127.0.0.1:1/x"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open archive postgresql://")
    assert result.stderr.count("\n") == 1
