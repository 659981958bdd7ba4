"""Repeated paragraphs kept once: pages that print their body twice, or a paragraph again in a sidebar."""

from __future__ import annotations

from marsad.text.normalise import name_key

MIN_KEY_CHARS = 20  # shorter lines (a bullet, a one-word heading) may legitimately repeat


def drop_repeats(lines: list[str]) -> list[str]:
    """``lines`` without any line whose match key equals an earlier line's (first occurrence kept)."""
    seen: set[str] = set()
    out: list[str] = []
    for line in lines:
        key = name_key(line)
        if len(key) >= MIN_KEY_CHARS:
            if key in seen:
                continue
            seen.add(key)
        out.append(line)
    return out
