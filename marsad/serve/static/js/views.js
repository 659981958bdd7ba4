// The list and detail views: events (timeline), one event with its evidence, an article, an entity, search, add.

import { api, postDocument } from "./api.js";
import { chip, entityLink, eventCard, failure, filterForm, filterParams, metaLine, pager } from "./common.js";
import { h, markedText } from "./dom.js";
import { fmtDate, fmtNumber, fmtRange, nameOf, t } from "./i18n.js";

const LIMIT = 50;
let countriesCache = null;

export async function countries() {
  if (!countriesCache) {
    try {
      countriesCache = (await api("entities", { type: "GPE", limit: 200 })).items;
    } catch { countriesCache = []; }
  }
  return countriesCache;
}

/** The events timeline: filters, then events grouped by year, sorted by date. */
export async function eventsView(view, _arg, params) {
  const offset = Number(params.get("offset") || 0);
  const data = await api("events", { ...filterParams(params), limit: LIMIT, offset });
  view.append(h("h1", {}, t("nav.events")), filterForm("events", params, await countries()));
  view.append(h("p", { class: "count", id: "events-count" }, t("eventsCount", { n: data.total })));
  if (!data.items.length) {
    view.append(h("p", { class: "empty" }, t("none")));
    return;
  }
  const list = h("div", { class: "timeline", id: "events" });
  let year = null;
  for (const ev of data.items) {
    const y = ev.start ? ev.start.slice(0, 4) : t("undated");
    if (y !== year) {
      year = y;
      list.append(h("h2", { class: "year" }, y));
    }
    list.append(eventCard(ev));
  }
  view.append(list, pager("events", params, data.total, LIMIT, offset));
}

/** One event: what, when, where, who — and the evidence, highlighted inside each article's text. */
export async function eventView(view, id) {
  const ev = await api(`events/${encodeURIComponent(id)}`);
  view.append(h("p", { class: "crumbs" }, h("a", { href: "#/events" }, t("nav.events")), " › ", t(`type.${ev.type}`)));
  view.append(h("h1", {}, nameOf(ev) || t(`type.${ev.type}`)));
  const facts = h("dl", { class: "facts" });
  const fact = (label, ...value) => facts.append(h("dt", {}, label), h("dd", {}, ...value));
  fact(t("type"), chip("type", ev.type), " ", chip("status", ev.status));
  fact(t("dates"), fmtRange(ev.start, ev.end));
  if (ev.location) fact(t("place"), entityLink(ev.location));
  if (ev.series) fact(t("series"), entityLink(ev.series), ev.edition ? ` — ${t("edition")} ${fmtNumber(ev.edition)}` : "");
  else if (ev.edition) fact(t("edition"), fmtNumber(ev.edition));
  if (ev.participants.length) {
    fact(t("participants"), h("ul", { class: "participants" }, ev.participants.map((p) =>
      h("li", {}, entityLink(p), p.role ? h("span", { class: "role" }, ` — ${p.role}`) : null))));
  }
  if (ev.figures && ev.figures.length) {
    fact(t("figures"), h("ul", {}, ev.figures.map((f) => h("li", {}, f.text || JSON.stringify(f)))));
  }
  fact(t("plover"), h("code", {}, ev.plover));
  const other = document.documentElement.lang === "ar" ? ev.name_en : ev.name_ar;
  view.append(other && other !== nameOf(ev) ? h("p", { class: "other-name" }, other) : null, facts);

  view.append(h("h2", {}, t("evidence")), h("p", { class: "help" }, t("evidenceHelp")));
  const byDoc = new Map();
  for (const item of ev.evidence) {
    if (!item.doc) continue;
    if (!byDoc.has(item.doc.id)) byDoc.set(item.doc.id, { doc: item.doc, items: [] });
    byDoc.get(item.doc.id).items.push(item);
  }
  const articles = await Promise.all([...byDoc.keys()].map((d) => api(`documents/${encodeURIComponent(d)}`)));
  let first = null;
  for (const [i, { doc, items }] of [...byDoc.values()].entries()) {
    const full = articles[i];
    const section = h("section", { class: "evidence", dataset: { doc: doc.id } },
      h("h3", {}, h("a", { href: `#/doc/${encodeURIComponent(doc.id)}` }, doc.title || doc.source)),
      metaLine(doc.outlet, doc.published ? fmtDate(doc.published) : null, doc.source),
      items.map((it) => h("blockquote", { class: "quote" }, it.quote)));
    const spans = items.map((it) => ({ start: it.start, end: it.end, cls: "evidence", data: { evidence: "1" } }));
    const body = h("div", { class: "article-text", lang: "ar", dir: "rtl" });
    body.append(markedText(full.text, spans));
    section.append(h("details", { open: true }, h("summary", {}, t("openArticle")), body));
    view.append(section);
    first = first || body.querySelector("mark.evidence");
  }
  if (first) requestAnimationFrame(() => first.scrollIntoView({ block: "center" }));
}

