"""Match keys: keying many words at once gives each word's own key."""

from __future__ import annotations

from marsad.text.normalise import match_key, match_keys


def test_match_keys_is_match_key_of_each_word() -> None:
    words = ["أوباما", "وَالسَّعُودِيَّةُ", "ﻻ", "ﷲ", "إلى", "مدرسة", "NASA", "١٢٠٠", "٣٫٥", "", "ﻻﻻ", "بالرياض", "ﻻ"]
    assert match_keys(words) == [match_key(w) for w in words]
    assert match_keys(["a\nb", "ج"]) == [match_key("a\nb"), "ج"]  # a newline inside a word: one by one
    assert match_keys([]) == []
