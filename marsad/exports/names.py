"""Display names shared by the exports and the API: one rule for which name a reader sees."""

from __future__ import annotations

from marsad.model import Entity, Event


def entity_label(ent: Entity | None, fallback: str = "", lang: str = "en") -> str:
    """The entity's name in ``lang`` when it has one, else its other name, else ``fallback`` (its id)."""
    if ent is None:
        return fallback
    first, second = (ent.name_ar, ent.name_en) if lang == "ar" else (ent.name_en, ent.name_ar)
    return first or second or fallback or ent.id


def event_label(ev: Event, lang: str = "en") -> str:
    """The event's name in ``lang`` when it has one, else its other name, else its type and id."""
    first, second = (ev.name_ar, ev.name_en) if lang == "ar" else (ev.name_en, ev.name_ar)
    return first or second or f"{ev.type} {ev.id}"
