"""Arabic full-text search through the API: article, clitics and diacritics do not stand between a query and a match."""

from __future__ import annotations

from fastapi.testclient import TestClient

from .conftest import TOKEN


def sources(resp) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {hit["source"][:3] for hit in resp.json()["items"]}


def test_summit_finds_the_gmis_and_cis_articles_with_marked_snippets(client: TestClient) -> None:
    resp = client.get("/api/search", params={"q": "قمة"})
    assert sources(resp) == {"000", "001", "003"}
    for hit in resp.json()["items"]:
        assert "<mark>" in hit["snippet"] and hit["title"]
        marked = hit["snippet"].split("<mark>")[1].split("</mark>")[0]
        assert "قمة" in marked or "قمه" in marked  # the marked word is the one searched for, with its clitics


def test_a_diacritised_query_finds_undiacritised_text(client: TestClient) -> None:
    plain = client.get("/api/search", params={"q": "القمة"}).json()["items"]
    voweled = client.get("/api/search", params={"q": "القِمَّة"}).json()["items"]
    assert [h["id"] for h in voweled] == [h["id"] for h in plain] and len(plain) == 3


def test_an_undiacritised_query_finds_a_diacritised_article(writer: TestClient) -> None:
    article = ("اِفْتِتاحُ المُنْتَدَى الاِقْتِصادِيِّ الخَلِيجِيِّ\n"
               "اِفْتَتَحَ وَزِيرُ التِّجارَةِ المُنْتَدَى الاِقْتِصادِيَّ الخَلِيجِيَّ فِي مَسْقَطَ بِحُضُورِ الوُفُودِ.")
    resp = writer.post("/api/documents", json={"text": article}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 201, resp.text
    doc_id = resp.json()["documents"][0]["id"]
    hits = writer.get("/api/search", params={"q": "المنتدى الاقتصادي الخليجي في مسقط"}).json()["items"]
    assert [h["id"] for h in hits] == [doc_id]
    assert "<mark>مَسْقَطَ</mark>" in hits[0]["snippet"]  # marked as written, diacritics and all
    assert "مَسْقَطَ" in writer.get(f"/api/documents/{doc_id}").json()["text"]  # stored as written


def test_search_pages(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "روسيا", "limit": 2}).json()
    second = client.get("/api/search", params={"q": "روسيا", "limit": 2, "offset": 2}).json()
    assert first["more"] is True and len(first["items"]) == 2
    assert not {h["id"] for h in first["items"]} & {h["id"] for h in second["items"]}
