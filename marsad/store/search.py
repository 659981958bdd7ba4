"""Arabic-aware full-text search pieces shared by the store backends.

Both backends index :func:`marsad.text.normalise.search_key` of each article — a normalised, clitic-free shadow of its
text — so a query without diacritics, with another alef form, or without the article "ال" still finds it. Snippets are
cut from the original text with the matched words highlighted, mapping key offsets back with the normaliser.
"""

from __future__ import annotations

import html
import re

from marsad.text.normalise import normalise, search_key, strip_clitics

MAX_QUERY_CHARS = 200
_WORD = re.compile(r"\w+")


def query_terms(query: str) -> list[str]:
    """The stems a query looks for (empty for a query with no word characters)."""
    return [t for t in search_key(query[:MAX_QUERY_CHARS]).split() if t]


def fts_query(terms: list[str]) -> str:
    """An FTS5 / tsquery-neutral AND of quoted terms (quotes inside terms cannot occur: terms are \\w+)."""
    return " AND ".join(f'"{t}"' for t in terms)


def snippet(text: str, terms: list[str], width: int = 160) -> str:
    """An HTML snippet of ``text`` around the first match, every matched word wrapped in ``<mark>``."""
    norm = normalise(text)
    wanted = set(terms)
    spans: list[tuple[int, int]] = []
    for m in _WORD.finditer(norm.key):
        if strip_clitics(m.group(0)) in wanted:
            spans.append(norm.span(m.start(), m.end()))
    if not spans:
        return html.escape(text[:width]) + ("…" if len(text) > width else "")
    first = spans[0][0]
    lo = max(0, first - width // 3)
    hi = min(len(text), lo + width)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    out: list[str] = ["…" if lo > 0 else ""]
    pos = lo
    for s, e in spans:
        if s < lo or e > hi:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:hi]))
    out.append("…" if hi < len(text) else "")
    return "".join(out).replace("\n", " ")
