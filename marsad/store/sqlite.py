"""SQLite store: one file, no server. WAL mode, foreign keys on, schema versioned with ``PRAGMA user_version``.

Every write happens inside :meth:`SQLiteStore.transaction`; a crash or Ctrl-C mid-batch rolls back the open
transaction and leaves every committed document in place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from marsad.model import Document, Entity
from marsad.store.base import EventFilter
from marsad.store.search import fts_query, query_terms, snippet
from marsad.store.sql import SchemaError, SQLStore, StoredDoc, event_where, stored_doc

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
    """The default store: one file, no server. Queries shared with PostgreSQL live in :class:`SQLStore`."""

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
                for stmt in _statements(MIGRATIONS[i]):
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

    # -- queries for the API and the page ---------------------------------------------------------------------------
    @staticmethod
    def _event_where(flt: EventFilter | None) -> tuple[str, list[Any]]:
        """``WHERE`` clause (or "") and arguments selecting the events of ``flt``, as :meth:`events` selects them."""
        where, args = event_where(flt or EventFilter())
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, args = self._event_where(flt)
        return self.db.execute("SELECT count(*) FROM events" + where, args).fetchone()[0]

    def entities_by_id(self, ids: Iterable[str]) -> dict[str, Entity]:
        wanted = sorted({i for i in ids if i})
        found: dict[str, Entity] = {}
        for i in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
            chunk = wanted[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT id, type, name_ar, name_en, wikidata, aliases, attrs FROM entities"
                f" WHERE id IN ({marks})", chunk
            ).fetchall()
            found.update((r[0], self._entity(r)) for r in rows)
        return found

    @staticmethod
    def _entity_where(type: str | None, text: str | None) -> tuple[str, list[Any]]:
        where: list[str] = []
        args: list[Any] = []
        if type:
            where.append("type = ?")
            args.append(type)
        if text:
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(name_ar LIKE ? ESCAPE '\\' OR name_en LIKE ? ESCAPE '\\' OR aliases LIKE ? ESCAPE '\\')")
            args += [like, like, like]
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def find_entities(self, type: str | None = None, text: str | None = None, limit: int = 50,
                      offset: int = 0) -> list[tuple[Entity, int]]:
        where, args = self._entity_where(type, text)
        rows = self.db.execute(
            "SELECT id, type, name_ar, name_en, wikidata, aliases, attrs,"
            " (SELECT count(*) FROM mentions m WHERE m.entity = entities.id) AS n"
            f" FROM entities{where} ORDER BY n DESC, id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        ).fetchall()
        return [(self._entity(r[:7]), r[7]) for r in rows]

    def count_entities(self, type: str | None = None, text: str | None = None) -> int:
        where, args = self._entity_where(type, text)
        return self.db.execute("SELECT count(*) FROM entities" + where, args).fetchone()[0]

    def mention_variants(self, entity_id: str) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT text, count(*) AS n FROM mentions WHERE entity = ? GROUP BY text ORDER BY n DESC, text",
            (entity_id,),
        )
        return [(r[0], r[1]) for r in rows.fetchall()]

    def entity_roles(self, entity_id: str) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT m.role, MIN(d.published), MAX(d.published), count(*) FROM mentions m"
            " JOIN documents d ON d.id = m.doc WHERE m.entity = ? AND m.role IS NOT NULL AND m.role <> ''"
            " GROUP BY m.role ORDER BY MIN(d.published) IS NULL, MIN(d.published), m.role",
            (entity_id,),
        )
        return [{"role": r[0], "first": r[1], "last": r[2], "count": r[3]} for r in rows.fetchall()]

    def co_participants(self, entity_id: str, limit: int = 20) -> list[tuple[str, int]]:
        rows = self.db.execute(
            "SELECT b.entity, count(DISTINCT a.event) AS n FROM event_participants a"
            " JOIN event_participants b ON b.event = a.event AND b.entity <> a.entity"
            " WHERE a.entity = ? GROUP BY b.entity ORDER BY n DESC, b.entity LIMIT ?",
            (entity_id, limit),
        )
        return [(r[0], r[1]) for r in rows.fetchall()]

    def actor_network(self, flt: EventFilter | None = None,
                      max_edges: int = 500) -> tuple[list[tuple[str, int]], list[tuple[str, str, int]]]:
        # (event, entity) is event_participants' primary key, so count(*) counts distinct events (and is cheaper)
        where, args = self._event_where(flt)
        within = f" WHERE a.event IN (SELECT id FROM events{where})" if where else ""
        nodes = self.db.execute(
            f"SELECT a.entity, count(*) AS n FROM event_participants a{within}"
            " GROUP BY a.entity ORDER BY n DESC, a.entity",
            args,
        ).fetchall()
        edges = self.db.execute(
            "SELECT a.entity, b.entity, count(*) AS n FROM event_participants a"
            f" JOIN event_participants b ON b.event = a.event AND a.entity < b.entity{within}"
            " GROUP BY a.entity, b.entity ORDER BY n DESC, a.entity, b.entity LIMIT ?",
            [*args, max_edges],
        ).fetchall()
        return [(r[0], r[1]) for r in nodes], [(r[0], r[1], r[2]) for r in edges]

    def place_counts(self, flt: EventFilter | None = None) -> list[tuple[str, int]]:
        where, args = self._event_where(flt)
        where = (where + " AND" if where else " WHERE") + " location IS NOT NULL"
        rows = self.db.execute(
            f"SELECT location, count(*) AS n FROM events{where} GROUP BY location ORDER BY n DESC, location", args
        )
        return [(r[0], r[1]) for r in rows.fetchall()]

    def events_citing(self, doc_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT event FROM event_sources WHERE doc = ? GROUP BY event ORDER BY MIN(start_pos), event", (doc_id,)
        )
        return [r[0] for r in rows.fetchall()]

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


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our DDL literals)."""
    return [s.strip() for s in script.split(";") if s.strip()]
