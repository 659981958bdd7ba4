// A month grid of events; planned ones stand out. Opens on the month of the next planned event (or the last one).

import { api } from "./api.js";
import { h } from "./dom.js";
import { currentLang, fmtNumber, monthName, nameOf, t, weekdayNames } from "./i18n.js";

const pad = (n) => String(n).padStart(2, "0");

async function defaultMonth() {
  const today = new Date().toISOString().slice(0, 10);
  const next = await api("events", { status: "planned", from: today, limit: 1 });
  let pick = next.items[0] && next.items[0].start;
  if (!pick) {
    const planned = await api("events", { status: "planned", limit: 200 });
    const dated = planned.items.filter((e) => e.start);
    pick = dated.length ? dated[dated.length - 1].start : null;
  }
  return (pick && pick.length >= 7 ? pick : today).slice(0, 7);
}

export async function calendarView(view, _arg, params) {
  const month = /^\d{4}-\d{2}$/.test(params.get("month") || "") ? params.get("month") : await defaultMonth();
  const [y, m] = month.split("-").map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const data = await api("events", { from: month, to: month, limit: 200 });
  const shift = (k) => {
    const d = new Date(Date.UTC(y, m - 1 + k, 1));
    return `#/calendar?month=${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
  };
  const feed = new URL("/api/calendar.ics", location.origin).href;
  view.append(h("h1", {}, t("nav.calendar")), h("p", { class: "help" }, t("calendarHelp")),
    h("p", { class: "subscribe" }, h("a", { href: "/api/calendar.ics", class: "button" }, t("subscribe")),
      " ", h("code", { dir: "ltr" }, feed)),
    h("nav", { class: "month-nav" }, h("a", { href: shift(-1), class: "button", rel: "prev" }, t("prev")),
      h("h2", { id: "month-title" }, monthName(y, m)), h("a", { href: shift(1), class: "button", rel: "next" }, t("next"))));

  const byDay = new Map();
  const monthOnly = [];
  for (const ev of data.items) {
    if (!ev.start) continue;
    if (ev.start.length < 10) { monthOnly.push(ev); continue; }
    const first = ev.start.slice(0, 7) === month ? Number(ev.start.slice(8, 10)) : 1;
    const lastIso = ev.end && ev.end.length === 10 ? ev.end : ev.start;
    const last = lastIso.slice(0, 7) === month ? Number(lastIso.slice(8, 10)) : days;
    for (let d = first; d <= Math.max(first, last); d++) {
      if (!byDay.has(d)) byDay.set(d, []);
      byDay.get(d).push(ev);
    }
  }
  const item = (ev) => h("a", { href: `#/event/${encodeURIComponent(ev.id)}`, class: `cal-event status-${ev.status}`,
    title: `${t(`type.${ev.type}`)} — ${t(`status.${ev.status}`)}` }, nameOf(ev));
  if (monthOnly.length) {
    view.append(h("div", { class: "month-only" }, h("strong", {}, `${monthName(y, m)} — ${t("monthOnly")}: `),
      monthOnly.map((ev, i) => [i ? " · " : "", item(ev)])));
  }
  const firstDay = currentLang() === "ar" ? 6 : 1; // the week starts on Saturday in the Arab world, Monday in Europe
  const grid = h("div", { class: "calendar", role: "grid", id: "calendar" },
    weekdayNames(firstDay).map((d) => h("div", { class: "dow", role: "columnheader" }, d)));
  const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() - firstDay + 7) % 7;
  for (let i = 0; i < lead; i++) grid.append(h("div", { class: "day blank" }));
  const today = new Date().toISOString().slice(0, 10);
  for (let d = 1; d <= days; d++) {
    const iso = `${month}-${pad(d)}`;
    const evs = byDay.get(d) || [];
    grid.append(h("div", { class: `day${evs.length ? " has" : ""}${iso === today ? " today" : ""}`, role: "gridcell" },
      h("span", { class: "num" }, fmtNumber(d)), evs.map(item)));
  }
  view.append(grid);
}
