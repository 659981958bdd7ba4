"""Exports of the knowledge base: JSON Lines in the shape of ``shared/eval/FORMAT.md``, and CSV tables.

Every export is written from the store alone, so it shows exactly what the API and the page show.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import IO, Any

from marsad.model import Event
from marsad.store.base import EventFilter, Store


def document_records(store: Store) -> Iterator[dict[str, Any]]:
    for doc in store.documents():
        yield {
            "kind": "document",
            "id": doc.id,
            "source": doc.source,
            "part": doc.part,
            "title": doc.title,
            "published": doc.published,
            "outlet": doc.outlet,
            "url": doc.url,
            "text": doc.text,
        }


def entity_records(store: Store) -> Iterator[dict[str, Any]]:
    by_entity: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc_id, m in store.mentions():
        if m.entity:
            rec = {"doc": doc_id, "text": m.text, "start": m.start, "end": m.end}
            if m.role:
                rec["role"] = m.role
            by_entity[m.entity].append(rec)
    for ent in store.entities():
        yield {
            "kind": "entity",
            "id": ent.id,
            "type": ent.type,
            "name_en": ent.name_en,
            "name_ar": ent.name_ar,
            "wikidata": ent.wikidata,
            "aliases": ent.aliases,
            **({"attrs": ent.attrs} if ent.attrs else {}),
            "mentions": by_entity.get(ent.id, []),
        }


def event_record(ev: Event) -> dict[str, Any]:
    return {
        "kind": "event",
        "id": ev.id,
        "type": ev.type,
        "name_en": ev.name_en,
        "name_ar": ev.name_ar,
        "series": ev.series,
        "edition": ev.edition,
        "status": ev.status,
        "start": ev.start,
        "end": ev.end,
        "location": ev.location,
        "participants": [{"entity": p.entity, "role": p.role} for p in ev.participants],
        "sources": [{"doc": s.doc, "start": s.start, "end": s.end} for s in ev.sources],
        "figures": ev.figures,
        **({"plover": ev.attrs["plover"]} if ev.attrs.get("plover") else {}),
    }


def export_jsonl(store: Store, out: IO[str], flt: EventFilter | None = None) -> int:
    """Write documents, entities and events; returns the number of records."""
    n = 0
    for rec in _all_records(store, flt):
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def _all_records(store: Store, flt: EventFilter | None) -> Iterator[dict[str, Any]]:
    yield from document_records(store)
    yield from entity_records(store)
    for ev in store.events(flt):
        yield event_record(ev)


CSV_COLUMNS = {
    "documents": ["id", "source", "part", "title", "published", "outlet", "url"],
    "entities": ["id", "type", "name_en", "name_ar", "wikidata", "mention_count"],
    "events": ["id", "type", "name_en", "name_ar", "status", "start", "end", "location", "series", "edition",
               "participants", "sources"],
}


def export_csv(store: Store, out: IO[str], table: str = "events", flt: EventFilter | None = None) -> int:
    """One table as CSV (UTF-8; Excel users open it with the BOM the CLI writes)."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS[table], extrasaction="ignore")
    writer.writeheader()
    n = 0
    if table == "documents":
        rows: Iterator[dict[str, Any]] = document_records(store)
    elif table == "entities":
        rows = ({**r, "mention_count": len(r["mentions"])} for r in entity_records(store))
    else:
        rows = (
            {
                **event_record(ev),
                "participants": "; ".join(p.entity for p in ev.participants),
                "sources": "; ".join(sorted({s.doc for s in ev.sources})),
            }
            for ev in store.events(flt)
        )
    for row in rows:
        writer.writerow(row)
        n += 1
    return n
