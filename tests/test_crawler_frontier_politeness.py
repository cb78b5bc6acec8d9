"""Politeness holds across workers: the host's request rate, counted at the mirror.

The rate is requests over the run's own span at the server (first to last
request), so the check does not depend on how fast the machine is; only on the
shared limit (``WARTA_HOST_RATE``) holding whichever worker sends. The busiest
second is printed, not asserted: a slot is reserved before Scrapy's own
download queue, so a busy worker can send a few reserved requests together.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.frontier.politeness import host_interval_ms
from mirror import MirrorServer
from tests.frontier_helpers import frontier_url, start_worker, wait_all

pytestmark = [pytest.mark.e2e, pytest.mark.services]
__all__ = ["frontier_url"]  # the fixture

RATE = 8.0  # requests per second per host (a loopback crawl: 30+)
TOLERANCE = 0.10  # of the rate: the server sees requests a few ms off their slots


def server_rate(times: list[float]) -> float:
    """Requests per second between the first and the last request the server saw."""
    return (len(times) - 1) / (times[-1] - times[0])


def busiest_second(times: list[float]) -> int:
    """The most requests the server saw within any one second."""
    return max(
        sum(1 for later in times[i:] if later - start < 1.0)
        for i, start in enumerate(times)
    )


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_host_rate_holds_for_any_number_of_workers(
    tmp_path: Path, frontier_url: str, workers: int
) -> None:
    archive = tmp_path / "a.sqlite"
    with MirrorServer(articles=40) as server:
        procs = [
            start_worker(
                server.url, archive, frontier_url, "--idle-timeout", "1",
                "--set", f"WARTA_HOST_RATE={RATE}", log=tmp_path / f"w{i}.log",
            )
            for i in range(workers)
        ]  # fmt: skip
        codes = wait_all(procs)
        times = server.request_times()
        articles = len(server.ground_truth())
    assert codes == [0] * workers
    assert len(times) > articles  # every article and the listings
    rate, peak = server_rate(times), busiest_second(times)
    print(
        f"{workers} worker(s): {len(times)} requests, {rate:.2f}/s overall, "
        f"{peak} in the busiest second (limit {RATE}/s)"
    )
    # unlimited, even one worker sends over 25 requests a second to the mirror
    assert rate <= RATE * (1 + TOLERANCE)


def test_interval_comes_from_the_rate_or_the_delay() -> None:
    assert host_interval_ms(20.0, 1.0) == 50
    assert host_interval_ms(0.0, 1.5) == 1500
    assert host_interval_ms(0.0, 0.0) is None
