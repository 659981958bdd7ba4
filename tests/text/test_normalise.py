"""The normaliser's fast path (marsad.text.normalise): the key is the character table applied to every character.

The fast path finds the characters to delete or fold with a few C-speed passes instead of looking every character
up; these cases pin it to the table, the definition, for each kind of character it handles.
"""

from __future__ import annotations

from marsad.text.normalise import _TABLE, Normalised, match_key, match_keys

SAMPLES = [
    "",
    "قالت الوزارة إن الاجتماع سيُعقد في 23 مايو",  # common folds (إ ة) and a diacritic
    "أعلنت «الهيئة» اليوم — بعد مؤتمرٍ صحفيّ — أن ١٤ أكتوبر ٢٠٢٢ موعدٌ نهائي",  # quotes, dash, Indic digits
    "تاريخ النشر: 7th, March 2024 GMT",  # Latin capitals
    "\ufeffعام\u00a02015\u200f م",  # BOM, no-break space, bidi mark
    "لـ 19 ـ 21 شوال ۱۴۳۶ هـ",  # tatweel, Persian digits
    "ی ک گ ۀ ٱلله “x” ‘y’ – − \t",  # rare letter forms, curly quotes, dashes, a tab
]


def test_fast_key_is_the_table() -> None:
    for text in SAMPLES:
        want = text.translate(_TABLE)
        assert Normalised(text).key == want
        assert match_key(text) == want


def test_compatibility_forms_take_the_slow_path_with_offsets() -> None:
    norm = Normalised("ﷲ أكبر")  # one presentation-form character expands to four
    assert norm.key == "الله اكبر"
    assert norm.span(0, 4) == (0, 1)
    assert norm.span(5, 9) == (2, 6)


def test_match_keys_is_match_key_of_each_word() -> None:
    """Keying many words at once (the tagger's new words) gives each word's own key."""
    words = ["أوباما", "وَالسَّعُودِيَّةُ", "ﻻ", "ﷲ", "إلى", "مدرسة", "NASA", "١٢٠٠", "٣٫٥", "", "ﻻﻻ", "بالرياض", "ﻻ"]
    words += [w for text in SAMPLES for w in text.split()]
    assert match_keys(words) == [match_key(w) for w in words]
    assert match_keys(["a\nb", "ج"]) == [match_key("a\nb"), "ج"]  # a newline inside a word: one by one
    assert match_keys([]) == []
