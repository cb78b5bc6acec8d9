"""What every table and column of the archive means: one place for all docs.

``warta serve`` turns this into Datasette metadata and the README's schema
reference is checked against it; a test fails when a table or column of the
live schema has no description here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableDoc:
    """A table's one-line description and a description for each column."""

    description: str
    columns: dict[str, str]


_LINK_COLUMNS = {
    "url": "URL of the linked article as the page showed it (absolute).",
    "title": "Title of the linked article as the page showed it.",
    "published_at": "Publication date shown next to the link (ISO 8601), if any.",
    "views": "View count shown next to the link, if any.",
    "reporter": "Reporter shown next to the link, if any.",
}

_CONTENT_COLUMNS = {
    "title": "Headline.",
    "published_at": (
        "Publication time as ISO 8601 text with the site's offset "
        "(2025-02-06T14:50:00+07:00), or a date alone (2023-11-07) when the page "
        "shows no time."
    ),
    "reporter": (
        "The byline's names (Reporter / Penulis / Pewarta / By …) in page order, "
        "joined with ', ' (warta extract also lists them as authors)."
    ),
    "editor": "Editor (Editor / Redaktur) as printed on the page.",
    "translator": "Translator of English-edition articles (Translator).",
    "category": "Section the article is filed under (e.g. Pemerintahan).",
    "image_url": "Absolute URL of the main image.",
    "image_caption": "Caption of the main image.",
    "photo_credit": "Photographer credited for the main image.",
    "body": "Article text: paragraphs separated by blank lines, boilerplate removed.",
    "pull_quote": "Highlighted quotation shown inside the article, if any.",
}

_FTS_SHADOW = (
    "Internal storage of the full-text index articles_fts (managed by SQLite)."
)

