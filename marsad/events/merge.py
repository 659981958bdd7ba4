"""One record per real-world event across articles.

Two article-level events are the same event when they agree on what can tell them apart: the same series (or, with no
series, the same kind of gathering and place) with dates that overlap, or the same edition. They are different when a
distinguishing fact disagrees — two editions of a forum, two meetings of the same ministers on different days.
Merged records keep every source, the most precise dates and place, and the union of participants.

Deciding which reports are one event needs only a few facts of each (:class:`EventKey`), so a corpus-wide pass can
cluster with those alone (:func:`cluster_events`) and build each merged record (:func:`combine`) from its members
when they are read again: the full article-level events never need to be held all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from marsad.model import Event, Participant, stable_id

GATHERING = {"summit", "forum", "conference", "exhibition"}


def _class(t: str) -> str:
    return "gathering" if t in GATHERING else t


def _range(value: str | None, end: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    lo = value + "-01-01"[len(value) - 4:] if len(value) < 10 else value
    last = end or value
    hi = last + "-12-31"[len(last) - 4:] if len(last) < 10 else last
    return lo, hi


class EventKey(NamedTuple):
    """What :func:`same_event` compares of an article-level event: small enough to hold for a whole corpus."""

    type: str
    edition: int | None
    start: str | None
    end: str | None
    location: str | None
    series: str | None
    entities: frozenset[str]  # the participants' entity ids
    docs: frozenset[str] = frozenset()  # the articles that report it: two events of one article stay two


def event_key(ev: Event) -> EventKey:
    return EventKey(ev.type, ev.edition, ev.start, ev.end, ev.location, ev.series,
                    frozenset(p.entity for p in ev.participants), frozenset(s.doc for s in ev.sources))


def dates_overlap(a: Event | EventKey, b: Event | EventKey) -> bool | None:
    """True/False when both are dated, None when either is not."""
    ra, rb = _range(a.start, a.end), _range(b.start, b.end)
    if ra is None or rb is None:
        return None
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def same_event(a: Event | EventKey, b: Event | EventKey, area: Callable[[str], set[str]] | None = None) -> bool:
    """Do two article-level events report one real-world event?"""
    if isinstance(a, Event):
        a = event_key(a)
    if isinstance(b, Event):
        b = event_key(b)
    if _class(a.type) != _class(b.type):
        return False
    if a.docs & b.docs:
        return False  # the article itself told them apart ("اجتماع ثلاثي آخر"), with more context than we have here
    if a.edition and b.edition and a.edition != b.edition:
        return False
    overlap = dates_overlap(a, b)
    if overlap is False:
        return False
    if a.location and b.location and a.location != b.location:
        near = area or (lambda x: {x})
        if not (near(a.location) & near(b.location)):
            return False
    if a.series and b.series:
        if a.series != b.series:
            return False
        if overlap is None and not a.edition and not b.edition and not (a.start or b.start):
            return True  # two undated, edition-less reports of one series at one place: one record of it
        return bool(overlap or (a.edition and a.edition == b.edition))
    if a.series or b.series:
        return False
    if not overlap:
        return False
    both_day = all(e.start and len(e.start) == 10 for e in (a, b))
    shared = a.entities & b.entities
    same_place = bool(a.location and b.location and (
        a.location == b.location or area is not None and (a.location in area(b.location)
                                                          or b.location in area(a.location))))  # Doha, in Qatar
    if both_day:
        return same_place or len(shared) >= 2
    # one report dates it to the day, the other to the month it lies in ("في منتصف يونيو"): the same two sides
    # meeting in the same place that month is the same meeting
    one_day = any(e.start and len(e.start) == 10 for e in (a, b))
    return one_day and same_place and len(shared) >= 2


def _attach_undated(events: Sequence[EventKey], blocks: dict[str, list[int]], find: Callable[[int], int],
                    parent: list[int]) -> None:
    """An undated, edition-less report of a series ("منتدى سانت بطرسبرغ الأخير") joins the series' only dated
    occurrence when there is exactly one; with several, it cannot be told which and stays apart."""
    for key, idx in blocks.items():
        if not key.startswith("s:"):
            continue
        dated = {find(i) for i in idx if events[i].start or events[i].edition}
        if len(dated) != 1:
            continue
        root = dated.pop()
        for i in idx:
            ev = events[i]
            if not ev.start and not ev.edition and find(i) != root:
                parent[find(i)] = root


def _precision(value: str | None) -> int:
    return len(value or "")


def cluster_events(keys: Sequence[EventKey], area: Callable[[str], set[str]] | None = None) -> list[int]:
    """For each article-level event, the index of the first event of its cluster (union-find over
    :func:`same_event`): events with the same value are one real-world event."""
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Candidates are compared only within a block: a series, or — without one — a kind of event in one month (events
    # of no series merge only on overlapping dates; undated ones without a series never do). Quadratic work stays
    # within blocks of a few events, however large the corpus.
    blocks: dict[str, list[int]] = {}
    for i, ev in enumerate(keys):
        if ev.series:
            key = f"s:{ev.series}"
        elif ev.start:
            key = f"c:{_class(ev.type)}:{ev.start[:7]}"
        else:
            continue
        blocks.setdefault(key, []).append(i)
    for idx in blocks.values():
        for n, i in enumerate(idx):
            for j in idx[n + 1:]:
                if find(i) != find(j) and same_event(keys[i], keys[j], area):
                    parent[find(j)] = find(i)
    _attach_undated(keys, blocks, find, parent)
    first: dict[int, int] = {}
    return [first.setdefault(find(i), i) for i in range(len(keys))]


def merge_events(events: list[Event], area: Callable[[str], set[str]] | None = None) -> list[Event]:
    """Cluster article-level events and merge each cluster into one record, in the order clusters first appear."""
    clusters: dict[int, list[Event]] = {}
    for ev, head in zip(events, cluster_events([event_key(e) for e in events], area), strict=True):
        clusters.setdefault(head, []).append(ev)
    return [combine(c) for c in clusters.values()]


def combine(cluster: list[Event]) -> Event:
    """One record of a cluster's article-level events (given in reading order)."""
    if len(cluster) == 1:
        ev = cluster[0]
        ev.id = _event_id([ev])
        return ev
    best_dates = max(cluster, key=lambda e: (_precision(e.start), e.end is not None and e.end != e.start))
    located = [e.location for e in cluster if e.location]
    statuses = [e.status for e in cluster if e.status != "unknown"]
    participants: dict[str, Participant] = {}
    for e in cluster:
        for p in e.participants:
            if p.entity not in participants or (p.role and not participants[p.entity].role):
                participants[p.entity] = p
    sources = []
    seen = set()
    for e in cluster:
        for s in e.sources:
            if (s.doc, s.start, s.end) not in seen:
                seen.add((s.doc, s.start, s.end))
                sources.append(s)
    named = max(cluster, key=lambda e: len(e.name_ar or ""))
    first = cluster[0]
    merged = Event(
        id=_event_id(cluster),
        type=_dominant([e.type for e in cluster]),
        name_ar=named.name_ar,
        name_en=next((e.name_en for e in cluster if e.name_en), None),
        series=next((e.series for e in cluster if e.series), None),
        edition=next((e.edition for e in cluster if e.edition), None),
        status=max(statuses, key=statuses.count) if statuses else first.status,  # a tie: the earliest report's
        start=best_dates.start,
        end=best_dates.end,
        location=max(located, key=located.count) if located else None,
        participants=list(participants.values()),
        sources=sources,
        figures=[f for e in cluster for f in e.figures],
        attrs={**first.attrs, "articles": len({s.doc for s in sources}),
               "anchors": sorted({tuple(a) for e in cluster for a in e.attrs.get("anchors", [])})},
    )
    return merged


def _event_id(cluster: list[Event]) -> str:
    """Derived from the first trigger (document, offset) reporting the event: stable across runs."""
    anchors = sorted(tuple(a) for e in cluster for a in e.attrs.get("anchors", []))
    if not anchors:
        anchors = sorted((s.doc, s.start) for e in cluster for s in e.sources)
    return stable_id("v", *anchors[0]) if anchors else stable_id("v", id(cluster))


def _dominant(types: list[str]) -> str:
    for t in ("summit", "forum", "conference", "exhibition"):
        if t in types:
            return t
    return max(types, key=types.count)  # a tie: the earliest report's (max keeps the first of equals)
