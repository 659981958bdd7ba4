"""One suite, every backend: SQLite (a temporary file) and PostgreSQL (a fresh schema on the real server).

Whatever a backend must do is asserted here once and run on both, so a behaviour cannot drift between them; the
search tests also load the same data into both and require identical answers, ranking and snippets included.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from marsad.ingest.files import read_jsonl
from marsad.model import Document, Entity, Event, Evidence, Mention, Participant, Sentence, TimeExpr
from marsad.store import open_store
from marsad.store.base import EventFilter, FeedState, Store
from marsad.store.sql import SchemaError, postgres_sql
from tests.conftest import SAUDINEWSNET
from tests.store.pgtest import fresh_schema

Opener = Callable[[], Store]


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``(kind, url)`` of an empty store of each backend."""
    if request.param == "sqlite":
        yield "sqlite", str(tmp_path / "marsad.db")
    else:
        with fresh_schema() as url:
            yield "postgresql", url


@pytest.fixture
def store(backend: tuple[str, str]) -> Iterator[Store]:
    s = open_store(backend[1])
    yield s
    s.close()


def doc(source: str, text: str, part: int = 0, **kw: object) -> Document:
    return Document(source=source, text=text, part=part, **kw)  # type: ignore[arg-type]


def put(store: Store, source: str, *texts: str, digest: str | None = None, **kw: object) -> list[Document]:
    docs = [doc(source, t, i, **kw) for i, t in enumerate(texts)]
    with store.transaction():
        store.replace_source(source, digest or f"h-{source}-{len(texts)}-{hash(texts)}", docs)
    return docs


# -- schema ----------------------------------------------------------------------------------------------------------
def test_fresh_database_is_migrated_and_reopens_with_its_data(backend: tuple[str, str]) -> None:
    kind, url = backend
    s = open_store(url)
    put(s, "a.txt", "وصل وزير الخارجية إلى الرياض")
    s.close()
    again = open_store(url)  # a second open migrates nothing and keeps everything
    assert [d.source for d in again.documents()] == ["a.txt"]
    assert again.copies() == {} and again.feeds() == []
    again.close()
    if kind == "sqlite":
        from marsad.store.sqlite import SCHEMA_VERSION

        with sqlite3.connect(url) as con:
            assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    else:
        from marsad.store.postgres import SCHEMA_VERSION

        with psycopg.connect(url) as con:
            assert con.execute("SELECT version FROM marsad_schema").fetchall() == [(SCHEMA_VERSION,)]


def test_database_of_first_version_is_migrated_in_place(backend: tuple[str, str]) -> None:
    """A knowledge base made before the copies/feeds tables gains them and loses nothing."""
    kind, url = backend
    if kind == "sqlite":
        from marsad.store.sqlite import MIGRATIONS

        con = sqlite3.connect(url)
        con.executescript(MIGRATIONS[0])
        con.execute("PRAGMA user_version = 1")
        con.execute("INSERT INTO sources VALUES ('old.txt', 'h', '2015-01-01T00:00:00')")
        con.execute("INSERT INTO documents (id, source, text) VALUES ('dold', 'old.txt', 'نص قديم')")
        con.commit()
        con.close()
    else:
        from marsad.store.postgres import MIGRATIONS
        from marsad.store.sql import split_statements

        with psycopg.connect(url, autocommit=True) as con:
            for stmt in split_statements(MIGRATIONS[0]):
                con.execute(stmt)
            con.execute("CREATE TABLE marsad_schema (version INTEGER NOT NULL)")
            con.execute("INSERT INTO marsad_schema VALUES (1)")
            con.execute("INSERT INTO sources VALUES ('old.txt', 'h', '2015-01-01T00:00:00')")
            con.execute("INSERT INTO documents (id, source, text) VALUES ('dold', 'old.txt', 'نص قديم')")
    s = open_store(url)
    assert [d.id for d in s.documents()] == ["dold"]
    with s.transaction():
        s.replace_copies({"dold": "dold"})
    assert s.copies() == {"dold": "dold"}
    s.close()


def test_database_from_a_newer_marsad_is_refused(backend: tuple[str, str]) -> None:
    kind, url = backend
    open_store(url).close()
    if kind == "sqlite":
        with sqlite3.connect(url) as con:
            con.execute("PRAGMA user_version = 999")
    else:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute("UPDATE marsad_schema SET version = 999")
    with pytest.raises(SchemaError, match="newer"):
        open_store(url)


