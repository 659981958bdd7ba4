"""GEXF 1.3 (the format Gephi opens) of the actor network, written with the standard library's ElementTree."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from marsad.store.base import EventFilter, Store

from .graph import actor_network

GEXF_NS = "http://gexf.net/1.3"
_NODE_ATTRS = (("type", "string"), ("name_ar", "string"), ("name_en", "string"), ("wikidata", "string"),
               ("events", "integer"))


def gexf_bytes(network: dict[str, Any], description: str = "Marsad actor network") -> bytes:
    """The network as a GEXF document: undirected edges weighted by shared events, node attributes for Gephi."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": datetime.now(UTC).date().isoformat()})
    ET.SubElement(meta, "creator").text = "Marsad"
    ET.SubElement(meta, "description").text = description
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "undirected", "mode": "static"})
    attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    for name, kind in _NODE_ATTRS:
        ET.SubElement(attrs, "attribute", {"id": name, "title": name, "type": kind})
    nodes = ET.SubElement(graph, "nodes")
    for node in network["nodes"]:
        label = node.get("name_en") or node.get("name_ar") or node["id"]
        el = ET.SubElement(nodes, "node", {"id": node["id"], "label": label})
        values = ET.SubElement(el, "attvalues")
        for name, _ in _NODE_ATTRS:
            if node.get(name) is not None:
                ET.SubElement(values, "attvalue", {"for": name, "value": str(node[name])})
    edges = ET.SubElement(graph, "edges")
    for i, edge in enumerate(network["edges"]):
        ET.SubElement(edges, "edge", {"id": str(i), "source": edge["source"], "target": edge["target"],
                                      "weight": str(float(edge["weight"]))})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def export_gexf(store: Store, flt: EventFilter | None = None) -> tuple[bytes, int]:
    """The whole actor network of the events matching ``flt`` as GEXF, and its number of nodes."""
    network = actor_network(store, flt)
    return gexf_bytes(network), len(network["nodes"])
