"""A PostgreSQL database of its own for each test run (no tests here).

The server is ``$WARTA_TEST_POSTGRES`` (default
``postgresql://postgres@127.0.0.1:5432/test``, what ``deploy/services.sh``
starts). A run creates ``warta_test_<pid>_<random>`` and drops it at the end;
each archive in it is a schema of its own (``?options=-csearch_path%3D…``),
so a fresh archive costs a ``CREATE SCHEMA``, not a ``CREATE DATABASE``.
"""

from __future__ import annotations

import itertools
import os
import secrets
from urllib.parse import quote

import sqlalchemy as sa

SERVER_ENV = "WARTA_TEST_POSTGRES"
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


def server_url() -> str:
    """The URL of a database on the test server (for administration)."""
    return os.environ.get(SERVER_ENV, "").strip() or DEFAULT_SERVER


def _engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url).set(drivername="postgresql+psycopg")
    return sa.create_engine(
        parsed, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )


def unreachable_reason() -> str | None:
    """Why the test server cannot be used, or None when it can."""
    engine = _engine(server_url())
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.SQLAlchemyError as exc:  # any failure means: skip, saying why
        reason = " ".join(str(getattr(exc, "orig", exc)).split())
        return f"PostgreSQL not reachable at {server_url()} ({reason}); "
    finally:
        engine.dispose()
    return None


class TestDatabase:
    """The run's database: created on start, dropped by :meth:`drop`."""

    __test__ = False  # not a test class

    def __init__(self) -> None:
        self.name = f"warta_test_{os.getpid()}_{secrets.token_hex(4)}"
        self.admin = _engine(server_url())
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
        self.url = (
            sa.make_url(server_url())
            .set(database=self.name)
            .render_as_string(hide_password=False)
        )
        self.engine = _engine(self.url)
        self._numbers = itertools.count(1)

    def new_archive_url(self) -> str:
        """The URL of a new, empty schema in the run's database."""
        schema = f"archive_{next(self._numbers)}"
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        return f"{self.url}?options={quote(f'-csearch_path={schema}')}"

    def drop(self) -> None:
        """Drop the run's database (closing its connections)."""
        self.engine.dispose()
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.dispose()
