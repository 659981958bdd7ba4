"""Related-article blocks: a "read also" list is dropped; a whole second story appended to the page is split off.

A marker line ("إقرأ أيضاً:", "اقرأ المزيد", "أخبار ذات صلة" …) opens a block. What follows decides what it is:
several short headline lines are a list of links (dropped, and the article goes on after them); one headline
followed by full paragraphs is another article (it becomes its own document, never mixed into the main one).
"""

from __future__ import annotations

import re

from marsad.text.normalise import name_key

_MARKER = re.compile(
    r"^(?:[او]?اقرا (?:ايضا|المزيد)|اقرا كذلك|اقرا ايضا|(?:اخبار|مواضيع|مقالات|مواد) (?:ذات صله|متعلقه|اخري)"
    r"|ذات صله|قد يهمك(?: ايضا)?|المزيد من (?:الاخبار|الاخبار ذات الصله)"
    r"|read (?:also|more)|related(?: articles| news)?)$"
)
HEADLINE_MAX = 150  # characters: longer lines are paragraphs
STORY_MIN = 250  # characters of paragraphs after a headline for it to count as an appended story


def is_headline(line: str) -> bool:
    """A short line without sentence-final punctuation: a title or a link, not a paragraph."""
    return len(line) <= HEADLINE_MAX and not line.rstrip().endswith((".", "!", "؟", "?", ":", "…", '."', ".»"))


def is_marker(line: str) -> bool:
    return bool(_MARKER.match(name_key(line)))


def split_related(lines: list[str]) -> list[list[str]]:
    """``[main_lines, appended_story_1, …]``: the page's lines with related-link blocks removed."""
    parts: list[list[str]] = [[]]
    i = 0
    while i < len(lines):
        if not is_marker(lines[i]):
            parts[-1].append(lines[i])
            i += 1
            continue
        j = i + 1
        heads: list[str] = []
        while j < len(lines) and is_headline(lines[j]) and not is_marker(lines[j]):
            heads.append(lines[j])
            j += 1
        k = j
        body_chars = 0
        while k < len(lines) and not is_marker(lines[k]):
            body_chars += len(lines[k])
            k += 1
        if len(heads) <= 1 and body_chars >= STORY_MIN:
            parts.append(heads + lines[j:k])  # a second story: its headline, then its paragraphs
            i = k
        else:
            i = j  # a list of related headlines: dropped; the article (if any) goes on
    return [p for p in parts if p] or [[]]
