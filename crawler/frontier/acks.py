"""When a popped request is handled, so that its in-flight entry can go.

A request is handled when its callback's (or errback's) output has all been
taken and every item of it has left the item pipelines (stored, dropped or
failed) and every request of it is in the queue (or filtered). Until then a
``kill -9`` leaves it in the worker's processing hash, and another worker
fetches it again: the archive's upserts make that harmless.

A redirect or retry re-queues the request itself: that hands it off. When the
engine is idle nothing can still be pending, so :meth:`AckTracker.settle`
acknowledges whatever is left (a path this tracker did not see).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)


@dataclass
class _InFlight:
    errback: Callable[..., Any] | None
    pending: int = 0
    output_started: bool = False
    output_done: bool = False


class AckTracker:
    """Counts what each in-flight request produced until all of it is durable."""

    def __init__(self, ack: Callable[[str], None]) -> None:
        self._ack = ack
        self._flights: dict[str, _InFlight] = {}
        self._owners: dict[int, tuple[object, str]] = {}

    def __len__(self) -> int:
        return len(self._flights)

    def begin(self, in_flight: str, errback: Callable[..., Any] | None) -> None:
        """A request was popped; ``errback`` is its own (before wrapping)."""
        self._flights[in_flight] = _InFlight(errback)

    def errback_of(self, in_flight: str) -> Callable[..., Any] | None:
        """The request's own errback."""
        flight = self._flights.get(in_flight)
        return None if flight is None else flight.errback

    def start_output(self, in_flight: str) -> None:
        """The callback or errback began producing output."""
        if in_flight in self._flights:
            self._flights[in_flight].output_started = True

    def track(self, produced: object, in_flight: str) -> None:
        """An item or request came out of the callback: pending until resolved."""
        flight = self._flights.get(in_flight)
        if flight is None or id(produced) in self._owners:
            return
        self._owners[id(produced)] = (produced, in_flight)
        flight.pending += 1

    def resolve(self, produced: object) -> None:
        """An item left the pipelines, or a request was queued or filtered."""
        owner = self._owners.pop(id(produced), None)
        if owner is None or owner[0] is not produced:
            return
        flight = self._flights.get(owner[1])
        if flight is not None:
            flight.pending -= 1
            self._maybe_ack(owner[1])

    def end_output(self, in_flight: str) -> None:
        """The output is all taken (or the callback raised)."""
        if in_flight in self._flights:
            self._flights[in_flight].output_done = True
            self._maybe_ack(in_flight)

    def hand_off(self, in_flight: str) -> None:
        """The request itself went back to the queue (a redirect or retry)."""
        flight = self._flights.get(in_flight)
        if flight is not None and not flight.output_started:
            flight.output_done = True
            self._maybe_ack(in_flight)

    def settle(self) -> int:
        """The engine is idle: acknowledge everything left; how many."""
        left = list(self._flights)
        for in_flight in left:
            del self._flights[in_flight]
            self._ack(in_flight)
        self._owners.clear()
        if left:
            logger.debug("frontier: settled %d requests at idle", len(left))
        return len(left)

    def _maybe_ack(self, in_flight: str) -> None:
        flight = self._flights[in_flight]
        if flight.output_done and flight.pending <= 0:
            del self._flights[in_flight]
            self._ack(in_flight)
