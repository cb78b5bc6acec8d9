"""Fixtures shared by the archive tests: each runs on SQLite and on PostgreSQL.

``backend`` is ``"sqlite"`` or ``"postgresql"`` (module scope, so a module's
shared archive is built once per backend); :func:`archive_location` gives a
fresh archive location on it. PostgreSQL tests skip, saying why, only when no
server is reachable (``deploy/services.sh`` starts one).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.pg_support import TestDatabase, unreachable_reason

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[TestDatabase]:
    """The run's own PostgreSQL database (created, then dropped)."""
    reason = unreachable_reason()
    if reason is not None:
        pytest.skip(reason + "start it with deploy/services.sh")
    database = TestDatabase()
    try:
        yield database
    finally:
        database.drop()


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