/** An article with its mentions highlighted and linked, and the events it states. */
export async function docView(view, id, params) {
  const doc = await api(`documents/${encodeURIComponent(id)}`);
  view.append(h("h1", { lang: "ar", dir: "rtl" }, doc.title || doc.source));
  const meta = metaLine(doc.outlet, doc.published ? fmtDate(doc.published) : null, doc.source);
  if (doc.url) meta.append(" · ", h("a", { href: doc.url, rel: "noreferrer noopener" }, "URL"));
  view.append(meta);
  if (doc.events.length) {
    view.append(h("h2", {}, t("citedBy")), h("div", { class: "timeline" }, doc.events.map(eventCard)));
  }
  const highlight = params.get("event");
  const spans = doc.mentions.map((m) => ({
    start: m.start, end: m.end, cls: `mention m-${(m.type || "x").toLowerCase()}`,
    href: m.entity ? `#/entity/${encodeURIComponent(m.entity)}` : null,
    title: [t(`etype.${m.type}`), m.role].filter(Boolean).join(" — "),
  }));
  for (const ev of doc.events) {
    if (highlight && ev.id !== highlight) continue;
    for (const s of ev.spans) spans.unshift({ start: s.start, end: s.end, cls: "evidence" });
  }
  const body = h("div", { class: "article-text", lang: "ar", dir: "rtl" });
  body.append(markedText(doc.text, highlight ? spans.filter((s) => s.cls === "evidence") : spans));
  view.append(h("h2", {}, t("article")), body);
  const seen = new Map();
  for (const m of doc.mentions) if (m.entity && !seen.has(m.entity)) seen.set(m.entity, m);
  if (seen.size) {
    view.append(h("h2", {}, t("mentioned")), h("p", { class: "tags" },
      [...seen.values()].map((m) => entityLink({ id: m.entity, type: m.type, name_ar: m.name_ar, name_en: m.name_en }))));
  }
}

/** An entity's profile: names and spellings, roles over time, events, and whom it meets most. */
export async function entityView(view, id, params) {
  const offset = Number(params.get("offset") || 0);
  const ent = await api(`entities/${encodeURIComponent(id)}`, { limit: LIMIT, offset });
  view.append(h("p", { class: "crumbs" }, t(`etype.${ent.type}`)), h("h1", {}, nameOf(ent)));
  const facts = h("dl", { class: "facts" });
  const fact = (label, ...value) => facts.append(h("dt", {}, label), h("dd", {}, ...value));
  fact(t("names"), h("span", { class: "names" }, ent.names.join(" · ")));
  if (ent.wikidata) {
    fact(t("wikidata"), h("a", { href: `https://www.wikidata.org/wiki/${encodeURIComponent(ent.wikidata)}`,
      rel: "noreferrer noopener" }, ent.wikidata));
  }
  fact(t("mentions"), fmtNumber(ent.mentions));
  view.append(facts);
  if (ent.variants.length) {
    view.append(h("h2", {}, t("names")), h("ul", { class: "variants" },
      ent.variants.map((v) => h("li", {}, h("span", { lang: "ar" }, v.text), ` — ${fmtNumber(v.count)} ${t("times")}`))));
  }
  if (ent.roles.length) {
    view.append(h("h2", {}, t("roles")), h("table", { class: "roles" },
      h("thead", {}, h("tr", {}, h("th", {}, t("role")), h("th", {}, t("firstSeen")), h("th", {}, t("lastSeen")),
        h("th", {}, t("mentions")))),
      h("tbody", {}, ent.roles.map((r) => h("tr", {}, h("td", {}, r.role), h("td", {}, fmtDate(r.first) || "—"),
        h("td", {}, fmtDate(r.last) || "—"), h("td", {}, fmtNumber(r.count)))))));
  }
  if (ent.partners.length) {
    view.append(h("h2", {}, t("partners")), h("ul", { class: "partners" }, ent.partners.map((p) =>
      h("li", {}, entityLink(p), h("span", { class: "meta" }, ` — ${t("sharedEvents", { n: p.events })}`)))));
  }
  view.append(h("h2", {}, `${t("eventsOf")} (${fmtNumber(ent.events.total)})`));
  view.append(h("div", { class: "timeline" }, ent.events.items.map(eventCard)),
    pager(`entity/${encodeURIComponent(id)}`, params, ent.events.total, LIMIT, offset));
}

