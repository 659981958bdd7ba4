"""The JSON API on a database built from the seed articles: what an analyst or a script calling it would notice."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import icalendar
import pytest
from fastapi.testclient import TestClient

from marsad.serve.app import create_app
from marsad.store import open_store
from marsad.store.sqlite import SQLiteStore

from .conftest import TOKEN

ALL_EVENTS = {"v_mou2018", "v_platform2018", "v_gmis2019", "v_cis2022", "v_oic2024", "v_kazan2024", "v_digital2024"}


def ids(resp) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {e["id"] for e in resp.json()["items"]}


def assert_error(resp, status: int, *words: str) -> None:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in resp.text
    for word in words:
        assert word in body["error"]


# -- events ---------------------------------------------------------------------------------------------------------
def test_events_are_sorted_by_date_with_entity_names(client: TestClient) -> None:
    data = client.get("/api/events").json()
    assert data["total"] == 7 and {e["id"] for e in data["items"]} == ALL_EVENTS
    starts = [e["start"] for e in data["items"]]
    dated = [s for s in starts if s]
    assert dated == sorted(dated) and starts[-1] is None  # undated last
    gmis = next(e for e in data["items"] if e["id"] == "v_gmis2019")
    assert gmis["location"]["name_en"] == "Yekaterinburg" and gmis["location"]["lat"] == pytest.approx(56.86, abs=0.1)
    assert gmis["series"]["name_ar"] == "القمة العالمية للصناعة والتصنيع"
    assert {"Denis Manturov", "Russia"} <= {p["name_en"] for p in gmis["participants"]}
    assert gmis["sources"] == 2 and gmis["plover"] == "CONSULT"


@pytest.mark.parametrize(("query", "expected"), [
    ("type=summit", {"v_gmis2019", "v_cis2022"}),
    ("status=planned", {"v_gmis2019", "v_kazan2024"}),
    ("from=2022&to=2024-03", {"v_cis2022", "v_oic2024"}),
    ("from=2024-05&to=2024-05", {"v_kazan2024"}),
    ("country=kazakhstan", {"v_cis2022"}),
    ("country=Kazakhstan", {"v_cis2022"}),
    ("country=كازاخستان", {"v_cis2022"}),
    ("country=Atlantis", set()),
    ("entity=manturov", {"v_mou2018", "v_platform2018", "v_gmis2019"}),
    ("entity=yekaterinburg", {"v_platform2018", "v_gmis2019"}),
    ("series=gmis", {"v_mou2018", "v_platform2018", "v_gmis2019"}),
    ("q=KazanForum", {"v_kazan2024"}),
    ("type=forum&status=held", {"v_digital2024"}),
])
def test_event_filters(client: TestClient, query: str, expected: set[str]) -> None:
    resp = client.get(f"/api/events?{query}")
    assert ids(resp) == expected
    assert resp.json()["total"] == len(expected)


def test_event_pagination_covers_every_event_once(client: TestClient) -> None:
    seen: list[str] = []
    for offset in range(0, 8, 3):
        page = client.get(f"/api/events?limit=3&offset={offset}").json()
        assert page["total"] == 7 and page["limit"] == 3 and page["offset"] == offset
        seen += [e["id"] for e in page["items"]]
    assert seen == [e["id"] for e in client.get("/api/events").json()["items"]]


@pytest.mark.parametrize(("query", "word"), [
    ("from=2024-13-01", "from"),
    ("to=yesterday", "to"),
    ("from=2024-05-01&to=2023", "after"),
    ("limit=10000", "limit"),
    ("limit=0", "limit"),
    ("offset=-1", "offset"),
    ("type=party", "type"),
    ("status=maybe", "status"),
    ("q=" + "ق" * 201, "q"),
])
def test_bad_event_filters_are_clear_4xx(client: TestClient, query: str, word: str) -> None:
    assert_error(client.get(f"/api/events?{query}"), 422, word)


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/documents/nope", "/api/entities/nope", "/api/nothing"])
def test_unknown_ids_are_json_404(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404)


def test_event_evidence_quotes_the_sentence_where_it_stands_in_the_article(client: TestClient) -> None:
    ev = client.get("/api/events/v_gmis2019").json()
    assert ev["start"] == "2019-07-09" and ev["end"] == "2019-07-11" and ev["edition"] == 2
    assert len(ev["evidence"]) == 2
    sources = set()
    for item in ev["evidence"]:
        doc = client.get(f"/api/documents/{item['doc']['id']}").json()
        assert doc["text"][item["start"]:item["end"]] == item["quote"]
        assert item["quote"] in item["sentence"]["text"]
        assert doc["text"][item["sentence"]["start"]:item["sentence"]["end"]] == item["sentence"]["text"]
        sources.add(item["doc"]["source"][:3])
    assert sources == {"000", "001"}
    first = next(i for i in ev["evidence"] if i["doc"]["source"].startswith("000"))
    assert first["quote"].startswith("وستعقد قمة الصناعة والتصنيع")


def test_document_has_text_mentions_and_citing_events(client: TestClient) -> None:
    gmis = client.get("/api/events/v_gmis2019").json()
    doc_id = next(i["doc"]["id"] for i in gmis["evidence"] if i["doc"]["source"].startswith("000"))
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["source"].startswith("000_") and doc["title"]
    for m in doc["mentions"]:
        assert doc["text"][m["start"]:m["end"]] == m["text"]
    linked = {m["text"]: m for m in doc["mentions"] if m["entity"] == "yekaterinburg"}
    assert "إيكاتنربيرج" in linked and linked["إيكاتنربيرج"]["name_en"] == "Yekaterinburg"
    events = {e["id"]: e for e in doc["events"]}
    assert {"v_gmis2019", "v_mou2018"} <= set(events)
    span = events["v_gmis2019"]["spans"][0]
    assert doc["text"][span["start"]:span["end"]].startswith("وستعقد")


# -- entities -------------------------------------------------------------------------------------------------------
def test_entities_filter_by_type_and_name(client: TestClient) -> None:
    people = client.get("/api/entities?type=PERSON").json()
    assert people["total"] == 4 and {e["id"] for e in people["items"]} == {"putin", "manturov", "rudenko", "mazrouei"}
    counts = [e["mentions"] for e in people["items"]]
    assert counts == sorted(counts, reverse=True)  # most mentioned first
    assert ids(client.get("/api/entities?q=مانتوروف")) == {"manturov"}
    assert ids(client.get("/api/entities?q=Yekaterinburg")) == {"yekaterinburg"}
    assert ids(client.get("/api/entities?q=50%25")) == set()  # % is a character, not a wildcard
    page = client.get("/api/entities?limit=5&offset=5").json()
    assert page["total"] == 20 and len(page["items"]) == 5
    assert_error(client.get("/api/entities?type=ANIMAL"), 422, "type")


def test_entity_profile(client: TestClient) -> None:
    city = client.get("/api/entities/yekaterinburg").json()
    assert city["wikidata"] == "Q887"
    assert {v["text"] for v in city["variants"]} == {"إيكاتنربيرج", "إيكاتيرنبيرج", "إيكاترينرج", "إيكاترنبرج"}
    assert {"يكاترينبورغ", "Yekaterinburg", "إيكاترينبورغ", "إيكاتنربيرج"} <= set(city["names"])
    assert city["events"]["total"] == 2 and city["lat"] == pytest.approx(56.86, abs=0.1)

    minister = client.get("/api/entities/manturov").json()
    assert [r["role"] for r in minister["roles"]] == ["وزير الصناعة والتجارة"]
    assert minister["roles"][0]["count"] == minister["mentions"] == 3
    assert [e["id"] for e in minister["events"]["items"]] == ["v_mou2018", "v_platform2018", "v_gmis2019"]
    assert minister["partners"][0] == {"id": "russia", "type": "GPE", "name_ar": "روسيا", "name_en": "Russia",
                                       "events": 3}


# -- search ---------------------------------------------------------------------------------------------------------
def test_search_limits(client: TestClient) -> None:
    assert_error(client.get("/api/search?q=" + "ا" * 201), 422, "q")
    assert_error(client.get("/api/search?q="), 422, "q")
    assert_error(client.get("/api/search"), 422, "q")
    assert_error(client.get("/api/search?q=قمة&limit=500"), 422, "limit")
    assert client.get("/api/search?q=؟!").json()["items"] == []


# -- network, map ---------------------------------------------------------------------------------------------------
def test_graph_weights_edges_by_shared_events_and_follows_filters(client: TestClient) -> None:
    graph = client.get("/api/graph").json()
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["russia"]["events"] == 6
    edges = {frozenset((e["source"], e["target"])): e["weight"] for e in graph["edges"]}
    assert edges[frozenset(("manturov", "russia"))] == 3
    assert edges[frozenset(("gcc", "dco"))] == 1
    summits = client.get("/api/graph?type=summit").json()
    assert "gcc" not in {n["id"] for n in summits["nodes"]} and "putin" in {n["id"] for n in summits["nodes"]}
    assert len(client.get("/api/graph?max_edges=1").json()["edges"]) == 1


def test_places_have_coordinates(client: TestClient) -> None:
    places = {p["id"]: p for p in client.get("/api/places").json()["places"]}
    assert places["yekaterinburg"]["events"] == 2
    assert (places["kazan"]["lat"], places["kazan"]["lon"]) == (55.7963, 49.1088)  # the entity's own attrs win
    assert places["riyadh"]["lat"] == pytest.approx(24.69, abs=0.1)  # GeoNames, by name
    assert set(places) == {"yekaterinburg", "st_petersburg", "astana", "moscow", "kazan", "riyadh"}


# -- calendar and exports -------------------------------------------------------------------------------------------
def test_calendar_feed_holds_only_planned_events_as_all_day_entries(client: TestClient) -> None:
    resp = client.get("/api/calendar.ics")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(resp.content)
    entries = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(entries) == {"v_gmis2019@marsad", "v_kazan2024@marsad"}
    gmis = entries["v_gmis2019@marsad"]
    assert gmis.decoded("DTSTART") == date(2019, 7, 9) and gmis.decoded("DTEND") == date(2019, 7, 12)
    kazan = entries["v_kazan2024@marsad"]
    assert kazan.decoded("DTSTART") == date(2024, 5, 1) and kazan.decoded("DTEND") == date(2024, 5, 2)
    assert "بالشهر فقط" in str(kazan["DESCRIPTION"])
    english = icalendar.Calendar.from_ical(client.get("/api/calendar.ics?lang=en").content)
    assert any("month only" in str(e["DESCRIPTION"]) for e in english.walk("VEVENT"))
    assert_error(client.get("/api/calendar.ics?lang=fr"), 422, "lang")


def test_export_gexf_is_a_graph_gephi_can_open(client: TestClient) -> None:
    resp = client.get("/api/export?format=gexf")
    assert resp.status_code == 200 and "attachment" in resp.headers["content-disposition"]
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.fromstring(resp.content)
    nodes = root.findall("./g:graph/g:nodes/g:node", ns)
    edges = root.findall("./g:graph/g:edges/g:edge", ns)
    assert {n.get("id") for n in nodes} == {n["id"] for n in client.get("/api/graph").json()["nodes"]}
    by_pair = {frozenset((e.get("source"), e.get("target"))): float(e.get("weight")) for e in edges}
    assert by_pair[frozenset(("manturov", "russia"))] == 3.0


def test_export_jsonl_csv_ics_plover(client: TestClient) -> None:
    lines = [json.loads(x) for x in client.get("/api/export?format=jsonl").text.splitlines()]
    kinds = [r["kind"] for r in lines]
    assert kinds.count("document") == 6 and kinds.count("entity") == 20 and kinds.count("event") == 7
    summits = [r for r in (json.loads(x) for x in client.get("/api/export?format=jsonl&type=summit").text.splitlines())
               if r["kind"] == "event"]
    assert {r["id"] for r in summits} == {"v_gmis2019", "v_cis2022"}

    text = client.get("/api/export?format=csv&table=entities").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 20 and {"id", "name_ar", "mention_count"} <= set(rows[0])

    ics = icalendar.Calendar.from_ical(client.get("/api/export?format=ics").content)
    assert len(list(ics.walk("VEVENT"))) == 6  # every dated event, whatever its status

    plover = {r["id"]: r for r in map(json.loads, client.get("/api/export?format=plover").text.splitlines())}
    assert "v_digital2024" not in plover  # PLOVER needs a date
    assert plover["v_mou2018"]["event"] == ["AGREE"]
    assert plover["v_platform2018"]["event"] == ["SUPPORT"]  # attrs["plover"] wins over the type's default
    assert plover["v_gmis2019"]["event"] == ["CONSULT"] and plover["v_gmis2019"]["enddate"] == "2019-07-11"
    assert {"RUS", "ARE"} <= {a.get("code") for a in plover["v_gmis2019"]["source"]}
    assert plover["v_kazan2024"]["date"] == "2024-05-01" and plover["v_kazan2024"]["date_precision"] == "month"
    assert_error(client.get("/api/export?format=pdf"), 422, "format")


# -- writing --------------------------------------------------------------------------------------------------------
ARTICLE = ("وزير الاستثمار يلتقي نظيره الروسي في الرياض\n"
           "التقى وزير الاستثمار اليوم في الرياض نظيره الروسي لبحث التعاون الاقتصادي بين البلدين وتوقيع مذكرة تفاهم.")


def test_adding_articles_is_disabled_without_a_token(client: TestClient) -> None:
    resp = client.post("/api/documents", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert_error(resp, 403, "--token")
    assert client.get("/api/info").json()["write"] is False


def test_adding_an_article_needs_the_token_and_returns_its_extraction(writer: TestClient) -> None:
    assert_error(writer.post("/api/documents", json={"text": ARTICLE}), 401)
    assert_error(writer.post("/api/documents", json={"text": ARTICLE}, headers={"Authorization": "Bearer wrong"}), 401)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    resp = writer.post("/api/documents", json={"text": ARTICLE, "outlet": "واس", "published": "2024-02-01"},
                       headers=auth)
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["status"] == "new" and body["source"].startswith("api:")
    doc = body["documents"][0]
    assert doc["text"].startswith("وزير الاستثمار") and doc["outlet"] == "واس" and doc["published"] == "2024-02-01"
    assert writer.get(f"/api/documents/{doc['id']}").json()["text"] == doc["text"]
    assert doc["id"] in {h["id"] for h in writer.get("/api/search?q=وزير الاستثمار").json()["items"]}
    again = writer.post("/api/documents", json={"text": ARTICLE, "outlet": "واس", "published": "2024-02-01"},
                        headers=auth)
    assert again.status_code == 200 and again.json()["status"] == "unchanged"


def test_bad_articles_are_refused(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert_error(writer.post("/api/documents", json={"text": ARTICLE, "html": "<p>x</p>"}, headers=auth), 422)
    assert_error(writer.post("/api/documents", json={}, headers=auth), 422)
    assert_error(writer.post("/api/documents", json={"text": "  "}, headers=auth), 422)
    assert_error(writer.post("/api/documents", json={"text": ARTICLE, "published": "soon"}, headers=auth), 422,
                 "published")
    assert_error(writer.post("/api/documents", json={"text": ARTICLE, "admin": True}, headers=auth), 422)
    big = {"text": "ا" * (2 * 1024 * 1024)}
    assert_error(writer.post("/api/documents", json=big, headers=auth), 413)
    chunks = (b"x" * 65536 for _ in range(40))  # no Content-Length: the limit holds for a streamed body too
    assert_error(writer.post("/api/documents", content=chunks, headers={**auth, "Content-Type": "application/json"}),
                 413)


def test_an_html_page_is_added_as_its_article(writer: TestClient) -> None:
    page = ("<html><head><title>منتدى الاستثمار</title></head><body><article><h1>منتدى الاستثمار السعودي الروسي</h1>"
            f"<p>{ARTICLE.splitlines()[1]}</p><p>وأكد الجانبان أهمية الشراكة الاقتصادية.</p></article></body></html>")
    resp = writer.post("/api/documents", json={"html": page}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 201, resp.text
    text = resp.json()["documents"][0]["text"]
    assert "التقى وزير الاستثمار" in text and "<p>" not in text


# -- robustness and security ----------------------------------------------------------------------------------------
def test_an_internal_error_is_a_bare_500(seeds_db, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(self, flt=None):
        raise RuntimeError("secret detail of /var/lib/marsad")

    monkeypatch.setattr(SQLiteStore, "events", boom)
    with TestClient(create_app(str(seeds_db)), raise_server_exceptions=False) as c:
        resp = c.get("/api/events")
    assert resp.status_code == 500 and resp.json() == {"error": "internal error"}
    assert "secret" not in resp.text and "Traceback" not in resp.text


def test_cors_is_closed_unless_an_origin_is_named(client: TestClient, seeds_db) -> None:
    resp = client.get("/api/events", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in resp.headers
    with TestClient(create_app(str(seeds_db), cors_origins=("https://analysts.example",))) as c:
        ok = c.get("/api/events", headers={"Origin": "https://analysts.example"})
        other = c.get("/api/events", headers={"Origin": "https://evil.example"})
    assert ok.headers["access-control-allow-origin"] == "https://analysts.example"
    assert "access-control-allow-origin" not in other.headers


def test_page_and_docs_are_served_offline(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'lang="ar"' in page.text and 'dir="rtl"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "http://" not in page.text and "https://" not in page.text
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/documents/{doc_id}", "/api/entities", "/api/search",
            "/api/graph", "/api/calendar.ics", "/api/export", "/api/documents"} <= set(spec["paths"])


def test_answers_follow_every_change_to_the_database(writer: TestClient, writable_db) -> None:
    """Repeated reads may be served from memory, but never once the database has changed, by anyone."""
    before = writer.get("/api/info").json()["counts"]
    assert writer.get("/api/info").json()["counts"] == before
    assert writer.get("/api/events").json()["total"] == 7
    resp = writer.post("/api/documents", json={"text": ARTICLE}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 201
    assert writer.get("/api/info").json()["counts"]["documents"] == before["documents"] + 1
    # another process (a `marsad ingest` run, the corpus resolver) rewrites the knowledge base meanwhile
    store = open_store(str(writable_db))
    with store.transaction():
        store.replace_knowledge([], [], [])
    store.close()
    assert writer.get("/api/events").json()["total"] == 0
    assert writer.get("/api/graph").json() == {"nodes": [], "edges": []}
