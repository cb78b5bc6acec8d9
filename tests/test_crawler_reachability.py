"""The reachability probe before a crawl (crawler/reachability.py), on real sockets."""

from __future__ import annotations

import socket

from crawler.reachability import unreachable
from mirror.server import MirrorServer


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_closed_port_is_unreachable() -> None:
    problem = unreachable(f"http://127.0.0.1:{closed_port()}", timeout=5)
    assert "refused" in str(problem).lower()


def test_an_unresolvable_host_is_unreachable() -> None:
    problem = unreachable("http://nosuch.invalid", timeout=5)
    assert problem is not None


def test_a_site_that_answers_is_reachable_even_with_an_error_status() -> None:
    with MirrorServer(articles=3, broken="listings") as mirror:
        assert unreachable(mirror.url, timeout=5) is None
        assert unreachable(mirror.url + "/nope", timeout=5) is None  # 404s too
        assert mirror.request_counts() == {"/robots.txt": 1, "/nope/robots.txt": 1}