TABLES: dict[str, TableDoc] = {
    "articles": TableDoc(
        "One row per article, keyed by (site, language, site_article_id); the "
        "latest extracted version of its content and its latest view count.",
        {
            "id": "Archive's own article id (stable; used by links and view_counts).",
            "url": "Canonical https URL of the article on the site's canonical host.",
            "site": "Name of the portal the article is from (its site profile).",
            "site_article_id": (
                "The portal's own id of the article, as text (its canonical URL "
                "for a portal whose URLs carry no id)."
            ),
            "language": "Edition language: id (Indonesian) or en (English).",
            **_CONTENT_COLUMNS,
            "views": "Latest view count the site showed (see views_seen_at).",
            "first_seen_at": "UTC time (ISO 8601) the article was first archived.",
            "last_seen_at": "UTC time (ISO 8601) the article was last fetched.",
            "extractor_version": "Version of the extractor that produced this content.",
            "extraction_warnings": (
                "JSON list of fields the extractor could not find or had to guess."
            ),
            "views_seen_at": "UTC time (ISO 8601) the count in views was observed.",
            "tags": (
                "JSON list of the tags or keywords the page gives (latest fetch; "
                "a change of tags alone makes no version)."
            ),
        },
    ),
    "links": TableDoc(
        "Links from an article to other articles: the related, popular and "
        "read-also blocks, in page order.",
        {
            "id": "Row id.",
            "article_id": "The article the link appears on (articles.id).",
            "kind": "Block the link is in: related, popular or read_also.",
            "position": "1-based position of the link within its block.",
            **_LINK_COLUMNS,
            "target_language": (
                "Language of the linked article as the crawler identified it; with "
                "target_site_article_id it joins to articles.language of the same "
                "site (NULL: any language, or url is not an article URL)."
            ),
            "target_site_article_id": (
                "Site article id of the linked article as the crawler identified "
                "it; joins to articles.site_article_id (NULL: not an article URL)."
            ),
        },
    ),
    "view_counts": TableDoc(
        "View-count history: every count observed for an article, on its own page "
        "or next to a link elsewhere (one row per article, crawl run and source).",
        {
            "id": "Row id.",
            "article_id": "The article counted (articles.id).",
            "observed_at": "UTC time (ISO 8601) the count was seen.",
            "views": "The view count shown.",
            "source": "Where the count was seen: article, listing, related or popular.",
            "run_id": "Crawl run that saw it (crawl_runs.id); NULL outside a run.",
        },
    ),
    "crawl_runs": TableDoc(
        "One row per crawl: when and where it ran, how it ended, and its counters.",
        {
            "id": "Run id.",
            "site": "Site slug the run crawled.",
            "started_at": "UTC time (ISO 8601) the run started.",
            "finished_at": "UTC time (ISO 8601) the run ended (NULL while running).",
            "updated_at": "UTC time of the run's last sign of life.",
            "status": (
                "running, finished, degraded (finished, but too many article pages "
                "failed or no listing could be read), failed or interrupted."
            ),
            "status_reason": (
                "Why a run ended degraded, failed or interrupted (NULL when finished)."
            ),
            "pid": "Process id of the crawl.",
            "hostname": "Machine the crawl ran on.",
            "command": "Command line that started the crawl.",
            "scope": (
                "What the run set out to fetch: full (every listing to its end), "
                "incremental (new articles, listings until an all-known page), capped "
                "(--max-articles), since (--since), retry (--retry-failed only); NULL "
                "when unknown. After a finished full or incremental run the next run "
                "may stop paging early."
            ),
            "log_path": "Path of the crawl's log file, if any.",
            "crawl_id": (
                "The shared crawl this run was one worker of (warta crawl "
                "--frontier); NULL for a crawl on its own."
            ),
            "listing_pages": "Listing (index) pages fetched.",
            "article_pages": "Article pages fetched.",
            "new": "Articles archived for the first time.",
            "updated": "Articles whose content changed (old version kept).",
            "unchanged": "Articles fetched again with the same content.",
            "failed": "URLs that could not be fetched or extracted.",
            "retries": "Fetches retried after an error.",
        },
    ),
    "failures": TableDoc(
        "URLs a crawl could not fetch or extract; resolved when a later crawl "
        "archives the article.",
        {
            "id": "Row id.",
            "url": "URL that failed.",
            "stage": "What failed: fetch or extract.",
            "reason": "Why, in one line.",
            "run_id": "Crawl run it failed in (crawl_runs.id).",
            "at": "UTC time (ISO 8601) of the failure.",
            "resolved_at": "UTC time a later crawl archived the article (NULL: open).",
            "site": "Site slug.",
            "language": (
                "Language of the article the url is, as the crawler identified it "
                "(NULL for non-article URLs)."
            ),
            "site_article_id": (
                "Site article id of the article the url is (NULL for non-article "
                "URLs); saving that article resolves the failure."
            ),
        },
    ),
    "pages": TableDoc(
        "Raw fetched pages (zlib-compressed HTML with headers), one row per "
        "distinct body of a URL, for re-extraction and WARC export.",
        {
            "id": "Row id.",
            "url": "URL requested.",
            "final_url": "URL after redirects.",
            "fetched_at": "UTC time (ISO 8601) this body was first fetched.",
            "status": "HTTP status.",
            "headers": "Response headers as a JSON object.",
            "sha256": "SHA-256 of the uncompressed body.",
            "body": "Response body, zlib-compressed.",
            "article_id": "Article extracted from it (articles.id), if any.",
            "run_id": "Crawl run that fetched it (crawl_runs.id).",
            "last_fetched_at": "UTC time of the latest fetch returning this same body.",
            "fetch_count": "How many fetches returned this same body.",
        },
    ),
    "article_versions": TableDoc(
        "Earlier versions of articles: the old content, saved when a later crawl "
        "found it changed.",
        {
            "id": "Row id.",
            "article_id": "The article (articles.id).",
            "replaced_at": "UTC time (ISO 8601) this version was replaced.",
            **_CONTENT_COLUMNS,
            "extractor_version": "Extractor version that produced this version.",
        },
    ),
    "articles_fts": TableDoc(
        "Full-text index (SQLite FTS5) over articles: title, body, reporter, "
        "editor; diacritics removed, prefix search; rank = bm25 with the title "
        "weighted highest. Its content is the view articles_search.",
        {
            "title": "Indexed articles.title.",
            "body": "Indexed articles.body.",
            "reporter": "Indexed articles.reporter.",
            "editor": "Indexed articles.editor.",
            "search_facets": "Filter tokens that let search narrow by reporter, "
            "editor, category, year and month inside the index (no bm25 weight).",
        },
    ),
    "articles_search": TableDoc(
        "View: what the full-text index holds for each article (its text "
        "columns and search facets).",
        {
            "id": "The article (articles.id).",
            "title": "articles.title.",
            "body": "articles.body.",
            "reporter": "articles.reporter.",
            "editor": "articles.editor.",
            "search_facets": "Tokens for reporter (zzrep…), editor (zzed…), "
            "category (zzcat…), year (zzy2025) and month (zzm202502).",
        },
    ),
    "articles_fts_data": TableDoc(_FTS_SHADOW, {"id": "Block id.", "block": "Data."}),
    "articles_fts_idx": TableDoc(
        _FTS_SHADOW, {"segid": "Segment.", "term": "Term prefix.", "pgno": "Page."}
    ),
    "articles_fts_docsize": TableDoc(
        _FTS_SHADOW, {"id": "Article id.", "sz": "Token counts per column."}
    ),
    "articles_fts_config": TableDoc(_FTS_SHADOW, {"k": "Setting.", "v": "Value."}),
}


#: Tables a reader of the schema reference cares about (FTS storage left out).
USER_TABLES: tuple[str, ...] = tuple(
    name for name, doc in TABLES.items() if doc.description != _FTS_SHADOW
)


def schema_reference_markdown() -> str:
    """Render the user-facing tables and columns as Markdown (for the README)."""
    parts: list[str] = []
    for name in USER_TABLES:
        doc = TABLES[name]
        parts.append(f"### `{name}`\n\n{doc.description}\n")
        parts.append("| column | meaning |\n|---|---|")
        parts.extend(f"| `{col}` | {text} |" for col, text in doc.columns.items())
        parts.append("")
    return "\n".join(parts)
