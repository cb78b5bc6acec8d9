"""Full-text search: quoting, hostile input, raw FTS5, ranking, filters, snippets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archive.errors import SearchError
from archive.search import SearchHit, search
from archive.search_query import quote_fts
from archive.store import Archive, open_archive
from tests.conftest import sqlite_only
from tests.test_archive_support import OBSERVED, article, new_archive

STEMS = "PostgreSQL stems Indonesian ('banjirnya' is 'banjir') and drops stop words"
FTS5 = "FTS5 query syntax and snippets (PostgreSQL's are in test_archive_postgres)"


@pytest.fixture(scope="module")
def arc(new_location: Callable[[], Path | str]) -> Any:
    archive = new_archive(new_location())
    archive.save_articles(
        [
            article(1, title="Banjir rob di Jakarta Utara", body="Air laut naik. Skor 7-2 untuk tim pompa.", reporter="Nurito", editor="Toni Riyanto", category="Lingkungan", views=500, published_at="2025-02-06T14:50:00+07:00"),
            article(2, title="Pasar baru dibuka", body="Banjirnya sudah surut, pedagang kembali berjualan. NOT everyone agrees.", reporter="Rudi Hermawan", editor="Andry", category="Ekonomi", views=1500, published_at="2023-11-07"),
            article(3, title="Kafe di Kota Tua", body="Sebuah café baru menyajikan kopi. Banjir tidak terjadi.", reporter="nurito", editor="Andry", category="Ekonomi", views=None, published_at="2024-03-15T09:00:00+07:00"),
            article(4, language="en", title="Flood pumps ready", body="Officials readied pumps; banjir means flood.", reporter="Anita", editor="Toni Riyanto", translator="Dewi", category="Government", views=80, published_at="2025-01-31T08:00:00+07:00", site="beritajakarta"),
            article(5, title="Rapat anggaran", body="Pembahasan anggaran berlangsung alot [sesi 2].", reporter="Budi", editor="Andry", category="Pemerintahan", views=5, published_at=None),
        ],
        observed_at=OBSERVED,
        run_id=None,
    )  # fmt: skip
    yield archive
    archive.close()


def ids(hits: list[SearchHit]) -> list[int]:
    return [h.id for h in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("banjir", '"banjir"'),
        ("banjir rob", '"banjir" "rob"'),
        ("7-2", '"7-2"'),
        ("NOT everyone", '"NOT" "everyone"'),
        ("a OR b", '"a" "OR" "b"'),
        ('"unbalanced', '"unbalanced"'),
        ('"jalan raya" macet', '"jalan raya" "macet"'),
        ('say "hi', '"say" "hi"'),
        ("NEAR(", '"NEAR("'),
        ("banjir*", '"banjir"*'),
        ("ban*jir", '"ban*jir"'),
        ("*", ""),
        ('"', ""),
        ('""', ""),
        ("   ", ""),
        ("title:banjir", '"title:banjir"'),
        ("-banjir", '"-banjir"'),
        ('a"b', '"a" "b"'),
    ],
)
def test_quote_fts(query: str, expected: str) -> None:
    assert quote_fts(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("7-2", [1]),
        ("NOT everyone", [2]),
        ('"unbalanced', []),
        ("NEAR(", []),
        ("OR", []),
        ("AND banjir", []),
        ("*", []),
        ("-", []),
        ('"', []),
        ("banjir)", [1, 3, 4]),
        ("'; DROP TABLE articles; --", []),
        ("title:banjir", []),
        ("ban*jir", []),
    ],
)
def test_hostile_queries_in_default_mode(
    arc: Archive, query: str, expected: list[int], backend: str
) -> None:
    sqlite_only(backend, STEMS)
    assert sorted(ids(search(arc, query))) == expected


def test_title_weighs_more_than_body(arc: Archive, backend: str) -> None:
    sqlite_only(backend, STEMS)
    hits = search(arc, "banjir")
    assert ids(hits) == [1, 4, 3]  # title match first, then the shorter body
    assert hits[0].score is not None
    assert hits[1].score is not None
    assert hits[0].score > hits[1].score > 0


def test_diacritics_and_prefix(arc: Archive, backend: str) -> None:
    sqlite_only(backend, STEMS)
    assert ids(search(arc, "cafe")) == [3]
    assert ids(search(arc, "CAFÉ")) == [3]
    assert sorted(ids(search(arc, "banjir*"))) == [1, 2, 3, 4]  # finds "Banjirnya"
    assert ids(search(arc, "banjirnya")) == [2]


def test_phrases_in_default_mode(arc: Archive) -> None:
    assert ids(search(arc, '"banjir rob"')) == [1]
    assert ids(search(arc, '"rob banjir"')) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("banjir NOT rob", [3, 4]),
        ("banjir AND pompa", [1]),
        ("rob OR kopi", [1, 3]),
        ('"laut naik"', [1]),
        ("banj*", [1, 2, 3, 4]),
        ("NEAR(pumps flood, 5)", [4]),
        ("title:banjir", [1]),
        ("reporter:nurito", [1, 3]),
    ],
)
def test_raw_mode_passes_fts5_syntax(
    arc: Archive, query: str, expected: list[int], backend: str
) -> None:
    sqlite_only(backend, FTS5)
    assert sorted(ids(search(arc, query, raw=True))) == expected


@pytest.mark.parametrize(
    "query", ["7-2", "NOT everyone", '"unbalanced', "NEAR(", "banjir AND", "OR", "*"]
)
def test_raw_mode_errors_are_one_line(arc: Archive, query: str, backend: str) -> None:
    sqlite_only(backend, FTS5)
    with pytest.raises(SearchError) as info:
        search(arc, query, raw=True)
    message = str(info.value)
    assert message.startswith("invalid search query: ")
    assert "\n" not in message


def test_snippets_mark_matches(arc: Archive, backend: str) -> None:
    sqlite_only(backend, FTS5)
    [hit] = search(arc, "kopi")
    assert hit.snippet == "Sebuah café baru menyajikan [kopi]. Banjir tidak terjadi."
    assert hit.segments() == [
        ("Sebuah café baru menyajikan ", False),
        ("kopi", True),
        (". Banjir tidak terjadi.", False),
    ]
    # brackets in the article text itself are not mistaken for highlights
    [hit5] = search(arc, "sesi")
    assert hit5.snippet == "Pembahasan anggaran berlangsung alot [[sesi] 2]."
    assert hit5.segments() == [
        ("Pembahasan anggaran berlangsung alot [", False),
        ("sesi", True),
        (" 2].", False),
    ]


def test_hit_fields(arc: Archive) -> None:
    [hit] = search(arc, "pumps")
    assert hit.to_dict() == {
        "id": 4,
        "url": "https://m.beritajakarta.id/en/read/4/judul-4",
        "title": "Flood pumps ready",
        "published_at": "2025-01-31T08:00:00+07:00",
        "reporter": "Anita",
        "editor": "Toni Riyanto",
        "views": 80,
        "snippet": "Flood [pumps] ready",
        "score": hit.score,
        "site": "beritajakarta",
        "language": "en",
        "category": "Government",
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"language": "en"}, [4]),
        ({"language": "id"}, [1, 3]),
        ({"reporter": "NURITO"}, [1, 3]),  # exact name, any case
        ({"reporter": "Nur"}, []),
        ({"editor": "toni riyanto"}, [1, 4]),
        ({"category": "ekonomi"}, [3]),
        ({"since": "2025"}, [1, 4]),
        ({"since": "2025-02-06"}, [1]),
        ({"until": "2025-01-31"}, [3, 4]),  # a date-only bound covers the whole day
        ({"until": "2025-01"}, [3, 4]),
        ({"until": "2024"}, [3]),
        ({"until": "2025-01-31T07:59:59+07:00"}, [3]),
        ({"since": "2024-03", "until": "2024-03"}, [3]),
        ({"min_views": 100}, [1]),
        ({"site": "othersite"}, []),
        ({"reporter": "x' OR '1'='1"}, []),
    ],
)
def test_filters(
    arc: Archive, filters: dict[str, Any], expected: list[int], backend: str
) -> None:
    sqlite_only(backend, STEMS)
    assert sorted(ids(search(arc, "banjir", **filters))) == expected


def test_sorts(arc: Archive, backend: str) -> None:
    sqlite_only(backend, STEMS)
    assert ids(search(arc, "banjir*", sort="date")) == [1, 4, 3, 2]
    assert ids(search(arc, "banjir*", sort="views")) == [2, 1, 4, 3]


def test_snippets_are_the_same_in_every_order(arc: Archive, backend: str) -> None:
    sqlite_only(backend, FTS5)
    expected = {
        1: "[Banjir] rob di Jakarta Utara",
        2: "[Banjirnya] sudah surut, pedagang kembali berjualan. NOT everyone agrees.",
        3: "Sebuah café baru menyajikan kopi. [Banjir] tidak terjadi.",
        4: "Officials readied pumps; [banjir] means flood.",
    }
    for sort in ("relevance", "date", "views"):
        hits = search(arc, "banjir*", sort=sort)
        assert {h.id: h.snippet for h in hits} == expected, sort


def test_empty_query_lists_newest_first(arc: Archive) -> None:
    hits = search(arc, "")
    assert ids(hits) == [1, 4, 3, 2, 5]  # undated last
    assert [h.score for h in hits] == [None] * 5
    assert hits[0].snippet == "Air laut naik. Skor 7-2 untuk tim pompa."
    assert ids(search(arc, None, category="Ekonomi")) == [3, 2]
    assert ids(search(arc, "  ", editor="andry", sort="views")) == [2, 5, 3]


def test_limit_and_offset(arc: Archive) -> None:
    assert ids(search(arc, "", limit=2)) == [1, 4]
    assert ids(search(arc, "", limit=2, offset=2)) == [3, 2]
    assert ids(search(arc, "", limit=2, offset=10)) == []
    assert search(arc, "banjir", limit=0) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"since": "yesterday"}, "not a date"),
        ({"until": "2025-13"}, "not a date"),
        ({"sort": "random"}, "sort must be one of"),
        ({"limit": -1}, "limit must be"),
        ({"min_views": "10"}, "min_views must be an integer"),
    ],
)
def test_bad_arguments(arc: Archive, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(SearchError, match=message):
        search(arc, "banjir", **kwargs)


def test_search_on_read_only_archive(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    with open_archive(path) as arc:
        arc.save_article(article(1, title="Banjir"), observed_at=OBSERVED, run_id=None)
    with open_archive(path, read_only=True) as ro:
        assert ids(search(ro, "banjir")) == [1]
