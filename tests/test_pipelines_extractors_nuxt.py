"""Tests for the ``window.__NUXT__`` reader (pipelines/extractors/nuxt.py)."""

from __future__ import annotations

import pytest

from pipelines.extractors.nuxt import JsSyntaxError, find_nuxt_state, parse_js_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{a:1,\"b c\":[true,false,null],'d':-2.5e1}",
            {"a": 1, "b c": [True, False, None], "d": -25.0},
        ),
        ("[1,2,]", [1, 2]),
        (
            "{x:void 0,y:undefined,z:0x1F,w:.5}",
            {"x": None, "y": None, "z": 31, "w": 0.5},
        ),
        ('"a\\u002Fb\\u{1F600}\\x41\\n\\"q\\""', 'a/b\U0001f600A\n"q"'),
        ("'it\\'s'", "it's"),
        ('{d:new Date("2022-11-07T08:00:00.000Z")}', {"d": "2022-11-07T08:00:00.000Z"}),
        ("{o:Object.create(null),a:Array(2)}", {"o": {}, "a": [None, None]}),
        ("/* c */ {a: // line\n 1}", {"a": 1}),
        (
            '(function(a,b){return {x:a,y:[b,a]}}("s",{k:1}))',
            {"x": "s", "y": [{"k": 1}, "s"]},
        ),
        ("(function(a,b){return {x:a,y:b}})(1,2)", {"x": 1, "y": 2}),
        ("(function(a,b){return {x:b}}(1))", {"x": None}),
        ("(function(a){return {f:(function(b){return [a,b]}(2))}}(1))", {"f": [1, 2]}),
    ],
)
def test_parse_js_value(text: str, expected: object) -> None:
    assert parse_js_value(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "{a:b}",  # an unbound name
        "{a:1",  # unterminated
        '"abc',
        "alert(1)",
        "(function(a){a.x=1;return {}}(1))",  # statements before return
        "{a:1} + 2",
        "{a:new Foo()}",
        "[" * 500 + "]" * 500,
    ],
)
def test_parse_js_value_refuses(text: str) -> None:
    with pytest.raises(JsSyntaxError):
        parse_js_value(text)


def test_find_nuxt_state_in_a_page() -> None:
    html = (
        "<script>var x = 1;</script><script>window.__NUXT__=(function(a,b){return "
        '{data:[{news:{title:"T<\\u002Fp>",reporter:a}}],serverRendered:b}}'
        "(null,true));</script>"
    )
    assert find_nuxt_state(html) == {
        "data": [{"news": {"title": "T</p>", "reporter": None}}],
        "serverRendered": True,
    }


@pytest.mark.parametrize(
    "html",
    [
        "<p>no state</p>",
        "<script>window.__NUXT__=(function(a){return {x:a}}(</script>",
        "<script>window.__NUXT__=[1,2]</script>",  # not an object
        "<script>window.__NUXT__=fetchState()</script>",
    ],
)
def test_find_nuxt_state_absent_or_unreadable(html: str) -> None:
    assert find_nuxt_state(html) is None
