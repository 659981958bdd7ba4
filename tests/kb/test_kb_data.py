"""Sanity of the packaged data: unique ids, resolvable references, nisba everywhere, minimum coverage."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from marsad.kb.loader import DATA_DIR
from marsad.model import ENTITY_TYPES

MINIMUMS = {"countries": 249, "places": 400, "organisations": 250, "series": 120, "persons": 400, "outlets": 60}


def _records(name: str) -> list[dict]:
    with (DATA_DIR / f"{name}.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module")
def files() -> dict[str, list[dict]]:
    return {name: _records(name) for name in MINIMUMS}


def test_minimum_counts(files):
    for name, minimum in MINIMUMS.items():
        assert len(files[name]) >= minimum, name


def test_ids_unique_across_files(files):
    counts = Counter(r["id"] for recs in files.values() for r in recs)
    assert [i for i, n in counts.items() if n > 1] == []


def test_common_fields(files):
    for recs in files.values():
        for r in recs:
            assert re.fullmatch(r"[a-z0-9][a-z0-9_]*", r["id"])
            assert r["type"] in ENTITY_TYPES
            assert r["name_ar"] and r["name_en"]
            assert r["wikidata"] is None or re.fullmatch(r"Q\d+", r["wikidata"])
            assert isinstance(r["aliases_ar"], list) and isinstance(r["aliases_en"], list)


def test_every_country_has_codes_and_nisba(files):
    for c in files["countries"]:
        assert c["nisba"], c["id"]
        assert re.fullmatch(r"[A-Z]{2}", c["iso2"]) and re.fullmatch(r"[A-Z]{3}", c["iso3"]), c["id"]


def test_country_wikidata_ids_are_the_known_ones(files):
    by_id = {c["id"]: c for c in files["countries"]}
    assert by_id["russia"]["wikidata"] == "Q159"
    assert by_id["egypt"]["wikidata"] == "Q79"
    assert by_id["saudi_arabia"]["wikidata"] == "Q851"


def test_references_resolve(files):
    ids = {r["id"] for recs in files.values() for r in recs}
    places = {r["id"] for r in files["places"]}
    countries = {r["id"] for r in files["countries"]}
    for p in files["places"]:
        assert p.get("country") is None or p["country"] in countries, p["id"]
        assert p.get("parent") is None or p["parent"] in places, p["id"]
    for c in files["countries"]:
        assert c.get("capital") is None or c["capital"] in places, c["id"]
    for s in files["series"]:
        assert s.get("organiser") is None or s["organiser"] in ids, s["id"]
        assert s.get("city") is None or s["city"] in places, s["id"]
    for o in files["organisations"] + files["outlets"]:
        assert o.get("country") is None or o["country"] in countries, o["id"]
    for p in files["persons"]:
        assert p["country"] in countries, p["id"]
        for office in p["offices"]:
            assert office["of"] in ids, (p["id"], office)


def test_persons_have_dated_offices(files):
    for p in files["persons"]:
        assert p["offices"], p["id"]
        for o in p["offices"]:
            assert o["role"] and o["role_ar"] and o["role_en"] and o["start"], p["id"]
            assert o["end"] is None or o["end"] >= o["start"], p["id"]


def test_outlets_are_org_outlets(files):
    for o in files["outlets"]:
        assert o["type"] == "ORG" and o["kind"] == "outlet", o["id"]


def test_capitals_and_key_cities_present(files):
    capitals = {c["capital"] for c in files["countries"] if c.get("capital")}
    for required in ("moscow", "riyadh", "abu_dhabi", "cairo", "beijing", "washington", "astana"):
        assert required in capitals
    places = {p["id"] for p in files["places"]}
    for required in ("davos", "sochi", "kazan", "yekaterinburg", "vladivostok", "saint_petersburg", "neom", "boao"):
        assert required in places


def test_data_is_what_the_builders_produce():
    """The jsonl files are regenerated from the source tables (python -m marsad.kb.build), not hand-edited."""
    from marsad.kb.build import common, countries, organisations, outlets, persons, places, series

    if not common.COUNTRY_CODES_CSV.exists():
        pytest.skip("shared/ data not available")
    country_recs, _ = countries.build()
    by_id = {r["id"]: r for r in country_recs}
    place_recs = places.build(by_id)
    org_recs = organisations.build(by_id)
    built = {
        "places": place_recs,
        "organisations": org_recs,
        "series": series.build({r["id"]: r for r in place_recs}, {r["id"]: r for r in org_recs}, by_id),
        "outlets": outlets.build(by_id),
        "persons": persons.build({**by_id, **{r["id"]: r for r in place_recs + org_recs}}, by_id),
    }
    for name, recs in built.items():
        on_disk = {r["id"]: r for r in _records(name)}
        assert {r["id"] for r in recs} == set(on_disk), name
        for r in recs:
            assert json.loads(json.dumps(r, ensure_ascii=False)) == on_disk[r["id"]], (name, r["id"])
