"""Model objects to and from plain JSON-able dicts, shared by every store backend and the export."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from marsad.model import Document, Entity, Event, Evidence, Mention, Participant, Sentence, TimeExpr


def annotations_to_json(doc: Document) -> dict[str, Any]:
    """What the per-article stages found in ``doc``: sentences with their dates, mentions, local events."""
    return {
        "sentences": [[s.start, s.end, [d.as_dict() for d in s.dates]] for s in doc.sentences],
        "mentions": [asdict(m) for m in doc.mentions],
        "events": [event_to_json(e) for e in doc.events],
    }


def annotations_from_json(doc: Document, data: dict[str, Any]) -> Document:
    doc.sentences = [Sentence(s, e, [TimeExpr(**d) for d in dates]) for s, e, dates in data.get("sentences", [])]
    doc.mentions = [Mention(**m) for m in data.get("mentions", [])]
    doc.events = [event_from_json(e) for e in data.get("events", [])]
    return doc


def event_to_json(ev: Event) -> dict[str, Any]:
    return asdict(ev)


def event_from_json(data: dict[str, Any]) -> Event:
    data = dict(data)
    data["participants"] = [Participant(**p) for p in data.get("participants", [])]
    data["sources"] = [Evidence(**s) for s in data.get("sources", [])]
    return Event(**data)


def entity_to_json(ent: Entity) -> dict[str, Any]:
    return asdict(ent)


def entity_from_json(data: dict[str, Any]) -> Entity:
    return Entity(**data)