# -- documents -------------------------------------------------------------------------------------------------------
def test_replace_source_is_idempotent_and_replaces_every_part(store: Store) -> None:
    put(store, "page.html", "القمة الأولى في الرياض", "خبر ملحق عن منتدى الاستثمار", digest="v1")
    put(store, "page.html", "القمة الأولى في الرياض", "خبر ملحق عن منتدى الاستثمار", digest="v1")
    assert store.count("documents") == 2 and store.count("sources") == 1
    assert store.source_hash("page.html") == "v1" and store.source_hash("other") is None
    [first, second] = list(store.documents())
    assert (first.part, second.part) == (0, 1)
    assert [r["id"] for r in store.search("منتدى")] == [second.id]

    put(store, "page.html", "القمة الثانية في جدة", digest="v2")  # the appended story is gone
    assert store.source_hash("page.html") == "v2"
    assert [(d.part, d.text) for d in store.documents()] == [(0, "القمة الثانية في جدة")]
    assert store.search("منتدى") == [] and store.search("الرياض") == []
    assert [r["source"] for r in store.search("جدة")] == ["page.html"]


def test_replacing_a_source_drops_its_mentions_and_evidence(store: Store) -> None:
    [d] = put(store, "a", "وصل الأمير إلى الرياض")
    with store.transaction():
        store.replace_knowledge([Entity("e1", "GPE", "الرياض")], [(d.id, Mention(14, 20, "الرياض", "GPE", "e1"))],
                                [Event("ev1", "visit", sources=[Evidence(d.id, 0, 5)])])
    put(store, "a", "وصل الأمير إلى جدة", digest="new")
    assert list(store.mentions()) == []
    assert store.event("ev1").sources == []  # type: ignore[union-attr]


def test_transaction_rolls_back_on_exception_and_keeps_prior_data(store: Store) -> None:
    put(store, "kept", "نص محفوظ")
    with pytest.raises(RuntimeError), store.transaction():
        store.replace_source("lost", "h", [doc("lost", "نص ضائع")])
        with store.transaction():  # nested: part of the outer transaction
            store.replace_source("lost2", "h", [doc("lost2", "نص آخر")])
        raise RuntimeError("boom")
    assert [d.source for d in store.documents()] == ["kept"]
    assert store.source_hash("lost") is None and store.search("ضائع") == []
    with pytest.raises(KeyboardInterrupt), store.transaction():
        store.replace_source("kept", "h2", [doc("kept", "نص بديل")])
        raise KeyboardInterrupt
    assert [d.text for d in store.documents()] == ["نص محفوظ"]
    with store.transaction(), store.transaction():
        store.replace_source("nested", "h", [doc("nested", "نص متداخل")])
    assert store.count("documents") == 2


def test_documents_iterate_in_storage_order_in_batches_with_annotations(store: Store) -> None:
    sources = [f"s{i}" for i in range(7)]
    for s in sources:
        put(store, s, f"نص رقم {s}", title=f"عنوان {s}", published="2015-07-21", outlet="okaz", url=f"http://x/{s}",
            meta={"format": "txt"})
    put(store, "s2", "نص جديد", digest="changed")  # a replaced source moves to the end, like a new one
    got = list(store.documents(batch=2))
    assert [d.source for d in got] == ["s0", "s1", "s3", "s4", "s5", "s6", "s2"]
    assert got[0].title == "عنوان s0" and got[0].outlet == "okaz" and got[0].meta == {"format": "txt"}
    assert got[0].url == "http://x/s0" and got[0].published == "2015-07-21"

    annotated = doc("ann", "زار الوزير الرياض يوم الاثنين")
    annotated.sentences = [Sentence(0, 29, [TimeExpr("يوم الاثنين", 18, 29, "2015-07-20")])]
    annotated.mentions = [Mention(11, 17, "الرياض", "GPE", origin="kb")]
    with store.transaction():
        store.replace_source("ann", "h", [annotated])
    plain = store.document(annotated.id, annotations=False)
    full = store.document(annotated.id)
    assert plain is not None and plain.sentences == [] and plain.mentions == []
    assert full is not None and full.sentences == annotated.sentences and full.mentions == annotated.mentions
    assert [d.mentions for d in store.documents(annotations=True) if d.id == annotated.id] == [annotated.mentions]
    assert store.document("nope") is None


