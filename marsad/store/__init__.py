"""Stores: SQLite by default (a file path), PostgreSQL by URL (``postgresql://…``)."""

from __future__ import annotations

import os

from marsad.store.base import EventFilter, Store

DEFAULT_DB = "marsad.db"

__all__ = ["DEFAULT_DB", "EventFilter", "Store", "default_url", "open_store"]


def default_url() -> str:
    """``$MARSAD_DB`` when set, else ``marsad.db`` in the working directory."""
    return os.environ.get("MARSAD_DB") or DEFAULT_DB


def open_store(url: str | None = None) -> Store:
    """The store at ``url``: ``postgresql://`` URLs open PostgreSQL, anything else is a SQLite file."""
    url = url or default_url()
    if url.startswith(("postgresql://", "postgres://")):
        from marsad.store.postgres import PostgresStore

        return PostgresStore(url)
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///"):]
    from marsad.store.sqlite import SQLiteStore

    return SQLiteStore(url)
