"""What the SQL backends share: portable queries, row → model conversions, the copies and feeds tables.

SQLite and PostgreSQL hold the same tables with the same columns, so every read and most writes are one SQL text run
on either. :class:`SQLStore` holds those, written once in SQLite's dialect against ``self.db`` — the ``sqlite3``
connection, or for PostgreSQL an adapter that passes each statement through :func:`postgres_sql` — so a query fixed
or added here is fixed or added for both backends at once. The dialect gap that is left is small and mechanical
(placeholders, ``rowid``, ``INSERT OR IGNORE/REPLACE``, SQLite's ASCII-case-insensitive ``LIKE``), so it is bridged
by one tested translation instead of two copies of every query drifting apart. What truly differs — migrations,
transactions, storing a source with its search index, full-text search — each backend implements itself; every
other method of :class:`~marsad.store.base.Store`, the web API's queries included, is defined here and nowhere else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple

from marsad.model import Document, Entity, Event, Evidence, Mention, Participant
from marsad.store.base import EventFilter, FeedState
from marsad.store.codec import annotations_from_json, annotations_to_json
from marsad.text.normalise import search_key

DOC_COLS = "id, source, part, title, text, published, outlet, url, meta"
ENTITY_COLS = "id, type, name_ar, name_en, wikidata, aliases, attrs"
EVENT_COLS = "id, type, name_ar, name_en, series, edition, status, start_date, end_date, location, attrs"
FEED_COLS = "url, etag, modified, last_ok, failures, next_at, last_error"
WRITE_BATCH = 1000  # rows per executemany when replacing the corpus-wide results
COUNTED = {"documents": "documents", "sources": "sources", "entities": "entities", "events": "events",
           "mentions": "mentions"}



class SchemaError(RuntimeError):
    """The database was written by a newer Marsad, or is not a Marsad database."""


class StoredDoc(NamedTuple):
    """A document as both backends store it: its row, annotations as JSON, and its search key.

    Building this is most of the cost of storing an article, so a Dask worker builds it next to the annotation
    and sends it instead of the annotated object graph (smaller, faster to pickle): the client, which writes every
    article and so bounds the throughput of a cluster, only has to insert it.
    """

    id: str
    part: int
    title: str
    text: str
    published: str | None
    outlet: str | None
    url: str | None
    meta: str
    annotations: str
    key: str


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``items`` in lists of ``size`` (the last one shorter), pulled lazily (``itertools.batched`` is 3.12+)."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def stored_doc(doc: Document | StoredDoc) -> StoredDoc:
    """``doc`` ready to insert (a StoredDoc is returned as it is)."""
    if isinstance(doc, StoredDoc):
        return doc
    return StoredDoc(doc.id, doc.part, doc.title, doc.text, doc.published, doc.outlet, doc.url,
                     json.dumps(doc.meta, ensure_ascii=False, default=str),
                     json.dumps(annotations_to_json(doc), ensure_ascii=False), search_key(doc.text))

def doc_from_row(row: Iterable[Any], annotations: str | None = None) -> Document:
    """A Document from the :data:`DOC_COLS` of a row, with its stored annotations when given."""
    r = tuple(row)
    doc = Document(id=r[0], source=r[1], part=r[2], title=r[3], text=r[4], published=r[5], outlet=r[6], url=r[7],
                   meta=json.loads(r[8]))
    if annotations:
        annotations_from_json(doc, json.loads(annotations))
    return doc


def entity_from_row(row: Iterable[Any]) -> Entity:
    r = tuple(row)
    return Entity(id=r[0], type=r[1], name_ar=r[2], name_en=r[3], wikidata=r[4], aliases=json.loads(r[5]),
                  attrs=json.loads(r[6]))


def event_from_row(row: Iterable[Any]) -> Event:
    """An Event without its participants and sources (those live in their own tables)."""
    r = tuple(row)
    attrs = json.loads(r[10])
    figures = attrs.pop("figures", [])
    return Event(id=r[0], type=r[1], name_ar=r[2], name_en=r[3], series=r[4], edition=r[5], status=r[6],
                 start=r[7], end=r[8], location=r[9], figures=figures, attrs=attrs)


def event_row(ev: Event) -> tuple[Any, ...]:
    """The :data:`EVENT_COLS` values of ``ev``; figures travel inside ``attrs``."""
    return (ev.id, ev.type, ev.name_ar, ev.name_en, ev.series, ev.edition, ev.status, ev.start, ev.end, ev.location,
            json.dumps({"figures": ev.figures, **ev.attrs}, ensure_ascii=False, default=str))


def entity_row(e: Entity) -> tuple[Any, ...]:
    return (e.id, e.type, e.name_ar, e.name_en, e.wikidata, json.dumps(e.aliases, ensure_ascii=False),
            json.dumps(e.attrs, ensure_ascii=False, default=str))


def event_where(flt: EventFilter) -> tuple[list[str], list[Any]]:
    """WHERE clauses and arguments of an event filter."""
    where: list[str] = []
    args: list[Any] = []
    if flt.date_from:
        where.append("COALESCE(end_date, start_date) >= ?")
        args.append(flt.date_from)
    if flt.date_to:
        where.append("start_date <= ?")
        args.append(flt.date_to + "\uffff")
    for col, val in (("type", flt.type), ("status", flt.status), ("series", flt.series)):
        if val:
            where.append(f"{col} = ?")
            args.append(val)
    for ent in (flt.entity, flt.country):
        if ent:
            where.append(
                "(location = ? OR series = ? OR id IN (SELECT event FROM event_participants WHERE entity = ?))"
            )
            args += [ent, ent, ent]
    if flt.text:
        pattern = f"%{flt.text}%"
        where.append("(name_ar LIKE ? OR name_en LIKE ?)")
        args += [pattern, pattern]
    return where, args


class SQLStore:
    """Store methods whose SQL is the same on SQLite and PostgreSQL (SQLite dialect on ``self.db``)."""

    db: Any

    # -- documents -------------------------------------------------------------------------------------------------
    def source_hash(self, source: str) -> str | None:
        row = self.db.execute("SELECT content_hash FROM sources WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def document(self, doc_id: str, annotations: bool = True) -> Document | None:
        row = self.db.execute(f"SELECT {DOC_COLS}, annotations FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return doc_from_row(row[:-1], row[-1] if annotations else None) if row else None

    def documents(self, annotations: bool = False, batch: int = 500) -> Iterator[Document]:
        """Every document in the order it was stored, fetched ``batch`` at a time (keyset paging: flat memory)."""
        cols = DOC_COLS + (", annotations" if annotations else ", NULL")
        last = -1
        while True:
            rows = self.db.execute(
                f"SELECT rowid, {cols} FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield doc_from_row(row[1:-1], row[-1])
            last = rows[-1][0]

    def count(self, what: str = "documents") -> int:
        return self.db.execute(f"SELECT count(*) FROM {COUNTED[what]}").fetchone()[0]

    def stats(self) -> dict[str, int]:
        return {k: self.count(k) for k in ("sources", "documents", "entities", "mentions", "events")}

    # -- corpus-wide results ---------------------------------------------------------------------------------------
    def replace_knowledge(self, entities: Iterable[Entity], mentions: Iterable[tuple[str, Mention]],
                          events: Iterable[Event]) -> None:
        """Replace the corpus-wide results, consuming each iterable :data:`WRITE_BATCH` items at a time: a corpus's
        worth of them (the resolver streams them from disk) is never held in memory at once."""
        db = self.db
        for table in ("event_sources", "event_participants", "events", "mentions", "entities"):
            db.execute(f"DELETE FROM {table}")
        for chunk in batched(entities, WRITE_BATCH):
            db.executemany(f"INSERT INTO entities ({ENTITY_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [entity_row(e) for e in chunk])
        for chunk in batched(mentions, WRITE_BATCH):
            db.executemany(
                "INSERT OR REPLACE INTO mentions (doc, start_pos, end_pos, text, type, entity, role, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(d, m.start, m.end, m.text, m.type, m.entity, m.role, m.origin) for d, m in chunk])
        for chunk in batched(events, WRITE_BATCH):
            db.executemany(f"INSERT INTO events ({EVENT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [event_row(ev) for ev in chunk])
            db.executemany("INSERT OR IGNORE INTO event_participants (event, entity, role) VALUES (?, ?, ?)",
                           [(ev.id, p.entity, p.role) for ev in chunk for p in ev.participants])
            db.executemany("INSERT INTO event_sources (event, doc, start_pos, end_pos) VALUES (?, ?, ?, ?)",
                           [(ev.id, s.doc, s.start, s.end) for ev in chunk for s in ev.sources])

    def entities(self, type: str | None = None) -> Iterator[Entity]:
        sql = f"SELECT {ENTITY_COLS} FROM entities"
        rows = self.db.execute(sql + (" WHERE type = ?" if type else "") + " ORDER BY id", (type,) if type else ())
        for row in rows.fetchall():
            yield entity_from_row(row)

    def entity(self, entity_id: str) -> Entity | None:
        row = self.db.execute(f"SELECT {ENTITY_COLS} FROM entities WHERE id = ?", (entity_id,)).fetchone()
        return entity_from_row(row) if row else None

    def mentions(self, entity_id: str | None = None, doc_id: str | None = None) -> Iterator[tuple[str, Mention]]:
        where, args = [], []
        if entity_id:
            where.append("entity = ?")
            args.append(entity_id)
        if doc_id:
            where.append("doc = ?")
            args.append(doc_id)
        sql = "SELECT doc, start_pos, end_pos, text, type, entity, role, origin FROM mentions"
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY doc, start_pos"
        for r in self.db.execute(sql, args).fetchall():
            yield r[0], Mention(start=r[1], end=r[2], text=r[3], type=r[4], entity=r[5], role=r[6], origin=r[7] or "")

    def events(self, flt: EventFilter | None = None) -> list[Event]:
        flt = flt or EventFilter()
        where, args = event_where(flt)
        sql = f"SELECT {EVENT_COLS} FROM events"
        sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY start_date IS NULL, start_date, id"
        if flt.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [flt.limit, flt.offset]
        return [self._event(r) for r in self.db.execute(sql, args).fetchall()]

    def event(self, event_id: str) -> Event | None:
        row = self.db.execute(f"SELECT {EVENT_COLS} FROM events WHERE id = ?", (event_id,)).fetchone()
        return self._event(row) if row else None

    def _event(self, r: tuple[Any, ...]) -> Event:
        ev = event_from_row(r)
        # ordered by entity, as SQLite's primary-key index happens to return them: PostgreSQL returns heap order
        ev.participants = [
            Participant(entity=e, role=role)
            for e, role in self.db.execute(
                "SELECT entity, role FROM event_participants WHERE event = ? ORDER BY entity", (ev.id,)
            ).fetchall()
        ]
        ev.sources = [
            Evidence(doc=d, start=s, end=e)
            for d, s, e in self.db.execute(
                "SELECT doc, start_pos, end_pos FROM event_sources WHERE event = ? ORDER BY rowid", (ev.id,)
            ).fetchall()
        ]
        return ev

    # -- queries for the API and the page: one text each, run by both backends ------------------------------------
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
            found.update((r[0], entity_from_row(r)) for r in rows)
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
        return [(entity_from_row(r[:7]), r[7]) for r in rows]

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

    # -- syndicated copies -----------------------------------------------------------------------------------------
    def replace_copies(self, groups: Mapping[str, str]) -> None:
        """Replace the copy groups (``doc id → group id``) with ``groups`` (call inside :meth:`transaction`).

        Ids of documents no longer stored are skipped, so groups computed before a concurrent replacement still load.
        """
        self.db.execute("DELETE FROM copies")
        self.db.executemany(
            "INSERT INTO copies (doc, grp) SELECT ?, ? WHERE EXISTS (SELECT 1 FROM documents WHERE id = ?)",
            [(doc, grp, doc) for doc, grp in sorted(groups.items())],
        )

    def copies(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT doc, grp FROM copies ORDER BY grp, doc").fetchall())

    # -- feeds -----------------------------------------------------------------------------------------------------
    def feed(self, url: str) -> FeedState | None:
        row = self.db.execute(f"SELECT {FEED_COLS} FROM feeds WHERE url = ?", (url,)).fetchone()
        return FeedState(*row) if row else None

    def feeds(self) -> list[FeedState]:
        return [FeedState(*r) for r in self.db.execute(f"SELECT {FEED_COLS} FROM feeds ORDER BY url").fetchall()]

    def save_feed(self, state: FeedState) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO feeds ({FEED_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (state.url, state.etag, state.modified, state.last_ok, state.failures, state.next_at, state.last_error),
        )


def split_statements(script: str) -> list[str]:
    """Split a migration script into statements (no semicolons inside our DDL literals)."""
    return [s.strip() for s in script.split(";") if s.strip()]


# -- SQLite dialect → PostgreSQL -----------------------------------------------------------------------------------
#: primary keys, for turning ``INSERT OR REPLACE`` into ``ON CONFLICT (…) DO UPDATE``
PRIMARY_KEYS = {
    "sources": ("source",),
    "documents": ("id",),
    "entities": ("id",),
    "mentions": ("doc", "start_pos", "end_pos"),
    "events": ("id",),
    "event_participants": ("event", "entity"),
    "copies": ("doc",),
    "feeds": ("url",),
}
_INSERT_OR = re.compile(r"^\s*INSERT OR (IGNORE|REPLACE) INTO (\w+) \(([^)]*)\)", re.IGNORECASE)
_LIKE = re.compile(r"\bLIKE \?( ESCAPE '[^']*')?", re.IGNORECASE)
_ROWID = re.compile(r"\browid\b", re.IGNORECASE)


@lru_cache(maxsize=2048)
def postgres_sql(sql: str) -> str:
    """One statement of :class:`SQLStore`'s SQLite dialect as PostgreSQL runs it through psycopg.

    - ``?`` placeholders become ``%s`` (and a literal ``%`` becomes ``%%``);
    - ``rowid`` (the insertion order SQLite gives every row) becomes the ``seq`` column PostgreSQL tables carry for it;
    - ``INSERT OR IGNORE`` becomes ``ON CONFLICT DO NOTHING``, ``INSERT OR REPLACE`` an upsert on the primary key;
    - ``LIKE ?`` becomes ``ILIKE ?`` with no escape character unless one is given: SQLite's LIKE ignores ASCII case
      and has no default escape, which is what ILIKE does on the "C"-collated columns Marsad creates.
    """
    out = sql.replace("%", "%%")
    out = _ROWID.sub("seq", out)
    out = _LIKE.sub(lambda m: "ILIKE ?" + (m.group(1) or " ESCAPE ''"), out)
    m = _INSERT_OR.match(out)
    if m:
        verb, table, cols = m.group(1).upper(), m.group(2), [c.strip() for c in m.group(3).split(",")]
        out = f"INSERT INTO {table} ({m.group(3)})" + out[m.end():]
        if verb == "IGNORE":
            out += " ON CONFLICT DO NOTHING"
        else:
            key = PRIMARY_KEYS[table]
            sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in cols if c not in key)
            out += f" ON CONFLICT ({', '.join(key)}) DO " + (f"UPDATE SET {sets}" if sets else "NOTHING")
    return out.replace("?", "%s")
