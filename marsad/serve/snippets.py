"""Search snippets cut from the first line that matches, so a hit costs one paragraph's normalisation, not the
whole article's (the store's :func:`marsad.store.search.snippet` normalises all of it; on a page of twenty long
articles that alone would exceed the API's latency budget)."""

from __future__ import annotations

from marsad.store.search import query_terms, snippet
from marsad.text.normalise import search_key


def first_match_snippet(text: str, terms: list[str]) -> str:
    """HTML snippet (escaped text, matches in ``<mark>``) from the first line holding every query word — else the
    line holding the most — read line by line, so a one-word query stops at its first matching line."""
    wanted = set(terms)
    best: tuple[int, int, str] = (0, 0, "")  # (words matched, offset, line)
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            found = len(wanted & set(search_key(line).split()))
            if found > best[0]:
                best = (found, pos, line)
                if found == len(wanted):
                    break
        pos += len(line) + 1
    found, at, line = best
    if not found:
        return snippet(text, terms)  # a match the line split hides: let the full normaliser find it
    cut = snippet(line, terms)
    return ("…" + cut) if at and not cut.startswith("…") else cut


def search_page(store, q: str, limit: int, offset: int) -> list[dict]:
    """One page of hits with snippets; ``limit + 1`` rows are read so the caller can tell whether more exist."""
    if not hasattr(store, "search_hits"):  # a backend without the faster method still answers
        return store.search(q, limit + 1, offset)
    terms = query_terms(q)
    hits = store.search_hits(q, limit + 1, offset)
    for i, hit in enumerate(hits):
        text = hit.pop("text")
        hit["snippet"] = first_match_snippet(text, terms) if i < limit else ""
    return hits
