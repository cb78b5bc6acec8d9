"""Saving articles: upsert statuses, versions, links, view counts, FTS sync."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from archive.articles import SaveResult
from archive.errors import InvalidRowError, UnknownFieldError
from archive.store import Archive
from tests.test_archive_support import (
    LATER,
    OBSERVED,
    article,
    fts_ids,
    link,
    link_dict,
    new_archive,
    seen,
)


@pytest.fixture
def arc(location: Path | str) -> Any:
    archive = new_archive(location)
    yield archive
    archive.close()


def _rows(arc: Archive, sql: str, **params: Any) -> list[dict[str, Any]]:
    return list(arc.query(sql, **params))


def _fts_ids(arc: Archive, match: str) -> list[int]:
    return fts_ids(arc, match)


def test_new_article_row(arc: Archive) -> None:
    item = article(
        7,
        extraction_warnings=["no photo credit"],
        image_url="https://x/y.jpg",
        authors=["Budi Santoso"],
        tags=["banjir", "Jakarta Barat"],
    )
    assert arc.save_article(item, observed_at=OBSERVED, run_id=None) == SaveResult(
        1, "new"
    )
    assert _rows(arc, "SELECT * FROM articles") == [
        {
            "id": 1,
            "url": "https://m.beritajakarta.id/read/7/judul-7",
            "site": "beritajakarta",
            "site_article_id": "7",
            "language": "id",
            "title": "Judul berita 7",
            "published_at": "2025-02-08T10:00:00+07:00",
            "reporter": "Budi Santoso",
            "editor": "Ani Wijaya",
            "translator": None,
            "views": 107,
            "category": "Pemerintahan",
            "image_url": "https://x/y.jpg",
            "image_caption": None,
            "photo_credit": None,
            "body": "Isi berita nomor 7.",
            "pull_quote": None,
            "first_seen_at": OBSERVED,
            "last_seen_at": OBSERVED,
            "extractor_version": "1",
            "extraction_warnings": '["no photo credit"]',
            "views_seen_at": OBSERVED,
            "tags": '["banjir", "Jakarta Barat"]',
        }
    ]
    assert _rows(
        arc, "SELECT article_id, observed_at, views, source FROM view_counts"
    ) == [{"article_id": 1, "observed_at": OBSERVED, "views": 107, "source": "article"}]


def test_unchanged_then_updated_keeps_versions(arc: Archive) -> None:
    first = article(1, views=10)
    assert arc.save_article(first, observed_at=OBSERVED, run_id=None).status == "new"
    # only the view count changed: unchanged, but views and last_seen_at move on
    again = article(1, views=25)
    assert arc.save_article(again, observed_at=LATER, run_id=None) == SaveResult(
        1, "unchanged"
    )
    assert _rows(arc, "SELECT views, first_seen_at, last_seen_at FROM articles") == [
        {"views": 25, "first_seen_at": OBSERVED, "last_seen_at": LATER}
    ]
    assert _rows(arc, "SELECT COUNT(*) AS n FROM article_versions") == [{"n": 0}]

    edited = article(1, views=30, title="Judul baru", body="Isi yang diperbaiki.")
    third = "2025-02-12T01:00:00+00:00"
    assert arc.save_article(edited, observed_at=third, run_id=None) == SaveResult(
        1, "updated", ("title", "body")
    )
    assert _rows(arc, "SELECT title, body, views, last_seen_at FROM articles") == [
        {
            "title": "Judul baru",
            "body": "Isi yang diperbaiki.",
            "views": 30,
            "last_seen_at": third,
        }
    ]
    versions = _rows(arc, "SELECT * FROM article_versions")
    assert versions == [
        {
            "id": 1,
            "article_id": 1,
            "replaced_at": third,
            "title": "Judul berita 1",
            "published_at": "2025-02-02T10:00:00+07:00",
            "reporter": "Budi Santoso",
            "editor": "Ani Wijaya",
            "translator": None,
            "category": "Pemerintahan",
            "image_url": None,
            "image_caption": None,
            "photo_credit": None,
            "body": "Isi berita nomor 1.",
            "pull_quote": None,
            "extractor_version": "1",
        }
    ]


def test_key_is_site_language_and_id_not_url(arc: Archive) -> None:
    arc.save_article(article(5), observed_at=OBSERVED, run_id=None)
    moved = article(5, url="https://m.beritajakarta.id/read/5/slug-baru")
    assert arc.save_article(moved, observed_at=LATER, run_id=None).status == "unchanged"
    english = article(5, language="en", title="News 5")
    assert arc.save_article(english, observed_at=LATER, run_id=None).status == "new"
    assert _rows(arc, "SELECT id, url, language FROM articles ORDER BY id") == [
        {
            "id": 1,
            "url": "https://m.beritajakarta.id/read/5/slug-baru",
            "language": "id",
        },
        {
            "id": 2,
            "url": "https://m.beritajakarta.id/en/read/5/judul-5",
            "language": "en",
        },
    ]


def test_older_observation_does_not_overwrite_newer_views(arc: Archive) -> None:
    arc.save_article(article(1, views=50), observed_at=LATER, run_id=None)
    arc.save_article(article(1, views=40), observed_at=OBSERVED, run_id=None)
    assert _rows(
        arc, "SELECT views, views_seen_at, first_seen_at, last_seen_at FROM articles"
    ) == [
        {
            "views": 50,
            "views_seen_at": LATER,
            "first_seen_at": OBSERVED,
            "last_seen_at": LATER,
        }
    ]


def test_batch_with_repeated_key(arc: Archive) -> None:
    results = arc.save_articles(
        [article(1), article(2), article(1, title="Dua kali")],
        observed_at=OBSERVED,
        run_id=None,
    )
    assert results == [
        SaveResult(1, "new"),
        SaveResult(2, "new"),
        SaveResult(1, "updated", ("title",)),
    ]
    assert _rows(arc, "SELECT id, title FROM articles ORDER BY id") == [
        {"id": 1, "title": "Dua kali"},
        {"id": 2, "title": "Judul berita 2"},
    ]


def test_unknown_key_raises_and_writes_nothing(arc: Archive) -> None:
    bad = {**article(1), "sentiment": "positive"}
    with pytest.raises(UnknownFieldError, match="sentiment"):
        arc.save_article(bad, observed_at=OBSERVED, run_id=None)
    with pytest.raises(UnknownFieldError, match="colour"):
        arc.save_articles(
            [article(2), {**article(3), "colour": 1}], observed_at=OBSERVED, run_id=None
        )
    bad_link = article(4)
    bad_link["related"] = [{"url": "https://x/read/1", "rank": 1}]
    with pytest.raises(UnknownFieldError, match="rank"):
        arc.save_article(bad_link, observed_at=OBSERVED, run_id=None)
    assert _rows(arc, "SELECT COUNT(*) AS n FROM articles") == [{"n": 0}]
    with arc.read() as conn:
        names = [c["name"] for c in sa.inspect(conn).get_columns("articles")]
    assert "sentiment" not in names
    assert "colour" not in names


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"site_article_id": ""}, "missing site_article_id"),
        ({"url": None}, "missing url"),
        ({"views": "12"}, "views must be an integer"),
        ({"views": True}, "views must be an integer"),
        ({"title": 5}, "title must be text"),
        ({"extraction_warnings": "oops"}, "extraction_warnings must be a list"),
        ({"related": [{"title": "no url"}]}, "a link needs a url"),
    ],
)
def test_invalid_values_raise(
    arc: Archive, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidRowError, match=message):
        arc.save_article({**article(1), **change}, observed_at=OBSERVED, run_id=None)


def test_links_are_replaced_and_marked_in_archive(arc: Archive) -> None:
    item = article(1)
    item["related"] = [
        link_dict(2, title="Dua", views=9),
        link_dict(3, title="Tiga", published_at="2025-02-01", reporter="Ani"),
    ]
    # another URL form of article 2: the identity given joins, not the URL
    item["popular"] = [link_dict(2, url="http://127.0.0.1:8000/read/2/x", title="Dua")]
    # an identity without a language matches the site's article of that id
    item["read_also"] = [link_dict(2, target_language=None)]
    arc.save_article(item, observed_at=OBSERVED, run_id=None)
    arc.save_article(article(2), observed_at=OBSERVED, run_id=None)
    got = arc.get_article(1)
    assert got is not None
    assert got["related"] == [
        {"position": 1, "url": link(2).url, "title": "Dua", "published_at": None, "views": 9, "reporter": None, "archive_id": 2, "in_archive": True},
        {"position": 2, "url": link(3).url, "title": "Tiga", "published_at": "2025-02-01", "views": None, "reporter": "Ani", "archive_id": None, "in_archive": False},
    ]  # fmt: skip
    assert got["popular"] == [
        {"position": 1, "url": "http://127.0.0.1:8000/read/2/x", "title": "Dua", "published_at": None, "views": None, "reporter": None, "archive_id": 2, "in_archive": True},
    ]  # fmt: skip
    assert [(r["url"], r["archive_id"]) for r in got["read_also"]] == [(link(2).url, 2)]
    # a re-save replaces the links (no duplicates, new order)
    item["related"] = [link_dict(3, title="Tiga")]
    item["popular"] = []
    item["read_also"] = []
    arc.save_article(item, observed_at=LATER, run_id=None)
    assert _rows(
        arc,
        "SELECT article_id, kind, position, url, target_language,"
        " target_site_article_id FROM links ORDER BY id",
    ) == [
        {
            "article_id": 1,
            "kind": "related",
            "position": 1,
            "url": link(3).url,
            "target_language": "id",
            "target_site_article_id": "3",
        }
    ]


def test_fts_follows_insert_update_and_delete(arc: Archive) -> None:
    arc.save_article(
        article(1, title="Banjir rob", body="Air laut naik."),
        observed_at=OBSERVED,
        run_id=None,
    )
    arc.save_article(
        article(2, title="Pasar baru", body="Pedagang senang."),
        observed_at=OBSERVED,
        run_id=None,
    )
    assert _fts_ids(arc, "banjir") == [1]
    arc.save_article(
        article(1, title="Kebakaran", body="Api padam."), observed_at=LATER, run_id=None
    )
    assert _fts_ids(arc, "banjir") == []
    assert _fts_ids(arc, "kebakaran") == [1]
    # views-only updates do not touch the index but keep it consistent
    arc.record_views([seen(1, 999, "listing")], observed_at=LATER, run_id=None)
    with arc.transaction() as conn:
        conn.exec_driver_sql("DELETE FROM articles WHERE id = 2")
    assert _fts_ids(arc, "pasar") == []
    assert _fts_ids(arc, "api") == [1]
    assert arc.integrity_check() == []


def test_reporter_and_editor_are_indexed(arc: Archive) -> None:
    arc.save_article(article(1, reporter="Nurito", editor="Toni Riyanto"), observed_at=OBSERVED, run_id=None)  # fmt: skip
    assert _fts_ids(arc, "nurito") == [1]
    assert _fts_ids(arc, "riyanto") == [1]


def test_record_views_joins_on_the_given_identity_and_dedupes(arc: Archive) -> None:
    run = arc.start_run("beritajakarta", pid=1, hostname="h", command="c")
    arc.save_articles([article(1, views=10), article(2, views=20)], observed_at=OBSERVED, run_id=run)  # fmt: skip
    kept = arc.record_views(
        [
            # any URL form: the identity given (site from the run) joins
            seen(1, 11, "listing", url="https://www.beritajakarta.id/read/1/lain", site=None),
            seen(1, 12, "listing", url="http://127.0.0.1:9/read/1"),
            # no identity: the exact canonical URL joins
            {"url": link(2).url, "views": 21, "source": "popular", "title": "Dua"},
            seen(2, None, "related"),
            seen(99, 5, "listing"),  # not in the archive
            # no identity and not a canonical URL: the archive parses no URL
            {"url": "http://127.0.0.1:9/read/2/x", "views": 5, "source": "listing"},
            {"url": "https://m.beritajakarta.id/kategori/x", "views": 5, "source": "listing", "site": "beritajakarta", "language": None, "site_article_id": None},
        ],
        observed_at=LATER,
        run_id=run,
    )  # fmt: skip
    assert kept == 2
    # same run and source again: still one row, the latest count
    arc.record_views(
        [seen(1, 13, "listing")], observed_at="2025-02-11T02:00:00+00:00", run_id=run
    )
    assert _rows(
        arc, "SELECT article_id, observed_at, views, source, run_id FROM view_counts ORDER BY article_id, source"
    ) == [
        {"article_id": 1, "observed_at": OBSERVED, "views": 10, "source": "article", "run_id": run},
        {"article_id": 1, "observed_at": "2025-02-11T02:00:00+00:00", "views": 13, "source": "listing", "run_id": run},
        {"article_id": 2, "observed_at": OBSERVED, "views": 20, "source": "article", "run_id": run},
        {"article_id": 2, "observed_at": LATER, "views": 21, "source": "popular", "run_id": run},
    ]  # fmt: skip
    assert _rows(arc, "SELECT id, views FROM articles ORDER BY id") == [
        {"id": 1, "views": 13},
        {"id": 2, "views": 21},
    ]
    # a second run gets its own rows
    run2 = arc.start_run("beritajakarta", pid=1, hostname="h", command="c")
    arc.record_views([seen(1, 30, "listing")], observed_at="2025-02-12T00:00:00+00:00", run_id=run2)  # fmt: skip
    history = arc.get_article(1)
    assert history is not None
    assert [
        (h["views"], h["source"], h["run_id"]) for h in history["view_history"]
    ] == [
        (10, "article", run),
        (13, "listing", run),
        (30, "listing", run2),
    ]


def test_record_views_validates(arc: Archive) -> None:
    with pytest.raises(InvalidRowError, match="view source"):
        arc.record_views([seen(1, 1, "tweet")], observed_at=OBSERVED, run_id=None)
    with pytest.raises(UnknownFieldError, match="weight"):
        arc.record_views([seen(1, 1, "listing", weight=2)], observed_at=OBSERVED, run_id=None)  # fmt: skip
    with pytest.raises(InvalidRowError, match="site_article_id must be text"):
        arc.record_views([seen(1, 1, "listing", site_article_id=1)], observed_at=OBSERVED, run_id=None)  # fmt: skip
    with pytest.raises(InvalidRowError, match="timestamp"):
        arc.record_views([], observed_at="", run_id=None)


def test_same_article_id_on_two_sites_is_ambiguous_without_site(arc: Archive) -> None:
    arc.save_articles(
        [article(1, views=1), article(1, site="othersite", url="https://other.example/read/1", views=2)],
        observed_at=OBSERVED,
        run_id=None,
    )  # fmt: skip
    obs = [seen(1, 50, "listing", url="http://127.0.0.1:9/read/1/x", site=None)]
    assert arc.record_views(obs, observed_at=LATER, run_id=None) == 0
    assert arc.record_views(obs, observed_at=LATER, run_id=None, site="othersite") == 1
    assert _rows(arc, "SELECT site, views FROM articles ORDER BY id") == [
        {"site": "beritajakarta", "views": 1},
        {"site": "othersite", "views": 50},
    ]


def test_known_articles_and_published_since(arc: Archive) -> None:
    arc.save_articles(
        [
            article(1, published_at="2025-01-30"),
            article(2, published_at="2025-02-03T08:00:00+07:00"),
            article(3, language="en", published_at=None),
        ],
        observed_at=OBSERVED,
        run_id=None,
    )
    assert arc.known_articles("beritajakarta") == {
        ("id", "1"): "2025-01-30",
        ("id", "2"): "2025-02-03T08:00:00+07:00",
        ("en", "3"): None,
    }
    assert arc.known_articles("othersite") == {}
    assert arc.articles_published_since("beritajakarta", "2025-02-01") == [link(2).url]


def test_get_article_by_id_url_or_the_callers_identity(arc: Archive) -> None:
    arc.save_articles([article(1), article(1, language="en")], observed_at=OBSERVED, run_id=None)  # fmt: skip
    other_form = "http://127.0.0.1:8000/read/1/whatever"
    for key, ref in (
        (1, None),
        ("1", None),
        (link(1).url, None),
        (other_form, ("beritajakarta", "id", "1")),
    ):
        found = arc.get_article(key, ref=ref)
        assert found is not None
        assert (found["id"], found["language"]) == (1, "id")
    assert arc.get_article(other_form) is None  # the archive parses no URL
    found_en = arc.get_article(
        "https://desain.beritajakarta.id/en/read/1/x", ref=("beritajakarta", "en", "1")
    )
    assert found_en is not None
    assert found_en["id"] == 2
    # no language given: "1" names two articles, so none
    assert arc.get_article(other_form, ref=("beritajakarta", None, "1")) is None
    assert arc.get_article(other_form, ref=("othersite", "id", "1")) is None
    assert arc.get_article(3) is None
    assert arc.get_article("https://m.beritajakarta.id/kategori/foo") is None


def test_views_without_a_run_are_not_doubled(arc: Archive) -> None:
    for _ in range(2):  # e.g. a reparse of pages that belong to no run
        arc.save_article(article(1, views=10), observed_at=OBSERVED, run_id=None)
        arc.record_views([seen(1, 11, "listing")], observed_at=OBSERVED, run_id=None)
    arc.save_article(article(1, views=12), observed_at=LATER, run_id=None)
    assert _rows(
        arc, "SELECT observed_at, views, source, run_id FROM view_counts ORDER BY id"
    ) == [
        {"observed_at": OBSERVED, "views": 10, "source": "article", "run_id": None},
        {"observed_at": OBSERVED, "views": 11, "source": "listing", "run_id": None},
        {"observed_at": LATER, "views": 12, "source": "article", "run_id": None},
    ]


def test_authors_must_be_the_reporter_split(arc: Archive) -> None:
    """``authors`` is not stored: ``reporter`` is its join, and must say so."""
    item = article(8, reporter="Budi Santoso", authors=["Budi Santoso", "Ani"])
    with pytest.raises(InvalidRowError, match="not the authors joined"):
        arc.save_article(item, observed_at=OBSERVED, run_id=None)
    both = article(8, reporter="Budi Santoso, Ani", authors=["Budi Santoso", "Ani"])
    assert arc.save_article(both, observed_at=OBSERVED, run_id=None).status == "new"
    with pytest.raises(InvalidRowError, match="tags must be a list of text"):
        arc.save_article(article(9, tags="banjir"), observed_at=OBSERVED, run_id=None)
