"""The one document model every stage shares.

Each stage of the pipeline is a function over these dataclasses. Offsets (``start``/``end``) always point into
``Document.text`` — the cleaned article exactly as users read it — never into a normalised copy: matching runs on
the match key from :mod:`marsad.text.normalise`, and every span found there is mapped back before it is kept.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT_SERIES")
EVENT_TYPES = (
    "summit",
    "forum",
    "conference",
    "exhibition",
    "meeting",
    "visit",
    "agreement",
    "launch",
    "statement",
    "other",
)
EVENT_STATUSES = ("planned", "held", "cancelled", "unknown")


def stable_id(prefix: str, *parts: object, length: int = 12) -> str:
    """An id derived from content, so re-ingesting never renumbers the world."""
    digest = hashlib.blake2b("\x1f".join(str(p) for p in parts).encode("utf-8"), digest_size=16).hexdigest()
    return f"{prefix}{digest[:length]}"


def content_hash(data: bytes | str) -> str:
    """Hash of what a source delivered; equal hashes mean an unchanged source."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(slots=True)
class TimeExpr:
    """A date expression found in text, resolved to ISO at the precision the text supports."""

    text: str
    start: int
    end: int
    value: str | None
    end_value: str | None = None
    precision: str = "day"  # day | month | year

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "end_value": self.end_value,
            "precision": self.precision,
        }


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    dates: list[TimeExpr] = field(default_factory=list)


@dataclass(slots=True)
class Mention:
    """A stretch of document text naming an entity; ``entity`` is the resolved entity id once linked."""

    start: int
    end: int
    text: str
    type: str
    entity: str | None = None
    role: str | None = None
    origin: str = "kb"  # kb | pattern | model
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    name_ar: str | None = None
    name_en: str | None = None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Evidence:
    doc: str
    start: int
    end: int


@dataclass(slots=True)
class Participant:
    entity: str
    role: str | None = None


@dataclass(slots=True)
class Event:
    id: str
    type: str
    name_ar: str | None = None
    name_en: str | None = None
    series: str | None = None
    edition: int | None = None
    status: str = "unknown"
    start: str | None = None
    end: str | None = None
    location: str | None = None
    participants: list[Participant] = field(default_factory=list)
    sources: list[Evidence] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """One article. A page that carried a second, appended story yields two Documents: ``part`` 0 and 1."""

    source: str
    text: str
    title: str = ""
    part: int = 0
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    content_hash: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = stable_id("d", self.source, self.part)
