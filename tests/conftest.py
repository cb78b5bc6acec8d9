"""Fixtures shared by the archive tests: each runs on SQLite and on PostgreSQL.

``backend`` is ``"sqlite"`` or ``"postgresql"`` (module scope, so a module's
shared archive is built once per backend); :func:`archive_location` gives a
fresh archive location on it. PostgreSQL tests skip, saying why, only when no
server is reachable (``deploy/services.sh`` starts one), and fail instead when
``$WARTA_REQUIRE_SERVICES`` is 1 (``make test`` and ``.ci/run`` set it).
``redis_db`` is the run's own Redis db number (claimed in db 0, released at
the end), so two test runs at once never share a frontier. ``small_disk`` is
a 64 kB tmpfs, a real full disk.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest
import redis

from tests.disk_helpers import tmpfs
from tests.frontier_helpers import (
    REDIS_HOST,
    claim_redis_db,
    release_redis_db,
)
from tests.pg_support import TestDatabase, unreachable_reason

BACKENDS = ("sqlite", "postgresql")


def services_missing(reason: str) -> NoReturn:
    """Skip, saying why; or fail when the run requires the services."""
    if os.environ.get("WARTA_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (WARTA_REQUIRE_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[TestDatabase]:
    """The run's own PostgreSQL database (created, then dropped)."""
    reason = unreachable_reason()
    if reason is not None:
        services_missing(reason + "start it with deploy/services.sh")
    database = TestDatabase()
    try:
        yield database
    finally:
        database.drop()


@pytest.fixture(scope="session")
def redis_db() -> Iterator[int]:
    """The run's own Redis db number (1-15), claimed for the whole session."""
    client = redis.Redis.from_url(f"redis://{REDIS_HOST}/0")
    try:
        number, claim = claim_redis_db(client)
    except (redis.RedisError, RuntimeError) as exc:
        services_missing(
            f"needs Redis on {REDIS_HOST} (start it with deploy/services.sh): {exc}"
        )
    try:
        yield number
    finally:
        release_redis_db(client, claim)
        client.close()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The archive backend this test runs on."""
    return str(request.param)


@pytest.fixture(scope="module")
def new_location(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[], Path | str]:
    """Make fresh archive locations on ``backend``: a file in a new temporary
    directory, or a new schema in the run's PostgreSQL database."""
    if backend == "postgresql":
        database: TestDatabase = request.getfixturevalue("pg_database")
        return database.new_archive_url
    return lambda: tmp_path_factory.mktemp("archive") / "warta.sqlite"


@pytest.fixture
def location(new_location: Callable[[], Path | str]) -> Path | str:
    """A fresh archive location for one test."""
    return new_location()


def sqlite_only(backend: str, why: str) -> None:
    """Skip a test that checks something only SQLite has."""
    if backend != "sqlite":
        pytest.skip(f"SQLite only: {why}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 kB tmpfs: full after a few writes."""
    with tmpfs(tmp_path / "disk", "64k") as disk:
        yield disk
