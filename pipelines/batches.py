"""Batches of items that wait together for one write (the storage pipeline's).

:meth:`Batch.add` gives an item a future that its caller awaits; the batch is
written, by the ``write`` callback given, when it holds ``size`` items or
``seconds`` after its first item came, whichever is first. ``write`` returns
each item's outcome (None: done; an exception: raised to its caller).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

#: What a write returns per item: None (done) or the exception to raise.
Outcome = BaseException | None


class Batch(Generic[T]):
    """Items waiting to be written together, each with the future its caller awaits."""

    def __init__(
        self,
        write: Callable[[list[T]], list[Outcome]],
        *,
        size: int,
        seconds: float,
    ) -> None:
        self.write = write
        self.size = max(1, size)
        self.seconds = seconds
        self.pending: list[tuple[T, asyncio.Future[T]]] = []
        self._timer: asyncio.TimerHandle | None = None

    def add(self, item: T) -> asyncio.Future[T]:
        """Queue ``item``; the future ends with it once its batch is written."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self.pending.append((item, done))
        if len(self.pending) >= self.size:
            self.flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.seconds, self.flush)
        return done

    def flush(self) -> None:
        """Write the pending items now; settle their futures."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self.pending = self.pending, []
        if not batch:
            return
        outcomes = self.write([item for item, _ in batch])
        for (item, done), outcome in zip(batch, outcomes, strict=True):
            if done.done():  # its caller is gone (the engine stopped)
                continue
            if outcome is None:
                done.set_result(item)
            else:
                done.set_exception(outcome)

    def __len__(self) -> int:
        return len(self.pending)
