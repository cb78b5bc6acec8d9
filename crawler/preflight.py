"""Checks ``warta crawl`` makes before any request: base URL and ``--set`` values.

Each failure is a :class:`click.BadParameter` (a usage error, exit 2) naming
the option and the value, so a typo never reaches Scrapy as a traceback.
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import urlsplit

import click
from scrapy.settings import BaseSettings, Settings


def check_base_url(value: str | None) -> str | None:
    """``--base-url``: an http or https URL with a host (port, if any, valid)."""
    if value is None:
        return None
    url = value.strip()
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as exc:
        raise click.BadParameter(f"{value!r}: {exc}", param_hint="--base-url") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise click.BadParameter(
            f"{value!r} is not an http(s) URL with a host "
            "(e.g. http://127.0.0.1:8000 or https://m.beritajakarta.id)",
            param_hint="--base-url",
        )
    return url


def known_settings() -> Settings:
    """Scrapy's default settings with warta's project settings on top."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def typed_settings(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``--set KEY=VALUE`` pairs, each read as Scrapy reads a setting of its
    type (the type of its default): bool, int, float, list (comma-separated or
    JSON), dict (JSON). Unknown keys and text settings pass through as text."""
    defaults = known_settings()
    settings: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(
                f"expected KEY=VALUE, got {pair!r}", param_hint="--set"
            )
        settings[key] = _typed(key, value, defaults.get(key))
    return settings


def _typed(key: str, value: str, default: Any) -> Any:
    """``value`` converted like ``default`` (raise a usage error naming ``key``)."""
    probe = BaseSettings({key: value})
    try:
        if isinstance(default, bool):
            return probe.getbool(key)
        if isinstance(default, int | float):
            return _number(value)
        if isinstance(default, dict | BaseSettings):
            parsed = json.loads(value)
            if not isinstance(parsed, dict):
                raise ValueError("expected a JSON object")  # noqa: TRY004  caught below
            return parsed
        if isinstance(default, list | tuple):
            if value.lstrip().startswith("["):
                parsed = json.loads(value)
                if not isinstance(parsed, list):
                    raise ValueError("expected a JSON list")
                return parsed
            return probe.getlist(key)
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        kind = type(default).__name__
        if isinstance(default, BaseSettings):
            kind = "dict"
        raise click.BadParameter(
            f"{key}={value!r}: expected {_KINDS.get(kind, kind)} ({exc})",
            param_hint="--set",
        ) from None
    return value


def _number(value: str) -> int | float:
    """A finite number; integral text stays an ``int`` (Scrapy reads some
    integer defaults, such as DOWNLOAD_TIMEOUT, as floats)."""
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not finite")
    return number


_KINDS = {
    "bool": "a boolean (True/False/1/0)",
    "int": "a number",
    "float": "a number",
    "dict": "a JSON object",
    "list": "a comma-separated or JSON list",
    "tuple": "a comma-separated or JSON list",
}
