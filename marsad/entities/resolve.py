"""Cross-article resolution: one entity per real-world actor, one event per real-world event, over the whole store.

Mentions linked to the knowledge base take its key as their identity. The rest are clustered across the corpus by
type and name: equal match keys first, then spellings whose consonant skeletons are close (blocked by first letter,
compared with rapidfuzz). A cluster's id derives from its canonical name, so re-ingesting never renumbers the world.
The article-level events are then rewritten with those ids and merged across articles.

Memory stays flat as the corpus grows: the documents are read twice, a page at a time, and between the two readings
only compact facts are held — each unknown name's count, each entity's spellings with their counts, and the few
facts of each article-level event that decide merging (:class:`marsad.events.merge.EventKey`).

1. The first reading gives every mention a provisional identity (a knowledge-base key, or its unresolved
   ``(type, name key)``), follows in-article back-references, and records those facts.
2. Unknown names are clustered, so every identity, every entity record and every event cluster is known.
3. The second reading repeats step 1's per-article work with the final ids, emits the mentions, and merges each
   event cluster as soon as its last member is read (only clusters with members still to come are held as events).

Results go to :class:`marsad.spool.Spool` files, and the store replaces its knowledge from them in one transaction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from marsad.entities.link import FuzzyIndex
from marsad.entities.translit import transliterate
from marsad.events.merge import EventKey, cluster_events, combine
from marsad.model import Document, Entity, Event, Mention, Participant, stable_id
from marsad.spool import Spool
from marsad.store.base import Store
from marsad.text.normalise import name_key, strip_clitics

#: an identity before clustering: a knowledge-base key, or ``(type, name key)`` of a name the base lacks
Ident = str | tuple[str, str]


def _kb():  # noqa: ANN202 - the KB type
    try:
        from marsad.kb.loader import default_kb
    except ImportError:
        return None
    return default_kb()


def _surface_key(m: Mention) -> str:
    """A mention's name key without a leading conjunction/preposition the tagger left on the first word."""
    words = name_key(m.text).split()
    if words and len(words[0]) > 3 and words[0][0] in "وبلفك" and m.origin in ("model", "backref"):
        stripped = strip_clitics(words[0])
        if stripped != words[0] and not stripped.startswith("ال"):
            words[0] = stripped
    return " ".join(words)


def _identities(mentions: list[Mention], own: Callable[[Mention], Ident | None]) -> list[Ident | None]:
    """Each mention's identity: its own (``own``), unless it refers back (``same_as``) to another mention that has
    one. Mentions are taken in order, so a chain of references ends where the first one points."""
    ids = [m.entity or own(m) for m in mentions]
    for k, m in enumerate(mentions):
        ref = m.attrs.get("same_as")
        if ref is not None:
            target = next((j for j, x in enumerate(mentions) if x.start == ref), None)
            if target is not None and ids[target]:
                ids[k] = ids[target]
    return ids


def _fingerprint(doc: Document) -> int:
    """What the resolver reads of an article, hashed: tells the second reading it sees what the first saw."""
    return hash((tuple((m.start, m.end, m.text, m.type, m.entity, m.attrs.get("same_as")) for m in doc.mentions),
                 len(doc.events)))


@dataclass(slots=True)
class _Spelling:
    """One text an identity is mentioned by: how often, where first (corpus order) and with which mention type."""

    count: int
    first: int
    type: str


@dataclass(slots=True)
class _Scan:
    """What the first reading keeps: compact facts only, no document."""

    unknown: Counter[tuple[str, str]] = field(default_factory=Counter)  # (type, name key) → mentions
    spellings: dict[Ident, dict[str, _Spelling]] = field(default_factory=dict)
    events: list[EventKey] = field(default_factory=list)  # every article-level event, identities provisional
    docs: dict[str, tuple[int, int]] = field(default_factory=dict)  # doc id → (first event index, fingerprint)
    mentions: int = 0


@dataclass(slots=True)
class Knowledge:
    """The corpus-wide results, spooled on disk in the order they are to be stored."""

    entities: Spool[Entity] = field(default_factory=Spool)
    mentions: Spool[tuple[str, Mention]] = field(default_factory=Spool)
    events: Spool[tuple[int, Event]] = field(default_factory=Spool)  # (first article-level event, merged event)

    def close(self) -> None:
        for spool in (self.entities, self.mentions, self.events):
            spool.close()