# -- knowledge -------------------------------------------------------------------------------------------------------
def load_knowledge(store: Store) -> list[Document]:
    d1 = put(store, "a", "انعقدت القمة الاقتصادية في الرياض بحضور ولي العهد")[0]
    d2 = put(store, "b", "يفتتح منتدى الاستثمار في جدة الشهر المقبل")[0]
    ents = [
        Entity("sa", "GPE", "السعودية", "Saudi Arabia", "Q851", ["المملكة"], {"iso": "SA"}),
        Entity("crown", "PERSON", "ولي العهد", "Crown Prince"),
        Entity("fii", "EVENT_SERIES", "مبادرة مستقبل الاستثمار", "FII"),
        Entity("mofa", "ORG", "وزارة الخارجية", "Ministry of Foreign Affairs"),
    ]
    mentions = [
        (d1.id, Mention(27, 33, "الرياض", "GPE", "sa", origin="kb")),
        (d1.id, Mention(40, 48, "ولي العهد", "PERSON", "crown", role="host", origin="pattern")),
        (d2.id, Mention(6, 21, "منتدى الاستثمار", "EVENT_SERIES", "fii", origin="model")),
    ]
    events = [
        Event("ev1", "summit", "القمة الاقتصادية", "Economic Summit", status="held", start="2015-03-01",
              end="2015-03-02", location="sa", participants=[Participant("crown", "host"), Participant("mofa")],
              sources=[Evidence(d1.id, 7, 24), Evidence(d1.id, 0, 5)], figures=[{"value": 5, "unit": "bn"}],
              attrs={"plover": "CONSULT"}),
        Event("ev2", "forum", "منتدى الاستثمار", "Investment Forum", series="fii", edition=3, status="planned",
              start="2015-05-10", participants=[Participant("sa")], sources=[Evidence(d2.id, 6, 21)]),
        Event("ev3", "meeting", "اجتماع وزاري", status="unknown", participants=[Participant("crown")]),
        Event("ev4", "visit", "زيارة رسمية", status="held", start="2014-12", end=None, location="mofa"),
    ]
    with store.transaction():
        store.replace_knowledge(ents, mentions, events)
    return [d1, d2]


def test_replace_knowledge_and_reads(store: Store) -> None:
    d1, d2 = load_knowledge(store)
    assert [e.id for e in store.entities()] == ["crown", "fii", "mofa", "sa"]
    assert [e.id for e in store.entities("GPE")] == ["sa"]
    sa = store.entity("sa")
    assert sa is not None and sa.aliases == ["المملكة"] and sa.attrs == {"iso": "SA"} and sa.wikidata == "Q851"
    assert store.entity("nobody") is None
    assert [(d, m.text) for d, m in store.mentions("crown")] == [(d1.id, "ولي العهد")]
    assert [m.role for _, m in store.mentions(doc_id=d1.id)] == [None, "host"]
    assert {m.origin for _, m in store.mentions()} == {"kb", "pattern", "model"}
    ev1 = store.event("ev1")
    assert ev1 is not None and ev1.figures == [{"value": 5, "unit": "bn"}] and ev1.attrs == {"plover": "CONSULT"}
    assert [(s.start, s.end) for s in ev1.sources] == [(7, 24), (0, 5)]  # evidence keeps its order
    assert {(p.entity, p.role) for p in ev1.participants} == {("crown", "host"), ("mofa", None)}
    assert store.event("ev2").edition == 3  # type: ignore[union-attr]

    # replacing the knowledge replaces all of it
    with store.transaction():
        store.replace_knowledge([Entity("sa", "GPE", "السعودية")], [], [Event("ev9", "other")])
    assert [e.id for e in store.entities()] == ["sa"] and [e.id for e in store.events()] == ["ev9"]
    assert list(store.mentions()) == []


def ids(events: list[Event]) -> list[str]:
    return [e.id for e in events]


