"""The mirror's HTTP server: 127.0.0.1 only, threaded, with counts, growth and faults."""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import socket
import struct
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

from mirror import render
from mirror.content import MirrorArticle, Site
from mirror.faults import BROKEN_MODES, FaultPlan, broken_answer
from mirror.portals import Portal, Published, build_portal
from mirror.portals.beritajakarta import BeritaJakarta
from mirror.routes import Route

logger = logging.getLogger(__name__)

HTML = "text/html; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"
DEFAULT_FAULT_DELAY = 3.0


class MirrorError(Exception):
    """The mirror could not start (bad arguments, port in use); the message says why."""


class MirrorServer:
    """A running offline mirror of a news portal (starts on construction).

    ``portal`` is ``beritajakarta`` (m.beritajakarta.id), ``wordpress`` (Kota
    Contoh) or ``jabar`` (Portal Jabar); see :mod:`mirror.portals`.

    Use as a context manager or call :meth:`close`. ``faults=True`` makes a fixed
    20 % of article and listing URLs fail once (see :meth:`fault_plan`), the
    ``timeout`` kind by waiting ``fault_delay`` seconds before answering.
    ``count_views=True`` adds one view to an article after each page served.
    ``broken="listings"`` or ``"articles"`` breaks that kind of page on every
    request (see :func:`mirror.faults.broken_answer`).
    """

    def __init__(
        self,
        articles: int = 150,
        *,
        port: int = 0,
        seed: int = 0,
        faults: bool = False,
        count_views: bool = False,
        fault_delay: float = DEFAULT_FAULT_DELAY,
        english_every: int = 5,
        portal: str = "beritajakarta",
        broken: str | None = None,
    ) -> None:
        """Build the site and start serving on ``127.0.0.1:port`` (0 = any free port)."""
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, got {port}")
        if fault_delay < 0:
            raise ValueError(f"fault_delay must not be negative, got {fault_delay}")
        if broken is not None and broken not in BROKEN_MODES:
            raise ValueError(f"broken must be one of {BROKEN_MODES}, got {broken!r}")
        self.broken = broken
        options = {"english_every": english_every} if portal == "beritajakarta" else {}
        self.portal: Portal = build_portal(portal, articles, seed=seed, **options)
        self.count_views = count_views
        self.fault_delay = fault_delay
        self._lock = threading.RLock()
        self._counts: Counter[str] = Counter()
        self._times: list[float] = []  # time.monotonic() of each counted request
        self._cache: dict[str, tuple[int, bytes]] = {}
        self._cache_version = -1
        self._faults = FaultPlan(seed) if faults else None
        if self._faults is not None:
            self._faults.add(self.portal.fault_candidates())
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.mirror = self
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},  # close() returns quickly
            name="warta-mirror",
            daemon=True,
        )
        self._thread.start()

    # -- public API -----------------------------------------------------------
    def __enter__(self) -> Self:
        """Return the running server."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stop serving."""
        self.close()

    def close(self) -> None:
        """Stop serving and drop open connections (idempotent)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)

    @property
    def site(self) -> Site:
        """The Berita Jakarta site (only when serving that portal)."""
        if not isinstance(self.portal, BeritaJakarta):
            raise AttributeError(  # noqa: TRY004 (a missing attribute, not a bad type)
                f"the {self.portal.name} portal has no Berita Jakarta site"
            )
        return self.portal.site

    def ground_truth(self) -> list[dict[str, Any]]:
        """Expected extraction of every article, with the current view counts."""
        with self._lock:
            return self.portal.ground_truth()

    def non_article_paths(self) -> list[str]:
        """Paths of the portal's pages that are not articles (home, listings …)."""
        with self._lock:
            return self.portal.non_article_paths()

    def request_counts(self) -> dict[str, int]:
        """``{raw request path: count}`` for every request except ``/__mirror__/``."""
        with self._lock:
            return dict(self._counts)

    def request_times(self) -> list[float]:
        """``time.monotonic()`` of every counted request, in arrival order."""
        with self._lock:
            return list(self._times)

    def reset_counts(self) -> None:
        """Forget the request counts (and their times)."""
        with self._lock:
            self._counts.clear()
            self._times.clear()

    def grow(self, count: int) -> list[Published]:
        """Publish ``count`` new articles (newest) while serving."""
        with self._lock:
            added = self.portal.grow(count)
            if self._faults is not None:
                self._faults.add(self.portal.fault_candidates())
            return added

    def fault_plan(self) -> dict[str, str]:
        """``{path: kind}`` of the URLs that fail on their first request (empty if off)."""
        return self._faults.plan() if self._faults is not None else {}

    # -- used by the handler ----------------------------------------------------
    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def _count(self, raw_path: str) -> None:
        with self._lock:
            self._counts[raw_path] += 1
            self._times.append(time.monotonic())

    def _take_fault(self, route: Route) -> str | None:
        if self._faults is None or route.kind not in ("article", "listing"):
            return None
        return self._faults.take(route.key)

    def _page(self, route: Route) -> tuple[int, bytes]:
        """Status and body for a site page (rendered once per site version)."""
        with self._lock:
            if self._cache_version != self.portal.version:
                self._cache.clear()
                self._cache_version = self.portal.version
            cached = self._cache.get(route.key) if route.key else None
            if cached is None:
                text = self.portal.render(route, self.url)
                if text is None:
                    cached = (404, self.portal.render_not_found(self.url).encode())
                else:
                    cached = (200, text.encode())
                if route.key:
                    self._cache[route.key] = cached
            return cached

    def _viewed(self, article: MirrorArticle) -> None:
        if self.count_views:
            with self._lock:
                self.site.count_view(article)

    def _admin(self, method: str, raw_path: str) -> tuple[int, Any]:
        parts = urlsplit(raw_path)
        name = parts.path.removeprefix("/__mirror__/")
        gets = {
            "ground-truth.json": self.ground_truth,
            "requests.json": self.request_counts,
            "fault-plan.json": self.fault_plan,
            "non-article-paths.json": self.non_article_paths,
        }
        if name in gets:
            return (
                (200, gets[name]()) if method == "GET" else (405, {"error": "use GET"})
            )
        if name == "grow":
            if method != "POST":
                return 405, {"error": "use POST"}
            value = parse_qs(parts.query).get("n", ["1"])[0]
            if not value.isascii() or not value.isdigit():
                return 400, {
                    "error": f"n must be a non-negative integer, got {value!r}"
                }
            added = self.grow(int(value))
            return 200, {
                "articles": self.portal.article_count(),
                "added": [a.path for a in added],
            }
        if name == "reset-counts":
            if method != "POST":
                return 405, {"error": "use POST"}
            self.reset_counts()
            return 200, {"ok": True}
        return 404, {"error": f"no admin endpoint {parts.path}"}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 drops SYNs when a crawler opens 16 at once
    mirror: MirrorServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("mirror: connection error from %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Apache"
    sys_version = ""
    timeout = 30  # idle keep-alive connections end on their own
    server: _Server

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle plus
        # delayed ACKs add ~40 ms to every keep-alive response
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.mirror._track(self.connection, add=True)

    def finish(self) -> None:
        self.server.mirror._track(self.connection, add=False)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("mirror: " + format, *args)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._serve("POST")

    def _serve(self, method: str) -> None:
        mirror = self.server.mirror
        with mirror._lock:
            route = mirror.portal.resolve(self.path)
        if route.kind == "admin":
            status, payload = mirror._admin(method, self.path)
            body = json.dumps(payload, ensure_ascii=False, indent=1).encode()
            self._send(status, body, JSON)
            return
        mirror._count(self.path)
        if method == "POST":
            self._send(405, b"Method Not Allowed\n", TEXT, {"Allow": "GET, HEAD"})
            return
        if route.kind == "robots":
            self._send(200, render.ROBOTS_TXT.encode(), TEXT)
            return
        broken = broken_answer(mirror.broken, route.kind)
        if broken is not None:
            self._send(*broken, HTML, head_only=method == "HEAD")
            return
        fault = mirror._take_fault(route) if method == "GET" else None
        if fault is not None and self._fault(fault, route):
            return
        status, body = mirror._page(route)
        media = mirror.portal.media_type(route) if status == 200 else HTML
        self._send(status, body, media, head_only=method == "HEAD")
        if status == 200 and method == "GET" and route.article is not None:
            mirror._viewed(route.article)

    def _fault(self, kind: str, route: Route) -> bool:
        """Inject ``kind``; True when the request is finished (nothing else to send)."""
        mirror = self.server.mirror
        if kind in ("http_500", "http_503", "http_429"):
            status = int(kind.removeprefix("http_"))
            extra = {"Retry-After": "1"} if status == 429 else {}
            body = f"<html><body><h1>{status}</h1></body></html>\n".encode()
            self._send(status, body, HTML, extra)
            return True
        if kind == "timeout":
            mirror._stopping.wait(mirror.fault_delay)
            return mirror._stopping.is_set()
        if kind == "reset":
            linger = struct.pack("ii", 1, 0)  # close with RST, not FIN
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.close_connection = True
            self.connection.close()
            return True
        # truncated: promise the whole page, send half of it, close
        _, body = mirror._page(route)
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True
        return True

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        extra: dict[str, str] | None = None,
        *,
        head_only: bool = False,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if not head_only:
                self.wfile.write(body)
        except OSError:
            self.close_connection = True


def run_mirror(
    port: int = 8000,
    articles: int = 150,
    *,
    faults: bool = False,
    seed: int = 0,
    count_views: bool = False,
    fault_delay: float = DEFAULT_FAULT_DELAY,
    portal: str = "beritajakarta",
) -> None:
    """Serve the mirror in the foreground until Ctrl-C or SIGTERM.

    Prints one line with the URL (flushed). Raises :class:`MirrorError` with a
    readable message for bad arguments or a port that cannot be bound.
    """
    try:
        server = MirrorServer(
            articles,
            port=port,
            seed=seed,
            faults=faults,
            count_views=count_views,
            fault_delay=fault_delay,
            portal=portal,
        )
    except ValueError as exc:
        raise MirrorError(str(exc)) from exc
    except OSError as exc:
        raise MirrorError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}"
        ) from exc
    stop = threading.Event()

    def _on_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    # SIGINT too is handled, not left to KeyboardInterrupt: a mirror started
    # in the background by a non-interactive shell inherits SIGINT ignored.
    stopping = (signal.SIGTERM, signal.SIGINT)
    in_main = threading.current_thread() is threading.main_thread()
    previous = (
        {sig: signal.signal(sig, _on_stop) for sig in stopping} if in_main else {}
    )
    with server:
        total = server.portal.article_count()
        print(
            f"Mirror of {server.portal.host} serving {total} articles at {server.url}",
            flush=True,
        )
        try:
            while not stop.wait(0.5):
                pass
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler or signal.SIG_DFL)
