// Tiny DOM helpers: every text goes in as text, never as HTML (the only HTML inserted is the server's escaped
// search snippets, which hold nothing but escaped text and <mark>).

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/**
 * ``text`` with the given spans wrapped: [{start, end, cls, href?, title?}] — overlapping spans after the first
 * are dropped so the article reads exactly as published.
 */
export function markedText(text, spans) {
  const frag = document.createDocumentFragment();
  const sorted = [...spans].filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue;
    frag.append(document.createTextNode(text.slice(pos, s.start)));
    const mark = h("mark", { class: s.cls, title: s.title || null, dataset: s.data || {} });
    if (s.href) mark.append(h("a", { href: s.href }, text.slice(s.start, s.end)));
    else mark.append(document.createTextNode(text.slice(s.start, s.end)));
    frag.append(mark);
    pos = s.end;
  }
  frag.append(document.createTextNode(text.slice(pos)));
  return frag;
}

/** Load a vendored classic script once (Cytoscape, topojson): only the views that need them pay for them. */
const loaded = new Map();
export function loadScript(src) {
  if (!loaded.has(src)) {
    loaded.set(src, new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`cannot load ${src}`));
      document.head.append(s);
    }));
  }
  return loaded.get(src);
}
