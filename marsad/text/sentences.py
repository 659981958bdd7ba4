"""Sentence splitting for Arabic news.

A sentence ends at a line break or at ``.``, ``!``, ``?``, ``؟`` followed by white space (or a closing quote and
white space). It does not end inside a number ("3.5"), a URL or domain ("www.kazanforum.ru"), or after an
abbreviated title ("د. محمد", "أ.د.", "م.") — one-letter Arabic words before a dot are abbreviations, not
sentence ends. The comma ``،`` and semicolon ``؛`` separate clauses, not sentences.
"""

from __future__ import annotations

import re

from marsad.model import Sentence

# a full stop before white space, or glued between two Arabic letters ("الطيران.جاء"), or a line break
_END = re.compile(r"[.!?؟…]+[\"'”»)\]]*(?=\s)|(?<=[\u0621-\u064a])\.(?=[\u0621-\u064a])|\n+")
_ABBREV = frozenset(
    {"د", "م", "أ", "ا", "ج", "ص", "ت", "س", "ه", "هـ", "ق", "أ.د", "ا.د", "mr", "dr", "st", "no", "vs"}
)
_WORD_BEFORE = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` as spans (leading/trailing white space excluded); empty text gives none."""
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        if m.group(0)[0] == ".":
            before = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if before and before.group(1).rstrip(".").lower() in _ABBREV:
                continue
        _append(out, text, start, m.end())
        start = m.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end))
