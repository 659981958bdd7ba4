"""PostgreSQL store: the same tables as SQLite on a shared server, for a team or a Dask cluster writing together.

Chosen by URL (``postgresql://user@host/db``, via ``--db`` or ``$MARSAD_DB``). Marsad creates and migrates the
schema itself: ``marsad_schema`` holds the version and :data:`MIGRATIONS` is applied in order, under an advisory lock
so two clients starting together do not both migrate. Every text column uses the "C" collation, so sorting and
comparing (ids, ISO dates) is by code point exactly as in SQLite.

Queries shared with SQLite live in :class:`marsad.store.sql.SQLStore` and reach psycopg through :class:`PgDB`, which
translates SQLite's dialect. What is PostgreSQL's own here:

- **search**: each document keeps ``search_key`` (:func:`marsad.text.normalise.search_key` of its text) and a
  ``tsvector`` of the same tokens SQLite's FTS5 ``unicode61`` tokenizer makes of that key, under a GIN index.
  Ranking recomputes FTS5's BM25 (k1 = 1.2, b = 0.75, same IDF floor, same order of operations) from the token
  positions, so both backends return the same documents in the same order for the same data. (PostgreSQL keeps at
  most 256 positions per word and none past 16,383: term frequencies in articles longer than that can differ.)
- **transactions**: the outermost :meth:`PostgresStore.transaction` is a real transaction; nested ones are
  savepoints, so an error caught inside leaves the outer transaction usable (PostgreSQL aborts a whole transaction
  on any error otherwise).
- **broken connections**: a connection the server dropped (restart, ``pg_terminate_backend``) is replaced at the
  next transaction or query; the work of the transaction that was open is lost, never anything committed.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg

from marsad.model import Document, Entity, Event, Mention
from marsad.store.search import query_terms, snippet
from marsad.store.sql import SchemaError, SQLStore, StoredDoc, postgres_sql, split_statements, stored_doc

_T = 'TEXT COLLATE "C"'

# Each entry migrates from version i to i+1. Never edit a shipped entry: append a new one. Mirrors the SQLite list;
# ``seq`` columns stand for SQLite's rowid (insertion order), the ``search_*`` columns for its FTS5 table.
MIGRATIONS: list[str] = [
    f"""
    CREATE TABLE sources (
        source {_T} PRIMARY KEY,
        content_hash {_T} NOT NULL,
        ingested_at {_T} NOT NULL
    );
    CREATE TABLE documents (
        seq BIGSERIAL NOT NULL UNIQUE,
        id {_T} PRIMARY KEY,
        source {_T} NOT NULL REFERENCES sources(source) ON DELETE CASCADE,
        part INTEGER NOT NULL DEFAULT 0,
        title {_T} NOT NULL DEFAULT '',
        text {_T} NOT NULL,
        published {_T},
        outlet {_T},
        url {_T},
        meta {_T} NOT NULL DEFAULT '{{}}',
        annotations {_T} NOT NULL DEFAULT '{{}}',
        search_key {_T} NOT NULL DEFAULT '',
        search_tokens INTEGER NOT NULL DEFAULT 0,
        search_tsv TSVECTOR NOT NULL DEFAULT ''::tsvector,
        UNIQUE (source, part)
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_search ON documents USING GIN (search_tsv);
    CREATE TABLE entities (
        seq BIGSERIAL NOT NULL,
        id {_T} PRIMARY KEY,
        type {_T} NOT NULL,
        name_ar {_T},
        name_en {_T},
        wikidata {_T},
        aliases {_T} NOT NULL DEFAULT '[]',
        attrs {_T} NOT NULL DEFAULT '{{}}'
    );
    CREATE TABLE mentions (
        seq BIGSERIAL NOT NULL,
        doc {_T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_pos INTEGER NOT NULL,
        end_pos INTEGER NOT NULL,
        text {_T} NOT NULL,
        type {_T} NOT NULL,
        entity {_T} REFERENCES entities(id) ON DELETE SET NULL,
        role {_T},
        origin {_T},
        PRIMARY KEY (doc, start_pos, end_pos)
    );
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE events (
        seq BIGSERIAL NOT NULL,
        id {_T} PRIMARY KEY,
        type {_T} NOT NULL,
        name_ar {_T},
        name_en {_T},
        series {_T},
        edition INTEGER,
        status {_T} NOT NULL,
        start_date {_T},
        end_date {_T},
        location {_T},
        attrs {_T} NOT NULL DEFAULT '{{}}'
    );
    CREATE INDEX events_start ON events(start_date);
    CREATE TABLE event_participants (
        seq BIGSERIAL NOT NULL,
        event {_T} NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        entity {_T} NOT NULL,
        role {_T},
        PRIMARY KEY (event, entity)
    );
    CREATE INDEX event_participants_entity ON event_participants(entity);
    CREATE TABLE event_sources (
        seq BIGSERIAL PRIMARY KEY,
        event {_T} NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        doc {_T} NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start_pos INTEGER NOT NULL,
        end_pos INTEGER NOT NULL
    );
    CREATE INDEX event_sources_event ON event_sources(event);
    CREATE INDEX event_sources_doc ON event_sources(doc);
    """,
    # 2: syndicated copies (marsad.syndication) and polled feeds (marsad.ingest.feeds)
    f"""
    CREATE TABLE copies (
        doc {_T} PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        grp {_T} NOT NULL
    );
    CREATE INDEX copies_grp ON copies(grp);
    CREATE TABLE feeds (
        url {_T} PRIMARY KEY,
        etag {_T},
        modified {_T},
        last_ok {_T},
        failures INTEGER NOT NULL DEFAULT 0,
        next_at {_T},
        last_error {_T}
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
# advisory lock keys: migrations (one bigint), then (class, object) pairs for sources and corpus-wide results
_LOCK_KEY = 0x6D61727361640001
_LOCK_SOURCE = 0x6D617273  # "mars"
_LOCK_KNOWLEDGE = 0x6D617274

# -- search: FTS5's tokens and BM25, reproduced --------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W_]+")  # unicode61 splits search-key words on "_" too; keys hold no other separator
_MAX_POSITION = 16383  # PostgreSQL's limit for a tsvector position
_MAX_POSITIONS = 256  # …and for how many it keeps per lexeme
_MAX_LEXEME_BYTES = 2046
BM25_K1 = 1.2
BM25_B = 0.75


def fts_tokens(key: str) -> list[str]:
    """The tokens SQLite's FTS5 (``unicode61``) makes of a search key: alphanumeric runs, case-folded."""
    return [t.lower() for t in _TOKEN.findall(key)]


def tsvector_literal(tokens: Sequence[str]) -> str:
    """A ``tsvector`` input string holding ``tokens`` with their (1-based) positions, within PostgreSQL's limits."""
    positions: dict[str, list[int]] = defaultdict(list)
    for i, tok in enumerate(tokens, 1):
        pos = positions[tok]
        if len(pos) < _MAX_POSITIONS and (not pos or pos[-1] < _MAX_POSITION):
            pos.append(min(i, _MAX_POSITION))
    return " ".join(
        f"'{tok}':{','.join(map(str, pos))}" for tok, pos in positions.items()
        if len(tok.encode("utf-8")) <= _MAX_LEXEME_BYTES
    )


def _tsquery(phrase: list[str]) -> str:
    return " <-> ".join(f"'{t}'" for t in phrase)


def bm25(freqs: Sequence[float], idfs: Sequence[float], doc_tokens: int, avgdl: float) -> float:
    """FTS5's ``bm25()`` (negative: lower is better), term by term in the same order and with the same operations."""
    score = 0.0
    for f, idf in zip(freqs, idfs, strict=True):
        score += idf * ((f * (BM25_K1 + 1.0)) / (f + BM25_K1 * (1 - BM25_B + BM25_B * doc_tokens / avgdl)))
    return -1.0 * score


def _clean(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL: swap it for U+FFFD, one character for one, so stored offsets stay valid."""
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


class PgDB:
    """``sqlite3.Connection``-like access to the store's psycopg connection, in :class:`SQLStore`'s SQLite dialect."""

    def __init__(self, store: PostgresStore) -> None:
        self._store = store

    def execute(self, sql: str, args: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self._store.connection().execute(postgres_sql(sql), [_clean(a) for a in args])

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        rows = [[_clean(a) for a in row] for row in rows]
        if rows:
            with self._store.connection().cursor() as cur:
                cur.executemany(postgres_sql(sql), rows)


class PostgresStore(SQLStore):
    """The :class:`~marsad.store.base.Store` on PostgreSQL (psycopg 3, one connection, autocommit outside
    :meth:`transaction`)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: psycopg.Connection[Any] | None = None
        self._depth = 0
        self.db = PgDB(self)
        self.connection()
        self._migrate()

    # -- plumbing --------------------------------------------------------------------------------------------------
    def connection(self) -> psycopg.Connection[Any]:
        """The live connection; one the server dropped is replaced here, unless a transaction was open on it."""
        conn = self._conn
        if conn is None or conn.closed or conn.broken:
            if self._depth:
                raise psycopg.OperationalError("the connection to PostgreSQL was lost inside a transaction")
            if conn is not None:
                conn.close()
            self._conn = conn = psycopg.connect(self.url, autocommit=True)
        return conn

    def _migrate(self) -> None:
        with self.transaction():
            conn = self.connection()
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            conn.execute("CREATE TABLE IF NOT EXISTS marsad_schema (version INTEGER NOT NULL)")
            row = conn.execute("SELECT max(version) FROM marsad_schema").fetchone()
            version = row[0] if row and row[0] is not None else 0
            if version > SCHEMA_VERSION:
                raise SchemaError(f"{self.url}: schema version {version} is newer than this Marsad ({SCHEMA_VERSION})")
            if version == 0 and conn.execute("SELECT to_regclass('documents')").fetchone()[0] is not None:
                raise SchemaError(f"{self.url}: holds a 'documents' table that Marsad did not create")
            for i in range(version, SCHEMA_VERSION):
                for stmt in split_statements(MIGRATIONS[i]):
                    conn.execute(stmt)
            if version != SCHEMA_VERSION:
                conn.execute("DELETE FROM marsad_schema")
                conn.execute("INSERT INTO marsad_schema (version) VALUES (%s)", (SCHEMA_VERSION,))

    def schema_version(self) -> int:
        row = self.connection().execute("SELECT max(version) FROM marsad_schema").fetchone()
        return row[0] or 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit together or not at all; nested calls are savepoints inside the outer transaction."""
        conn = self.connection()
        with conn.transaction():
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    def backend_pid(self) -> int:
        """The server process serving this store (what ``pg_terminate_backend`` takes)."""
        return self.connection().info.backend_pid

    # -- writes that several clients may make at once --------------------------------------------------------------
    def replace_source(self, source: str, digest: str, docs: Sequence[Document | StoredDoc]) -> None:
        """As in SQLite; a transaction-scoped lock on the source makes two clients replacing it take turns."""
        db = self.db
        db.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (_LOCK_SOURCE, source))
        db.execute("DELETE FROM sources WHERE source = ?", (source,))
        db.execute("INSERT INTO sources (source, content_hash, ingested_at) VALUES (?, ?, ?)",
                   (source, digest, datetime.now(UTC).isoformat(timespec="seconds")))
        rows = []
        for doc in map(stored_doc, docs):
            tokens = fts_tokens(doc.key)
            rows.append((doc.id, source, doc.part, doc.title, doc.text, doc.published, doc.outlet, doc.url, doc.meta,
                         doc.annotations, doc.key, len(tokens), tsvector_literal(tokens)))
        db.executemany(
            "INSERT INTO documents (id, source, part, title, text, published, outlet, url, meta, annotations,"
            " search_key, search_tokens, search_tsv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS tsvector))",
            rows,
        )

    def replace_knowledge(self, entities: Iterable[Entity], mentions: Iterable[tuple[str, Mention]],
                          events: Iterable[Event]) -> None:
        """As in SQLite, one client at a time: each statement after the lock sees what the previous one committed."""
        self.db.execute("SELECT pg_advisory_xact_lock(?, 0)", (_LOCK_KNOWLEDGE,))
        super().replace_knowledge(entities, mentions, events)

    def replace_copies(self, groups: Mapping[str, str]) -> None:
        self.db.execute("SELECT pg_advisory_xact_lock(?, 1)", (_LOCK_KNOWLEDGE,))
        super().replace_copies(groups)

    # -- search ----------------------------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Documents holding every query term, ranked as SQLite's ``ORDER BY bm25(doc_fts), rowid``."""
        terms = query_terms(query)
        return [
            {"id": r[0], "title": r[1], "published": r[3], "outlet": r[4], "source": r[5],
             "snippet": snippet(r[2], terms)}
            for r in self._ranked(terms, limit, offset)
        ]

    def search_hits(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """:meth:`search`'s page with each article's text instead of a snippet."""
        return [{"id": r[0], "title": r[1], "text": r[2], "published": r[3], "outlet": r[4], "source": r[5]}
                for r in self._ranked(query_terms(query), limit, offset)]

    def _ranked(self, terms: list[str], limit: int, offset: int) -> list[tuple[Any, ...]]:
        """``(id, title, text, published, outlet, source)`` of one page of the documents matching every term."""
        if not terms:
            return []
        phrases = [fts_tokens(t) for t in terms]
        if any(not p for p in phrases):
            return []  # FTS5 matches nothing for a phrase without tokens
        db = self.db
        match = " & ".join(f"({_tsquery(p)})" for p in phrases)
        n_rows, n_tokens = db.execute("SELECT count(*), COALESCE(sum(search_tokens), 0) FROM documents").fetchone()
        n_rows = max(int(n_rows), 1)
        avgdl = float(n_tokens) / float(n_rows)
        idfs = []
        for p in phrases:
            hits = db.execute("SELECT count(*) FROM documents WHERE search_tsv @@ CAST(? AS tsquery)",
                              (_tsquery(p),)).fetchone()[0]
            idf = math.log((n_rows - hits + 0.5) / (hits + 0.5))
            idfs.append(idf if idf > 0.0 else 1e-6)
        lexemes = sorted({t for p in phrases for t in p})
        tf: dict[int, dict[str, int]] = defaultdict(dict)
        size: dict[int, int] = {}
        for seq, tokens, lexeme, n in db.execute(
            "SELECT d.rowid, d.search_tokens, u.lexeme, cardinality(u.positions)"
            " FROM documents d CROSS JOIN LATERAL unnest(d.search_tsv) u"
            " WHERE d.search_tsv @@ CAST(? AS tsquery) AND u.lexeme = ANY(?)",
            (match, lexemes),
        ).fetchall():
            tf[seq][lexeme] = n
            size[seq] = tokens
        ranked = sorted(
            (bm25([min(tf[seq].get(t, 0) for t in p) for p in phrases], idfs, size[seq], avgdl), seq) for seq in tf
        )
        page = [seq for _, seq in (ranked[offset:offset + limit] if limit >= 0 else ranked[offset:])]
        if not page:
            return []
        rows = {
            r[0]: r[1:]
            for r in db.execute(
                "SELECT rowid, id, title, text, published, outlet, source FROM documents WHERE rowid = ANY(?)", (page,)
            ).fetchall()
        }
        return [rows[seq] for seq in page]
