"""SQLite store: one file, no server. WAL mode, foreign keys on, schema versioned with ``PRAGMA user_version``.

Every write happens inside :meth:`SQLiteStore.transaction`; a crash or Ctrl-C mid-batch rolls back the open
transaction and leaves every committed document in place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.model import Document
from marsad.store.search import fts_query, query_terms, snippet
from marsad.store.sql import SchemaError, SQLStore, StoredDoc, split_statements, stored_doc

# Each entry migrates from version i to i+1. Never edit a shipped entry: append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE sources (
        source TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL REFERENCES sources(source) ON DELETE CASCADE,
        part INTEGER NOT NULL DEFAULT 0,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        published TEXT,
        outlet TEXT,
        url TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        annotations TEXT NOT NULL DEFAULT '{}',
        UNIQUE (source, part)
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE TABLE entities (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name_ar TEXT,
        name_en TEXT,
        wikidata TEXT,
        aliases TEXT NOT NULL DEFAULT '[]',
        attrs TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE mentions (
        doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_pos INTEGER NOT NULL,
        end_pos INTEGER NOT NULL,
        text TEXT NOT NULL,
        type TEXT NOT NULL,
        entity TEXT REFERENCES entities(id) ON DELETE SET NULL,
        role TEXT,
        origin TEXT,
        PRIMARY KEY (doc, start_pos, end_pos)
    );
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        name_ar TEXT,
        name_en TEXT,
        series TEXT,
        edition INTEGER,
        status TEXT NOT NULL,
        start_date TEXT,
        end_date TEXT,
        location TEXT,
        attrs TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX events_start ON events(start_date);
    CREATE TABLE event_participants (
        event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        entity TEXT NOT NULL,
        role TEXT,
        PRIMARY KEY (event, entity)
    );
    CREATE INDEX event_participants_entity ON event_participants(entity);
    CREATE TABLE event_sources (
        event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_pos INTEGER NOT NULL,
        end_pos INTEGER NOT NULL
    );
    CREATE INDEX event_sources_event ON event_sources(event);
    CREATE VIRTUAL TABLE doc_fts USING fts5(key, tokenize = 'unicode61 remove_diacritics 0');
    """,
    # 2: syndicated copies (marsad.syndication) and polled feeds (marsad.ingest.feeds)
    """
    CREATE TABLE copies (
        doc TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        grp TEXT NOT NULL
    );
    CREATE INDEX copies_grp ON copies(grp);
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        etag TEXT,
        modified TEXT,
        last_ok TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_at TEXT,
        last_error TEXT
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class SQLiteStore(SQLStore):
    """The default store: one file, no server. Queries shared with PostgreSQL live in :class:`SQLStore`; what is
    SQLite's own here is the schema, transactions and full-text search (FTS5)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as err:
            raise SchemaError(f"{self.path}: not a Marsad database ({err})") from None
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self._depth = 0
        self._migrate()

    # -- plumbing --------------------------------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SchemaError(f"{self.path}: schema version {version} is newer than this Marsad ({SCHEMA_VERSION})")
        for i in range(version, SCHEMA_VERSION):
            with self.transaction():
                for stmt in split_statements(MIGRATIONS[i]):
                    self.db.execute(stmt)
                self.db.execute(f"PRAGMA user_version = {i + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")
        finally:
            self._depth = 0

    def close(self) -> None:
        self.db.close()

    # -- documents -------------------------------------------------------------------------------------------------
    def replace_source(self, source: str, digest: str, docs: Sequence[Document | StoredDoc]) -> None:
        old = [r[0] for r in self.db.execute("SELECT rowid FROM documents WHERE source = ?", (source,))]
        for rowid in old:
            self.db.execute("DELETE FROM doc_fts WHERE rowid = ?", (rowid,))
        self.db.execute("DELETE FROM sources WHERE source = ?", (source,))
        self.db.execute(
            "INSERT INTO sources (source, content_hash, ingested_at) VALUES (?, ?, ?)",
            (source, digest, datetime.now(UTC).isoformat(timespec="seconds")),
        )
        for doc in map(stored_doc, docs):
            cur = self.db.execute(
                "INSERT INTO documents (id, source, part, title, text, published, outlet, url, meta, annotations)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.id, source, doc.part, doc.title, doc.text, doc.published, doc.outlet, doc.url, doc.meta,
                 doc.annotations),
            )
            self.db.execute("INSERT INTO doc_fts (rowid, key) VALUES (?, ?)", (cur.lastrowid, doc.key))

    # -- search ----------------------------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        terms = query_terms(query)
        if not terms:
            return []
        rows = self.db.execute(
            "SELECT d.id, d.title, d.text, d.published, d.outlet, d.source FROM doc_fts"
            " JOIN documents d ON d.rowid = doc_fts.rowid WHERE doc_fts MATCH ? ORDER BY bm25(doc_fts), d.rowid"
            " LIMIT ? OFFSET ?",
            (fts_query(terms), limit, offset),
        ).fetchall()
        return [
            {"id": r[0], "title": r[1], "published": r[3], "outlet": r[4], "source": r[5],
             "snippet": snippet(r[2], terms)}
            for r in rows
        ]

    # -- search (continued) ----------------------------------------------------------------------------------------
    def search_hits(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        terms = query_terms(query)
        if not terms:
            return []
        rows = self.db.execute(
            "SELECT d.id, d.title, d.text, d.published, d.outlet, d.source FROM"
            " (SELECT rowid, rank FROM doc_fts WHERE doc_fts MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?) AS hits"
            " JOIN documents d ON d.rowid = hits.rowid ORDER BY hits.rank, d.rowid",
            (fts_query(terms), limit, offset),
        ).fetchall()
        return [{"id": r[0], "title": r[1], "text": r[2], "published": r[3], "outlet": r[4], "source": r[5]}
                for r in rows]

