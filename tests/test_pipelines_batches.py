"""Batch (pipelines/batches.py): items written together, each caller told its outcome."""

from __future__ import annotations

import asyncio

import pytest

from pipelines.batches import Batch, Outcome


def test_a_full_batch_is_written_at_once_and_each_caller_gets_its_outcome() -> None:
    written: list[list[str]] = []

    def write(items: list[str]) -> list[Outcome]:
        written.append(items)
        return [ValueError(item) if item == "bad" else None for item in items]

    async def two() -> tuple[object, object]:
        batch = Batch(write, size=2, seconds=60)
        good, bad = batch.add("good"), batch.add("bad")
        results = await asyncio.gather(good, bad, return_exceptions=True)
        return results[0], results[1]

    good, bad = asyncio.run(two())
    assert written == [["good", "bad"]]
    assert good == "good"
    assert isinstance(bad, ValueError)


def test_a_lone_item_is_written_when_its_time_is_up() -> None:
    written: list[list[int]] = []

    def write(items: list[int]) -> list[Outcome]:
        written.append(items)
        return [None] * len(items)

    async def one() -> int:
        batch = Batch(write, size=10, seconds=0.01)
        done = batch.add(1)
        assert (len(batch), written) == (1, [])
        return await done

    assert asyncio.run(one()) == 1
    assert written == [[1]]


def test_adding_needs_a_running_event_loop() -> None:
    batch = Batch(lambda items: [None] * len(items), size=1, seconds=0)
    with pytest.raises(RuntimeError):
        batch.add("x")
