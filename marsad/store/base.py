"""The store interface: what every backend (SQLite by default, PostgreSQL for teams) must do.

Documents are stored per *source* (a file, a URL, a record id): a source is replaced as a whole, in one transaction,
when its content hash changes, so a page split into two parts never ends up half old, half new. Entities, mentions
and events are corpus-wide results of the cross-article stages and are replaced together, also in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from marsad.model import Document, Entity, Event, Mention

if TYPE_CHECKING:
    from marsad.store.sql import StoredDoc


@dataclass(slots=True)
class EventFilter:
    """Filters shared by the CLI, the API and the export."""

    date_from: str | None = None
    date_to: str | None = None
    type: str | None = None
    status: str | None = None
    entity: str | None = None  # an entity id taking part (participant, location or series)
    country: str | None = None  # an entity id or name of a country among participants or location
    series: str | None = None
    text: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(slots=True)
class FeedState:
    """What Marsad remembers of one polled feed: its validators (so an unchanged feed costs a 304) and its health.

    Times are ISO 8601 UTC strings. ``failures`` counts consecutive failed polls; ``next_at`` is when the feed is
    due again, pushed back exponentially while it fails, so a dead feed is neither hammered nor forgotten.
    """

    url: str
    etag: str | None = None
    modified: str | None = None
    last_ok: str | None = None
    failures: int = 0
    next_at: str | None = None
    last_error: str | None = None


class Store(Protocol):
    url: str

    def close(self) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """Everything done inside commits together or not at all."""
        ...

    # documents
    def source_hash(self, source: str) -> str | None: ...

    def replace_source(self, source: str, digest: str, docs: Sequence[Document | StoredDoc]) -> None:
        """Drop what ``source`` held and store ``docs`` in its place (call inside :meth:`transaction`).

        ``docs`` may also be :class:`~marsad.store.sql.StoredDoc` rows prepared where the article was annotated."""
        ...

    def document(self, doc_id: str, annotations: bool = True) -> Document | None: ...

    def documents(self, annotations: bool = False, batch: int = 500) -> Iterator[Document]: ...

    def count(self, what: str = "documents") -> int: ...

    # corpus-wide results
    def replace_knowledge(self, entities: Iterable[Entity], mentions: Iterable[tuple[str, Mention]],
                          events: Iterable[Event]) -> None:
        """Replace all entities, mentions ``(doc_id, mention)`` and events (call inside :meth:`transaction`)."""
        ...

    def entities(self, type: str | None = None) -> Iterator[Entity]: ...

    def entity(self, entity_id: str) -> Entity | None: ...

    def mentions(self, entity_id: str | None = None, doc_id: str | None = None) -> Iterator[tuple[str, Mention]]: ...

    def events(self, flt: EventFilter | None = None) -> list[Event]: ...

    def event(self, event_id: str) -> Event | None: ...

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]: ...

    def stats(self) -> dict[str, int]: ...

    # queries for the API and the page (profiles, network, map); each is one or two plain parameterised SQL
    # statements so every backend can implement them the same way
    def count_events(self, flt: EventFilter | None = None) -> int:
        """How many events :meth:`events` would return for ``flt`` without its limit (for pagination)."""
        ...

    def entities_by_id(self, ids: Iterable[str]) -> dict[str, Entity]:
        """The entities among ``ids`` that exist, in one query (names for a page of events)."""
        ...

    def find_entities(self, type: str | None = None, text: str | None = None, limit: int = 50,
                      offset: int = 0) -> list[tuple[Entity, int]]:
        """Entities of ``type`` whose name or alias contains ``text``, most mentioned first, with mention counts."""
        ...

    def count_entities(self, type: str | None = None, text: str | None = None) -> int: ...

    def mention_variants(self, entity_id: str) -> list[tuple[str, int]]:
        """Each distinct text the entity is mentioned by, with how often: the spellings the corpus uses."""
        ...

    def entity_roles(self, entity_id: str) -> list[dict[str, Any]]:
        """Roles given to the entity in its mentions: ``{"role", "first", "last", "count"}`` (dates published)."""
        ...

    def co_participants(self, entity_id: str, limit: int = 20) -> list[tuple[str, int]]:
        """Entities taking part in events together with ``entity_id``, by number of shared events."""
        ...

    def actor_network(self, flt: EventFilter | None = None,
                      max_edges: int = 500) -> tuple[list[tuple[str, int]], list[tuple[str, str, int]]]:
        """Participants of the events matching ``flt`` as ``(entity, events)`` and their co-participation edges
        ``(a, b, shared events)`` with ``a < b``, heaviest ``max_edges`` first."""
        ...

    def place_counts(self, flt: EventFilter | None = None) -> list[tuple[str, int]]:
        """Event locations among the events matching ``flt``, with how many events each place hosted."""
        ...

    def events_citing(self, doc_id: str) -> list[str]:
        """Ids of the events whose evidence lies in document ``doc_id``."""
        ...

    def search_hits(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """What :meth:`search` finds, in its order, without snippets but with each article's ``text``: ranks first,
        then reads only the page's articles, so a common word stays fast on a large corpus (the API cuts its own
        snippets from the first matching line)."""
        ...

    # syndicated copies (marsad.syndication) and polled feeds (marsad.ingest.feeds)
    def replace_copies(self, groups: Mapping[str, str]) -> None:
        """Replace the copy groups, ``doc id → group id`` (call inside :meth:`transaction`)."""
        ...

    def copies(self) -> dict[str, str]:
        """``doc id → group id`` for every document that has a stored copy elsewhere."""
        ...

    def feed(self, url: str) -> FeedState | None: ...

    def feeds(self) -> list[FeedState]: ...

    def save_feed(self, state: FeedState) -> None:
        """Insert or update the state of ``state.url``."""
        ...