class Resolver:
    def __init__(self, kb: object | None = None) -> None:
        self.kb = kb

    def resolve(self, docs: Iterable[Document]) -> tuple[list[Entity], list[tuple[str, Mention]], list[Event]]:
        """Entities, ``(doc id, mention)`` pairs and merged events of ``docs``, held in memory (for small sets;
        the store's corpus goes through :meth:`stream`). Mentions of ``docs`` get their entity ids."""
        docs = list(docs)
        knowledge = self.stream(lambda: docs)
        try:
            events = [ev for _, ev in sorted(knowledge.events, key=lambda pair: pair[0])]
            return list(knowledge.entities), list(knowledge.mentions), events
        finally:
            knowledge.close()

    def stream(self, read: Callable[[], Iterable[Document]], copies: Mapping[str, str] | None = None) -> Knowledge:
        """Resolve the documents ``read()`` gives (called twice, in the same order) into spooled results.

        ``copies`` maps a document to its group of syndicated copies: every copy stays among an event's sources,
        but the event's ``evidence`` attribute counts each group once — ten papers printing one agency wire are one
        report (without it, ``evidence`` is not set).
        """
        scan = self._scan(read())
        cluster_of = self._cluster(scan.unknown)

        def final(ident: Ident | None) -> str | None:
            return ident if ident is None or isinstance(ident, str) else cluster_of.get(ident)

        knowledge = Knowledge()
        names = self._entities(scan.spellings, final, knowledge.entities)
        heads = cluster_events([self._final_key(k, final) for k in scan.events], self._area)
        del scan.events, scan.spellings, scan.unknown  # only the documents' index is needed from here on
        self._emit(read(), scan.docs, heads, cluster_of, names, knowledge, copies)
        return knowledge

    # -- the two readings ------------------------------------------------------------------------------------------
    def _scan(self, docs: Iterable[Document]) -> _Scan:
        """First reading: provisional identities, their spellings, and the merging facts of every event."""
        scan = _Scan()
        for doc in docs:
            if doc.id in scan.docs:
                continue  # read twice (replaced while being read): the first reading counts
            scan.docs[doc.id] = (len(scan.events), _fingerprint(doc))
            for m in doc.mentions:
                if not m.entity:
                    scan.unknown[(m.type, _surface_key(m))] += 1
            ids = _identities(doc.mentions, lambda m: (m.type, _surface_key(m)))
            by_start: dict[int, Ident] = {}
            for m, ident in zip(doc.mentions, ids, strict=True):
                if ident:
                    by_start[m.start] = ident
                    spelled = scan.spellings.setdefault(ident, {})
                    if m.text in spelled:
                        spelled[m.text].count += 1
                    else:
                        spelled[m.text] = _Spelling(1, scan.mentions, m.type)
                    scan.mentions += 1
            scan.events += [self._provisional_key(ev, by_start) for ev in doc.events]
        return scan

    def _emit(self, docs: Iterable[Document], index: dict[str, tuple[int, int]], heads: list[int],
              cluster_of: dict[tuple[str, str], str], names: dict[str, str | None], knowledge: Knowledge,
              copies: Mapping[str, str] | None) -> None:
        """Second reading: final mentions, and each event cluster merged once its last member has been read.

        A document the first reading did not see, or saw with other annotations (replaced in between), is left for
        the next resolution; a cluster whose members did not all come back is merged from those that did."""
        left = Counter(heads)
        open_clusters: dict[int, list[Event]] = {}
        for doc in docs:
            seen = index.pop(doc.id, None)
            if seen is None or seen[1] != _fingerprint(doc):
                continue
            ids = _identities(doc.mentions, lambda m: cluster_of.get((m.type, _surface_key(m))))
            by_start: dict[int, str] = {}
            for m, ident in zip(doc.mentions, ids, strict=True):
                m.entity = ident if isinstance(ident, str) else None
                if m.entity and m.entity in names:
                    by_start[m.start] = m.entity
                    knowledge.mentions.append((doc.id, m))
            for n, ev in enumerate(doc.events):
                head = heads[seen[0] + n]
                members = open_clusters.setdefault(head, [])
                members.append(self._rewrite(ev, by_start))
                left[head] -= 1
                if not left[head]:
                    del left[head]
                    knowledge.events.append((head, self._finish(combine(open_clusters.pop(head)), names, copies)))
        for head in sorted(open_clusters):
            knowledge.events.append((head, self._finish(combine(open_clusters[head]), names, copies)))

    def _finish(self, ev: Event, names: dict[str, str | None], copies: Mapping[str, str] | None) -> Event:
        """A merged event as stored: its English name, and references only to entities that exist."""
        self._name_en(ev, names)
        ev.participants = [p for p in ev.participants if p.entity in names]
        if ev.location not in names:
            ev.location = None
        if ev.series not in names:
            ev.series = None
        if copies is not None:
            from marsad.syndication import evidence_weight

            ev.attrs["evidence"] = evidence_weight({s.doc for s in ev.sources}, copies)
        return ev

    # -- entities --------------------------------------------------------------------------------------------------
    def _cluster(self, unknown: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], str]:
        """Corpus-wide identities for names the knowledge base lacks: exact keys, then close skeletons."""
        out: dict[tuple[str, str], str] = {}
        by_type: dict[str, list[str]] = defaultdict(list)
        for etype, key in unknown:
            by_type[etype].append(key)
        for etype, keys in by_type.items():
            keys.sort(key=lambda k: (-unknown[(etype, k)], k))
            index = FuzzyIndex()
            canon: dict[str, str] = {}
            for key in keys:
                found = index.best(key)
                target = found[0] if found else key
                if found is None:
                    index.add(key, key)
                canon[key] = target
            for key, target in canon.items():
                out[(etype, key)] = stable_id("e", etype, target)
        return out

    def _entities(self, spellings: dict[Ident, dict[str, _Spelling]], final: Callable[[Ident], str | None],
                  out: Spool[Entity]) -> dict[str, str | None]:
        """Spool one record per entity, in the order each was first mentioned; returns ``id → English name``.

        An entity's spellings are those of every provisional identity resolved to it, counted together and ordered
        by first appearance, so its aliases and canonical name come out as if counted in one reading."""
        merged: dict[str, dict[str, _Spelling]] = {}
        for ident, spelled in spellings.items():
            eid = final(ident)
            if eid is None:
                continue
            into = merged.setdefault(eid, {})
            for text, sp in spelled.items():
                have = into.get(text)
                if have is None:
                    into[text] = _Spelling(sp.count, sp.first, sp.type)
                else:
                    have.count += sp.count
                    if sp.first < have.first:
                        have.first, have.type = sp.first, sp.type
        order = sorted(merged, key=lambda eid: min(sp.first for sp in merged[eid].values()))
        names: dict[str, str | None] = {}
        for eid in order:
            spelled = merged.pop(eid)
            texts = sorted(spelled, key=lambda t: spelled[t].first)
            first_type = spelled[texts[0]].type
            entity = self._entity(eid, first_type, Counter({t: spelled[t].count for t in texts}))
            names[eid] = entity.name_en
            out.append(entity)
        return names

    def _entity(self, eid: str, etype: str, names: Counter[str]) -> Entity:
        entry = self.kb.get(eid) if self.kb is not None else None  # type: ignore[attr-defined]
        aliases = [n for n, _ in names.most_common()]
        if entry is not None:
            return Entity(id=eid, type=entry.type, name_ar=entry.name_ar, name_en=entry.name_en,
                          wikidata=entry.wikidata, aliases=aliases, attrs={"kb": True})
        canonical = max(names, key=lambda n: (names[n], len(n)))
        return Entity(id=eid, type=etype, name_ar=canonical, name_en=transliterate(canonical), aliases=aliases,
                      attrs={"kb": False, "name_en_from": "transliteration"})

    def _area(self, loc: str) -> set[str]:
        entry = self.kb.get(loc) if self.kb is not None else None  # type: ignore[attr-defined]
        country = (entry.attrs or {}).get("country") if entry else None
        return {loc, country} if country else {loc}

    # -- events ----------------------------------------------------------------------------------------------------
    @staticmethod
    def _provisional_key(ev: Event, by_start: dict[int, Ident]) -> EventKey:
        """:meth:`_rewrite`'s result as a merging key, with provisional identities, leaving ``ev`` untouched."""

        def ident(ref: str | None) -> Ident | None:
            if ref and ref.startswith("m:"):
                return by_start.get(int(ref[2:]))
            return ref

        people = frozenset(filter(None, (ident(p.entity) for p in ev.participants)))
        return EventKey(ev.type, ev.edition, ev.start, ev.end, ident(ev.location), ident(ev.series),
                        people, frozenset(s.doc for s in ev.sources))  # type: ignore[arg-type] - made final by _final_key

    @staticmethod
    def _final_key(key: EventKey, final: Callable[[Ident], str | None]) -> EventKey:
        def f(ident: Ident | None) -> str | None:
            return None if ident is None else final(ident)

        people = frozenset(filter(None, (f(i) for i in key.entities)))
        return key._replace(location=f(key.location), series=f(key.series), entities=people)

    @staticmethod
    def _rewrite(ev: Event, by_start: dict[int, str]) -> Event:
        def ident(ref: str | None) -> str | None:
            if ref and ref.startswith("m:"):
                return by_start.get(int(ref[2:]))
            return ref

        ev.location = ident(ev.location)
        ev.series = ident(ev.series)
        seen: dict[str, Participant] = {}
        for p in ev.participants:
            ent = ident(p.entity)
            if ent and ent not in seen:
                seen[ent] = Participant(ent, p.role)
        ev.participants = list(seen.values())
        return ev

    @staticmethod
    def _name_en(ev: Event, names: Mapping[str, str | None]) -> None:
        from marsad.events.lexicon import NAMES_EN

        series = names.get(ev.series or "")
        place = names.get(ev.location or "")
        if series:
            name = series
            if ev.start:
                name += f" {ev.start[:4]}"
        else:
            name = NAMES_EN.get(ev.type, "Event")
            if place:
                name += f" in {place}"
        ev.name_en = name


def resolve_corpus(store: Store, copies: dict[str, str] | None = None) -> None:
    """Recompute entities, mentions and merged events from every stored article's annotations.

    The store is read twice, a page at a time (:meth:`Resolver.stream`), and written in one transaction at the end,
    so memory stays flat however large the corpus and readers see the old knowledge or the new, never a mix.
    ``copies``: see :meth:`Resolver.stream`.
    """
    knowledge = Resolver(_kb()).stream(lambda: store.documents(annotations=True), copies or {})
    try:
        with store.transaction():
            store.replace_knowledge(knowledge.entities, (m for m in knowledge.mentions),
                                    (ev for _, ev in knowledge.events))
    finally:
        knowledge.close()
