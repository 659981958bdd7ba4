// Pieces several views share: the filter form, event cards, entity links, pagination, loading and error states.

import { h } from "./dom.js";
import { EVENT_STATUSES, EVENT_TYPES, fmtNumber, fmtRange, nameOf, t } from "./i18n.js";

export const FILTER_KEYS = ["from", "to", "type", "status", "country", "q", "entity", "series"];

/** The filters in ``params`` that the API understands (and only those). */
export function filterParams(params) {
  const out = {};
  for (const k of FILTER_KEYS) if (params.get(k)) out[k] = params.get(k);
  return out;
}

export function entityLink(ref, extra = null) {
  if (!ref) return null;
  return h("a", { href: `#/entity/${encodeURIComponent(ref.id)}`, class: `ent ent-${(ref.type || "x").toLowerCase()}` },
    nameOf(ref), extra);
}

export function chip(kind, value) {
  return h("span", { class: `chip ${kind}-${value}` }, t(`${kind}.${value}`));
}

export function eventCard(ev) {
  const people = ev.participants.slice(0, 6);
  return h("article", { class: `event-card status-${ev.status}`, dataset: { id: ev.id } },
    h("div", { class: "when" }, fmtRange(ev.start, ev.end)),
    h("div", { class: "what" },
      h("h3", {}, h("a", { href: `#/event/${encodeURIComponent(ev.id)}` }, nameOf(ev) || t(`type.${ev.type}`))),
      h("div", { class: "chips" }, chip("type", ev.type), chip("status", ev.status),
        ev.location ? h("span", { class: "place" }, `${t("place")}: `, entityLink(ev.location)) : null),
      people.length ? h("div", { class: "people" }, people.map((p, i) => [i ? "، " : "", entityLink(p)]),
        ev.participants.length > people.length ? ` +${ev.participants.length - people.length}` : "") : null,
      h("div", { class: "meta" }, `${t("sources")}: ${fmtNumber(ev.sources)}`)));
}

/**
 * The events filter form; submitting it navigates to ``#/{route}?filters`` so every view is a shareable link.
 * ``countries`` fills the country suggestions.
 */
export function filterForm(route, params, countries = []) {
  const val = (k) => params.get(k) || "";
  const select = (name, values, prefix) => h("select", { name, id: `f-${name}` },
    h("option", { value: "" }, t("any")),
    values.map((v) => h("option", { value: v, selected: val(name) === v }, t(`${prefix}.${v}`))));
  const field = (name, label, control) => h("label", { class: "field", for: `f-${name}` }, h("span", {}, label), control);
  const form = h("form", { class: "filters", role: "search" },
    field("from", t("from"), h("input", { type: "date", name: "from", id: "f-from", value: val("from") })),
    field("to", t("to"), h("input", { type: "date", name: "to", id: "f-to", value: val("to") })),
    field("type", t("type"), select("type", EVENT_TYPES, "type")),
    field("status", t("status"), select("status", EVENT_STATUSES, "status")),
    field("country", t("country"), h("input", { type: "text", name: "country", id: "f-country", value: val("country"),
      list: "countries", autocomplete: "off", maxlength: "200" })),
    field("q", t("text"), h("input", { type: "search", name: "q", id: "f-q", value: val("q"), maxlength: "200" })),
    h("datalist", { id: "countries" }, countries.map((c) => h("option", { value: nameOf(c) }))),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary" }, t("apply")),
      h("a", { href: `#/${route}`, class: "button" }, t("reset"))));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim()) next.set(k, String(v).trim());
    for (const k of ["entity", "series"]) if (params.get(k)) next.set(k, params.get(k));
    location.hash = `#/${route}${next.toString() ? `?${next}` : ""}`;
  });
  return form;
}

export function pager(route, params, total, limit, offset) {
  if (total <= limit) return null;
  const go = (off) => {
    const p = new URLSearchParams(params);
    if (off) p.set("offset", off); else p.delete("offset");
    return `#/${route}?${p}`;
  };
  return h("nav", { class: "pager" },
    offset > 0 ? h("a", { href: go(Math.max(0, offset - limit)), class: "button" }, t("prev")) : null,
    h("span", {}, t("page", { p: Math.floor(offset / limit) + 1 })),
    offset + limit < total ? h("a", { href: go(offset + limit), class: "button" }, t("next")) : null);
}

export const loading = () => h("p", { class: "loading" }, t("loading"));

export function failure(err) {
  return h("p", { class: "error", role: "alert" }, `${t("error")}: ${err.message || err}`);
}

/** A line of article facts (outlet · date · source file); each part isolated so Latin names keep their order. */
export function metaLine(...parts) {
  return h("p", { class: "meta" }, parts.filter(Boolean).map((part, i) => [i ? " · " : "", h("bdi", {}, part)]));
}
