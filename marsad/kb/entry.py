"""The knowledge-base record as the rest of Marsad sees it, and the one error type the loader raises.

Kept tiny on purpose: the common fields every kind shares, and ``attrs`` for the kind-specific ones (a country's
nisba and ISO codes, a person's offices, a series' organiser), so adding a field to the data never changes code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from marsad.model import ENTITY_TYPES

TYPES: tuple[str, ...] = tuple(ENTITY_TYPES)

# How a lookup reached an entry: its canonical name, an alias, or (countries) a nisba adjective such as الروسية.
MATCH_KINDS = ("name", "alias", "nisba")


class KBError(ValueError):
    """A knowledge-base file is malformed; the message is one line naming the file and line."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One entity. ``matched`` says how a lookup found it (not part of equality)."""

    id: str
    type: str
    name_en: str
    name_ar: str
    wikidata: str | None = None
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    matched: str = field(default="name", compare=False)

    @property
    def is_nisba(self) -> bool:
        """True when the lookup matched an adjective (الروسية) rather than a name: the text is about, not naming, it."""
        return self.matched == "nisba"

    @property
    def is_outlet(self) -> bool:
        return self.attrs.get("kind") == "outlet"

    @property
    def offices(self) -> list[dict[str, Any]]:
        """A person's offices (empty for everything else)."""
        return list(self.attrs.get("offices") or [])

    def names_ar(self) -> tuple[str, ...]:
        return (self.name_ar, *self.aliases_ar) if self.name_ar else self.aliases_ar

    def names_en(self) -> tuple[str, ...]:
        return (self.name_en, *self.aliases_en) if self.name_en else self.aliases_en

    def as_match(self, how: str) -> Entry:
        """The same entry marked with how a lookup reached it."""
        if how == self.matched:
            return self
        return Entry(
            self.id,
            self.type,
            self.name_en,
            self.name_ar,
            self.wikidata,
            self.aliases_ar,
            self.aliases_en,
            self.attrs,
            how,
        )

    def to_record(self) -> dict[str, Any]:
        """The JSON Lines form (flat: common fields, then attrs)."""
        rec: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "name_en": self.name_en,
            "name_ar": self.name_ar,
            "wikidata": self.wikidata,
            "aliases_ar": list(self.aliases_ar),
            "aliases_en": list(self.aliases_en),
        }
        rec.update(self.attrs)
        return rec
