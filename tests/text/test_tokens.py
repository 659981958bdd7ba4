"""The shared tokeniser: offsets, numbers, abbreviations, URLs, punctuation, chunking."""

from __future__ import annotations

from marsad.text.tokens import sentence_chunks, tokenize, tokens, tokens_with_kind


def texts(s: str) -> list[str]:
    return [s[a:b] for a, b in tokenize(s)]


def test_offsets_point_into_the_original() -> None:
    s = "قال وزيرُ الخارجيةِ، الأحد: «نعم»."
    for tok in tokens(s):
        assert s[tok.start : tok.end] == tok.text
    assert texts(s) == ["قال", "وزيرُ", "الخارجيةِ", "،", "الأحد", ":", "«", "نعم", "»", "."]


def test_numbers_stay_whole() -> None:
    assert texts("نما 3.5% و2,000 ريال و1200 و٣٫٥ و١٢٠٠") == [
        "نما",
        "3.5",
        "%",
        "و",
        "2,000",
        "ريال",
        "و",
        "1200",
        "و",
        "٣٫٥",
        "و",
        "١٢٠٠",
    ]
    # a number glued to a letter splits; a trailing full stop is not a decimal point
    assert texts("عام 2015م.") == ["عام", "2015", "م", "."]


def test_title_abbreviation_keeps_its_dot() -> None:
    assert texts("التقى د. محمد بالمهندس م. علي") == ["التقى", "د.", "محمد", "بالمهندس", "م.", "علي"]
    # but a letter at the end of a sentence is not an abbreviation
    assert texts("قسم د.") == ["قسم", "د", "."]


def test_urls_and_emails_whole() -> None:
    s = "انظر https://www.spa.gov.sa/news/2015?id=12. أو www.example.com/a، أو info@spa.gov.sa"
    assert texts(s) == [
        "انظر",
        "https://www.spa.gov.sa/news/2015?id=12",
        ".",
        "أو",
        "www.example.com/a",
        "،",
        "أو",
        "info@spa.gov.sa",
    ]


def test_punctuation_split_off() -> None:
    s = 'بيروت/لبنان (واس) - "السعودية"؛ لماذا؟ ... …'
    assert texts(s) == [
        "بيروت",
        "/",
        "لبنان",
        "(",
        "واس",
        ")",
        "-",
        '"',
        "السعودية",
        '"',
        "؛",
        "لماذا",
        "؟",
        "...",
        "…",
    ]


def test_latin_words_and_kinds() -> None:
    kinds = [(t, k) for t, _, _, k in tokens_with_kind("قمة G20 في O'Neil Riyadh")]
    assert kinds == [("قمة", "ar"), ("G20", "lat"), ("في", "ar"), ("O'Neil", "lat"), ("Riyadh", "lat")]


def test_invisible_marks_and_diacritics() -> None:
    s = "\u200eالرياض\u200f وَالسَّعُودِيَّةُ"
    toks = texts(s)
    assert toks == ["الرياض", "وَالسَّعُودِيَّةُ"]
    assert tokenize("") == []
    assert tokenize(" \n\t ") == []


def test_sentence_chunks() -> None:
    s = "قال محمد. ثم ذهب\nإلى الرياض، وعاد"
    spans = tokenize(s)
    chunks = [[s[spans[i][0] : spans[i][1]] for i in c] for c in sentence_chunks(s, spans)]
    assert chunks == [["قال", "محمد", "."], ["ثم", "ذهب"], ["إلى", "الرياض", "،", "وعاد"]]
    long = " ".join(["كلمة"] * 30 + ["،"] + ["كلمة"] * 100)
    sizes = [len(c) for c in sentence_chunks(long, max_len=80)]
    assert sum(sizes) == 131 and max(sizes) <= 80


def _chunks_by_walking(text: str, spans: list[tuple[int, int]], max_len: int) -> list[list[int]]:
    """The chunking rule stated token by token: the reference the fast :func:`sentence_chunks` must agree with."""
    chunks: list[list[int]] = []
    current: list[int] = []
    prev_end = 0
    for i, (start, end) in enumerate(spans):
        if current and "\n" in text[prev_end:start]:
            chunks.append(current)
            current = []
        current.append(i)
        if text[start:end] in {".", "!", "?", "؟", "؛", ";", "...", "…", "!!"}:
            chunks.append(current)
            current = []
        elif len(current) >= max_len:
            cut = max((k for k, j in enumerate(current) if text[spans[j][0] : spans[j][1]] in ("،", ",")), default=-1)
            if cut < max_len // 4:
                cut = len(current) - 1
            chunks.append(current[: cut + 1])
            current = current[cut + 1 :]
        prev_end = end
    if current:
        chunks.append(current)
    return chunks


def test_sentence_chunks_agree_with_the_token_by_token_rule() -> None:
    import random

    rng = random.Random(7)
    pieces = ["كلمة", "،", ",", ".", "\n", "؟", "...", "قال", "\n\n", "2015", "(", " ", "!"]
    texts = ["", "\n", "قال.", "كلمة " * 80, "كلمة، " * 40 + ".", ("كلمة " * 79) + "."]
    texts += [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 120))) for _ in range(400)]
    for text in texts:
        spans = tokenize(text)
        for max_len in (80, 8, 5, 2, 1):
            assert sentence_chunks(text, spans, max_len=max_len) == _chunks_by_walking(text, spans, max_len), (
                text,
                max_len,
            )
