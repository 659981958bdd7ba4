"""The knowledge base as a phrase matcher over match-key words, tolerant of the proclitics Arabic attaches.

Every name and alias of every knowledge-base entry is indexed by the words of its :func:`name_key`. Matching walks
the words of a text's match key and takes, at each position, the longest indexed phrase, trying the first word also
without its proclitics (و ف ب ل ك ال and their stacks: "وبالرياض" → "الرياض"/"رياض"). Country adjectives (nisba:
"الروسي", "الإماراتية") are indexed apart: they tell whose minister or ministry a phrase names, but are not
mentions of the country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.text.normalise import PROCLITICS, name_key

# "ال" itself is tried by the caller; conjunction + preposition pairs ("ولروسيا") are tried here, where a wrong cut
# can only fail to find a name, not corrupt a search key
_PROCLITIC_STACKS = tuple(c for c in PROCLITICS if c != "ال") + ("ول", "وب", "وك", "فل", "فب")

# Single words that name a place or body in the knowledge base but are, far more often, ordinary words in news text.
# They are only taken as names inside a longer indexed phrase or after a cue ("مدينة", "محافظة").
_DATA = Path(__file__).resolve().parent / "data" / "ambiguous_names.txt"


def _measured() -> set[str]:
    """One-word place names measured to be mostly common words (see ``marsad.entities.build.ambiguous``)."""
    if not _DATA.exists():
        return set()
    lines = _DATA.read_text(encoding="utf-8").splitlines()
    return {line.split("\t", 1)[0] for line in lines if line and not line.startswith("#")}


AMBIGUOUS_WORDS = frozenset(_measured()) | frozenset(
    name_key(w)
    for w in (
        "الخبر", "العين", "المدينة", "صور", "الأمل", "النور", "الشرق", "الغرب", "الجنوب", "الشمال", "الوحدة",
        "الاتحاد", "النصر", "الهلال", "الفتح", "الرائد", "التعاون", "الشباب", "الوطن", "الحزم", "الرياضة", "الخليج",
        "المجلس", "الحكومة", "الدولة", "الجامعة", "المنظمة", "الرابطة", "المنتدى", "القمة", "المؤتمر", "المعرض",
        "الصندوق", "البنك", "الوزارة", "الهيئة", "اللجنة", "الأمانة", "الرئاسة", "الإمارة", "المملكة", "الجمهورية",
        "العاصمة", "الساحل", "الوسطى", "حماة", "بدر", "عمر", "سلمان", "عبدالله", "محمد", "أحمد", "علي",
        "الأمن", "السلام", "الحرية", "الأمة", "العرب", "أمل", "سلام", "وفاء", "نور", "عمار", "إيلاف",
        "المستقبل", "الجزيرة", "اليوم", "الحياة",
    )
)


@dataclass(frozen=True, slots=True)
class Hit:
    """A phrase of the text found in the index: words ``[i, j)`` of the key, and what it names."""

    i: int
    j: int
    ids: tuple[str, ...]
    nisba: bool = False
    ambiguous: bool = False  # a one-word name that is mostly a common word: take it only after a place cue
    clitic: int = 0  # letters of a separable proclitic (و ف ب ك) before the name in the first word


class Gazetteer:
    """Phrase index over the knowledge base's names, aliases and nisba adjectives."""

    def __init__(self, names: dict[str, set[str]], nisba: dict[str, set[str]],
                 common: frozenset[str] = frozenset()) -> None:
        self.common = AMBIGUOUS_WORDS | common
        self.names = {k: tuple(sorted(v)) for k, v in names.items()}
        self.nisba = {k: tuple(sorted(v)) for k, v in nisba.items()}
        lengths: dict[str, set[int]] = {}
        for k in list(self.names) + list(self.nisba):
            lengths.setdefault(k.split(" ", 1)[0], set()).add(k.count(" ") + 1)
        # for each possible first word, the phrase lengths worth trying, longest first
        self.lengths = {w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()}
        self.first_words = set(self.lengths)
        self._start_cache: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}

    @classmethod
    def from_kb(cls, kb: object) -> Gazetteer:
        names: dict[str, set[str]] = {}
        nisba: dict[str, set[str]] = {}
        common: set[str] = set()
        for entry in kb.entries():  # type: ignore[attr-defined]
            forms = [entry.name_ar, entry.name_en, *entry.aliases_ar, *entry.aliases_en]
            if (entry.attrs or {}).get("common_word"):  # the knowledge base knows its name is an everyday word
                common.update(name_key(f or "") for f in forms if f and " " not in f.strip())
            for form in forms:
                key = name_key(form or "")
                if len(key) >= 2:
                    names.setdefault(key, set()).add(entry.id)
            for adj in (entry.attrs or {}).get("nisba") or ():
                key = name_key(adj)
                if key:
                    nisba.setdefault(key, set()).add(entry.id)
        return cls(names, nisba, frozenset(common))

    @staticmethod
    @lru_cache(maxsize=100_000)
    def variants(word: str) -> tuple[str, ...]:
        """The word, then the word without each proclitic stack it may carry (longest stack last)."""
        out = [word]
        for stack in _PROCLITIC_STACKS:
            if word.startswith(stack) and len(word) - len(stack) >= 2:
                rest = word[len(stack):]
                if stack.endswith("ال") or stack.endswith("لل"):
                    out.append("ال" + rest)
                    out.append(rest)
                else:
                    out.append(rest)
        return tuple(dict.fromkeys(out))

    def match(self, words: list[str]) -> list[Hit]:
        """Longest-first, left-to-right, non-overlapping phrase hits over the key words of one text."""
        hits: list[Hit] = []
        i = 0
        n = len(words)
        while i < n:
            hit = self._longest(words, i)
            if hit is None:
                i += 1
                continue
            hits.append(hit)
            i = hit.j
        return hits

    def _starts(self, word: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """The forms of ``word`` that begin a known name, and the phrase lengths worth trying (longest first);
        memoised per word, since news repeats its vocabulary."""
        got = self._start_cache.get(word)
        if got is None:
            firsts = tuple(v for v in self.variants(word) if v in self.first_words)
            got = (firsts, tuple(sorted({n for f in firsts for n in self.lengths[f]}, reverse=True)))
            if len(self._start_cache) < 200_000:
                self._start_cache[word] = got
        return got

    def _longest(self, words: list[str], i: int) -> Hit | None:
        firsts, lengths = self._starts(words[i])
        if not firsts:
            return None
        room = len(words) - i
        for length in lengths:
            if length > room:
                continue
            tail = words[i + 1:i + length]
            for first in firsts:
                key = " ".join([first, *tail]) if tail else first
                ids = self.names.get(key)
                if ids:
                    return Hit(i, i + length, ids, ambiguous=length == 1 and key in self.common,
                               clitic=_clitic_letters(words[i], first))
                ids = self.nisba.get(key)
                if ids:
                    return Hit(i, i + length, ids, nisba=True)
        return None


def _clitic_letters(word: str, matched: str) -> int:
    """How many leading letters of ``word`` are a proclitic outside the matched name ("والرياض" for "الرياض": 1).

    An article assimilated into ل ("للرياض") cannot be cut off cleanly, so the whole word stays the mention."""
    if matched != word and word.endswith(matched):
        return len(word) - len(matched)
    return 0


_WORD = re.compile(r"\w+")


def key_words(key: str) -> list[re.Match[str]]:
    """Word matches of a match key (offsets in key space)."""
    return list(_WORD.finditer(key))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    from marsad.kb.loader import default_kb

    return Gazetteer.from_kb(default_kb())
