"""``warta extract FILE --url URL``: print the fields of one saved page as JSON.

The same code path as the crawl: bytes are decoded the way Scrapy's
``HtmlResponse`` decodes them, then :func:`pipelines.extractors.extract_article`
runs on the text.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from archive.boundary import CommandError, CommandUsageError
from pipelines.extraction import MAX_PAGE_BYTES, too_large
from pipelines.extractors import NotAnArticle, article_to_dict, extract_article

# Decoding does not depend on the URL; HtmlResponse only needs a valid one.
_DECODE_URL = "file:///page.html"


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode page bytes exactly as Scrapy's ``HtmlResponse.text`` would.

    BOM, then the ``Content-Type`` charset (if given), then ``<meta charset>``,
    then ASCII/UTF-8 detection, as in production.
    """
    from scrapy.http import HtmlResponse  # local: keeps the CLI start-up light

    headers = {"Content-Type": content_type} if content_type else None
    return HtmlResponse(url=_DECODE_URL, body=body, headers=headers).text


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--url",
    default="",
    help="URL the page was fetched from (default: the page's canonical link).",
)
def extract(file: Path, url: str) -> None:
    """Print the extracted fields of a saved article page as one JSON object."""
    try:
        body = file.read_bytes()
    except FileNotFoundError:
        raise CommandUsageError(f"no such file: {file}") from None
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise CommandError(f"cannot read {file}: {reason}") from None
    if refused := too_large(len(body), MAX_PAGE_BYTES):
        raise CommandError(f"{file}: {refused}")
    try:
        article = extract_article(decode_html(body), url)
    except NotAnArticle as error:
        raise CommandError(f"not an article: {file}: {error}") from None
    click.echo(json.dumps(article_to_dict(article), ensure_ascii=False, indent=2))
