"""The name index: every name, alias and nisba of every entry under its ``name_key``, plus the outlet credit map.

Apart from the loader so the index can be rebuilt over any set of entries (tests, user additions) and so matchers
elsewhere in Marsad can walk its keys to build their own automata.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from marsad.kb.entry import Entry
from marsad.text.normalise import name_key

_RANK = {"name": 0, "alias": 1, "nisba": 2}
_MAX_WINDOW = 8


def strip_proclitics(text: str) -> list[str]:
    """Readings of ``text`` without leading proclitics, most conservative first: وموسكو → موسكو; للسعودية → السعودية."""
    word, sep, rest = text.strip().partition(" ")
    out: list[str] = []
    stems = [word]
    if len(word) > 3 and word[0] in "وف":
        stems.append(word[1:])
    for stem in list(stems):
        if len(stem) > 3 and stem.startswith("لل"):
            stems.append("ال" + stem[2:])
        elif len(stem) > 3 and stem[0] in "بلك":
            stems.append(stem[1:])
    for stem in stems[1:]:
        out.append(stem + sep + rest)
    return out


class NameIndex:
    """name_key → entries, each marked with how it matched (name, alias or nisba)."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._keys: dict[str, list[Entry]] = {}
        self._outlets: dict[str, tuple[Entry, bool]] = {}  # key → (outlet, usable inside a longer credit)
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Index one entry's names; an entry reached twice under one key keeps its best match kind."""
        marked = {how: entry.as_match(how) for how in _RANK}
        self._put(entry.name_ar, marked["name"])
        self._put(entry.name_en, marked["name"])
        for alias in (*entry.aliases_ar, *entry.aliases_en):
            self._put(alias, marked["alias"])
        for form in entry.attrs.get("nisba") or ():
            self._put(form, marked["nisba"])
        if entry.is_outlet:
            for n in (*entry.names_ar(), *entry.names_en()):
                self._outlets.setdefault(name_key(n), (entry, True))
            for n in entry.attrs.get("credit_ar") or ():
                self._outlets.setdefault(name_key(n), (entry, False))

    def remove(self, entry_id: str) -> None:
        """Drop every key of an entry (used when a user file extends a packaged entry and it is re-indexed)."""
        for key in list(self._keys):
            kept = [e for e in self._keys[key] if e.id != entry_id]
            if kept:
                self._keys[key] = kept
            else:
                del self._keys[key]
        self._outlets = {k: v for k, v in self._outlets.items() if v[0].id != entry_id}

    def _put(self, text: str, entry: Entry) -> None:
        key = name_key(text) if text else ""
        if not key:
            return
        bucket = self._keys.get(key)
        if bucket is None:
            self._keys[key] = [entry]
            return
        for i, old in enumerate(bucket):
            if old.id == entry.id:
                if _RANK[entry.matched] < _RANK[old.matched]:
                    bucket[i] = entry
                return
        bucket.append(entry)

    def find(self, text: str) -> list[Entry]:
        """Entries whose name, alias or nisba has the same name_key as ``text``; names before aliases before nisba."""
        return sorted(self._keys.get(name_key(text), ()), key=lambda e: _RANK[e.matched])

    def find_with_clitics(self, text: str) -> list[Entry]:
        """Like :meth:`find`, but when nothing matches, retry without a leading و/ف and ب/ل/ك proclitic.

        Arabic glues conjunctions and prepositions to the next word (والإمارات، بموسكو، للسعودية); only the first
        word is stripped, and only when the whole text does not match as written (وارسو stays Warsaw).
        """
        hits = self.find(text)
        if hits:
            return hits
        for candidate in strip_proclitics(text):
            hits = self.find(candidate)
            if hits:
                return hits
        return []

    def items(self) -> Iterator[tuple[str, list[Entry]]]:
        """Every (key, entries) pair, for matchers that build their own structures over the names."""
        return iter(self._keys.items())

    def __len__(self) -> int:
        return len(self._keys)

    def outlet(self, credit: str) -> Entry | None:
        """The outlet a credit line names ("RT Arabic", "تاس", "موسكو - روسيا اليوم"), or None.

        The whole credit may be any spelling, even a bare everyday word (اليوم, الجزيرة); inside a longer credit
        only unambiguous spellings count, the longest winning and, among equals, the last (datelines put the
        agency after the city).
        """
        key = name_key(credit)
        if not key:
            return None
        if key in self._outlets:
            return self._outlets[key][0]
        tokens = key.split()
        best: tuple[int, int, Entry] | None = None
        for size in range(min(_MAX_WINDOW, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                hit = self._outlets.get(" ".join(tokens[start : start + size]))
                if hit and hit[1] and (best is None or (size, start) > best[:2]):
                    best = (size, start, hit[0])
            if best is not None:
                return best[2]
        return None
