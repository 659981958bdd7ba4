"""The one tokeniser for Arabic news text: word, number, URL and punctuation tokens with character offsets.

Every stage that needs tokens (named-entity tagging, triggers, search) uses this module, so offsets agree across
stages and entity spans map back to the text the reader sees. It is a single compiled regular expression run with
``finditer``: no per-character Python loop, so it keeps up with the pipeline's 250 articles/s budget.

What a token is (first alternative that matches wins):

* URLs (``https://…``, ``www.…``) and e-mail addresses, kept whole; trailing sentence punctuation is left out.
* Title abbreviations made of one Arabic letter and a dot (``د.`` doctor, ``م.`` engineer, ``أ.`` professor)
  standing alone, so the dot does not end a sentence.
* Numbers in ASCII, Arabic-Indic or Persian digits, with inner decimal/thousands separators kept: ``3.5``,
  ``2,000``, ``١٢٠٠``, ``٣٫٥``. A number glued to letters (``2015م``) splits into number and word.
* Arabic words: letters with their diacritics, tatweel and zero-width (non-)joiners. Proclitics (و ب ل ال …)
  stay attached, as in ANERcorp and AQMAR; stripping them is a feature, not tokenisation.
* Latin words, with digits after the first letter (``G20``) and an inner apostrophe (``O'Neil``).
* Any other letters (Cyrillic, Greek, CJK …) as runs.
* Punctuation: one token per character (``، ؛ ؟ . : " « » ( ) - / …``), except that runs of dots (``...``) stay one.

Whitespace, bidi controls (U+200E/U+200F …) and stray combining marks are not tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

# Arabic letters (basic block, extended, supplement, presentation forms) and the marks that ride on them.
_AR_LETTER = (
    "\u0621-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff"
    "\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
)
_AR_MARK = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"

_PATTERN = rf"""
  (?P<url>(?:https?://|www\.)[^\s«»"'<>()\[\]]*[^\s«»"'<>()\[\].,،؛:;!?؟])
| (?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)
| (?P<abbr>(?<![^\s(«"'])[دمأا]\.(?=\s))
| (?P<num>[{_DIGIT}]+(?:[.,\u066b\u066c][{_DIGIT}]+)*)
| (?P<ar>[{_AR_LETTER}][{_AR_LETTER}{_AR_MARK}]*)
| (?P<lat>[{_LATIN}][{_LATIN}0-9]*(?:['’][{_LATIN}]+)?)
| (?P<other>[^\W\d_{_AR_LETTER}{_LATIN}]+)
| (?P<punct>\.{{2,}}|[^\s\w{_AR_MARK}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff])
"""

TOKEN_RE = re.compile(_PATTERN, re.VERBOSE)
"""The compiled tokeniser; group names tell the token kind (see :func:`tokens_with_kind`)."""


class Token(NamedTuple):
    """One token: its text and character offsets ``[start, end)`` into the original string."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the tokens of ``text``, in order."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


def tokens(text: str) -> list[Token]:
    """Tokens of ``text`` with their strings and offsets."""
    return [Token(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]


def tokens_with_kind(text: str) -> list[tuple[str, int, int, str]]:
    """``(text, start, end, kind)`` with kind one of url, email, abbr, num, ar, lat, other, punct."""
    return [(m.group(), m.start(), m.end(), m.lastgroup or "") for m in TOKEN_RE.finditer(text)]


_SENTENCE_END = frozenset({".", "!", "?", "؟", "؛", ";", "...", "…", "!!"})


def sentence_chunks(
    text: str, spans: list[tuple[int, int]] | None = None, max_len: int = 80, words: list[str] | None = None
) -> list[list[int]]:
    """Group token indices into sentence-ish chunks, for taggers that want short sequences.

    A chunk ends after a sentence-final punctuation token or where the text between two tokens holds a newline;
    a chunk longer than ``max_len`` tokens is cut after its last comma (or hard at ``max_len``) so that no
    sequence grows without bound on text with no punctuation. Chunks are consecutive runs of token indices.
    ``words`` (the tokens' strings, ``text[start:end]``) may be given when the caller has them already.

    Why it is written this way: it runs on every token the tagger sees, so the sentence ends and newlines are
    found first (one membership test per token, one search per newline) and only a run longer than ``max_len``
    is walked token by token.
    """
    if spans is None:
        spans = tokenize(text)
    if words is None:
        words = [text[s:e] for s, e in spans]
    n = len(spans)
    ends = _SENTENCE_END
    breaks = {i + 1 for i, w in enumerate(words) if w in ends}
    if "\n" in text:
        starts = [s for s, _ in spans]
        at = text.find("\n")
        while at >= 0:
            breaks.add(bisect_right(starts, at))  # tokens hold no newline: the first token after it starts a chunk
            at = text.find("\n", at + 1)
    chunks: list[list[int]] = []
    a = 0
    for b in [*sorted(b for b in breaks if 0 < b < n), n]:
        if b > a:
            last_ends = words[b - 1] in ends
            if b - a < max_len or (b - a == max_len and last_ends):
                chunks.append(list(range(a, b)))
            else:
                chunks += _cut_long(words, a, b, max_len, last_ends)
        a = b
    return chunks


def _cut_long(words: list[str], a: int, b: int, max_len: int, last_ends: bool) -> list[list[int]]:
    """Chunks of the run ``a:b`` (no sentence end inside, a newline or sentence end after it) at most ``max_len``
    long: whenever ``max_len`` tokens have gathered, cut after the last comma among them, or after them all when
    that comma comes in the first quarter."""
    out: list[list[int]] = []
    current: list[int] = []
    for i in range(a, b):
        current.append(i)
        if i == b - 1 and last_ends:
            break
        if len(current) >= max_len:
            cut = max((k for k, j in enumerate(current) if words[j] in ("،", ",")), default=-1)
            if cut < max_len // 4:
                cut = len(current) - 1
            out.append(current[: cut + 1])
            current = current[cut + 1 :]
    if current:
        out.append(current)
    return out
