"""An English rendering of an Arabic name the knowledge base does not know.

Where a name has no known English form, a readable transliteration is better than none: analysts searching in
English still find "Rustam Minikhanuf" near enough to recognise. Long vowels are written, short ones cannot be
recovered, so the rendering is approximate by nature — it is marked as such in the entity's attributes.
"""

from __future__ import annotations

from marsad.text.normalise import name_key

_MAP = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "'", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "'", "پ": "p",
    "چ": "ch", "ڤ": "v", "گ": "g",
}


def _word(word: str) -> str:
    if word.startswith("ال") and len(word) > 3:
        return "Al-" + _word(word[2:])
    out = []
    for n, ch in enumerate(word):
        if ch in "وي" and 0 < n < len(word) - 1 and out and out[-1] not in "aeiou":
            out.append("u" if ch == "و" else "i")
        elif ch == "ا" and n > 0 or ch == "ه" and n == len(word) - 1 and n > 0:
            out.append("a")
        else:
            out.append(_MAP.get(ch, ch))
    s = "".join(out).replace("''", "'").strip("'")
    return s[:1].upper() + s[1:]


def transliterate(name: str) -> str:
    """Latin rendering of an Arabic name ("روستام مينيخانوف" → "Rustam Minikhanuf"); Latin text passes through."""
    out = []
    for raw in name.split():
        arabic = any("\u0600" <= c <= "\u06ff" for c in raw)
        key = name_key(raw)
        if key:
            out.append(_word(key.replace(" ", "")) if arabic else raw.strip("\"'“”«»()،,"))
    return " ".join(out)
