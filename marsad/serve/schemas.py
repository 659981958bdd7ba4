"""Response and request shapes of the API: they document the JSON in ``/docs`` and keep every answer to its shape."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from marsad.model import ENTITY_TYPES, EVENT_STATUSES, EVENT_TYPES

EventType = StrEnum("EventType", {t: t for t in EVENT_TYPES})
EventStatus = StrEnum("EventStatus", {s: s for s in EVENT_STATUSES})
EntityType = StrEnum("EntityType", {t: t for t in ENTITY_TYPES})

T = TypeVar("T")


class Error(BaseModel):
    error: str = Field(description="What went wrong, in one line.")
    details: list[dict[str, Any]] | None = Field(None, description="Per-parameter problems, for validation errors.")


class Page(BaseModel, Generic[T]):
    total: int = Field(description="How many items match, over all pages.")
    limit: int
    offset: int
    items: list[T]


class EntityRef(BaseModel):
    id: str
    type: str | None = None
    name_ar: str | None = None
    name_en: str | None = None


class ParticipantRef(EntityRef):
    role: str | None = None


class Place(EntityRef):
    lat: float | None = None
    lon: float | None = None


class EventSummary(BaseModel):
    id: str
    type: str
    status: str
    name_ar: str | None = None
    name_en: str | None = None
    series: EntityRef | None = None
    edition: int | None = None
    start: str | None = Field(None, description="ISO date at the precision the text gives: YYYY-MM-DD, YYYY-MM, YYYY.")
    end: str | None = None
    location: Place | None = None
    participants: list[ParticipantRef] = []
    sources: int = Field(0, description="Number of articles stating the event.")
    plover: str = Field(description="PLOVER category (CONSULT, AGREE, COOPERATE, …).")


class DocRef(BaseModel):
    id: str
    source: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None


class Span(BaseModel):
    start: int
    end: int
    text: str


class EvidenceItem(BaseModel):
    doc: DocRef | None = Field(None, description="The article; null when it is no longer in the store.")
    start: int = Field(description="Start of the evidence span in the article text (characters).")
    end: int
    quote: str = Field(description="The evidence span's text.")
    sentence: Span | None = Field(None, description="The whole sentence(s) holding the span.")


class EventDetail(EventSummary):
    figures: list[dict[str, Any]] = []
    attrs: dict[str, Any] = {}
    evidence: list[EvidenceItem] = []


class MentionOut(BaseModel):
    start: int
    end: int
    text: str
    type: str
    entity: str | None = None
    role: str | None = None
    name_ar: str | None = None
    name_en: str | None = None


class DocSpan(BaseModel):
    start: int
    end: int


class DocEvent(EventSummary):
    spans: list[DocSpan] = Field([], description="Where this article states the event.")


class DocumentOut(DocRef):
    part: int = 0
    text: str
    mentions: list[MentionOut] = []
    events: list[DocEvent] = []


class EntitySummary(BaseModel):
    id: str
    type: str
    name_ar: str | None = None
    name_en: str | None = None
    wikidata: str | None = None
    mentions: int = 0


class Variant(BaseModel):
    text: str
    count: int


class Role(BaseModel):
    role: str
    first: str | None = Field(None, description="Earliest publication date of an article giving this role.")
    last: str | None = None
    count: int


class Partner(EntityRef):
    events: int = Field(description="Events shared with the entity.")


class EntityProfile(EntitySummary):
    aliases: list[str] = []
    attrs: dict[str, Any] = {}
    names: list[str] = Field([], description="Every name: aliases and the distinct mention texts.")
    variants: list[Variant] = []
    roles: list[Role] = []
    lat: float | None = None
    lon: float | None = None
    events: Page[EventSummary]
    partners: list[Partner] = Field([], description="Entities it meets most: co-participants by shared events.")


class SearchHit(BaseModel):
    id: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    source: str | None = None
    snippet: str = Field(description="HTML: escaped text with the matched words in <mark>.")


class SearchPage(BaseModel):
    q: str
    limit: int
    offset: int
    more: bool = Field(description="Whether a next page exists.")
    items: list[SearchHit]


class GraphNode(BaseModel):
    id: str
    type: str | None = None
    name_ar: str | None = None
    name_en: str | None = None
    wikidata: str | None = None
    events: int


class GraphEdge(BaseModel):
    source: str
    target: str
    weight: int


class Graph(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class PlaceCount(Place):
    events: int


class Places(BaseModel):
    places: list[PlaceCount] = Field(description="Places with coordinates, busiest first.")
    unplaced: list[PlaceCount] = Field(description="Places Marsad has no coordinates for.")


class Info(BaseModel):
    name: str = "marsad"
    write: bool = Field(description="Whether POST /api/documents is enabled (the server has a token).")
    counts: dict[str, int]


class NewDocument(BaseModel):
    """An article to add: its text or its HTML page, and what is known about it."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=2_000_000, description="Plain text: title on the first line.")
    html: str | None = Field(None, max_length=2_000_000, description="An HTML page; the article is extracted.")
    title: str | None = Field(None, max_length=1000)
    published: str | None = Field(None, max_length=40, description="Publication date, ISO (YYYY-MM-DD).")
    outlet: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)


class Ingested(BaseModel):
    status: Literal["new", "updated", "unchanged"]
    source: str
    documents: list[DocumentOut]
