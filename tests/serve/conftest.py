"""Fixtures for the API and page tests: one database built from the bundled seeds per session, and writable copies."""

from __future__ import annotations

import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.store import open_store

from .knowledge import build_database

with warnings.catch_warnings():
    # Starlette 1.x suggests a successor of httpx for its TestClient; httpx is what FastAPI documents for it
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from marsad.serve.app import create_app  # noqa: E402

TOKEN = "test-token-0123456789abcdef"


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed pages ingested through the real pipeline, plus entities and events built over them."""
    path = tmp_path_factory.mktemp("serve") / "seeds.db"
    store = open_store(str(path))
    build_database(store)
    store.close()
    return path


@pytest.fixture(scope="session")
def client(seeds_db: Path) -> Iterator[TestClient]:
    """A read-only server (no token) over the seeds database."""
    with TestClient(create_app(str(seeds_db))) as c:
        yield c


@pytest.fixture
def writable_db(seeds_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeds database for tests that write (SQLite's backup API: a consistent copy)."""
    target = tmp_path / "copy.db"
    src, dst = sqlite3.connect(seeds_db), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture
def writer(writable_db: Path) -> Iterator[TestClient]:
    """A server with a token over a private copy: POST /api/documents is enabled."""
    with TestClient(create_app(str(writable_db), token=TOKEN)) as c:
        yield c
