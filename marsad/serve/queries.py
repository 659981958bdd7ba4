"""What the API answers, assembled from the store: events with their actors' names, evidence with its sentences,
entity profiles, the network and the map's places. Routes stay thin; this module holds the few rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marsad.exports.graph import actor_network
from marsad.exports.plover import plover_category
from marsad.model import Document, Entity, Event, Mention
from marsad.serve import geo
from marsad.store.base import EventFilter, Store
from marsad.text.normalise import name_key


def ref(ent_id: str | None, ents: dict[str, Entity]) -> dict[str, Any] | None:
    """``{"id", "type", "name_ar", "name_en"}`` of an entity id (names null when the entity is unknown)."""
    if not ent_id:
        return None
    ent = ents.get(ent_id)
    if ent is None:
        return {"id": ent_id, "type": None, "name_ar": None, "name_en": None}
    return {"id": ent_id, "type": ent.type, "name_ar": ent.name_ar, "name_en": ent.name_en}


def _entity_ids(events: Iterable[Event]) -> set[str]:
    ids: set[str] = set()
    for ev in events:
        ids.update(p.entity for p in ev.participants)
        ids.update(x for x in (ev.location, ev.series) if x)
    return ids


def event_summary(ev: Event, ents: dict[str, Entity]) -> dict[str, Any]:
    return {
        "id": ev.id,
        "type": ev.type,
        "status": ev.status,
        "name_ar": ev.name_ar,
        "name_en": ev.name_en,
        "series": ref(ev.series, ents),
        "edition": ev.edition,
        "start": ev.start,
        "end": ev.end,
        "location": place(ev.location, ents),
        "participants": [{**(ref(p.entity, ents) or {}), "role": p.role} for p in ev.participants],
        "sources": len({s.doc for s in ev.sources}),
        "plover": plover_category(ev),
    }


def place(ent_id: str | None, ents: dict[str, Entity]) -> dict[str, Any] | None:
    base = ref(ent_id, ents)
    if base is None:
        return None
    point = geo.coordinates(ents.get(ent_id or ""))
    return {**base, "lat": point[0] if point else None, "lon": point[1] if point else None}


def event_summaries(store: Store, events: list[Event]) -> list[dict[str, Any]]:
    """Events with every entity id resolved to names, in one entity query for the whole page."""
    ents = store.entities_by_id(_entity_ids(events))
    return [event_summary(ev, ents) for ev in events]


def _doc_ref(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "source": doc.source, "title": doc.title, "published": doc.published,
            "outlet": doc.outlet, "url": doc.url}


def evidence(store: Store, ev: Event) -> list[dict[str, Any]]:
    """Each evidence span with its article and the whole sentence(s) it lies in, for quoting and highlighting."""
    docs: dict[str, Document | None] = {}
    out = []
    for src in ev.sources:
        if src.doc not in docs:
            docs[src.doc] = store.document(src.doc, annotations=True)
        doc = docs[src.doc]
        item: dict[str, Any] = {"doc": None, "start": src.start, "end": src.end, "quote": "", "sentence": None}
        if doc is not None:
            item["doc"] = _doc_ref(doc)
            if 0 <= src.start < src.end <= len(doc.text):
                item["quote"] = doc.text[src.start:src.end]
                lo, hi = src.start, src.end
                for sent in doc.sentences:
                    if sent.start < src.end and sent.end > src.start:
                        lo, hi = min(lo, sent.start), max(hi, sent.end)
                item["sentence"] = {"start": lo, "end": hi, "text": doc.text[lo:hi]}
        out.append(item)
    return out


def event_detail(store: Store, ev: Event) -> dict[str, Any]:
    ents = store.entities_by_id(_entity_ids([ev]))
    attrs = {k: v for k, v in (ev.attrs or {}).items() if k != "figures"}
    return {**event_summary(ev, ents), "figures": ev.figures, "attrs": attrs, "evidence": evidence(store, ev)}


def _mention_out(m: Mention, ents: dict[str, Entity]) -> dict[str, Any]:
    ent = ents.get(m.entity or "")
    return {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "entity": m.entity, "role": m.role,
            "name_ar": ent.name_ar if ent else None, "name_en": ent.name_en if ent else None}


def document_view(store: Store, doc: Document) -> dict[str, Any]:
    """The article with its mentions (linked ones from the corpus-wide stage when present, else the article's
    own) and the events that cite it, with where."""
    linked = [m for _, m in store.mentions(doc_id=doc.id)]
    mentions = sorted(linked or doc.mentions, key=lambda m: (m.start, -m.end))
    events = [e for e in (store.event(i) for i in store.events_citing(doc.id)) if e is not None]
    if not events:  # no corpus-wide event cites it (yet): show what the article's own stages found
        events = [e for e in doc.events if e.id]
    ents = store.entities_by_id({m.entity for m in mentions if m.entity} | _entity_ids(events))
    return {
        **_doc_ref(doc),
        "part": doc.part,
        "text": doc.text,
        "mentions": [_mention_out(m, ents) for m in mentions],
        "events": [
            {**event_summary(ev, ents),
             "spans": [{"start": s.start, "end": s.end} for s in ev.sources if s.doc in (doc.id, "")]}
            for ev in events
        ],
    }


def entity_profile(store: Store, ent: Entity, limit: int, offset: int) -> dict[str, Any]:
    variants = store.mention_variants(ent.id)
    names: list[str] = []
    for name in [ent.name_ar, ent.name_en, *ent.aliases, *(t for t, _ in variants)]:
        if name and name not in names:
            names.append(name)
    flt = EventFilter(entity=ent.id, limit=limit, offset=offset)
    events = store.events(flt)
    partners = store.co_participants(ent.id, 20)
    ents = store.entities_by_id({p for p, _ in partners})
    point = geo.coordinates(ent)
    return {
        "id": ent.id,
        "type": ent.type,
        "name_ar": ent.name_ar,
        "name_en": ent.name_en,
        "wikidata": ent.wikidata,
        "mentions": sum(n for _, n in variants),
        "aliases": ent.aliases,
        "attrs": ent.attrs,
        "names": names,
        "variants": [{"text": t, "count": n} for t, n in variants],
        "roles": store.entity_roles(ent.id),
        "lat": point[0] if point else None,
        "lon": point[1] if point else None,
        "events": {"total": store.count_events(EventFilter(entity=ent.id)), "limit": limit, "offset": offset,
                   "items": event_summaries(store, events)},
        "partners": [{**(ref(p, ents) or {}), "events": n} for p, n in partners],
    }


def resolve_country(store: Store, value: str) -> str:
    """A country filter given as an entity id or a name (Arabic or English, any spelling the KB lists) → the id.

    An unknown name is returned as is: it then matches no event, which is the honest answer.
    """
    if store.entity(value) is not None:
        return value
    key = name_key(value)
    if not key:
        return value

    def matches(ent: Entity) -> bool:
        return any(name_key(n) == key for n in (ent.name_ar, ent.name_en, *ent.aliases) if n)

    for ent, _ in store.find_entities(type="GPE", text=value, limit=50):
        if matches(ent):
            return ent.id
    for ent in store.entities("GPE"):
        if matches(ent):
            return ent.id
    return value


def graph(store: Store, flt: EventFilter, max_edges: int, max_nodes: int) -> dict[str, Any]:
    return actor_network(store, flt, max_edges=max_edges, max_nodes=max_nodes)


def places(store: Store, flt: EventFilter) -> dict[str, Any]:
    """Event places with coordinates and event counts for the map; places Marsad cannot locate listed apart."""
    counts = store.place_counts(flt)
    ents = store.entities_by_id(p for p, _ in counts)
    placed, unplaced = [], []
    for ent_id, n in counts:
        item = {**(place(ent_id, ents) or {}), "events": n}
        (placed if item.get("lat") is not None else unplaced).append(item)
    return {"places": placed, "unplaced": unplaced}