def test_event_filters(store: Store) -> None:
    load_knowledge(store)
    assert ids(store.events()) == ["ev4", "ev1", "ev2", "ev3"]  # by start date, undated last
    assert ids(store.events(EventFilter(date_from="2015-03-02"))) == ["ev1", "ev2"]  # ev1 ends that day
    assert ids(store.events(EventFilter(date_to="2015-03"))) == ["ev4", "ev1"]  # a month covers its days
    assert ids(store.events(EventFilter(date_from="2015-01-01", date_to="2015-04-30"))) == ["ev1"]
    assert ids(store.events(EventFilter(type="forum"))) == ["ev2"]
    assert ids(store.events(EventFilter(status="held"))) == ["ev4", "ev1"]
    assert ids(store.events(EventFilter(entity="crown"))) == ["ev1", "ev3"]
    assert ids(store.events(EventFilter(entity="fii"))) == ["ev2"]  # series counts as taking part
    assert ids(store.events(EventFilter(country="sa"))) == ["ev1", "ev2"]  # location or participant
    assert ids(store.events(EventFilter(series="fii"))) == ["ev2"]
    assert ids(store.events(EventFilter(text="الاستثمار"))) == ["ev2"]
    assert ids(store.events(EventFilter(text="economic"))) == ["ev1"]  # ASCII case folded on both backends
    assert ids(store.events(EventFilter(text="%"))) == ["ev4", "ev1", "ev2", "ev3"]
    assert ids(store.events(EventFilter(limit=2, offset=1))) == ["ev1", "ev2"]
    assert ids(store.events(EventFilter(status="held", country="mofa"))) == ["ev4", "ev1"]


def test_stats_and_counts(store: Store) -> None:
    assert store.stats() == {"sources": 0, "documents": 0, "entities": 0, "mentions": 0, "events": 0}
    put(store, "x", "نص أول", "نص ثان")
    load_knowledge(store)
    assert store.stats() == {"sources": 3, "documents": 4, "entities": 4, "mentions": 3, "events": 4}
    assert store.count("sources") == 3


def test_copies_and_feed_state(store: Store) -> None:
    a = put(store, "a", "نص")[0]
    b = put(store, "b", "نص")[0]
    with store.transaction():
        store.replace_copies({a.id: a.id, b.id: a.id, "gone": a.id})  # unknown ids are skipped
    assert store.copies() == {a.id: a.id, b.id: a.id}
    put(store, "b", "نص مختلف", digest="new")  # a replaced document leaves its group until groups are recomputed
    assert store.copies() == {a.id: a.id}

    assert store.feed("http://f") is None
    with store.transaction():
        store.save_feed(FeedState("http://f", etag='"v1"', failures=2, next_at="2015-01-01T00:00:00+00:00"))
        store.save_feed(FeedState("http://f", etag='"v2"', modified="Tue, 21 Jul 2015 10:00:00 GMT"))
        store.save_feed(FeedState("http://e", last_error="timeout"))
    assert store.feed("http://f") == FeedState("http://f", etag='"v2"', modified="Tue, 21 Jul 2015 10:00:00 GMT")
    assert [f.url for f in store.feeds()] == ["http://e", "http://f"]


# -- search ----------------------------------------------------------------------------------------------------------
SEARCH_DOCS = {
    "q1": "انعقدت القمة الاقتصادية في الرياض بحضور القادة، وأكدت القمة على التكامل.",
    "q2": "وصل الوفد السعودي للقمة العربية في شرم الشيخ.",
    "q3": "قِمَّةُ مجلس التعاون تبحث التكامل الاقتصادي في الدوحة.",
    "q4": "أعلنت وزارة الخارجية إطلاق منتدى الاستثمار بمشاركة إقتصاديين.",
    "q5": "اجتماع وزراء الإقتصاد في أبوظبي لبحث الاستثمارات المشتركة.",
    "q6": "The Economic FORUM was held in Riyadh; the forum_2015 closed.",
    "q7": "قمة " * 30 + "وقمة أخرى في الرياض",
    "q8": "مقال بلا صلة عن كرة القدم والملاعب",
}
QUERIES = ["القمة", "قمة", "قِمَّة", "للقمة", "القمه", "إقتصاد", "الاقتصاد", "اقتصادي", "أبو ظبي", "ابوظبي",
           "الاستثمار", "منتدى الاستثمار", "القمة الرياض", "economic", "RIYADH", "forum", "forum_2015",
           "2015", "كرة", "غير موجود", "ال", "", "   ", "\"القمة\" OR", "*", "الرياض والقمة"]


def load_search(store: Store) -> None:
    with store.transaction():
        for src, text in SEARCH_DOCS.items():
            store.replace_source(src, "h", [doc(src, text, title=f"t-{src}")])


def sources(results: list[dict]) -> set[str]:
    return {r["source"] for r in results}


