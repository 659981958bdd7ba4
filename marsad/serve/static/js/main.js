// The page's router: #/events, #/event/ID, #/doc/ID, #/entity/ID, #/search?q=, #/graph, #/calendar, #/map, #/add.
// Each view gets a fresh container, the route's argument and its query; a newer navigation wins over a slower one.

import { api } from "./api.js";
import { calendarView } from "./calendar.js";
import { failure } from "./common.js";
import { h } from "./dom.js";
import { graphView } from "./graph.js";
import { applyStatic, currentLang, fmtNumber, setLang, t } from "./i18n.js";
import { mapView } from "./map.js";
import { addView, docView, entityView, eventsView, eventView, searchView } from "./views.js";

const ROUTES = { events: eventsView, event: eventView, doc: docView, entity: entityView, search: searchView,
  graph: graphView, calendar: calendarView, map: mapView, add: addView };
const NAV_OF = { event: "events", doc: "search", entity: "events" };
let seq = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  const [route, ...rest] = path.split("/");
  let arg = rest.join("/");
  try { arg = decodeURIComponent(arg); } catch { /* keep as typed */ }
  return { route: ROUTES[route] ? route : "events", arg, params: new URLSearchParams(q < 0 ? "" : raw.slice(q + 1)) };
}

async function render() {
  const { route, arg, params } = parseHash();
  const mine = ++seq;
  const root = document.getElementById("view");
  const view = h("div", { class: `view view-${route}` });
  root.replaceChildren(view);
  const active = NAV_OF[route] || route;
  for (const a of document.querySelectorAll("#nav a")) {
    a.classList.toggle("active", a.dataset.route === active);
    if (a.dataset.route === active) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  document.body.classList.add("busy");
  try {
    await ROUTES[route](view, arg, params);
  } catch (err) {
    if (mine === seq) view.append(err.status === 404 ? h("p", { class: "error" }, `${t("notFound")}: ${err.message}`) : failure(err));
  } finally {
    if (mine === seq) {
      document.body.classList.remove("busy");
      view.dataset.ready = "1"; // the view has finished loading (browser tests wait for it)
    }
  }
}

async function footer() {
  try {
    const info = await api("info");
    const c = info.counts;
    document.getElementById("counts").textContent =
      `${fmtNumber(c.documents)} ${t("article")} · ${fmtNumber(c.entities)} ${t("entity")} · ${t("eventsCount", { n: c.events })}`;
    document.getElementById("add-link").hidden = !info.write;
  } catch { /* the footer is a nicety */ }
}

document.getElementById("lang").addEventListener("click", () => {
  setLang(currentLang() === "ar" ? "en" : "ar");
  render();
  footer();
});
window.addEventListener("hashchange", render);
applyStatic();
if (!location.hash) history.replaceState(null, "", "#/events");
render();
footer();