/** Full-text search over the articles, with the server's highlighted snippets. */
export async function searchView(view, _arg, params) {
  const q = params.get("q") || "";
  const offset = Number(params.get("offset") || 0);
  const input = h("input", { type: "search", name: "q", id: "search-q", value: q, maxlength: "200", required: true,
    placeholder: t("search") });
  const form = h("form", { class: "searchbar", role: "search" }, input,
    h("button", { type: "submit", class: "primary" }, t("searchBtn")));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) location.hash = `#/search?q=${encodeURIComponent(input.value.trim())}`;
  });
  view.append(h("h1", {}, t("nav.search")), form, h("p", { class: "help" }, t("searchHint")));
  if (!q) {
    input.focus();
    return;
  }
  const data = await api("search", { q, limit: 20, offset });
  const list = h("ol", { class: "hits", id: "hits", start: offset + 1 });
  for (const hit of data.items) {
    const snippet = h("p", { class: "snippet", lang: "ar", dir: "rtl" });
    snippet.innerHTML = hit.snippet; // server-escaped text; its only markup is <mark>
    list.append(h("li", {},
      h("h3", { lang: "ar", dir: "rtl" }, h("a", { href: `#/doc/${encodeURIComponent(hit.id)}` }, hit.title || hit.source)),
      metaLine(hit.outlet, hit.published ? fmtDate(hit.published) : null, hit.source),
      snippet));
  }
  view.append(data.items.length ? list : h("p", { class: "empty" }, t("none")));
  const nav = h("nav", { class: "pager" });
  if (offset > 0) nav.append(h("a", { class: "button", href: `#/search?q=${encodeURIComponent(q)}&offset=${Math.max(0, offset - 20)}` }, t("prev")));
  if (data.more) nav.append(h("a", { class: "button", href: `#/search?q=${encodeURIComponent(q)}&offset=${offset + 20}` }, t("next")));
  if (nav.childNodes.length) view.append(nav);
}

/** Adding an article (shown only when the server has a token): text or HTML in, its extraction out. */
export async function addView(view) {
  const token = h("input", { type: "password", id: "add-token", autocomplete: "off",
    value: sessionStorage.getItem("marsad.token") || "" });
  const text = h("textarea", { id: "add-text", rows: 12, lang: "ar", dir: "rtl" });
  const isHtml = h("input", { type: "checkbox", id: "add-html" });
  const out = h("div", { id: "add-result" });
  const form = h("form", { class: "add" },
    h("label", { class: "field" }, h("span", {}, t("token")), token),
    h("label", { class: "field wide" }, h("span", {}, t("articleText")), text),
    h("label", { class: "check" }, isHtml, " ", t("html")),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("add"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    out.replaceChildren(h("p", { class: "loading" }, t("loading")));
    sessionStorage.setItem("marsad.token", token.value);
    try {
      const res = await postDocument(isHtml.checked ? { html: text.value } : { text: text.value }, token.value);
      out.replaceChildren(h("p", { class: "ok" }, t("added")), h("ul", {}, res.documents.map((d) =>
        h("li", {}, h("a", { href: `#/doc/${encodeURIComponent(d.id)}` }, d.title || d.id),
          ` — ${fmtNumber(d.mentions.length)} ${t("mentions")}, ${t("eventsCount", { n: d.events.length })}`))));
    } catch (err) {
      out.replaceChildren(failure(err));
    }
  });
  view.append(h("h1", {}, t("addTitle")), h("p", { class: "help" }, t("addHelp")), form, out);
}
