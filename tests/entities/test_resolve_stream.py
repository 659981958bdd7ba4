"""The cross-article stage streams the store: the same knowledge as resolving every article at once, in flat memory.

The oracle below is the resolver as it was before it streamed — every document loaded, every mention and event
held — kept here so the streaming version is compared with it on real SaudiNewsNet articles, table by table.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from marsad.entities.resolve import Resolver, _kb, _surface_key, resolve_corpus
from marsad.events.merge import merge_events
from marsad.ingest.files import read_jsonl
from marsad.model import Document, Entity, Event, Mention
from marsad.pipeline import ingest
from marsad.store import open_store
from marsad.store.base import Store
from marsad.syndication import evidence_weight, update_copies
from tests.conftest import SAUDINEWSNET

ARTICLES = 300
TABLES = (
    "SELECT * FROM entities ORDER BY id",
    "SELECT * FROM mentions ORDER BY doc, start_pos, end_pos",
    "SELECT * FROM events ORDER BY id",
    "SELECT event, entity, role FROM event_participants ORDER BY event, rowid",  # order within an event kept
    "SELECT event, doc, start_pos, end_pos FROM event_sources ORDER BY event, rowid",
)


def whole_corpus_oracle(store: Store, copies: dict[str, str]) -> tuple[list[Entity], list[tuple[str, Mention]],
                                                                       list[Event]]:
    """The pre-streaming resolver: all documents in memory, one reading (its code, unchanged in substance)."""
    r = Resolver(_kb())
    docs = list(store.documents(annotations=True))
    unknown: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for m in doc.mentions:
            if not m.entity:
                unknown[(m.type, _surface_key(m))][m.text] += 1
    cluster_of = r._cluster({k: sum(v.values()) for k, v in unknown.items()})
    entity_names: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, str] = {}
    mentions: list[tuple[str, Mention]] = []
    events: list[Event] = []
    for doc in docs:
        by_start: dict[int, str] = {}
        for m in doc.mentions:
            if not m.entity:
                m.entity = cluster_of.get((m.type, _surface_key(m)))
        for m in doc.mentions:
            ref = m.attrs.get("same_as")
            if ref is not None:
                target = next((x for x in doc.mentions if x.start == ref), None)
                if target is not None and target.entity:
                    m.entity = target.entity
            if m.entity:
                by_start[m.start] = m.entity
                entity_names[m.entity][m.text] += 1
                types.setdefault(m.entity, m.type)
                mentions.append((doc.id, m))
        events += [r._rewrite(ev, by_start) for ev in doc.events]
    entities = [r._entity(eid, types[eid], names) for eid, names in entity_names.items()]
    names_en = {e.id: e.name_en for e in entities}
    merged = merge_events(events, r._area)
    for ev in merged:
        r._name_en(ev, names_en)
        ev.participants = [p for p in ev.participants if p.entity in names_en]
        ev.location = ev.location if ev.location in names_en else None
        ev.series = ev.series if ev.series in names_en else None
        ev.attrs["evidence"] = evidence_weight({s.doc for s in ev.sources}, copies)
    return entities, mentions, merged


def dump(path: Path) -> dict[str, list[str]]:
    db = sqlite3.connect(path)
    try:
        return {sql: [json.dumps(row, ensure_ascii=False) for row in db.execute(sql)] for sql in TABLES}
    finally:
        db.close()


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SaudiNewsNet's first articles, annotated and stored, before any cross-article stage ran."""
    if not SAUDINEWSNET.exists():
        pytest.skip("SaudiNewsNet is not beside the repository")
    path = tmp_path_factory.mktemp("resolve") / "base.db"
    store = open_store(str(path))
    items = itertools.islice((i for i in read_jsonl(SAUDINEWSNET) if isinstance(i, Document)), ARTICLES)
    ingest(items, store, resolve_after=False)
    store.close()
    return path


