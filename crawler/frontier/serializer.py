"""Requests as JSON, never pickle: the ``SCHEDULER_SERIALIZER`` of the frontier.

scrapy-redis hands ``dumps`` the dict of ``Request.to_dict(spider=…)`` (the
callback and errback already named) and ``request_from_dict`` the result of
``loads``. Bytes (headers, body) travel as latin-1 text, which maps every byte
to one character. Anything else that JSON cannot carry (a meta value that is an
object, a callback that is not a spider method) is refused with
:class:`UnserialisableRequest` rather than pickled.
"""

from __future__ import annotations

import json
from typing import Any

#: Meta keys that describe one download in one process: never queued.
TRANSIENT_META = frozenset(
    {"download_slot", "download_latency", "_slot_key", "warta_frontier_id"}
)
_FIELDS = (
    "url", "method", "headers", "body", "cookies", "meta", "encoding",
    "priority", "dont_filter", "callback", "errback", "flags", "cb_kwargs",
)  # fmt: skip


class UnserialisableRequest(TypeError):
    """A request the frontier cannot store as JSON."""


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _check_json(name: str, value: Any, url: str) -> Any:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise UnserialisableRequest(
            f"cannot queue {url} in the frontier: {name} is not JSON data ({exc})"
        ) from None
    return value


def dumps(obj: dict[str, Any]) -> str:
    """The request dict as one JSON document; raises UnserialisableRequest."""
    url = str(obj.get("url"))
    if "_class" in obj:
        raise UnserialisableRequest(
            f"cannot queue {url}: only scrapy.Request is queued, not {obj['_class']}"
        )
    for name in ("callback", "errback"):
        if obj.get(name) is not None and not isinstance(obj[name], str):
            raise UnserialisableRequest(f"cannot queue {url}: {name} has no name")
    data: dict[str, Any] = {key: obj.get(key) for key in _FIELDS}
    data["headers"] = {
        _text(key): [_text(v) for v in values]
        for key, values in (obj.get("headers") or {}).items()
    }
    data["body"] = _text(obj.get("body") or b"")
    meta = {
        key: value
        for key, value in (obj.get("meta") or {}).items()
        if key not in TRANSIENT_META
    }
    for key, value in meta.items():
        _check_json(f"meta[{key!r}]", value, url)
    data["meta"] = meta
    for name in ("cookies", "cb_kwargs", "flags"):
        _check_json(name, data[name], url)
    return json.dumps(data, separators=(",", ":"), sort_keys=True)


def loads(text: str | bytes) -> dict[str, Any]:
    """The dict ``request_from_dict`` rebuilds a request from."""
    data: dict[str, Any] = json.loads(text)
    data["body"] = data["body"].encode("latin-1")
    data["headers"] = {
        key.encode("latin-1"): [v.encode("latin-1") for v in values]
        for key, values in data["headers"].items()
    }
    return data
