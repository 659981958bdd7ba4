"""The actor network: entities that take part in events, linked by how many events they shared.

One builder for the API (``/api/graph``), the page and the GEXF export, so Gephi shows what the page draws.
"""

from __future__ import annotations

from typing import Any

from marsad.store.base import EventFilter, Store


def actor_network(store: Store, flt: EventFilter | None = None, max_edges: int = 100_000,
                  max_nodes: int = 100_000) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}`` for the events matching ``flt``.

    Nodes are participants with their event count; edges join two participants of the same event, weighted by the
    number of events they shared. The heaviest ``max_edges`` edges are kept, and nodes are those edges' ends plus
    the busiest remaining participants up to ``max_nodes`` — so a capped graph still shows the core of the network.
    """
    counts, pairs = store.actor_network(flt, max_edges)
    keep: dict[str, int] = {}
    for a, b, _ in pairs:
        keep.setdefault(a, 0)
        keep.setdefault(b, 0)
    for ent_id, n in counts:
        if ent_id in keep or len(keep) < max_nodes:
            keep[ent_id] = n
    pairs = [p for p in pairs if p[0] in keep and p[1] in keep]
    ents = store.entities_by_id(keep)
    nodes = []
    for ent_id, n in sorted(keep.items(), key=lambda kv: (-kv[1], kv[0])):
        ent = ents.get(ent_id)
        nodes.append({
            "id": ent_id,
            "type": ent.type if ent else None,
            "name_ar": ent.name_ar if ent else None,
            "name_en": ent.name_en if ent else None,
            "wikidata": ent.wikidata if ent else None,
            "events": n,
        })
    edges = [{"source": a, "target": b, "weight": w} for a, b, w in pairs]
    return {"nodes": nodes, "edges": edges}
