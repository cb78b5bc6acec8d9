"""Every field of every fixture page: one test per (page, field).

Fixture pages (``tests/fixtures/pages/beritajakarta/*.html``) are the project's
own pages in each template, with hand-written expectations next to them
(``*.json``): ``{"url", "expected": {field: value}, "body_paragraphs",
"body_first", "body_last", "body_contains", "body_excludes"}`` for articles;
``{"url", "not_an_article": reason, "listing": [...]}`` for other pages.
Pages are decoded as production decodes them and extracted once per module.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crawler.items import Article
from pipelines.extract_command import decode_html
from pipelines.extractors import (
    ARTICLE_KEYS,
    EXTRACTOR_VERSION,
    NotAnArticle,
    article_to_dict,
    extract_article,
    extract_listing,
    link_to_dict,
)
from pipelines.extractors.dates import parse_date

FIXTURES = Path(__file__).parent / "fixtures" / "pages" / "beritajakarta"


def _cases() -> list[tuple[str, dict[str, Any]]]:
    return [
        (path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(FIXTURES.glob("*.json"))
    ]


CASES = _cases()
ARTICLES = [(name, spec) for name, spec in CASES if "expected" in spec]
OTHERS = [(name, spec) for name, spec in CASES if "not_an_article" in spec]


def _field_params() -> list[Any]:
    params = []
    for name, spec in ARTICLES:
        for field in spec["expected"]:
            params.append(pytest.param(name, field, id=f"{name}:{field}"))
    return params


def _body_params() -> list[Any]:
    params = []
    for name, spec in ARTICLES:
        for kind in ("body_paragraphs", "body_first", "body_last"):
            if kind in spec:
                params.append(pytest.param(name, kind, spec[kind], id=f"{name}:{kind}"))
        for kind in ("body_contains", "body_excludes"):
            for index, text in enumerate(spec.get(kind, [])):
                params.append(
                    pytest.param(name, kind, text, id=f"{name}:{kind}[{index}]")
                )
    return params


@pytest.fixture(scope="module")
def extracted() -> dict[str, Article]:
    """Each fixture article page, extracted once for the whole module."""
    results = {}
    for name, spec in ARTICLES:
        html = decode_html((FIXTURES / f"{name}.html").read_bytes())
        results[name] = extract_article(html, spec["url"])
    return results


def test_fixture_pages_exist() -> None:
    assert len(ARTICLES) >= 11
    assert len(OTHERS) >= 4
    for name, _spec in CASES:
        assert (FIXTURES / f"{name}.html").is_file(), name


@pytest.mark.parametrize(("name", "field"), _field_params())
def test_field(extracted: dict[str, Article], name: str, field: str) -> None:
    spec = dict(ARTICLES)[name]
    assert article_to_dict(extracted[name])[field] == spec["expected"][field]


@pytest.mark.parametrize(("name", "kind", "value"), _body_params())
def test_body(extracted: dict[str, Article], name: str, kind: str, value: Any) -> None:
    body = extracted[name].body or ""
    paragraphs = body.split("\n\n")
    if kind == "body_paragraphs":
        assert len(paragraphs) == value
    elif kind == "body_first":
        assert paragraphs[0] == value
    elif kind == "body_last":
        assert paragraphs[-1] == value
    elif kind == "body_contains":
        assert value in body
    else:
        assert value not in body


@pytest.mark.parametrize("name", [name for name, _ in ARTICLES])
def test_expectations_cover_every_json_key(name: str) -> None:
    expected = dict(ARTICLES)[name]["expected"]
    assert set(expected) == set(ARTICLE_KEYS) - {"body"}


@pytest.mark.parametrize("name", [name for name, _ in ARTICLES])
def test_extractor_version(extracted: dict[str, Article], name: str) -> None:
    assert extracted[name].extractor_version == EXTRACTOR_VERSION


@pytest.mark.parametrize("name", [name for name, _ in ARTICLES])
def test_no_empty_strings(extracted: dict[str, Article], name: str) -> None:
    values = article_to_dict(extracted[name])
    assert [key for key, value in values.items() if value == ""] == []


@pytest.mark.parametrize(
    ("name", "spec"), OTHERS, ids=[f"{name}:not_an_article" for name, _ in OTHERS]
)
def test_not_an_article(name: str, spec: dict[str, Any]) -> None:
    html = decode_html((FIXTURES / f"{name}.html").read_bytes())
    with pytest.raises(NotAnArticle, match=spec["not_an_article"]) as raised:
        extract_article(html, spec["url"])
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("name", "spec"), OTHERS, ids=[f"{name}:listing" for name, _ in OTHERS]
)
def test_listing(name: str, spec: dict[str, Any]) -> None:
    html = decode_html((FIXTURES / f"{name}.html").read_bytes())
    items = extract_listing(html, spec["url"])
    assert [link_to_dict(link) for link in items] == spec["listing"]


@pytest.mark.parametrize("name", [name for name, _ in ARTICLES])
def test_article_pages_have_no_listing(name: str) -> None:
    html = decode_html((FIXTURES / f"{name}.html").read_bytes())
    assert extract_listing(html, dict(ARTICLES)[name]["url"]) == []


DAY_NAMES_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
DAY_NAMES_EN = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
DAY_ALTERNATIVES = "|".join(DAY_NAMES_ID + DAY_NAMES_EN)
SHOWN_DATE = re.compile(
    rf"(?:{DAY_ALTERNATIVES}), [^<]*?\d{{4}}(?: \d{{2}}:\d{{2}} WIB)?"
)


@pytest.mark.parametrize("name", [name for name, _ in CASES])
def test_day_names_agree_with_dates(name: str) -> None:
    """The fixtures' day names are right (the parser ignores them)."""
    html = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    shown = SHOWN_DATE.findall(html)
    assert len(shown) >= EXPECTED_DATES.get(name, 1)
    for text in shown:
        iso = parse_date(text)
        assert iso is not None, text
        weekday = date.fromisoformat(iso[:10]).weekday()
        assert text.split(",")[0] in (DAY_NAMES_ID[weekday], DAY_NAMES_EN[weekday])


# pages whose every shown full date is counted (the others show at least one)
EXPECTED_DATES = {
    "m-error-404": 0,
    "m-read-missing": 0,
    "m-read-empty-record": 0,
    "m-en-read-empty-record": 0,
    "m-listing-terkini": 10,
    "m-listing-wrapped-links": 10,
    "m-read-2015": 3,
    "www-read": 9,
    "www-read-wrapped-links": 9,
}