def test_search_folds_diacritics_alef_forms_and_clitics(store: Store) -> None:
    load_search(store)
    for q in ("القمة", "قمة", "قِمَّة", "للقمة", "القمه"):
        assert sources(store.search(q)) == {"q1", "q2", "q3", "q7"}, q
    assert sources(store.search("إقتصاد")) == sources(store.search("اقتصاد")) == {"q5"}
    assert sources(store.search("الاقتصادي")) == {"q3"}
    assert sources(store.search("منتدى الاستثمار")) == {"q4"}
    assert sources(store.search("RIYADH")) == sources(store.search("riyadh")) == {"q6"}
    assert sources(store.search("forum")) == {"q6"}
    assert store.search("") == [] and store.search("  ") == [] and store.search("؟!") == []
    assert store.search("غير موجود") == []
    top = store.search("القمة", limit=1)
    assert top[0]["source"] == "q7"  # the article saying it thirty times ranks first
    assert [r["source"] for r in store.search("القمة", limit=2, offset=1)] == \
        [r["source"] for r in store.search("القمة")][1:3]


def test_search_snippets_mark_every_form_in_the_original_text(store: Store) -> None:
    load_search(store)
    [hit] = store.search("قمة مجلس")
    assert hit["title"] == "t-q3" and hit["source"] == "q3" and hit["id"]
    assert "<mark>قِمَّةُ</mark>" in hit["snippet"] and "<mark>مجلس</mark>" in hit["snippet"]
    [hit] = store.search("القمة شرم")
    assert "<mark>للقمة</mark>" in hit["snippet"]
    [hit] = store.search("ابوظبي")
    assert "<mark>أبوظبي</mark>" in hit["snippet"]


def test_search_answers_are_identical_on_both_backends(tmp_path: Path) -> None:
    """Same data, same queries: same documents, same order, same snippets."""
    with fresh_schema() as url:
        lite, pg = open_store(str(tmp_path / "s.db")), open_store(url)
        for s in (lite, pg):
            load_search(s)
        for q, (limit, offset) in itertools.product(QUERIES, [(20, 0), (2, 1)]):
            assert lite.search(q, limit, offset) == pg.search(q, limit, offset), q
            if hasattr(lite, "search_hits"):
                assert lite.search_hits(q, limit, offset) == pg.search_hits(q, limit, offset), q
        lite.close()
        pg.close()


@pytest.mark.skipif(not SAUDINEWSNET.exists(), reason="SaudiNewsNet is not beside the repository")
def test_search_on_real_articles_is_identical_on_both_backends(tmp_path: Path) -> None:
    items = list(itertools.islice((i for i in read_jsonl(SAUDINEWSNET) if isinstance(i, Document)), 400))
    with fresh_schema() as url:
        lite, pg = open_store(str(tmp_path / "s.db")), open_store(url)
        for s in (lite, pg):
            with s.transaction():
                for d in items:
                    s.replace_source(d.source, d.content_hash, [d])
        queries = ["السعودية", "المملكة العربية السعودية", "وزير الخارجية", "الرياض", "اقتصاد", "النفط", "إيران",
                   "الأمم المتحدة", "خادم الحرمين الشريفين", "قمة", "اتفاقية", "الاستثمار", "مجلس التعاون",
                   "2015", "الهلال", "داعش", "اليمن", "زيارة", "منتدى", "الملك سلمان"]
        for q in queries:
            a, b = lite.search(q, limit=50), pg.search(q, limit=50)
            assert a == b, q
            assert a or q == "منتدى", q
        lite.close()
        pg.close()


# -- API queries (written once in SQLStore, in SQLite's dialect, run on both) -----------------------------------------
API_CALLS: list[tuple[str, tuple, dict]] = [
    ("count_events", (), {}),
    ("count_events", (EventFilter(status="held"),), {}),
    ("entities_by_id", (["sa", "crown", "nobody"],), {}),
    ("find_entities", (), {}),
    ("find_entities", ("GPE",), {}),
    ("find_entities", (None, "الاستثمار"), {}),
    ("find_entities", (None, "crown"), {}),
    ("find_entities", (None, "%_"), {}),
    ("count_entities", (None, "ال"), {}),
    ("mention_variants", ("sa",), {}),
    ("entity_roles", ("crown",), {}),
    ("co_participants", ("crown",), {}),
    ("actor_network", (), {}),
    ("actor_network", (EventFilter(date_from="2015-01-01"),), {}),
    ("place_counts", (), {}),
    ("events_citing", ("d" + "0" * 12,), {}),
]