def test_streaming_resolution_stores_what_resolving_every_article_at_once_gives(ingested: Path,
                                                                                tmp_path: Path) -> None:
    streamed, oracle = tmp_path / "streamed.db", tmp_path / "oracle.db"
    for target in (streamed, oracle):
        target.write_bytes(ingested.read_bytes())
    s = open_store(str(streamed))
    resolve_corpus(s, copies=update_copies(s))
    s.close()
    o = open_store(str(oracle))
    entities, mentions, events = whole_corpus_oracle(o, update_copies(o))
    with o.transaction():
        o.replace_knowledge(entities, mentions, events)
    o.close()
    got, want = dump(streamed), dump(oracle)
    assert len(want[TABLES[0]]) > 1000 and len(want[TABLES[2]]) > 100  # a real test: many entities and events
    for sql in TABLES:
        assert got[sql] == want[sql], sql


class _Tracked(Document):
    """A document the test can watch die (the model's slotted dataclass takes no weak references)."""

    __slots__ = ("__weakref__",)


def test_resolution_holds_a_page_of_documents_not_the_corpus(ingested: Path) -> None:
    store = open_store(str(ingested))
    alive = most = 0

    def died() -> None:
        nonlocal alive
        alive -= 1

    def read() -> Iterator[Document]:
        nonlocal alive, most
        for doc in store.documents(annotations=True, batch=20):
            tracked = _Tracked(**{f: getattr(doc, f) for f in Document.__slots__})
            del doc
            weakref.finalize(tracked, died)
            alive += 1
            most = max(most, alive)
            yield tracked
            del tracked

    knowledge = Resolver(_kb()).stream(read)
    try:
        assert len(knowledge.mentions) > 1000 and len(knowledge.events) > 100
        assert most <= 25, f"{most} documents were alive at once while resolving {ARTICLES}"
    finally:
        knowledge.close()
        store.close()


def test_an_article_replaced_between_the_two_readings_is_left_for_the_next_resolution(ingested: Path,
                                                                                       tmp_path: Path) -> None:
    """The store may change while it is being read (another client ingesting): what the second reading finds
    different from the first is skipped, never stored half-resolved, and the rest is stored as usual."""
    path = tmp_path / "changing.db"
    path.write_bytes(ingested.read_bytes())
    store = open_store(str(path))
    victim = next(d for d in store.documents(annotations=True) if d.mentions and d.events)
    readings = 0

    def read() -> Iterator[Document]:
        nonlocal readings
        readings += 1
        for doc in store.documents(annotations=True):
            if readings == 2 and doc.id == victim.id:
                doc.mentions = doc.mentions[1:]  # as if re-annotated after the first reading
            yield doc

    knowledge = Resolver(_kb()).stream(read)
    try:
        with store.transaction():
            store.replace_knowledge(knowledge.entities, knowledge.mentions, (ev for _, ev in knowledge.events))
    finally:
        knowledge.close()
    assert not list(store.mentions(doc_id=victim.id))
    assert store.count("mentions") > 1000 and store.count("events") > 100
    for ev in store.events():
        assert all(store.entity(p.entity) is not None for p in ev.participants)
    store.close()



def test_postgresql_resolves_to_the_same_knowledge_as_sqlite(ingested: Path, tmp_path: Path) -> None:
    """The two readings and the batched writes on PostgreSQL (keyset pages through ``seq``, psycopg executemany)."""
    import io

    from marsad.export import export_jsonl
    from tests.store.pgtest import fresh_schema

    path = tmp_path / "lite.db"
    path.write_bytes(ingested.read_bytes())
    lite = open_store(str(path))
    with fresh_schema() as url:
        pg = open_store(url)
        with pg.transaction():
            for doc in lite.documents(annotations=True):
                pg.replace_source(doc.source, lite.source_hash(doc.source) or "", [doc])
        exports = []
        for s in (lite, pg):
            resolve_corpus(s, copies=update_copies(s))
            buf = io.StringIO()
            export_jsonl(s, buf)
            exports.append(buf.getvalue().splitlines())
        pg.close()
    lite.close()
    assert len(exports[0]) > 1000
    assert exports[0] == exports[1]
