"""A throw-away PostgreSQL schema per test, for every test that runs Marsad on the real server.

``$MARSAD_TEST_PG`` names the server (default: the machine's own, database ``test``). Each schema is created fresh
and dropped at teardown, and the store reaches it through ``options=-csearch_path=…`` in its URL, exactly as a user
would point Marsad at a schema. When no server answers the test is skipped — unless ``$CI`` is set: there a missing
server is a failure, so CI never goes green by skipping the PostgreSQL half.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

PG_BASE = os.environ.get("MARSAD_TEST_PG", "postgresql://127.0.0.1:5432/test")
_available: bool | None = None


def pg_available() -> bool:
    global _available
    if _available is None:
        try:
            with psycopg.connect(PG_BASE, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            _available = True
        except psycopg.Error:
            _available = False
    return _available


def require_pg() -> None:
    """Skip (or, under CI, fail) the calling test when no PostgreSQL server answers."""
    if pg_available():
        return
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is not reachable at {PG_BASE} and CI is set")
    pytest.skip(f"PostgreSQL is not reachable at {PG_BASE}")


def schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_BASE else "?"
    return f"{PG_BASE}{sep}options=-csearch_path%3D{schema}"


@contextmanager
def fresh_schema() -> Iterator[str]:
    """The URL of a new, empty schema; dropped (with whatever still uses it cut off) afterwards."""
    require_pg()
    name = f"marsad_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield schema_url(name)
    finally:
        with psycopg.connect(PG_BASE, autocommit=True) as conn:
            conn.execute("SET lock_timeout = '10s'")
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def terminate_backend(pid: int) -> bool:
    """Drop one server connection from the outside, as a server restart or a network cut would."""
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        return bool(conn.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0])