def test_api_queries_give_the_same_answers_on_both_backends(tmp_path: Path) -> None:
    with fresh_schema() as url:
        lite, pg = open_store(str(tmp_path / "s.db")), open_store(url)
        docs = [load_knowledge(s) for s in (lite, pg)][0]
        for name, args, kw in API_CALLS + [("events_citing", (docs[0].id,), {})]:
            assert getattr(lite, name)(*args, **kw) == getattr(pg, name)(*args, **kw), name
        lite.close()
        pg.close()


def test_every_store_method_exists_on_both_backends() -> None:
    from marsad.store.base import Store as Protocol
    from marsad.store.postgres import PostgresStore
    from marsad.store.sqlite import SQLiteStore

    wanted = {n for n in vars(Protocol) if not n.startswith("_") and callable(getattr(Protocol, n))}
    assert not {n for n in wanted if not hasattr(SQLiteStore, n)}
    assert not {n for n in wanted if not hasattr(PostgresStore, n)}
    # each backend's methods are its own or the shared SQL layer's: neither borrows the other's code, so a change
    # to one backend cannot silently change the other
    borrowed = {n for n in dir(PostgresStore) if getattr(getattr(PostgresStore, n), "__module__", None)
                == SQLiteStore.__module__}
    assert not borrowed, f"PostgresStore runs SQLiteStore's {sorted(borrowed)}"


# -- the dialect bridge ------------------------------------------------------------------------------------------------
def test_sqlite_dialect_is_translated_for_postgres() -> None:
    assert postgres_sql("SELECT rowid, id FROM documents WHERE rowid > ? ORDER BY rowid LIMIT ?") == \
        "SELECT seq, id FROM documents WHERE seq > %s ORDER BY seq LIMIT %s"
    assert postgres_sql("SELECT 1 WHERE name LIKE ? OR b LIKE ? ESCAPE '\\'") == \
        "SELECT 1 WHERE name ILIKE %s ESCAPE '' OR b ILIKE %s ESCAPE '\\'"
    assert postgres_sql("INSERT OR IGNORE INTO event_participants (event, entity, role) VALUES (?, ?, ?)") == \
        "INSERT INTO event_participants (event, entity, role) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
    assert postgres_sql("INSERT OR REPLACE INTO feeds (url, etag) VALUES (?, ?)") == \
        "INSERT INTO feeds (url, etag) VALUES (%s, %s) ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag"
    assert postgres_sql("SELECT '100%'") == "SELECT '100%%'"


def test_postgres_store_reconnects_after_the_server_drops_it() -> None:
    from tests.store.pgtest import terminate_backend

    with fresh_schema() as url:
        s = open_store(url)
        put(s, "a", "نص أول")
        assert terminate_backend(s.backend_pid())  # type: ignore[attr-defined]
        with pytest.raises(psycopg.OperationalError), s.transaction():
            s.replace_source("b", "h", [doc("b", "نص ثان")])
        put(s, "c", "نص ثالث")  # the next transaction runs on a new connection
        assert [d.source for d in s.documents()] == ["a", "c"]
        s.close()



def test_postgres_clients_writing_the_same_sources_at_once_take_turns() -> None:
    """Two machines ingesting overlapping input into one server: no duplicate-key errors, no half-replaced source."""
    import threading

    with fresh_schema() as url:
        stores = [open_store(url), open_store(url)]
        errors: list[BaseException] = []

        def write(s: Store, tag: str) -> None:
            try:
                for round_ in range(3):
                    with s.transaction():
                        for i in range(30):
                            s.replace_source(f"src{i}", f"{tag}{round_}", [doc(f"src{i}", f"نص {tag}", 0),
                                                                          doc(f"src{i}", f"ملحق {tag}", 1)])
                    with s.transaction():
                        s.replace_knowledge([Entity(f"e{i}", "GPE") for i in range(20)], [],
                                            [Event(f"ev{i}", "visit") for i in range(20)])
            except BaseException as err:  # noqa: BLE001 - collected for the assertion
                errors.append(err)

        threads = [threading.Thread(target=write, args=(s, tag)) for s, tag in zip(stores, "ab", strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        docs = list(stores[0].documents())
        assert len(docs) == 60 and stores[0].count("entities") == 20 and stores[0].count("events") == 20
        for i in range(30):  # each source holds both parts of one writer's version, never a mix
            texts = [d.text for d in docs if d.source == f"src{i}"]
            assert len({t.split()[-1] for t in texts}) == 1
        for s in stores:
            s.close()
