"""Before Scrapy starts: can the base URL be reached at all?

One GET of ``/robots.txt`` (Scrapy fetches it anyway) with a short timeout: any
HTTP answer, an error status included, means the site is there. A refused
connection, an unresolvable host or silence ends the crawl at once instead of
minutes of retries. Setting ``WARTA_PREFLIGHT_TIMEOUT`` (seconds, default 10;
0 skips the probe).
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import threading
import urllib.error
import urllib.request
from urllib.parse import urlsplit

DEFAULT_TIMEOUT = 10.0


def unreachable(
    base_url: str, *, timeout: float = DEFAULT_TIMEOUT, user_agent: str = "warta"
) -> str | None:
    """Why ``base_url`` cannot be reached (one line), or ``None`` if it answers.

    The whole probe, name resolution included, ends within ``timeout`` seconds.
    """
    if timeout <= 0:
        return None
    outcome: list[str | None] = []
    probe = threading.Thread(
        target=lambda: outcome.append(_probe(base_url, timeout, user_agent)),
        name="warta-preflight",
        daemon=True,  # a resolver that hangs must not keep the process alive
    )
    probe.start()
    probe.join(timeout)
    if not outcome:
        return f"no answer within {timeout:g} s"
    return outcome[0]


def _probe(base_url: str, timeout: float, user_agent: str) -> str | None:
    if urlsplit(base_url).scheme not in ("http", "https"):
        return f"not an http(s) URL: {base_url!r}"
    request = urllib.request.Request(  # noqa: S310  http(s) only, checked above
        base_url.rstrip("/") + "/robots.txt", headers={"User-Agent": user_agent}
    )
    # like Scrapy, which does not verify certificates: only reachability counts
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context):  # noqa: S310
            return None
    except (urllib.error.HTTPError, http.client.HTTPException):
        return None  # an HTTP answer, even a bad one: the site is up
    except urllib.error.URLError as exc:
        return _describe(exc.reason)
    except (OSError, ValueError) as exc:
        return _describe(exc)


#: errnos that mean no connection could be made at all.
_NO_ROUTE = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH}


def _describe(reason: object) -> str | None:
    """Why nothing could be reached, or ``None`` for an error after connecting."""
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve the host ({reason.strerror or reason})"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "no answer (timed out)"
    if isinstance(reason, OSError) and reason.errno in _NO_ROUTE:
        return reason.strerror or str(reason)
    if isinstance(reason, ssl.SSLError | OSError):
        return None  # connected, then a reset or TLS trouble: Scrapy retries it
    return str(reason) or type(reason).__name__
