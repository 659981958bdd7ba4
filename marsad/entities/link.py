"""Spelling-tolerant linking: one identity for every Arabic rendering of a foreign name.

Arabic transliterations of foreign names drift: Yekaterinburg appears as يكاترينبورغ, إيكاترنبرج, إيكاتيرنبيرج and
misspelt إيكاتنربيرج. Their *consonant skeleton* — long vowels and ال dropped, letters that transliterate the same
sound folded (ج غ ق ك → ك, ط ت → ت, ص س ث → س, ظ ذ ز → ز, ض د → د), doubled letters collapsed — stays close, and
``rapidfuzz`` compares skeletons within a block of candidates sharing the first skeleton letter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

from marsad.text.normalise import name_key

_FOLD = str.maketrans({
    "ج": "ك", "غ": "ك", "ق": "ك", "گ": "ك", "ط": "ت", "ص": "س", "ث": "س", "ظ": "ز", "ذ": "ز", "ض": "د",
    "پ": "ب", "ڤ": "ف", "ء": None, "ا": None, "و": None, "ي": None, "ه": None, " ": None, "-": None,
})
MIN_SKELETON = 5


@lru_cache(maxsize=200_000)
def skeleton(name: str) -> str:
    """Consonant skeleton of a name (see module doc); "" for names too short to compare safely."""
    words = [w[2:] if w.startswith("ال") and len(w) > 4 else w for w in name_key(name).split()]
    skel = "".join(words).translate(_FOLD)
    out = []
    for ch in skel:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def threshold(skel: str) -> float:
    """Shorter skeletons need closer matches: a two-letter slip in five letters is another name."""
    return 92.0 if len(skel) < 7 else 84.0


class FuzzyIndex:
    """Skeletons of known names, blocked by first letter, last letter and length, for nearest-name lookup.

    Transliteration drift keeps a name's first and last consonant and changes its length by a letter or two; blocking
    on those keeps each comparison among a handful of candidates however large the corpus grows, and stops "تشانغتشون"
    (Changchun) from passing for "تشونغتشينغ" (Chongqing).
    """

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        """``items``: ``(name, identity)`` pairs; several names may share an identity."""
        self.blocks: dict[tuple[str, str, int], dict[str, set[str]]] = defaultdict(dict)
        for name, ident in items:
            self.add(name, ident)

    def add(self, name: str, ident: str) -> None:
        skel = skeleton(name)
        if len(skel) < MIN_SKELETON:
            return
        self.blocks[(skel[0], skel[-1], len(skel))].setdefault(skel, set()).add(ident)

    def best(self, name: str) -> tuple[str, float] | None:
        """The identity whose name is nearest ``name`` above the threshold, if exactly one identity is nearest."""
        skel = skeleton(name)
        if len(skel) < MIN_SKELETON:
            return None
        owners: dict[str, set[str]] = {}
        for size in range(len(skel) - 2, len(skel) + 3):
            block = self.blocks.get((skel[0], skel[-1], size))
            if block:
                owners.update(block)
        if not owners:
            return None
        found = process.extract(skel, list(owners), scorer=fuzz.ratio, limit=3, score_cutoff=threshold(skel))
        if not found:
            return None
        top_score = found[0][1]
        idents = set().union(*(owners[c] for c, s, _ in found if s >= top_score - 0.01))
        if len(idents) != 1:
            return None
        return next(iter(idents)), top_score
