"""The frontier queues requests as JSON: they come back equal, or are refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
import scrapy
from scrapy.http import Request
from scrapy.utils.request import request_from_dict

from crawler.frontier import serializer
from crawler.frontier.serializer import UnserialisableRequest


class _Spider(scrapy.Spider):
    name = "s"

    def parse_article(self, response: Any) -> None:
        pass

    def on_error(self, failure: Any) -> None:
        pass


def _round_trip(request: Request, spider: scrapy.Spider) -> Request:
    text = serializer.dumps(request.to_dict(spider=spider))
    json.loads(text)  # plain JSON, no pickle
    return request_from_dict(serializer.loads(text), spider=spider)


def test_a_request_round_trips_as_json() -> None:
    spider = _Spider()
    request = Request(
        "http://127.0.0.1:8000/berita/1?x=1",
        method="POST",
        body=b"\x00\xff binary",
        headers={"X-Token": "abc", "Accept": ["a", "b"]},
        cookies={"session": "1"},
        meta={"warta_kind": "article", "depth": 2, "download_slot": "local"},
        cb_kwargs={"page": 3},
        priority=-4,
        dont_filter=True,
        flags=["refresh"],
        callback=spider.parse_article,
        errback=spider.on_error,
    )
    back = _round_trip(request, spider)
    assert (back.url, back.method, back.body) == (request.url, "POST", request.body)
    assert back.headers.getlist("Accept") == [b"a", b"b"]
    assert back.headers["X-Token"] == b"abc"
    assert back.meta == {"warta_kind": "article", "depth": 2}  # no per-process keys
    assert back.cb_kwargs == {"page": 3}
    assert (back.priority, back.dont_filter, back.flags) == (-4, True, ["refresh"])
    assert back.cookies == {"session": "1"}
    assert back.callback == spider.parse_article
    assert back.errback == spider.on_error


def test_meta_that_is_not_data_is_refused() -> None:
    spider = _Spider()
    request = Request("http://x/1", meta={"handle": object()})
    with pytest.raises(UnserialisableRequest, match=r"meta\['handle'\]"):
        serializer.dumps(request.to_dict(spider=spider))


def test_a_request_subclass_is_refused() -> None:
    request = scrapy.FormRequest("http://x/1", formdata={"a": "1"})
    with pytest.raises(UnserialisableRequest, match="FormRequest"):
        serializer.dumps(request.to_dict())
