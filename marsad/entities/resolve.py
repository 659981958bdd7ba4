"""Cross-article resolution: one entity per real-world actor, one event per real-world event, over the whole store.

Mentions linked to the knowledge base take its key as their identity. The rest are clustered across the corpus by
type and name: equal match keys first, then spellings whose consonant skeletons are close (blocked by first letter,
compared with rapidfuzz). A cluster's id derives from its canonical name, so re-ingesting never renumbers the world.
The article-level events are then rewritten with those ids and merged across articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from marsad.entities.link import FuzzyIndex
from marsad.entities.translit import transliterate
from marsad.events.merge import merge_events
from marsad.model import Document, Entity, Event, Mention, Participant, stable_id
from marsad.store.base import Store
from marsad.text.normalise import name_key, strip_clitics


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


class Resolver:
    def __init__(self, kb: object | None = None) -> None:
        self.kb = kb

    def resolve(self, docs: Iterable[Document]) -> tuple[list[Entity], list[tuple[str, Mention]], list[Event]]:
        docs = list(docs)
        unknown: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for doc in docs:
            for m in doc.mentions:
                if not m.entity:
                    unknown[(m.type, _surface_key(m))][m.text] += 1
        cluster_of = self._cluster(unknown)
        entity_names: dict[str, Counter[str]] = defaultdict(Counter)
        types: dict[str, str] = {}
        mentions: list[tuple[str, Mention]] = []
        events: list[Event] = []
        for doc in docs:
            by_start: dict[int, str] = {}
            for m in doc.mentions:
                if not m.entity:
                    m.entity = cluster_of.get((m.type, _surface_key(m)))
            for m in doc.mentions:
                ref = m.attrs.get("same_as")
                if ref is not None:
                    target = next((x for x in doc.mentions if x.start == ref), None)
                    if target is not None and target.entity:
                        m.entity = target.entity
                if m.entity:
                    by_start[m.start] = m.entity
                    entity_names[m.entity][m.text] += 1
                    types.setdefault(m.entity, m.type)
                    mentions.append((doc.id, m))
            for ev in doc.events:
                events.append(self._rewrite(ev, by_start))
        entities = [self._entity(eid, types[eid], names) for eid, names in entity_names.items()]
        known = {e.id for e in entities}
        merged = merge_events([e for e in events if e is not None], self._area)
        for ev in merged:
            self._name_en(ev, {e.id: e for e in entities})
            ev.participants = [p for p in ev.participants if p.entity in known]
            if ev.location not in known:
                ev.location = None
            if ev.series not in known:
                ev.series = None
        return entities, mentions, merged

    # -- entities --------------------------------------------------------------------------------------------------
    def _cluster(self, unknown: dict[tuple[str, str], Counter[str]]) -> dict[tuple[str, str], str]:
        """Corpus-wide identities for names the knowledge base lacks: exact keys, then close skeletons."""
        out: dict[tuple[str, str], str] = {}
        by_type: dict[str, list[str]] = defaultdict(list)
        for etype, key in unknown:
            by_type[etype].append(key)
        for etype, keys in by_type.items():
            keys.sort(key=lambda k: (-sum(unknown[(etype, k)].values()), k))
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

    def _name_en(self, ev: Event, entities: dict[str, Entity]) -> None:
        from marsad.events.lexicon import NAMES_EN

        series = entities.get(ev.series or "")
        place = entities.get(ev.location or "")
        if series is not None and series.name_en:
            name = series.name_en
            if ev.start:
                name += f" {ev.start[:4]}"
        else:
            name = NAMES_EN.get(ev.type, "Event")
            if place is not None and place.name_en:
                name += f" in {place.name_en}"
        ev.name_en = name


def resolve_corpus(store: Store, copies: dict[str, str] | None = None) -> None:
    """Recompute entities, mentions and merged events from every stored article's annotations.

    ``copies`` maps a document to its group of syndicated copies: every copy stays among an event's sources, but the
    event's ``evidence`` attribute counts each group once — ten papers printing one agency wire are one report.
    """
    entities, mentions, events = Resolver(_kb()).resolve(store.documents(annotations=True))
    from marsad.syndication import evidence_weight

    for ev in events:
        ev.attrs["evidence"] = evidence_weight({s.doc for s in ev.sources}, copies or {})
    with store.transaction():
        store.replace_knowledge(entities, mentions, events)
