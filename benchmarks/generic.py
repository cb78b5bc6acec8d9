"""Score the profile-free reader against trafilatura, htmldate (and newspaper4k,
goose3 when installed) on ../shared/eval/news-metadata (issue 10, item 8).

Usage: ``python -m benchmarks.generic [--limit N] [--tools reader,trafilatura,…]
[--errors FIELD:N] [--split all|dev|held-out]``

Every tool reads the same decoded pages (``w3lib.encoding.html_to_unicode``)
in this process, one page at a time; a page's time is the process's CPU time
for that call (``time.process_time``: time spent waiting for a CPU on a shared
machine is not the tool's). Scores come from the set's own ``score.py``
(title exact after normalisation, date = the ``YYYY-MM-DD``, author F1 over
normalised name sets, pages/s). The set is split by a hash of each page's id:
70 % development (the reader was tuned on these pages only, with
``--split dev --errors title:20``), 30 % held out (never looked at while
tuning), each scored separately as well as the whole set. newspaper4k and
goose3 are optional (``pip install newspaper4k goose3`` into the venv: they
are not warta's dependencies). Exits 0 with a message when the set is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import importlib.util
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from w3lib.encoding import html_to_unicode

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / ".." / "shared" / "eval" / "news-metadata"
DEV_SHARE = 70  # percent of ids, by hash

Prediction = dict[str, Any]
Tool = Callable[[str, str], Prediction]


def split_of(page_id: str) -> str:
    """``"dev"`` for ids hashing into the development share, else ``"held-out"``."""
    digest = hashlib.sha1(page_id.encode("utf-8"), usedforsecurity=False).digest()
    return "dev" if int.from_bytes(digest[:4], "big") % 100 < DEV_SHARE else "held-out"


def _reader() -> Tool:
    from pipelines.extractors.dom import Document
    from pipelines.extractors.reader import read_page

    def run(html: str, url: str) -> Prediction:
        article = read_page(Document(html), url)
        return {
            "title": article.title,
            "published_at": article.published_at,
            "authors": article.authors,
            "body": article.body,
        }

    return run


def _trafilatura() -> Tool:
    import trafilatura

    def run(html: str, url: str) -> Prediction:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if doc is None:
            return {}
        return {
            "title": doc.title,
            "published_at": doc.date,
            "authors": doc.author,
            "body": doc.text,
        }

    return run


def _htmldate() -> Tool:
    from htmldate import find_date

    def run(html: str, url: str) -> Prediction:
        found = find_date(html, url=url, extensive_search=True, original_date=True)
        return {"published_at": found}

    return run


def _newspaper4k() -> Tool:
    import newspaper

    def run(html: str, url: str) -> Prediction:
        article = newspaper.Article(url, fetch_images=False)  # no network
        article.download(input_html=html)
        article.parse()
        date = article.publish_date
        return {
            "title": article.title,
            "published_at": date.isoformat() if date else None,
            "authors": article.authors,
            "body": article.text,
        }

    return run


def _goose3() -> Tool:
    from goose3 import Goose

    goose = Goose({"enable_image_fetching": False})  # no network

    def run(html: str, url: str) -> Prediction:
        article = goose.extract(url=url, raw_html=html)
        return {
            "title": article.title,
            "published_at": article.publish_date,
            "authors": article.authors,
            "body": article.cleaned_text,
        }

    return run


TOOLS: dict[str, Callable[[], Tool]] = {
    "warta-reader": _reader,
    "trafilatura": _trafilatura,
    "htmldate": _htmldate,
    "newspaper4k": _newspaper4k,
    "goose3": _goose3,
}


OPTIONAL = frozenset({"newspaper4k", "goose3"})


def load_scorer(folder: Path) -> ModuleType:
    """The set's own ``score.py`` (stdlib only), imported in place."""
    spec = importlib.util.spec_from_file_location(
        "news_metadata_score", folder / "score.py"
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {folder / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(folder: Path, truth: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(id, url, decoded html) per page, decoded the way production decodes bytes."""
    pages = []
    for row in truth:
        raw = gzip.decompress((folder / row["html"]).read_bytes())
        _, text = html_to_unicode(None, raw)
        pages.append((row["id"], row["url"], text))
    return pages


def run_tool(tool: Tool, pages: list[tuple[str, str, str]]) -> dict[str, Prediction]:
    """Each page once; a page that raises counts as an empty answer.

    The tool first reads the first page once, untimed: libraries that load
    tables on first use (dateparser's locales, inside htmldate) pay that once
    per process, not per page.
    """
    results: dict[str, Prediction] = {}
    if pages:
        with contextlib.suppress(Exception):
            tool(pages[0][2], pages[0][1])
    for page_id, url, html in pages:
        start = time.process_time()
        try:
            prediction = tool(html, url)
        except Exception as error:  # noqa: BLE001 - a tool's crash is a miss, not a stop
            prediction = {"error": f"{type(error).__name__}: {error}"}
        prediction["t"] = time.process_time() - start
        results[page_id] = prediction
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one table per share."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated")
    parser.add_argument("--errors", default=None, help="FIELD:N mismatches per tool")
    parser.add_argument("--split", choices=("all", "dev", "held-out"), default="all")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--eval", type=Path, default=EVAL, help="the set's folder")
    parser.add_argument(
        "--save", type=Path, default=None, help="write predictions here"
    )
    args = parser.parse_args(argv)
    if not (args.eval / "truth.jsonl").is_file():
        print(f"skipped: the evaluation set is absent ({args.eval} has no truth.jsonl)")
        return 0
    logging.disable(logging.WARNING)  # the libraries' per-page warnings
    scorer = load_scorer(args.eval)
    truth = scorer.load_truth(str(args.eval))
    if args.split != "all":
        truth = [row for row in truth if split_of(row["id"]) == args.split]
    truth = truth[: args.limit] if args.limit else truth
    pages = load_pages(args.eval, truth)
    predictions: dict[str, dict[str, Prediction]] = {}
    for name in args.tools.split(","):
        if name not in OPTIONAL:
            tool = TOOLS[name]()
        else:
            try:
                tool = TOOLS[name]()
            except ImportError:
                print(f"{name}: not installed, left out")
                continue
        predictions[name] = run_tool(tool, pages)
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{name}.json").write_text(
                json.dumps(predictions[name], ensure_ascii=False), encoding="utf-8"
            )
    shares = {"all pages": truth}
    if args.split == "all":
        shares["dev (70 %)"] = [r for r in truth if split_of(r["id"]) == "dev"]
        shares["held-out (30 %)"] = [
            r for r in truth if split_of(r["id"]) == "held-out"
        ]
    for share, rows in shares.items():
        scored = [
            (name, scorer.score(rows, pages)) for name, pages in predictions.items()
        ]
        print(f"\n### {share}: n={len(rows)}")
        print(scorer.fmt_table(scored, args.markdown))
    if args.errors:
        for name, pages in predictions.items():
            print(f"\n--- mismatches for {name}")
            scorer.show_errors(truth, pages, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
