"""The one Arabic normaliser: a match key for comparing text, with a map back to the original offsets.

Users read the text as it was written; every matcher in Marsad (knowledge base, dates, triggers, search) compares
a *match key* in which spelling noise is folded away: diacritics and tatweel dropped, the alef/hamza family and
ى/ی unified to ا/ي, ة to ه, Persian ک to ك, Arabic-Indic and Persian digits to ASCII, presentation forms
decomposed (NFKC), bidi controls removed, Latin lower-cased. Deleting characters shifts offsets, so
:class:`Normalised` keeps, for every key character, the index of the original character it came from.

The fast path is one ``str.translate``; the per-character slow path runs only for text holding compatibility
characters (presentation forms, ligatures) that NFKC expands.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

# Characters removed from the key: harakat, Quranic marks, superscript alef, tatweel, bidi and zero-width controls.
_DELETE = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ئ": "ي",
    "ؤ": "و",
    "ة": "ه",
    "ۀ": "ه",
    "ہ": "ه",
    "ە": "ه",
    "ک": "ك",
    "ڪ": "ك",
    "گ": "ك",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u3000": " ",
    "\t": " ",
    "“": '"',
    "”": '"',
    "«": '"',
    "»": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "–": "-",
    "—": "-",
    "−": "-",
}
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Persian digits
_FOLD.update({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
_FOLD["٫"] = "."  # Arabic decimal separator
_FOLD["٬"] = ","  # Arabic thousands separator

_TABLE = {ord(c): None for c in _DELETE}
_TABLE.update({ord(k): v for k, v in _FOLD.items()})

# Code points whose NFKC form differs and matters: Arabic presentation forms, Latin ligatures, full-width forms.
_COMPAT = re.compile("[\ufb00-\ufdff\ufe70-\ufeff\uff00-\uffef\u2150-\u218f\u00bc-\u00be]")


def _fold_char(ch: str) -> str:
    """Key form of one original character (slow path: handles NFKC expansion)."""
    if ch in _FOLD or ch in _DELETE_SET:
        return ch.translate(_TABLE)
    expanded = unicodedata.normalize("NFKC", ch)
    if expanded != ch:
        return expanded.translate(_TABLE).lower()
    return ch.lower() if ch.isupper() else ch


_DELETE_SET = frozenset(_DELETE)
_DELETE_RX = re.compile("[" + "".join(re.escape(c) for c in _DELETE) + "]")


class Normalised:
    """A text's match key with the offset map back to the original.

    ``key[i]`` came from ``original[index[i]]``. Use :meth:`span` to turn a key span into an original span.
    """

    __slots__ = ("original", "key", "_index", "_dels")

    def __init__(self, original: str) -> None:
        self.original = original
        self._dels: tuple[list[int], list[int]] | None = None
        special = _specials(original)
        if special and _has_compat(special):
            parts: list[str] = []
            index: list[int] = []
            for i, ch in enumerate(original):
                folded = _fold_char(ch)
                parts.append(folded)
                index.extend([i] * len(folded))
            self.key = "".join(parts)
            self._index: list[int] | None = index
        else:
            self.key = _fast_key(original, special)
            self._index = None  # built lazily: only deletions happened

    @property
    def index(self) -> list[int]:
        if self._index is None:
            if len(self.key) == len(self.original):
                self._index = list(range(len(self.original)))
            else:
                deleted = _DELETE_SET
                self._index = [i for i, ch in enumerate(self.original) if ch not in deleted]
        return self._index

    def _deletions(self) -> tuple[list[int], list[int]]:
        """Deletion-only case: the deleted original offsets ``d`` and ``e[j] = d[j] - j``.

        Mapping a few spans through these (bisect) is far cheaper than building :attr:`index`, one int per character.
        """
        if self._dels is None:
            d = [m.start() for m in _DELETE_RX.finditer(self.original)]
            self._dels = (d, [x - j for j, x in enumerate(d)])
        return self._dels

    def to_original(self, i: int) -> int:
        """Original offset of key offset ``i`` (``len(key)`` maps to ``len(original)``)."""
        if self._index is None and len(self.key) == len(self.original):
            return i
        if self._index is None:
            if i >= len(self.key):
                return len(self.original)
            return i + bisect_right(self._deletions()[1], i)
        idx = self.index
        return idx[i] if i < len(idx) else len(self.original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the key span ``[start, end)``; diacritics inside the span stay inside it."""
        if self._index is None and len(self.key) == len(self.original):
            return start, end
        if end <= start:
            s = self.to_original(start)
            return s, s
        s = self.to_original(start)
        e = self.to_original(end - 1) + 1
        # keep trailing marks (harakat, tatweel) that belong to the last letter
        while e < len(self.original) and self.original[e] in _DELETE_SET and self.original[e] not in "\u200e\u200f":
            e += 1
        return s, e

    def from_original(self, i: int) -> int:
        """Key offset of original offset ``i`` (the first key char at or after it)."""
        if self._index is None and len(self.key) == len(self.original):
            return i
        if self._index is None:
            return i - bisect_left(self._deletions()[0], i)
        return bisect_right(self.index, i - 1)


