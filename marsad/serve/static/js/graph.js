// The actor network drawn with Cytoscape.js (vendored): node size by events, edge width by shared events.

import { api } from "./api.js";
import { failure, filterForm, filterParams } from "./common.js";
import { h, loadScript } from "./dom.js";
import { fmtNumber, nameOf, t } from "./i18n.js";
import { countries } from "./views.js";

const COLORS = { PERSON: "#b45309", ORG: "#0f766e", GPE: "#1d4ed8", LOC: "#4338ca", FAC: "#6b7280",
  EVENT_SERIES: "#a21caf" };
const FONT = "Noto Naskh Arabic, Noto Sans Arabic, Segoe UI, Tahoma, DejaVu Sans, sans-serif";

export async function graphView(view, _arg, params) {
  view.append(h("h1", {}, t("nav.graph")), h("p", { class: "help" }, t("graphHelp")),
    filterForm("graph", params, await countries()));
  const [data] = await Promise.all([
    api("graph", { ...filterParams(params), max_edges: 300, max_nodes: 150 }),
    loadScript("/static/vendor/cytoscape/cytoscape.min.js"),
  ]);
  if (!data.nodes.length) {
    view.append(h("p", { class: "empty" }, t("graphEmpty")));
    return;
  }
  const box = h("div", { id: "cy", class: "graph", role: "img", "aria-label": t("nav.graph") });
  const legend = h("p", { class: "legend" }, Object.entries(COLORS).map(([type, color]) =>
    h("span", { class: "key" }, h("i", { style: `background:${color}` }), t(`etype.${type}`))));
  view.append(box, legend, h("p", { class: "meta" },
    `${fmtNumber(data.nodes.length)} · ${fmtNumber(data.edges.length)}`));
  const maxEvents = Math.max(1, ...data.nodes.map((n) => n.events));
  const maxWeight = Math.max(1, ...data.edges.map((e) => e.weight));
  try {
    const cy = window.cytoscape({
      container: box,
      elements: [
        ...data.nodes.map((n) => ({ data: { id: n.id, label: nameOf(n), type: n.type || "", events: n.events } })),
        ...data.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, weight: e.weight } })),
      ],
      style: [
        { selector: "node", style: {
          "background-color": (el) => COLORS[el.data("type")] || "#64748b",
          width: (el) => 16 + 40 * Math.sqrt(el.data("events") / maxEvents),
          height: (el) => 16 + 40 * Math.sqrt(el.data("events") / maxEvents),
          label: "data(label)", "font-family": FONT, "font-size": 13, color: "#0f172a",
          "text-valign": "bottom", "text-margin-y": 4, "text-outline-color": "#fff", "text-outline-width": 2,
        } },
        { selector: "edge", style: {
          width: (el) => 1 + 7 * (el.data("weight") / maxWeight), "line-color": "#94a3b8", opacity: 0.75,
          "curve-style": "haystack",
        } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#f59e0b" } },
      ],
      // spread out: labels are long Arabic names, so nodes need more room than cose's defaults give
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 40000, idealEdgeLength: () => 120,
        nodeOverlap: 40, gravity: 0.5, padding: 30 },
    });
    cy.on("tap", "node", (e) => { location.hash = `#/entity/${encodeURIComponent(e.target.id())}`; });
    window.marsadGraph = cy; // lets tests and curious analysts inspect the drawn network from the console
  } catch (err) {
    view.append(failure(err));
  }
}
