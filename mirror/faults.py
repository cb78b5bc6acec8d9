"""Which mirror URLs fail on their first request, and how (deterministic)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable

FAULT_KINDS = ("http_500", "http_503", "http_429", "timeout", "reset", "truncated")
FAULT_EVERY = 5  # one candidate URL in five fails once: 20 %

#: ``MirrorServer(broken=…)``: a whole kind of page broken on every request.
BROKEN_MODES = ("listings", "articles")
_REDESIGNED = b"<!DOCTYPE html><html><body><main><p>Situs baru</p></main></body></html>"


def broken_answer(mode: str | None, route_kind: str) -> tuple[int, bytes] | None:
    """``(status, body)`` replacing a page under a ``broken`` mode, else ``None``.

    ``listings``: every listing page answers 404. ``articles``: every article
    page answers 200 with a redesigned page that holds no article.
    """
    if mode == "listings" and route_kind == "listing":
        return 404, b"<html><body><h1>404 Not Found</h1></body></html>"
    if mode == "articles" and route_kind == "article":
        return 200, _REDESIGNED
    return None


class FaultPlan:
    """A fixed choice of failing paths, each failing on its first request only.

    Candidates are ordered by a seeded hash; every ``FAULT_EVERY``-th one is chosen
    and the kinds are dealt round-robin, so the share and the spread are exact.
    Paths added later (after ``grow``) continue the same count.
    """

    def __init__(self, seed: int = 0) -> None:
        """Start an empty plan for ``seed``."""
        self._seed = seed
        self._plan: dict[str, str] = {}
        self._known: set[str] = set()
        self._fired: set[str] = set()
        self._considered = 0
        self._lock = threading.Lock()

    def add(self, paths: Iterable[str]) -> None:
        """Consider new candidate paths (already known ones are ignored)."""
        with self._lock:
            fresh = sorted(
                {p for p in paths if p not in self._known},
                key=lambda p: hashlib.sha256(f"{self._seed}:{p}".encode()).hexdigest(),
            )
            for path in fresh:
                self._known.add(path)
                if self._considered % FAULT_EVERY == 0:
                    chosen = len(self._plan)
                    self._plan[path] = FAULT_KINDS[chosen % len(FAULT_KINDS)]
                self._considered += 1

    def take(self, path: str) -> str | None:
        """The fault to inject for this request of ``path``, once; then ``None``."""
        with self._lock:
            kind = self._plan.get(path)
            if kind is None or path in self._fired:
                return None
            self._fired.add(path)
            return kind

    def plan(self) -> dict[str, str]:
        """``{path: kind}`` for every chosen path (fired or not)."""
        with self._lock:
            return dict(self._plan)
