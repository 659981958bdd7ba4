// A world map of event places: the bundled world-atlas countries drawn as SVG with a plain equirectangular
// projection (no tiles, no network), one circle per place sized by its number of events.

import { api } from "./api.js";
import { entityLink, filterForm, filterParams } from "./common.js";
import { h, loadScript } from "./dom.js";
import { fmtNumber, nameOf, t } from "./i18n.js";
import { countries } from "./views.js";

const NS = "http://www.w3.org/2000/svg";
const W = 960, TOP = 84, BOTTOM = -58; // Antarctica and the far north carry no events: crop them
const H = (W * (TOP - BOTTOM)) / 360;
const px = (lon) => ((lon + 180) / 360) * W;
const py = (lat) => ((TOP - lat) / (TOP - BOTTOM)) * H;
let world = null;

function svg(tag, attrs = {}) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

/** SVG path data of one ring; rings crossing the antimeridian are unwrapped and drawn on both edges. */
function ringPaths(ring) {
  const pts = [];
  let shift = 0;
  for (let i = 0; i < ring.length; i++) {
    let [x, y] = ring[i];
    x += shift;
    if (i && Math.abs(x - pts[i - 1][0]) > 180) {
      shift += pts[i - 1][0] > x ? 360 : -360;
      x = ring[i][0] + shift;
    }
    pts.push([x, y]);
  }
  const xs = pts.map((p) => p[0]);
  const offsets = [0];
  if (Math.max(...xs) > 180) offsets.push(-360);
  if (Math.min(...xs) < -180) offsets.push(360);
  return offsets.map((o) => `M${pts.map(([x, y]) => `${px(x + o).toFixed(1)},${py(y).toFixed(1)}`).join("L")}Z`).join("");
}

async function worldPaths() {
  if (!world) {
    await loadScript("/static/vendor/topojson-client/topojson-client.min.js");
    const topo = await (await fetch("/static/vendor/world-atlas/countries-110m.json")).json();
    world = window.topojson.feature(topo, topo.objects.countries).features
      .filter((f) => f.id !== "010")
      .map((f) => {
        const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
        return { name: f.properties.name, d: polys.flat().map(ringPaths).join("") };
      });
  }
  return world;
}

export async function mapView(view, _arg, params) {
  view.append(h("h1", {}, t("nav.map")), h("p", { class: "help" }, t("mapHelp")),
    filterForm("map", params, await countries()));
  const [data, shapes] = await Promise.all([api("places", filterParams(params)), worldPaths()]);
  const map = svg("svg", { viewBox: `0 0 ${W} ${H.toFixed(1)}`, class: "worldmap", id: "worldmap", role: "img",
    "aria-label": t("nav.map") });
  const land = svg("g", { class: "land" });
  for (const s of shapes) {
    const p = svg("path", { d: s.d });
    const title = svg("title");
    title.textContent = s.name;
    p.append(title);
    land.append(p);
  }
  map.append(land);
  const dots = svg("g", { class: "dots" });
  const max = Math.max(1, ...data.places.map((p) => p.events));
  for (const place of [...data.places].sort((a, b) => b.events - a.events)) {
    const link = svg("a", { href: `#/events?entity=${encodeURIComponent(place.id)}` });
    const c = svg("circle", { cx: px(place.lon).toFixed(1), cy: py(place.lat).toFixed(1),
      r: (4 + 14 * Math.sqrt(place.events / max)).toFixed(1), class: "dot", "data-id": place.id });
    const title = svg("title");
    title.textContent = `${nameOf(place)} — ${t("eventsCount", { n: place.events })}`;
    c.append(title);
    link.append(c);
    dots.append(link);
  }
  map.append(dots);
  view.append(h("div", { class: "map-wrap" }, map));
  const row = (p) => h("li", {}, entityLink(p), ` — ${t("eventsCount", { n: p.events })}`);
  view.append(h("ul", { class: "places" }, data.places.map(row)));
  if (data.unplaced.length) {
    view.append(h("h2", {}, `${t("unplaced")} (${fmtNumber(data.unplaced.length)})`),
      h("ul", { class: "places" }, data.unplaced.map(row)));
  }
}