_FOLD_PAIRS = tuple(_FOLD.items())
# Folded letters nearly every Arabic text holds (each in over half the corpus): tested one by one, a C-speed scan each.
_COMMON_FOLDS = tuple((a, _FOLD[a]) for a in "ةأىإئؤآ")
# The other ~75 folded characters (quotes, Latin capitals, Indic digits, rare letter forms) are each in few texts.
_RARE_FOLDS = frozenset(a for a in _FOLD if a not in "ةأىإئؤآ")
# Every character the key must act on apart from the common letters: deleted ones, rare folds and compatibility forms
# (which send a text down the slow path). One regex pass lists those a text holds, where testing them one by one —
# or one pass per kind — cost more than the rest of the key.
_SPECIAL_RX = re.compile(
    "[" + "".join(re.escape(c) for c in sorted({*_DELETE, *_RARE_FOLDS})) + _COMPAT.pattern[1:-1] + "]"
)


def _specials(text: str) -> set[str]:
    """The deleted, rarely folded and compatibility characters ``text`` holds."""
    return set(_SPECIAL_RX.findall(text))


def _has_compat(special: set[str]) -> bool:
    return _COMPAT.search("".join(special)) is not None


def _fast_key(text: str, special: set[str] | None = None) -> str:
    """``text.translate(_TABLE)`` for text without compatibility characters, done with C-speed passes.

    ``str.translate`` with a dict looks every character up in Python; a regex deletion plus one ``replace`` per
    folded character that actually occurs is several times faster on Arabic articles. (No folded character is the
    fold of another, so the order of the replacements does not matter.) ``special``: :func:`_specials` of ``text``,
    when the caller has it.
    """
    if special is None:
        special = _specials(text)
    key = text if _DELETE_SET.isdisjoint(special) else _DELETE_RX.sub("", text)
    for a, b in _COMMON_FOLDS:
        if a in key:
            key = key.replace(a, b)
    for a in _RARE_FOLDS.intersection(special):
        key = key.replace(a, _FOLD[a])
    return key


def normalise(text: str) -> Normalised:
    """Match key of ``text`` with its offset map."""
    return Normalised(text)


def match_key(text: str) -> str:
    """The match key alone, for comparing strings of the same length class (names, lexicon entries)."""
    special = _specials(text)
    if special and _has_compat(special):
        return Normalised(text).key
    return _fast_key(text, special)


def match_keys(words: list[str]) -> list[str]:
    """:func:`match_key` of many words, in one pass over them joined: the same answers, a fraction of the calls.

    Why: the tagger keys every new word type it sees, tens of thousands per batch of articles, and
    :func:`_fast_key`'s passes cost about the same on one word as on a thousand. Folding is per character and
    leaves newlines alone, so keying the joined words and splitting at the newlines gives each word's key; words
    holding a compatibility character are keyed one by one, and all of them if one holds a newline.
    """
    if not words:
        return []
    joined = "\n".join(words)
    if joined.count("\n") != len(words) - 1:
        return [match_key(w) for w in words]
    keys = _fast_key(joined).split("\n")
    at = i = 0
    done = -1
    for m in _COMPAT.finditer(joined):
        i += joined.count("\n", at, m.start())
        at = m.start()
        if i != done:
            keys[i] = match_key(words[i])
            done = i
    return keys


_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=200_000)
def name_key(text: str) -> str:
    """A name's comparison key: match key, punctuation to spaces, spaces collapsed.

    Used for knowledge-base lookup tables and for comparing names across articles, where offsets do not matter.
    """
    return " ".join(_NON_WORD.sub(" ", match_key(text)).split())


def fold_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII, nothing else (keeps offsets: one char for one char)."""
    return text.translate(_DIGITS)


_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}


# Proclitics the press attaches to a word: conjunctions و ف, prepositions ب ل ك, the article ال and their stacks.
PROCLITICS = (
    "وبال", "وكال", "وفال", "ولل", "فبال", "فلل", "وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك",
)
MIN_STEM = 2


@lru_cache(maxsize=200_000)
def strip_clitics(word_key: str) -> str:
    """A match-key word without its proclitics ("وللقمه" → "قمه", "بالرياض" → "رياض"), never shorter than 2 letters.

    Used for search and for matching names whose article or preposition the knowledge base does not list.
    """
    for clitic in PROCLITICS:
        single = len(clitic) == 1  # a lone letter is stripped only from longer words: "ولد" stays
        if word_key.startswith(clitic) and len(word_key) - len(clitic) >= MIN_STEM + single:
            return word_key[len(clitic):]
    return word_key


_WORD = re.compile(r"\w+")


def search_key(text: str) -> str:
    """Text as indexed for full-text search: one clitic-free match-key stem per word, in order."""
    return " ".join(strip_clitics(w) for w in _WORD.findall(match_key(text)))


class KeyWord(NamedTuple):
    """A word of the match key with its offsets in the original text."""

    key: str
    start: int
    end: int


def key_words(norm: Normalised) -> list[KeyWord]:
    """The words of a text as match keys, each with its original ``[start, end)`` span."""
    return list(text_key_words(norm.original))


@lru_cache(maxsize=512)  # a whole ingest batch: each stage reads it again
def text_key_words(text: str) -> tuple[KeyWord, ...]:
    """:func:`key_words` of a text, cached: the recogniser and the event stage read the same article in turn."""
    norm = Normalised(text)
    key = norm.key
    if norm._index is None and len(key) == len(text):
        return tuple(KeyWord(m.group(0), m.start(), m.end()) for m in _WORD.finditer(key))
    idx = norm.index
    n = len(text)
    out = []
    for m in _WORD.finditer(key):
        s, e = idx[m.start()], idx[m.end() - 1] + 1
        while e < n and text[e] in _DELETE_SET and text[e] not in "\u200e\u200f":
            e += 1  # trailing marks belong to the word
        out.append(KeyWord(m.group(0), s, e))
    return tuple(out)
