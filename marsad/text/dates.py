"""The temporal tagger: date expressions in Arabic news, resolved to ISO dates at the precision the text supports.

One module, used by every stage (cleaner datelines, sentence dates, event dates). It matches on the normaliser's
match key (:mod:`marsad.text.normalise`), so hamza/alef spelling, diacritics, tatweel and Arabic-Indic or Persian
digits never matter, and it reports offsets into the original text. Public API: :func:`find_dates`,
:func:`parse_date`, :func:`coerce_anchor`.

How it works, and why this way
------------------------------

* **Triggers, then a small grammar.** One precompiled regex finds the words an expression can hinge on — a number,
  a month name, a weekday, أمس/اليوم/غداً, عام/العام, الشهر/الأسبوع, منذ/قبل/بعد, الربع/النصف, ordinal day words —
  trying only word starts (after a blank or a bracket), and walking one trie of every such word, bare and behind its
  proclitics, so each word of the text is read once (:data:`_TOKENS`). At each trigger a few anchored regexes
  (``pattern.match(key, pos)``) read forward: day, month, paired month, year, range end, الماضي/المقبل. Short
  look-backs read the words that can open an expression (من/بين for ranges, صباح/مساء, يوم, منتصف/أواخر/مطلع,
  شهر, في/منذ for a bare year) and the words that veto one (ثورة 25 يناير, الساعة 10, عين اليوم). Every look-back
  is gated by one lookup of the word before the trigger (a bit per look-back), so its regex runs only when it could
  match, over a window no longer than its longest match.
* **Linear.** Every quantifier is bounded, look-backs and sentence searches use fixed windows, and each trigger is
  read once, left to right, never overlapping: a 10 MB line takes seconds, a 3,000-character article a fraction of a
  millisecond. Word alternations are compiled as tries (:func:`_alt`) because Python's ``re`` tries flat branches
  one by one.
* **Lexicon from CLDR.** Month and weekday names come from Babel (see :mod:`marsad.text.datelex`); hand additions
  are marked there. Hijri month names come from ``hijridate``.
* **Resolution is a second pass,** so a year-less date can borrow the year of a nearby explicit date in the same
  sentence.

What a span covers
------------------

The expression as a reader would quote it: the weekday and relative day tied to a date ("اليوم الجمعة 14 أكتوبر",
"يوم الخميس الموافق 21 / 10 / 1436هـ", "أمس (الأحد)"), time of day (صباح/مساء/ليلة…), يوم, الـ before a day
number, the opener of a range (من/بين/ما بين; not "في الفترة"), modifiers and شهر ("منتصف شهر مايو"), year words
and their adjectives ("لعام 2015", "العام المالي 2014 - 2015"), paired month names, الماضي/المقبل/الجاري and
م/هـ. A conjunction و/ف glued in front stays outside; a fused ب/ل stays inside ("بنهاية العام 2014", "لعام 2015").

Resolution rules (what a careful reader does)
---------------------------------------------

* ``value``/``end_value`` are ISO strings at ``precision`` day|month|year; ``end_value`` is set only for ranges.
* A day-month without a year takes, in this order: the year (near the anchor, or of the context) in which a stated
  weekday matches ("الأربعاء 11 مارس"); الماضي → the latest such date on or before the anchor; المقبل/القادم → the
  first on or after it; الجاري/الحالي → the anchor's year; the year of the nearest date in the same sentence that
  states one (not one introduced by منذ/مقارنة/مقابل/عن, which is a point of comparison); future tense → the first
  date on or after the anchor, unless it passed less than a month ago ("بزيادة عن يونيو" in July); else the
  anchor's year. The tense is the nearest cue before the expression: سـ + verb, سوف, من المقرر, يعتزم… (future) or a
  common past verb (قال، أعلن، وقع، أصبح…). Month-only expressions follow the same rules. A range with no year is
  placed by its end (المقبل/الماضي usually close it), its start the same year or the year before if it wraps.
* Relative expressions count from the anchor (the publication date): اليوم, أمس, أول أمس/أمس الأول, غداً, بعد غد,
  منذ/قبل N أيام/أسابيع/أشهر/سنوات, بعد N أيام. A weekday alone is the nearest one on or before the anchor, or on
  or after it in a future sentence; "الأربعاء المقبل" is strictly after; "الأربعاء الماضي" strictly before, and a
  week earlier when that would be yesterday (yesterday is "أمس"). When a relative day and a stated weekday disagree
  ("اليوم (الاثنين)" in a paper dated Tuesday — filed the day before) the weekday wins: the nearest day with it.
  Weeks are day ranges starting on CLDR's first day of the week for ``ar_SA`` (Sunday); الشهر/العام الماضي… are
  month/year precision; منتصف/أواخر/مطلع X keeps X's precision; a quarter or half of a year is a month range.
* Hijri dates are converted with ``hijridate`` (Umm al-Qura). A Hijri day → that Gregorian day; a Hijri month (with
  or without a year) → the day range from its first to its last day; **a Hijri year alone → the Gregorian year range
  it overlaps** (1436 هـ → value ``2014``, end_value ``2015``, precision year), because a Hijri year never coincides
  with one Gregorian year. A four-digit year from 1300 to 1500 with no ``م`` is read as Hijri.
* Without an anchor, expressions that need one (relative words, year-less dates) are still found, with
  ``value=None``. Impossible dates ("31 فبراير 2023", Hijri days a month does not have) are not reported.

Things that look like dates but are not are left alone: decimals and counts ("3.5 تريليونات", "16 دولة"), clock
times ("الساعة 10"), "في أمس الحاجة", "عين اليوم", "صلاة الجمعة", and years inside names — a bare year counts only
after a word that makes it a time (عام/العام, في, منذ, حتى, خلال, بحلول, مطلع…), with هـ, with م and brackets, or
in a year range, so "رؤية 2030", "إكسبو 2020", "منتدى قازان-2024", "كأس العالم 2018م" are not dates; nor is a day
and month after ثورة/حرب/هجمات/مدينة/شارع… ("ثورة 25 يناير", "مدينة 6 أكتوبر").
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from hijridate import Gregorian, Hijri

from marsad.model import TimeExpr
from marsad.text import datelex as lex
from marsad.text.normalise import Normalised, normalise

__all__ = ["find_dates", "parse_date", "coerce_anchor", "WEEK_START"]

Date = _dt.date

# First day of the week for week ranges ("الأسبوع المقبل"): Sunday in Saudi Arabia, from CLDR.
WEEK_START: int = Locale.parse("ar_SA").first_week_day

# --------------------------------------------------------------------------------------------------------------------
# Regex building blocks (all on the match key: ا for أإآ, ي for ى, ه for ة, ASCII digits, lower-case Latin)
# --------------------------------------------------------------------------------------------------------------------


def _wl(words: str) -> tuple[str, ...]:
    """A word list written as one blank-separated string (compact, and the words read as a block)."""
    return tuple(words.split())


_S = "[ ]{0,3}"  # optional blank run (the key keeps newlines, and a date never spans a line)
_S1 = "[ ]{1,3}"
_END = r"(?!\w)"


# Arabic letters from the commonest in news text to the rarest. A trie's branches begin with distinct characters, so
# their order never changes what matches, only how many branches ``re`` tests before it finds (or misses) the next
# character: the common letters go first.
_LETTER_ORDER = {ch: i for i, ch in enumerate("الينموهتربعدفسقكحجشطصخضذزثغءظ")}


def _branch_order(ch: str) -> tuple[int, str]:
    return _LETTER_ORDER.get(ch, len(_LETTER_ORDER)), ch


def _alt(words: Iterable[str]) -> str:
    """Regex for a set of literal words, shaped as a trie.

    Python's ``re`` tries the branches of an alternation one after the other, so a flat ``يناير|فبراير|…`` of two
    hundred names costs two hundred attempts at every word; a trie (``ي(?:ناير|ونيو|وليو)``) tests each character once.
    Inner spaces match one or two blanks. Longer words win because every optional tail is greedy.
    """
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = []
        for ch in sorted((k for k in node if k), key=_branch_order):
            head = "[ ]{1,2}" if ch == " " else re.escape(ch)
            branches.append(head + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_MONTHS: dict[str, tuple[str, int]] = {}
_MONTHS.update({k: ("g", v) for k, v in lex.GREGORIAN_AR.items()})
_MONTHS.update({k: ("g", v) for k, v in lex.GREGORIAN_EN.items()})
_MONTHS.update({k: ("h", v) for k, v in lex.HIJRI.items()})
_MONTH = f"(?:{_alt(_MONTHS)}){_END}"

_ADJ: dict[str, str] = {
    "الماضي": "past",
    "المنصرم": "past",
    "الفائت": "past",
    "المنقضي": "past",
    "المقبل": "next",
    "القادم": "next",
    "الجاري": "current",
    "الحالي": "current",
}
_ADJ.update({k + "ه": v for k, v in list(_ADJ.items())})  # feminine, for السنة الماضية/المقبلة
_ADJ_RX = f"(?:{_alt(_ADJ)}){_END}"

_WEEKDAY = f"(?:{_alt(lex.WEEKDAYS)}){_END}"
_ORD = f"(?:{_alt(lex.ORDINAL_DAYS)}){_END}"
_YEAR_WORD = r"(?:عام|العام|لعام|سنه|السنه|لسنه)"
# Adjectives between a year word and its number: "العام المالي 2014", "العام الهجري الجديد 1437هـ".
_YW_ADJ_W = _wl(
    "المالي الدراسي الجامعي التدريبي الهجري الميلادي الزراعي الجديد الماليه الدراسيه الهجريه الميلاديه الزراعيه الجديده"
)
_YW_ADJ = "(?:" + "|".join(_YW_ADJ_W) + ")"
_YEAR_SUFFIX = r"(?:[ ]{0,2}(?P<e>[مه])(?![^\W\d_]))?"
_DAYNUM = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|[.,:/٫]\d|[%٪])"

_TOD = r"(?:صباح|مساء|ظهر|ظهيره|عصر|ليله|ليل|فجر|ضحي|نهار|منتصف[ ]ليله|منتصف[ ]ليل)"
_MODIFIER = r"(?:منتصف|اواخر|اوائل|مطلع|بدايه|بدايات|نهايه|اواسط|مستهل|ختام|اخر)"

# The words an expression can hinge on, with the handler that reads forward from each.
_TRIGGER_WORDS: dict[str, str] = {}
for _group, _words in (
    ("mon", _MONTHS),
    ("wd", lex.WEEKDAYS),
    ("ord", lex.ORDINAL_DAYS),
    ("rel", ("اليوم", "امس", "الامس", "البارحه", "غدا", "الغد", "غد")),
    ("yw", ("عامي", "عام", "العام", "سنه", "السنه")),
    ("mw", ("الشهر", "الاسبوع")),
    ("dur", ("منذ", "قبل", "بعد")),
    ("q", ("الربع", "النصف")),
):
    for _w in _words:
        _TRIGGER_WORDS.setdefault(_w, _group)
# Clitic stacks a trigger word can carry ("وأمس", "لعام", "والشهر", "وللعام"): they stay outside the span, except that
# a fused ب/ل joins it (see :func:`_scan`).
_CLITICS = ("و", "ف", "ول", "فل", "وب", "فب", "ولل", "فلل", "ل", "ب", "لل")
# Every token that starts an expression, as ``token -> (group, word, clitic length)``: each trigger word bare and
# behind each clitic stack. No token has two readings, and none is a blank-separated prefix of a token with another
# clitic, so the longest token at a position is always the reading the grammar wants.
_TOKENS: dict[str, tuple[str, str, int]] = {w: (g, w, 0) for w, g in _TRIGGER_WORDS.items()}
for _c in _CLITICS:
    for _w, _group in _TRIGGER_WORDS.items():
        _TOKENS.setdefault(_c + _w, (_group, _w, len(_c)))
# First letters of the ordinal-day tokens ("الرابع عشر", "والعشرين", "غره"): a chained date written in words starts so.
_ORD_FIRST = frozenset(tok[0] for tok, (group, _, _) in _TOKENS.items() if group == "ord")
_NUM_TAIL = "\x00"  # trie marker: a 1–4 digit number, possibly behind a glued ال/و/ف/ب/ل ("الـ14", "و11")


def _token_trie(tokens: Iterable[str]) -> str:
    """Regex matching the longest token (followed by a non-word character) from a trie, like :func:`_alt`.

    Word ends are alternatives ``(?!\\w)`` tried after every longer continuation, so one match attempt finds the
    longest complete word; :data:`_NUM_TAIL` stands for a number (``\\d{1,4}(?!\\d)``, no word boundary needed:
    "2015م").
    """
    trie: dict = {}
    for token in set(tokens):
        node = trie
        for ch in token:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = []
        for ch in sorted((k for k in node if k), key=_branch_order):
            if ch == _NUM_TAIL:
                branches.append(r"\d{1,4}(?!\d)")
                continue
            head = "[ ]{1,2}" if ch == " " else re.escape(ch)
            branches.append(head + emit(node[ch]))
        if "" in node:
            branches.append(r"(?!\w)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)


# The characters ``\s`` matches (``str.isspace``), spelled out: a class of literal characters is tested with a bitmap,
# while ``\s`` asks the Unicode database at every character — and the scan tests every character of the text.
_SPACE_CHARS = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# One trie over every token and number form: a match attempt at a word start walks it once, where separate branches
# for bare words, clitic + word and numbers would each be tried in turn at every word of the text.
_TRIGGER_BODY = _token_trie([*_TOKENS, *(p + _NUM_TAIL for p in ("", "ال", "و", "ف", "ب", "ل"))])
# The scan only tries positions right after a blank or an opening bracket/quote — a C-speed character-class search
# — instead of every character; the key is scanned with a newline prepended so position 0 counts too.
_TRIGGER = re.compile(f"[{_SPACE_CHARS}(\"'\\[/](?:{_TRIGGER_BODY})")
# The same triggers matched at one known position (a date chained after a weekday, the year after "الربع الأول من"):
# written compactly — word, clitic + word, number — because compiling the token trie a second time would double the
# module's import time, and a single match gains nothing from it.
_TRIE = _alt(_TRIGGER_WORDS)
_TRIGGER_AT = re.compile(
    rf"(?P<w>{_TRIE}){_END}|(?:[وف](?:لل|ل|ب)?|لل|ل|ب)(?P<cw>{_TRIE}){_END}|(?:ال|[وفبل]|)(?P<num>\d{{1,4}})(?!\d)"
)


def _trigger_at(key: str, pos: int) -> tuple[str, str, int] | None:
    """The trigger starting exactly at ``pos``: ``(group, word, word_start)``."""
    m = _TRIGGER_AT.match(key, pos)
    if m is None:
        return None
    g: str = m.lastgroup  # type: ignore[assignment]
    word = m.group(g)
    if g == "num":
        return "num", word, m.start(g)
    word = _one_blank(word)  # multi-word month names match one or two blanks
    return _TRIGGER_WORDS[word], word, m.start(g)


_RX_MONTH = re.compile(f"(?P<mon>{_MONTH})")
_RX_PAIR = re.compile(rf"{_S}(?:\({_S}(?P<mon1>{_MONTH}){_S}\)|(?:[/\-]{_S})?(?P<mon>{_MONTH}))")
_RX_CLOSE = re.compile(rf"{_S}\)")
_RX_SUFFIX = re.compile(rf"{_S1}(?P<adj>{_ADJ_RX})")
_RX_YEAR_TAIL = re.compile(
    rf"{_S}[,/]?{_S}(?:من{_S1})?(?:{_YEAR_WORD}{_S1}(?:{_YW_ADJ}{_S1}){{0,2}})?(?:(?P<y>\d{{4}})(?!\d|[.,٫]\d|[%٪]){_YEAR_SUFFIX}"
    rf"|(?P<y3>\d{{3}})[ ]{{0,2}}(?P<e3>[مه])(?![^\W\d_]))"
)
_RX_YEAR_REL = re.compile(
    rf"{_S}(?:من{_S1})?(?:(?P<this>هذا|هذه){_S1}(?:العام|السنه)|(?:العام|السنه){_S1}(?P<adj>{_ADJ_RX}))"
    rf"(?:{_S}(?P<y>\d{{4}})(?!\d){_YEAR_SUFFIX})?"
)
# Day (number or ordinal word) up to the month: "14 أكتوبر", "الـ14 من شهر مايو", "الرابع عشر من أكتوبر", "7th, March".
_RX_DAY_MONTH = re.compile(
    rf"(?:{_DAYNUM}{_S}[,/]?{_S}(?:من{_S1})?|(?P<o>{_ORD}){_S1}من{_S1})(?:شهر{_S1})?"
    rf"(?:(?P<mon>{_MONTH})|الشهر{_S1}(?P<rm>{_ADJ_RX}))"
)
# Two days then the month: "9-11 يوليو", "14 إلى 19 من مايو", "9 و11 يوليو".
_RX_DAY_DAY = re.compile(
    r"(?P<d1>[0-3]?\d)(?!\d|[.,:/٫]\d|[%٪])"
    rf"{_S}(?P<sep>-|الي|حتي|وحتي|و)-?{_S}(?:ال{_S})?(?P<d2>[0-3]?\d)(?!\d|[.,:/٫]\d|[%٪])"
    rf"{_S}(?:من{_S1})?(?:شهر{_S1})?(?:(?P<mon>{_MONTH})|الشهر{_S1}(?P<rm>{_ADJ_RX}))"
)
# Two ordinal days then the month: "بين الخامس عشر وحتى السابع عشر من نوفمبر", "يومي الثاني والثالث من أغسطس".
_RX_ORD_DAY_DAY = re.compile(
    rf"(?P<o1>{_ORD}){_S}(?P<sep>-|الي|حتي|وحتي|و){_S}(?P<o2>{_ORD}){_S1}من{_S1}(?:شهر{_S1})?"
    rf"(?:(?P<mon>{_MONTH})|الشهر{_S1}(?P<rm>{_ADJ_RX}))"
)
_RX_RANGE_SEP = re.compile(rf"{_S}(?P<sep>-|/|الي|حتي|و)-?{_S}(?:(?:يوم|عام|العام|سنه){_S1})?(?:ال{_S}(?=\d))?")
_RX_NUM_YMD = re.compile(
    rf"(?P<y>\d{{4}}){_S}(?P<s>[/.\-\\]){_S}(?P<m>[01]?\d){_S}(?P=s){_S}(?P<d>[0-3]?\d)(?!\d|[.,]\d){_YEAR_SUFFIX}"
)
_RX_NUM_DMY = re.compile(
    rf"(?:(?P<d0>[0-3]?\d){_S}(?:-|الي|حتي){_S})?(?P<d>[0-3]?\d){_S}(?P<s>[/.\-\\]){_S}(?P<m>[01]?\d){_S}(?P=s){_S}"
    rf"(?P<y>\d{{4}})(?!\d|[.,]\d){_YEAR_SUFFIX}"
)
_RX_YEAR = re.compile(rf"(?P<y>\d{{4}})(?!\d|[.,٫]\d|[%٪]|{_S}[:/]){_YEAR_SUFFIX}")
_RX_YEAR_RANGE = re.compile(
    rf"(?P<y1>\d{{4}}){_YEAR_SUFFIX.replace('<e>', '<e1>')}{_S}(?P<sep>-|/|الي|حتي|و)-?{_S}"
    rf"(?:(?:عام|العام|سنه){_S1})?(?P<y2>\d{{4}}|\d{{2}})(?!\d|[.,٫]\d|[%٪]){_YEAR_SUFFIX}"
)
_RX_ENGLISH_MD = re.compile(rf"{_S}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)(?:{_S},?{_S}(?P<y>\d{{4}})(?!\d))?")
_RX_CONNECT = re.compile(rf"{_S}[(،,]?{_S}(?:(?:الموافق|الموافقه){_S}(?:ل{_S})?)?")
_RX_WD_AFTER = re.compile(rf"{_S}[(،,]?{_S}(?:يوم{_S1})?(?P<wd>{_WEEKDAY})(?:{_S}\))?")
_RX_WD_ADJ = re.compile(rf"{_S1}(?P<adj>{_ADJ_RX})")
_RX_YW_ADJ = re.compile(rf"{_S1}(?:{_YW_ADJ}{_S1}){{0,2}}")
_RX_DURATION = re.compile(
    rf"{_S1}(?:(?P<n>\d{{1,3}}){_S}|(?P<nw>{_alt(lex.CARDINALS)}){_S1})?"
    r"(?P<u>يومين|يومان|ايام|يوما|يوم|اسبوعين|اسبوعان|اسابيع|اسبوعا|اسبوع|شهرين|شهران|اشهر|شهور|شهرا|شهر"
    r"|عامين|عامان|اعوام|عاما|عام|سنتين|سنتان|سنوات|سنين|سنه)"
    r"(?!\w)"
)
_RX_QUARTER = re.compile(rf"{_S1}(?P<n>الاول|الثاني|الثالث|الرابع|الاخير){_END}{_S}(?:من|لعام|للعام|لسنه)?{_S}")
_RX_THIS = re.compile(rf"ل?(?:هذا|هذه){_S1}")
_DUALS = frozenset(["يومين", "يومان", "اسبوعين", "اسبوعان", "شهرين", "شهران", "عامين", "عامان", "سنتين", "سنتان"])
_SINGULARS = frozenset(["يوم", "اسبوع", "شهر", "عام", "سنه"])
_RX_NEXT_WORD = re.compile(r"[ ]{1,3}(?P<w>[^\W\d_]+)")

# Look-backs: each ends at the trigger (``\Z`` honours ``endpos``). Each is built from word lists that also give the
# set of words it can end with: :func:`_back` first checks the word before the trigger against that set (a C-speed
# ``rfind`` and a set lookup), and runs the regex only when it could match — look-backs run at nearly every trigger.
_BK_WINDOW = 30  # longer than any look-back match
_TOD_W = ("صباح", "مساء", "ظهر", "ظهيره", "عصر", "ليله", "ليل", "فجر", "ضحي", "نهار")
_MOD_W = ("منتصف", "اواخر", "اوائل", "مطلع", "بدايه", "بدايات", "نهايه", "اواسط", "مستهل", "ختام", "اخر")
_SEASON_W = ("صيف", "شتاء", "ربيع", "خريف")
_YEAR_PREP_W = (
    *_wl("في منذ حتي خلال بحلول قبل بعد"),
    *_MOD_W,
    *_SEASON_W,
    *_wl("سنه السنه عام العام الموسم لموسم موسم"),
)
_NAME_W = _wl(
    "ثوره ثورتي حرب هجمات احداث اعتداءات تفجيرات انتفاضه حركه شارع ميدان جسر كوبري مدينه جامعه مستشفي "
    "مدرسه مجزره تيار قوي مبني برج مجمع ملعب نادي اتفاق"
)

_CLOCK_W = ("الساعه", "ساعه", "رقم", "الرقم", "بند", "البند", "الماده", "ماده", "الفقره", "المرتبه", "المركز")
_MONTH_PREP_W = ("في", "خلال", "منذ", "حتي", "قبل", "بعد", "اثناء", "طوال", "مع", "عن", "الي", "من", "بين", *_MOD_W)
_NOT_TODAY_W = ("عين", "صحيفه", "جريده", "في", "مثل", "ذلك", "تلك", "ذات", "نفس", "مدار", "طوال")
_JUMUA_W = ("صلاه", "لصلاه", "خطبه", "خطب", "خطيب", "جامع", "مسجد", "صلوات", "يوم")
_YEAR_WORD_W = ("عامي", "عام", "العام", "العامين", "سنه", "السنه", "سنتي")


def _words(words: tuple[str, ...] | list[str]) -> str:
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


_CL = r"(?<!\w)(?P<cl>[وف])?"  # a conjunction glued in front stays outside the span


class _LookBack:
    """A look-back: a pattern that must end exactly at a position, and its bit in the word-before gate.

    Gates are int bit masks rather than sets of patterns: hashing a compiled pattern re-hashes its whole code, which
    made a set-membership test cost as much as the look-back itself.
    """

    __slots__ = ("rx", "bit", "cl", "width")

    def __init__(self, pattern: str, bit: int) -> None:
        self.rx: re.Pattern[str] = re.compile(pattern)
        self.bit: int = bit
        self.cl: bool = "cl" in self.rx.groupindex  # a glued و/ف before it stays outside the span
        # The longest text it can match: a match ending at ``pos`` starts no earlier than ``pos - width``, so the
        # search window need be no longer (``re`` tries every start in it). Capped by :data:`_BK_WINDOW`.
        self.width: int = min(_BK_WINDOW, _max_width(pattern))

    def search(self, key: str, pos: int) -> re.Match[str] | None:
        """The leftmost match ending exactly at ``pos`` (the pattern ends with ``\\Z``; ``endpos`` is ``pos``)."""
        return self.rx.search(key, pos - self.width if pos > self.width else 0, pos)


def _max_width(pattern: str) -> int:
    """The most characters ``pattern`` can match (from ``re``'s own parser; :data:`_BK_WINDOW` if unavailable)."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        return int(_parser.parse(pattern).getwidth()[1])
    except Exception:  # noqa: BLE001 - a private helper: any failure just keeps the full window
        return _BK_WINDOW


_BK_BY_WORD: dict[str, int] = {}  # word -> bit mask of the look-backs that can end with it


def _bk(pattern: str, last_words: Iterable[str]) -> _LookBack:
    """Compile a look-back and register the words it can end with (its gate, see :func:`_gate`)."""
    bk = _LookBack(pattern, 1 << len(_LOOK_BACKS))
    _LOOK_BACKS.append(bk)
    for word in set(last_words):
        _BK_BY_WORD[word] = _BK_BY_WORD.get(word, 0) | bk.bit
    return bk


_LOOK_BACKS: list[_LookBack] = []


_BK_TOD = _bk(rf"{_CL}{_TOD}{_S1}(?:يوم{_S1})?\Z", (*_TOD_W, "يوم"))
_BK_YAWM = _bk(rf"{_CL}(?:يوم|يومي){_S1}\Z", ("يوم", "يومي"))
_BK_RANGE_OPEN = _bk(rf"{_CL}(?P<w>(?:ما{_S1})?بين|من){_S1}(?:(?:يوم|يومي){_S1})?\Z", ("بين", "من", "يوم", "يومي"))
_BK_YEAR_RANGE_OPEN = _bk(rf"{_CL}(?P<w>(?:ما{_S1})?بين|من|منذ){_S1}\Z", ("بين", "من", "منذ"))
_BK_MODIFIER = _bk(rf"{_CL}[بل]?{_MODIFIER}{_S1}(?:شهر{_S1})?\Z", (*_MOD_W, "شهر"))
_BK_SHAHR = _bk(rf"{_CL}[بل]?(?:شهر|شهري){_S1}\Z", ("شهر", "شهري"))
_BK_THIS = _bk(rf"{_CL}[بل]?(?:هذا|هذه|لهذا|لهذه){_S1}\Z", ("هذا", "هذه", "لهذا", "لهذه"))
_BK_AWWAL = _bk(rf"{_CL}(?:اول{_S1}(?:من{_S1})?|قبل{_S1})\Z", ("اول", "من", "قبل"))
_BK_BAAD = _bk(rf"{_CL}بعد{_S1}\Z", ("بعد",))
_BK_TOD_OR_BAAD = _bk(rf"{_CL}(?:{_TOD}|يوم|بعد){_S1}\Z", (*_TOD_W, "يوم", "بعد"))
_BK_SEASON = _bk(rf"{_CL}[بل]?(?:{_MODIFIER}|{_words(_SEASON_W)}){_S1}\Z", (*_MOD_W, *_SEASON_W))
# Words after which a bare year is a time: "في 2014", "منذ 2010", "بحلول 2030".
_BK_YEAR_PREP = _bk(rf"{_CL}{_words(_YEAR_PREP_W)}{_S1}\Z", _YEAR_PREP_W)
# Words before a day number that make it a name or a count, not a date.
_BK_NAME = _bk(rf"{_CL}[بل]?{_words(_NAME_W)}{_S1}\Z", _NAME_W)
_BK_CLOCK = _bk(rf"{_CL}[بل]?{_words(_CLOCK_W)}{_S1}\Z", _CLOCK_W)
# Words after which a bare (ambiguous) month name reads as a time: "في مارس", "منذ رمضان".
_BK_MONTH_PREP = _bk(rf"{_CL}{_words(_MONTH_PREP_W)}{_S1}(?:شهر{_S1})?\Z", (*_MONTH_PREP_W, "شهر"))
# "اليوم" that is not today: "عين اليوم" (a newspaper), "في اليوم" (per day), "ذلك اليوم", "«اليوم»", "لليوم".
_BK_NOT_TODAY = _bk(
    rf"(?:(?<!\w){_words(_NOT_TODAY_W)}|(?<!\w)(?:في|مثل)[ ]هذا|(?<!\w)(?:منذ|حتي)[ ]ذلك)[ ]{{1,3}}\Z",
    (*_NOT_TODAY_W, "هذا"),
)
_BK_JUMUA = _bk(rf"{_CL}[بل]?{_words(_JUMUA_W)}{_S1}\Z", _JUMUA_W)
# A year word right before a year number ("عام", "لعام", "للعام", "العام المالي", "بين عامي").
_BK_YEARWORD = _bk(
    rf"{_CL}(?P<w>(?:[بل]|لل)?{_words(_YEAR_WORD_W)}(?:{_S1}{_YW_ADJ}){{0,2}}){_S1}\Z", (*_YEAR_WORD_W, *_YW_ADJ_W)
)
# A date after these is a point of comparison, not the frame of its sentence ("منذ يونيو 2013", "مقارنة بعام 2014"):
# it lends no year to the year-less dates around it.
_BK_CONTRAST = _bk(
    rf"{_CL}(?:منذ|مقارنه|مقارنه[ ]مع|مقابل|قياسا|عن){_S1}\Z", ("منذ", "مقارنه", "مع", "مقابل", "قياسا", "عن")
)
_BK_AL = _LookBack(rf"(?<!\w)ال{_S}\Z", 0)  # "الـ14": no blank needed, no gate, checked directly in _back
# The last two letters of every gate word (all have two or more, so a word and the word minus a proclitic share
# them): a word before a position that ends otherwise opens no look-back.
_BK_ENDINGS = frozenset(w[-2:] for w in _BK_BY_WORD)
if any(len(e) != 2 or not e.isalpha() for e in _BK_ENDINGS):  # _gate reads the two characters before a blank
    raise ValueError("gate words must be two or more letters")


_SENT_END = re.compile(r"[.!?؟\n]")
_SENT_MAX = 300  # a "sentence" longer than this is cut: context (150) and tense (100) are read nearby anyway
# Tense cues read in the sentence before an expression. Future: سوف, a verb with the future prefix سـ (سيُعقد,
# ستنطلق, سنعمل), words that announce a scheduled event (من المقرر, يعتزم, المزمع, تنطلق…). Past: the commonest
# past-tense verbs of news reporting. The cue nearest to the expression decides.
_FUTURE_CUES = _wl(
    "سوف المقرر مقرر يعتزم تعتزم نعتزم المزمع المرتقب يرتقب ترتقب المنتظر ينتظر يتوقع المتوقع تنطلق ينطلق "
    "تقام يقام تستضيف يستضيف غدا"
)

_PAST_CUES = _wl(
    "قال قالت اعلن اعلنت اكد اكدت اوضح اوضحت اشار اشارت كان كانت كانوا اصبح اصبحت وقع وقعت شهد شهدت عقد عقدت بدا "
    "بدات انطلق انطلقت قتل قتلت قتلوا اعتقل اعتقلت افاد افادت ذكر ذكرت اضاف اضافت صرح صرحت تم تمت جري جرت وصل "
    "وصلت غادر غادرت التقي التقت استقبل استقبلت زار زارت نفذ نفذت شن شنت توفي اطلق اطلقت اصدر اصدرت نشر نشرت اجري "
    "اجرت دعا دعت طالب طالبت رحب رحبت اكتشف اكتشفت سجل سجلت بلغ بلغت ارتفع ارتفعت انخفض انخفضت تراجع تراجعت حقق "
    "حققت فاز فازت خسر خسرت ادي ادت اسفر اسفرت شارك شاركت قام قامت قرر قررت وافق وافقت ضبط ضبطت حذر حذرت نفي نفت "
    "كشف كشفت اختتم اختتمت افتتح افتتحت امس"
)
_TENSE_CUE = rf"[وف]?(?:(?P<f>س[يتن][^\W\d_]{{2,}}|{_alt(_FUTURE_CUES)})|(?P<p>{_alt(_PAST_CUES)}))(?!\w)"
_TENSE = re.compile(rf"(?<!\w){_TENSE_CUE}")  # a cue at the very start of the key
# Elsewhere a cue follows a non-word character: starting the pattern with that character class lets ``re`` skip
# from word start to word start at C speed instead of trying the look-behind at every character.
_TENSE_SCAN = re.compile(rf"\W{_TENSE_CUE}")
# Nouns (and past verbs) that start like a future verb (سـ + ي/ت/ن): whole words, and stems long enough to be safe
# as prefixes. "سيلتقي" is a future verb even though "سيل" (torrent) is a noun.
_NOT_FUTURE_WORDS = frozenset(
    _wl(
        "سيل سيول سيم سير سيره سيد سيده سيدات سيف سيوف سته ستين ستون ستار سنه سنتين سنوات سنين سنوي سنويه "
        "سنويا سند سندات سنا سني سنه سنت سيتي سياق سياده سيادي سياديه سيئ سيئه سيئات سينا سيناء سيطر سيطرت "
        "ستر سيري سيبر"
    )
)
_NOT_FUTURE_STEMS: tuple[str, ...] = tuple(
    _wl("سياس سيار سياح سيطره سينما سيناريو ستراتيج ستوديو ستوكهولم سنغافور سنتيم ستاد سيرغي ستيف")
)


def _is_future(key: str, start: int, lo: int) -> bool:
    """Whether the clause before ``key[start:]`` speaks of the future (up to 100 characters back, same sentence).

    The tense cue nearest to the expression decides ("قالت الحكومة إنها ستغير القانون … وأصبح التشريع سارياً
    الخميس": أصبح, past). Only what comes before counts: the verb that governs a date in Arabic news nearly always
    precedes it, and a future verb after it usually belongs to another clause.
    """
    lo = max(lo, start - 100)
    # from the non-word character before the window: it must be there for a cue to start the window
    cues: Iterator[re.Match[str]] = _TENSE_SCAN.finditer(key, lo - 1 if lo else 0, start)
    if lo == 0:
        first = _TENSE.match(key, 0, start)
        if first is not None:
            cues = itertools.chain((first,), cues)
    last: bool | None = None
    for m in cues:
        w = m.group("f")
        if w is None:
            last = False
        elif not (w[0] == "س" and w != "سوف" and (w in _NOT_FUTURE_WORDS or w.startswith(_NOT_FUTURE_STEMS))):
            last = True
    return bool(last)


# --------------------------------------------------------------------------------------------------------------------
# Parse results
# --------------------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Part:
    """One calendar point as written: calendar ``g``/``h``; missing fields are None."""

    cal: str
    year: int | None
    month: int | None
    day: int | None


@dataclass(slots=True)
class _Raw:
    """A parsed expression before resolution (key offsets)."""

    start: int
    end: int
    a: _Part | None = None
    b: _Part | None = None  # range end
    orient: str | None = None  # past | next | current (from الماضي/المقبل/الجاري)
    weekday: int | None = None
    rel: tuple | None = None  # anchor-relative spec, see _resolve_rel
    year_rel: str | None = None  # past | next | current: "مايو من العام الماضي"
    invalid: bool = False  # an impossible date or a name ("31 فبراير", "ثورة 25 يناير"): skipped whole


# --------------------------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------------------------


def _back(bk: _LookBack, key: str, pos: int) -> re.Match[str] | None:
    """Match a look-back ending exactly at ``pos``, if the word before passes its gate (see :func:`_gate`)."""
    if bk is _BK_AL:
        if key.startswith("ال", max(0, pos - 3), pos) or key.startswith("ال", max(0, pos - 2), pos):
            return bk.search(key, pos)
        return None
    if not _gate(key, pos) & bk.bit:
        return None
    return bk.search(key, pos)


def _gate(key: str, pos: int) -> int:
    """Bit mask of the look-backs that could end at ``pos``: those whose last words hold the word before (or it
    minus a one- or two-letter proclitic). A look-back regex runs only when its bit is set."""
    if pos == 0 or key[pos - 1] != " ":
        return 0
    # the word that ends in the blank run right before pos
    j = pos - 1
    while j > 0 and key[j - 1] == " ":
        j -= 1
    if key[j - 2 : j] not in _BK_ENDINGS:  # most words: the three readings below all end like the word itself
        return 0
    word = key[key.rfind(" ", j - _BK_WINDOW if j > _BK_WINDOW else 0, j) + 1 : j]
    if "\n" in word or "(" in word or '"' in word:
        word = word[max(word.rfind("\n"), word.rfind("("), word.rfind('"')) + 1 :]
    get = _BK_BY_WORD.get
    return get(word, 0) | get(word[1:], 0) | get(word[2:], 0)


def _one_blank(text: str) -> str:
    """A matched name with its inner blank runs collapsed ("كانون  الثاني"); most names have no blank at all."""
    return " ".join(text.split()) if " " in text else text


def _month_of(text: str) -> tuple[str, int]:
    return _MONTHS[_one_blank(text)]


def _tail_year(m: re.Match[str]) -> tuple[int, str | None]:
    """Year and suffix of a :data:`_RX_YEAR_TAIL` match (four digits, or three with م/هـ: "921م")."""
    if m.group("y") is not None:
        return int(m.group("y")), m.group("e")
    return int(m.group("y3")), m.group("e3")


def _year_cal(year: int, suffix: str | None, default: str | None = None) -> str | None:
    """Calendar of a written year: ه → Hijri, م → Gregorian, else 1300–1500 → Hijri, plausible → Gregorian."""
    if suffix == "ه":
        return "h" if 1300 <= year <= 1600 else None
    if suffix == "م":
        return "g" if 100 <= year <= 2199 else None
    if default == "h":
        return "h" if 1300 <= year <= 1600 else None
    if 1300 <= year <= 1500 and default != "g":
        return "h"
    return "g" if 1000 <= year <= 2199 else None


@lru_cache(maxsize=4096)
def _valid_g(y: int, m: int, d: int) -> bool:
    try:
        Date(y, m, d)
    except ValueError:
        return False
    return True


@lru_cache(maxsize=4096)
def _hijri_to_g(y: int, m: int, d: int) -> Date | None:
    try:
        return Hijri(y, m, d, validate=True).to_gregorian()
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=4096)
def _hijri_month_len(y: int, m: int) -> int | None:
    try:
        return Hijri(y, m, 1).month_length()
    except (ValueError, OverflowError):
        return None


@lru_cache(maxsize=1024)
def _to_hijri(d: Date) -> tuple[int, int, int] | None:
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def coerce_anchor(anchor: Date | _dt.datetime | str | None) -> Date | None:
    """The anchor as a date: a ``date``, a ``datetime`` or an ISO string (its first 10 characters); else None."""
    if anchor is None:
        return None
    if type(anchor) is str:  # the common case (ISO publication dates), cached
        return _anchor_from_str(anchor)
    if isinstance(anchor, _dt.datetime):
        return anchor.date()
    if isinstance(anchor, Date):
        return anchor
    return _anchor_from_str(str(anchor))


@lru_cache(maxsize=1024)
def _anchor_from_str(anchor: str) -> Date | None:
    try:
        return Date.fromisoformat(anchor.strip()[:10])
    except ValueError:
        return None


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _week_start(d: Date) -> Date:
    return d - _dt.timedelta(days=(d.weekday() - WEEK_START) % 7)


# --------------------------------------------------------------------------------------------------------------------
# The scanner
# --------------------------------------------------------------------------------------------------------------------


# Words after "اليوم" that make it "the day" (اليوم الوطني، اليوم الأول، اليوم الذي), not "today".
_DAY_ADJECTIVES = frozenset(
    _wl(
        "الاول الاخير الاخر التالي السابق الذي نفسه ذاته المفتوح الموعود الختامي الافتتاحي الكامل الواحد "
        "العاشر الثالث الرابع الخامس السادس السابع الثامن التاسع"
    )
)


def _not_today_next(word: str) -> bool:
    """Whether the word after "اليوم" makes it a noun ("the day") rather than the adverb "today".

    Nisba adjectives (الوطني، العالمي، الدراسي، الثاني…) and ordinals qualify a day; a subject noun after the adverb
    ("تنطلق اليوم المرحلة الثانية") or a weekday ("اليوم الخميس") does not.
    """
    if word in _DAY_ADJECTIVES:
        return True
    if not word.startswith("ال") or word in lex.WEEKDAYS or word in ("الي", "الا", "الموافق"):
        return False
    return word.endswith("ي")


class _Scanner:
    """Reads one key; each ``_at_*`` handler parses forward from a trigger and returns a :class:`_Raw`."""

    def __init__(self, key: str, original_char: Callable[[int], str] | None = None) -> None:
        self.key = key
        self._original_char = original_char
        self._gates: dict[int, int] = {}

    def _bk(self, bk: _LookBack, pos: int) -> re.Match[str] | None:
        """:func:`_back` with the word-before gate cached per position (several look-backs ask at one position)."""
        if bk is _BK_AL:
            return _back(bk, self.key, pos)
        gate = self._gates.get(pos)
        if gate is None:
            gate = self._gates[pos] = _gate(self.key, pos)
        if gate & bk.bit:
            return bk.search(self.key, pos)
        return None

    def _fake_month(self, mkey: str, pos: int) -> bool:
        """The key cannot tell آب (August) from أب (father) or إب (the Yemeni city); the original spelling can."""
        return mkey == "اب" and self._original_char is not None and self._original_char(pos) in "أإ"

    # ---- shared pieces -------------------------------------------------------------------------------------------

    def _month_tail(self, pos: int, cal: str, month: int) -> tuple[int, int | None, str | None, str | None, bool]:
        """After a month name: the paired name ("أكتوبر/تشرين الأول", "أيار (مايو)", "مارس آذار"), then a year, a
        relative year ("من العام الماضي") or الماضي/المقبل/الجاري.

        Returns ``(end, year, year_cal, orient, has_pair)``; ``year_cal`` None means no year.
        """
        key = self.key
        has_pair = False
        m = _RX_PAIR.match(key, pos)
        if m and _month_of(m.group("mon") or m.group("mon1")) == (cal, month) and cal == "g":
            has_pair = True
            pos = m.end()
        m = _RX_YEAR_TAIL.match(key, pos)
        if m:
            y, e = _tail_year(m)
            ycal = _year_cal(y, e, cal)
            if ycal:
                return m.end(), y, ycal, None, has_pair
        m = _RX_YEAR_REL.match(key, pos)
        if m:
            if m.group("y"):
                y = int(m.group("y"))
                ycal = _year_cal(y, m.group("e"), cal)
                if ycal:
                    return m.end(), y, ycal, None, has_pair
            orient = "current" if m.group("this") else _ADJ[" ".join(m.group("adj").split())]
            return m.end(), None, None, "year:" + orient, has_pair
        m = _RX_SUFFIX.match(key, pos)
        if m:
            orient = _ADJ[m.group("adj")]
            end = m.end()
            y2 = _RX_YEAR_TAIL.match(key, end)  # "ديسمبر الماضي 2014", but not "مايو الماضي 1959 فرعاً"
            if y2 and (_tail_year(y2)[1] or not _RX_NEXT_WORD.match(key, y2.end())):
                y, e = _tail_year(y2)
                ycal = _year_cal(y, e, cal)
                if ycal:
                    return y2.end(), y, ycal, None, has_pair
            return end, None, None, orient, has_pair
        return pos, None, None, None, has_pair

    def _prefix(self, start: int, *bks: _LookBack) -> int:
        """Extend ``start`` backwards over optional openers (tried in order, each at the new start).

        :meth:`_bk` inlined: every expression found goes through here with two or three openers.
        """
        key, gates = self.key, self._gates
        for bk in bks:
            if bk is _BK_AL:
                m = _back(bk, key, start)
            else:
                gate = gates.get(start)
                if gate is None:
                    gate = gates[start] = _gate(key, start)
                m = bk.search(key, start) if gate & bk.bit else None
            if m:
                # a conjunction glued to the opener ("وصباح") stays outside the span; "فجر" keeps its ف
                start = m.end("cl") if bk.cl and m.group("cl") else m.start()
        return start

    @staticmethod
    def _apply_orient(raw: _Raw, orient: str | None) -> None:
        if orient and orient.startswith("year:"):
            raw.year_rel = orient[5:]
        elif orient:
            raw.orient = orient

    # ---- numbers ---------------------------------------------------------------------------------------------------

    def at_num(self, pos: int, word: str = "", chained: bool = False) -> _Raw | None:
        key = self.key
        ndig = len(word)  # the trigger's digits, when called from the scan
        while pos + ndig < len(key) and key[pos + ndig].isdigit():
            ndig += 1
        # forward readings first (cheap, and most numbers are counts that fail them); look-backs only after
        if ndig == 4:
            raw = self._at_year_number(pos, chained)
        elif ndig > 2:
            return None
        else:
            # numeric dates: 7/8/2015, 11 / 8 / 1436هـ, 2 - 4 / 6 / 1436هـ
            m = _RX_NUM_DMY.match(key, pos)
            raw = self._numeric(m, pos, ymd=False) if m else self._day_forms(pos)
            if raw is not None and not chained and self._bk(_BK_NAME, raw.start):
                raw.invalid = True  # "ثورة 25 يناير", "مدينة 6 أكتوبر": a name; skip it whole
        if raw is not None and self._bk(_BK_CLOCK, pos):
            return None
        return raw

    def _numeric(self, m: re.Match[str], pos: int, ymd: bool) -> _Raw | None:
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        cal = _year_cal(y, m.group("e"))
        if cal is None:
            return None
        if not ymd and mo > 12 and d <= 12:  # 8/13/2015 written month first
            mo, d = d, mo
        a = _Part(cal, y, mo, d)
        if not _part_valid(a):
            return None
        raw = _Raw(pos, m.end(), a)
        d0 = m.groupdict().get("d0")
        if d0:
            b = a
            a = _Part(cal, y, mo, int(d0))
            if not _part_valid(a) or a.day >= b.day:  # type: ignore[operator]
                return None
            raw.a, raw.b = a, b
            raw.start = self._prefix(pos, _BK_RANGE_OPEN)
        else:
            raw.start = self._prefix(pos, _BK_YAWM, _BK_AL)
        return raw

    def _day_forms(self, pos: int) -> _Raw | None:
        """Day-level forms starting at a 1–2 digit number or an ordinal word.

        Ranges read "from … to" only where Arabic says so: ``X-Y`` always; ``X إلى/حتى Y`` with من or nothing before;
        ``X و Y`` with بين before, or two days of one month ("16 و17 سبتمبر"). The opener (من, بين, ما بين) is part of
        the span when it frames the range; "بدلاً من 26 و27 أغسطس" keeps its من outside.
        """
        key = self.key
        m = _RX_DAY_DAY.match(key, pos) if key[pos].isdigit() else _RX_ORD_DAY_DAY.match(key, pos)
        dm = None if m else _RX_DAY_MONTH.match(key, pos)
        if m is None and dm is None:
            return None
        ow: str | None = None  # the range opener before the day, من | بين: read only when a range follows
        ow_read = False
        if m:
            opener = self._bk(_BK_RANGE_OPEN, pos)
            ow, ow_read = (opener.group("w").split()[-1] if opener else None), True
            sep = m.group("sep")
            if m.re is _RX_ORD_DAY_DAY:
                d1, d2 = lex.ORDINAL_DAYS[_one_blank(m.group("o1"))], lex.ORDINAL_DAYS[_one_blank(m.group("o2"))]
            else:
                d1, d2 = int(m.group("d1")), int(m.group("d2"))
            if d1 < d2:
                raw = self._finish_day_month(pos, m, m.end(), days=(d1, d2))
                if raw is not None and sep == "و" and ow != "بين" and d2 != d1 + 1 and raw.a is not None:
                    # "في 27 و31 يوليو": two dates, not a range; this one is the bare "27", the next trigger reads
                    # "31 يوليو"
                    raw.b, raw.end = None, m.end("o1" if m.re is _RX_ORD_DAY_DAY else "d1")
                    raw.start = self._prefix(pos, _BK_YAWM, _BK_AL)
                    return raw
                if raw is not None:
                    frames = ow is not None and not (ow == "من" and sep == "و")
                    raw.start = (
                        self._prefix(pos, _BK_RANGE_OPEN) if frames else self._prefix(pos, _BK_AL, _BK_YAWM, _BK_TOD)
                    )
                    return raw
        m = dm or _RX_DAY_MONTH.match(key, pos)
        if not m:
            return None
        o = m.group("o")
        day = lex.ORDINAL_DAYS[_one_blank(o)] if o else int(m.group("d"))
        raw = self._finish_day_month(pos, m, m.end(), days=(day, None))
        if raw is None or raw.invalid:
            return raw
        # cross-month range: من 28 يوليو إلى 2 أغسطس / بين 30 نوفمبر و11 ديسمبر / 28 يوليو - 2 أغسطس
        sep = _RX_RANGE_SEP.match(key, raw.end)
        if sep and raw.a is not None:
            if not ow_read:
                opener = self._bk(_BK_RANGE_OPEN, pos)
                ow = opener.group("w").split()[-1] if opener else None
            w = sep.group("sep")
            ok = w == "-" or (w in ("الي", "حتي") and ow in ("من", None)) or (w == "و" and ow == "بين")
            m2 = _RX_DAY_MONTH.match(key, sep.end()) if ok else None
            if m2 and m2.group("mon"):
                day2 = lex.ORDINAL_DAYS[" ".join(m2.group("o").split())] if m2.group("o") else int(m2.group("d"))
                raw2 = self._finish_day_month(sep.end(), m2, m2.end(), days=(day2, None))
                if raw2 is not None and raw2.a is not None and raw2.a.cal == raw.a.cal and not raw2.invalid:
                    raw.b = raw2.a
                    raw.end = raw2.end
                    raw.orient = raw.orient or raw2.orient
                    if raw2.year_rel is not None:
                        raw.year_rel = raw2.year_rel
                    raw.start = self._prefix(pos, _BK_RANGE_OPEN) if ow else pos
                    return raw
        raw.start = self._prefix(pos, _BK_AL, _BK_YAWM, _BK_TOD)
        return raw

    def _finish_day_month(self, pos: int, m: re.Match[str], end: int, days: tuple[int, int | None]) -> _Raw | None:
        """Month (or الشهر المقبل), then paired month, year, الماضي/المقبل."""
        if m.group("rm"):
            k = {"past": -1, "next": 1, "current": 0}[_ADJ[m.group("rm")]]
            raw = _Raw(pos, end, rel=("mday", k, days[0], days[1]))
            return raw
        mkey = _one_blank(m.group("mon"))
        cal, month = _MONTHS[mkey]
        if self._fake_month(mkey, m.start("mon")):
            return None
        tail_end, year, ycal, orient, has_pair = self._month_tail(end, cal, month)
        if mkey in lex.VERY_AMBIGUOUS and year is None and not self._bk(_BK_SHAHR, m.start("mon")):
            return None
        if mkey in lex.GREGORIAN_EN and year is None:
            return None  # an English month in Arabic text needs its year ("may" is also a verb)
        if ycal is not None and cal != ycal:
            if cal == "g":
                return None  # a Gregorian month with a Hijri year is not a date we can read
            cal = ycal if ycal == "h" else cal
        a = _Part(cal, year, month, days[0])
        raw = _Raw(pos, tail_end, a)
        if days[1] is not None:
            raw.b = _Part(cal, year, month, days[1])
        self._apply_orient(raw, orient)
        for p in (raw.a, raw.b):
            if p is not None and not (_day_possible(cal, month, p.day or 1) and _part_valid(p)):
                raw.invalid = True  # "31 فبراير 2023": not a date, and its month is not one either
        return raw

    def _at_year_number(self, pos: int, chained: bool) -> _Raw | None:
        """A four-digit number: 2015/8/7, a year range, or a year.

        A year needs a reason to be one: a year word before it (عام، العام، لعام، سنة، العام المالي), a م/هـ suffix,
        a range partner, or a preposition that makes it a time (في، منذ، حتى، بحلول، مطلع…). Without a year word or
        suffix it must also look like a modern Gregorian year (1900–2100): "إلى 1500 ملجم" is a quantity.
        """
        key = self.key
        m = _RX_NUM_YMD.match(key, pos)
        if m:
            return self._numeric(m, pos, ymd=True)
        if chained:
            return None
        start = self._yw_start(pos)
        has_word = start != pos
        # year ranges: 2023-2025, 1413 - 1414هـ, 1436/1437هـ, من 2010 إلى 2014, بين عامي 2010 و2014, 1957 إلى 1985
        m = _RX_YEAR_RANGE.match(key, pos)
        if m:
            y1 = int(m.group("y1"))
            y2s = m.group("y2")
            y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
            suffix = m.group("e") or m.group("e1")
            sep = m.group("sep")
            opener = self._bk(_BK_YEAR_RANGE_OPEN, start)
            ow = opener.group("w").split()[-1] if opener is not None else None
            dual = has_word and key.startswith(("عامي", "سنتي", "العامين"), start)
            ok_sep = (
                sep in ("-", "/")
                or (sep in ("الي", "حتي") and ow in ("من", "منذ", None))
                or (sep == "و" and (ow == "بين" or dual))
            )
            cal = _year_cal(y1, suffix)
            bare_ok = has_word or suffix or (cal == "g" and 1900 <= y1 <= 2100)
            if sep == "/" and y2 == y1 - 1:
                y1, y2 = y2, y1  # "موسم 2017/2016"
            if ok_sep and bare_ok and cal and cal == _year_cal(y2, suffix) and 0 < y2 - y1 <= 100:
                raw = _Raw(start, m.end(), _Part(cal, y1, None, None), _Part(cal, y2, None, None))
                if ow is not None and not (ow == "من" and sep == "و"):
                    raw.start = self._prefix(start, _BK_YEAR_RANGE_OPEN)
                return raw
        m = _RX_YEAR.match(key, pos)
        if not m:
            return None
        y = int(m.group("y"))
        suffix = m.group("e")
        cal = _year_cal(y, suffix)
        if cal is None:
            return None
        if not has_word and suffix != "ه":
            # a bare year (even with م: "كأس العالم 2018م" is a name) needs a preposition, or the م and brackets
            # or dashes around it ("(1962م)", "هذه السنة - 2015م -")
            before = key[max(0, pos - 2) : pos]
            framed = suffix == "م" and (before[-1:] in ("(", "-") or before in ("( ", "- "))
            if not (self._bk(_BK_YEAR_PREP, pos) or framed) or cal != "g" or not 1900 <= y <= 2100:
                return None
        raw = _Raw(start, m.end(), _Part(cal, y, None, None))
        raw.start = self._prefix(start, _BK_THIS, _BK_SEASON) if has_word else self._prefix(start, _BK_SEASON)
        return raw

    def _yw_start(self, pos: int) -> int:
        """Start of a year word (عام/العام/سنة, with an adjective like المالي) right before ``pos``, else ``pos``."""
        window = self.key[max(0, pos - _BK_WINDOW) : pos]
        if "عام" not in window and "سن" not in window:
            return pos
        m = self._bk(_BK_YEARWORD, pos)
        return m.start("w") if m else pos

    # ---- words -----------------------------------------------------------------------------------------------------

    def at_ord(self, pos: int, word: str = "") -> _Raw | None:
        raw = self._day_forms(pos)
        if raw is not None and self._bk(_BK_NAME, raw.start):
            raw.invalid = True  # "مدينة السادس من أكتوبر"
        return raw

    def at_mon(self, pos: int, word: str = "") -> _Raw | None:
        key = self.key
        m = _RX_MONTH.match(key, pos)
        if not m:
            return None
        mon_text = m.group("mon")
        mkey = _one_blank(mon_text)
        cal, month = _MONTHS[mkey]
        end = m.end()
        if self._fake_month(mkey, pos):
            return None
        if mkey in lex.GREGORIAN_EN:
            e = _RX_ENGLISH_MD.match(key, end)  # March 7, 2024
            if e and e.group("y"):
                a = _Part("g", int(e.group("y")), month, int(e.group("d")))
                return _Raw(pos, e.end(), a) if _part_valid(a) else None
            y = _RX_YEAR_TAIL.match(key, end)
            if y and _year_cal(_tail_year(y)[0], None, "g") == "g":
                return _Raw(pos, y.end(), _Part("g", _tail_year(y)[0], month, None))
            return None
        tail_end, year, ycal, orient, has_pair = self._month_tail(end, cal, month)
        if ycal is not None and (cal == "h" or ycal == "h"):
            cal = ycal
        shahr = self._bk(_BK_SHAHR, pos)
        strong = year is not None or has_pair or orient is not None or shahr is not None
        if mkey in lex.VERY_AMBIGUOUS and not (year is not None or shahr is not None):
            return None
        # a bare month name is a time after في/خلال/منذ… or, if it is no ordinary word, glued to و/ب/ل ("وفبراير");
        # "فيليب أغسطس" (Philip Augustus) is a name
        glued = pos > 0 and key[pos - 1] in "وفبل" and mkey not in lex.AMBIGUOUS
        if not strong and not glued and not self._bk(_BK_MONTH_PREP, pos):
            return None
        if self._bk(_BK_NAME, pos) and year is None:
            return None
        raw = _Raw(pos, tail_end, _Part(cal, year, month, None))
        self._apply_orient(raw, orient)
        # month ranges: من مايو إلى يوليو / بين يناير ومارس 2015
        # a month range is read only when the first month has no year ("من مايو إلى يوليو 2015"): the opener too
        opener = self._bk(_BK_RANGE_OPEN, self._prefix(pos, _BK_SHAHR)) if year is None else None
        dual = shahr is not None and key[shahr.start() : pos].rstrip().endswith("شهري")  # "شهري يونيو ويوليو"
        if (opener is not None or dual) and year is None:
            sep = _RX_RANGE_SEP.match(key, tail_end)
            if sep and sep.group("sep") in ("الي", "حتي", "و", "-"):
                nxt = sep.end()
                if nxt < len(key) and key.startswith("شهر ", nxt):
                    nxt += 4
                m2 = _RX_MONTH.match(key, nxt)
                ow = opener.group("w").split()[-1] if opener is not None else None
                if m2 and ((ow == "من") == (sep.group("sep") != "و") or (dual and sep.group("sep") == "و")):
                    cal2, month2 = _month_of(m2.group("mon"))
                    t2 = self._month_tail(m2.end(), cal2, month2)
                    if cal2 == cal:
                        raw.b = _Part(cal, t2[1], month2, None)
                        raw.a = _Part(cal, t2[1] if t2[1] is None or month <= month2 else t2[1] - 1, month, None)
                        raw.end = t2[0]
                        self._apply_orient(raw, t2[3])
                        raw.start = self._prefix(pos, _BK_SHAHR, _BK_RANGE_OPEN)
                        return raw
        raw.start = self._prefix(pos, _BK_SHAHR, _BK_MODIFIER) if shahr else self._prefix(pos, _BK_MODIFIER)
        return raw

    def at_wd(self, pos: int, word: str) -> _Raw | None:
        key = self.key
        wd = lex.WEEKDAYS[word]
        end = pos + len(word)
        if word == "الاحد" and key.startswith(" عشر", end):
            return None
        if word == "الجمعه" and self._bk(_BK_JUMUA, pos) and not self._bk(_BK_YAWM, pos):
            return None
        raw = _Raw(pos, end, weekday=wd)
        adj = _RX_WD_ADJ.match(key, end)
        orient = None
        if adj and _ADJ[adj.group("adj")] != "current":
            orient = _ADJ[adj.group("adj")]
            raw.end = adj.end()
        date = self._chained_date(raw.end)
        if date is not None:
            date.start = pos
            date.weekday = wd
            date.orient = date.orient or orient
            raw = date
        else:
            raw.rel = ("wd", wd, orient)
        raw.start = self._prefix(pos, _BK_YAWM, _BK_TOD)
        return raw

    def _chained_date(self, pos: int) -> _Raw | None:
        """A full date right after a weekday or a relative day: "الجمعة 14 أكتوبر", "الخميس الموافق 21/10/1436هـ"."""
        key = self.key
        c = _RX_CONNECT.match(key, pos)
        p = c.end() if c else pos
        if p >= len(key):
            return None
        raw: _Raw | None = None
        if key[p].isdigit():
            raw = self.at_num(p, chained=True)
        elif key[p] in _ORD_FIRST:  # most weekdays and relative days are followed by no date at all
            t = _trigger_at(key, p)
            if t is not None and t[0] == "ord":
                raw = self._day_forms(p)
        if raw is None or raw.a is None or raw.a.day is None:
            return None
        close = _RX_CLOSE.match(key, raw.end)
        if close and "(" in key[pos : raw.start + 1]:
            raw.end = close.end()
        return raw

    def at_rel(self, pos: int, word: str) -> _Raw | None:
        key = self.key
        end = pos + len(word)
        if word == "اليوم":
            before = key[max(0, pos - 2) : pos]
            if self._bk(_BK_NOT_TODAY, pos) or before[-1:] in ('"', "'") or before in ('" ', "' "):
                return None  # "عين اليوم", "في اليوم", "ذلك اليوم", «اليوم» (the newspaper)
            if before[-1:] in ("ب", "ل") and (pos < 2 or not before[0].isalpha()):
                return None  # "باليوم": per day
            nxt = _RX_NEXT_WORD.match(key, end)
            if nxt and _not_today_next(nxt.group("w")):
                return None
            if end < len(key) and key[end] in "\"'»":
                return None
            k = 0
        elif word in ("امس", "الامس", "البارحه"):
            if word == "الامس" and (pos == 0 or key[pos - 1] != "ب"):
                return None  # "بالأمس" is yesterday; "بين الأمس واليوم" is then and now
            nxt = _RX_NEXT_WORD.match(key, end)
            if nxt and nxt.group("w") in ("الحاجه", "حاجه"):
                return None  # "في أمس الحاجة": in dire need
            k = -1
            if nxt and nxt.group("w") in ("الاول", "الاولي"):  # أمس الأول, البارحة الأولى: the day before
                k, end = -2, nxt.end()
        elif word == "غدا":
            k = 1
        else:  # غد / الغد: only "يوم غد", "صباح الغد", "بعد غد"
            if not self._bk(_BK_TOD_OR_BAAD, pos):
                return None
            k = 1
        start = pos
        if word == "امس" and k == -1:
            m = self._bk(_BK_AWWAL, pos)
            if m:
                k, start = -2, m.end("cl") if m.group("cl") else m.start()
        if word in ("غد", "الغد", "غدا"):
            m = self._bk(_BK_BAAD, pos)
            if m:
                k, start = 2, m.end("cl") if m.group("cl") else m.start()
        raw = _Raw(start, end, rel=("day", k, None))
        wdm = _RX_WD_AFTER.match(key, end)
        wd = None
        if wdm:
            wd = lex.WEEKDAYS[wdm.group("wd")]
            raw.end = wdm.end()
            raw.rel = ("day", k, wd)
        date = self._chained_date(raw.end)
        if date is not None:
            date.start = raw.start
            date.weekday = wd
            raw = date
        elif wdm and "(" in key[end : wdm.end()] and not key[: raw.end].endswith(")"):
            close = _RX_CLOSE.match(key, raw.end)
            if close:
                raw.end = close.end()
        if word == "اليوم":
            raw.start = self._prefix(start, _BK_YAWM, _BK_TOD, _BK_THIS)
        else:
            raw.start = self._prefix(start, _BK_YAWM, _BK_TOD)
        return raw

    def at_yw(self, pos: int, word: str) -> _Raw | None:
        key = self.key
        end = pos + len(word)
        adj = _RX_YW_ADJ.match(key, end)
        p = adj.end() if adj else end
        if p < len(key) and key[p].isdigit():
            raw = self._at_year_number(p, chained=False)
            if raw is not None and raw.start <= pos:
                return raw
            return None
        if word in ("عام", "سنه", "عامي") and key[max(0, pos - 2) : pos] != "لل":  # للعام = ل + العام
            return None
        m = _RX_WD_ADJ.match(key, end)
        this = self._bk(_BK_THIS, pos)
        if m:
            orient = _ADJ[m.group("adj")]
            k = {"past": -1, "next": 1, "current": 0}[orient]
            raw = _Raw(pos, m.end(), rel=("year", k))
            y = _RX_YEAR_TAIL.match(key, m.end())  # "العام الماضي 2014": the written year wins (not "… 2000 حالة")
            if y and _year_cal(*_tail_year(y)) and (_tail_year(y)[1] or not _RX_NEXT_WORD.match(key, y.end())):
                yy, e = _tail_year(y)
                raw = _Raw(pos, y.end(), _Part(_year_cal(yy, e) or "g", yy, None, None))
        elif this:
            raw = _Raw(pos, end, rel=("year", 0))
        elif word == "العام" and self._bk(_BK_MODIFIER, pos):
            # "منذ بداية العام", "قبل نهاية العام": this year — not "نهاية العام السابق/الدراسي/نفسه"
            nxt = _RX_NEXT_WORD.match(key, end)
            if nxt and (nxt.group("w").startswith("ال") or nxt.group("w") in ("نفسه", "ذاته")):
                return None
            raw = _Raw(pos, end, rel=("year", 0))
        else:
            return None
        raw.start = self._prefix(pos, _BK_THIS, _BK_MODIFIER)
        return raw

    def at_mw(self, pos: int, word: str) -> _Raw | None:
        key = self.key
        end = pos + len(word)
        m = _RX_WD_ADJ.match(key, end)
        this = self._bk(_BK_THIS, pos)
        if m:
            k = {"past": -1, "next": 1, "current": 0}[_ADJ[m.group("adj")]]
            end = m.end()
        elif this:
            k = 0
        else:
            return None
        raw = _Raw(pos, end, rel=("month" if word == "الشهر" else "week", k))
        if word == "الاسبوع":
            nw = _RX_NEXT_WORD.match(key, end)
            if self._bk(_BK_MODIFIER, pos) or (nw and nw.group("w") in ("المقبلين", "الماضيين")):
                return None  # "نهاية الأسبوع" is a weekend, not a date
            raw.start = self._prefix(pos, _BK_THIS)
        else:
            raw.start = self._prefix(pos, _BK_THIS, _BK_MODIFIER)
        return raw

    def at_dur(self, pos: int, word: str) -> _Raw | None:
        """ "منذ يومين", "قبل 17 عاماً", "بعد ثلاثة أيام": a distance from the anchor.

        Only distances counted from the publication date: "بعد 3 أيام من صدور القرار" counts from another event and
        "منذ يوم 30 يونيو"/"منذ عام 2010" name a date, so they are left to the date readers. "بعد" with months or
        years mostly narrates ("بعد عام واحد" from a year in the story), so it is read for days and weeks only.
        """
        key = self.key
        m = _RX_DURATION.match(key, pos + len(word))
        if not m:
            return None
        unit = m.group("u")
        counted = m.group("n") is not None or m.group("nw") is not None
        if m.group("n"):
            n = int(m.group("n"))
        elif m.group("nw"):
            n = lex.CARDINALS[m.group("nw")]
        elif unit in _DUALS:
            n = 2
        elif unit in _SINGULARS:
            n = 1
        else:
            return None  # "منذ سنوات": too vague to resolve
        nxt = _RX_NEXT_WORD.match(key, m.end())
        after = key[m.end() : m.end() + 4].lstrip()
        if nxt and nxt.group("w") in ("من", "علي", "ونصف"):
            return None
        if not counted and unit in _SINGULARS and (after[:1].isdigit() or _RX_MONTH.match(key, m.end() + 1)):
            return None
        if word == "بعد" and (
            unit in _SINGULARS and not counted and key[max(0, pos - 5) : pos].rstrip().endswith("يوما")
        ):
            return None  # "يوماً بعد يوم": day by day
        if n == 0 or n > 200:
            return None
        if unit.startswith(("يوم", "ايام")):
            u, amount = "day", n
        elif unit.startswith(("اسبوع", "اسابيع")):
            u, amount = "day", 7 * n
        elif unit.startswith(("شهر", "اشهر", "شهور")):
            u, amount = "month", n
        else:
            u, amount = "year", n
        if word == "بعد" and u != "day":
            return None
        return _Raw(pos, m.end(), rel=("dur", u, amount if word == "بعد" else -amount))

    def at_q(self, pos: int, word: str) -> _Raw | None:
        key = self.key
        m = _RX_QUARTER.match(key, pos + len(word))
        if not m:
            return None
        n = m.group("n")
        idx = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": 4 if word == "الربع" else 2}[n]
        if word == "النصف" and idx > 2:
            return None
        first, last = ((idx - 1) * 3 + 1, idx * 3) if word == "الربع" else ((idx - 1) * 6 + 1, idx * 6)
        p = m.end()
        yraw: _Raw | None = None
        this = _RX_THIS.match(key, p)  # "من هذا العام", "لهذا العام"
        t = _trigger_at(key, this.end() if this else p)
        if t is not None:
            g, yword, at = t
            if g == "yw":
                yraw = self.at_yw(at, yword)
                if yraw is None and yword == "العام":
                    yraw = _Raw(at, at + len(yword), rel=("year", 0))  # "الربع الثاني من العام": this year
            elif g == "num" and len(yword) == 4:
                ym = _RX_YEAR.match(key, at)
                cal = _year_cal(int(ym.group("y")), ym.group("e")) if ym else None
                if ym and cal:
                    yraw = _Raw(at, ym.end(), _Part(cal, int(ym.group("y")), None, None))
        if yraw is None or yraw.b is not None:
            return None
        if yraw.rel is not None:
            return _Raw(pos, yraw.end, rel=("quarter", yraw.rel[1], first, last))
        assert yraw.a is not None
        cal, y = yraw.a.cal, yraw.a.year
        return _Raw(pos, yraw.end, _Part(cal, y, first, None), _Part(cal, y, last, None))


def _part_valid(p: _Part) -> bool:
    if p.year is None or p.month is None or p.day is None:
        return True
    if p.cal == "g":
        return _valid_g(p.year, p.month, p.day)
    return _hijri_to_g(p.year, p.month, p.day) is not None


def _day_possible(cal: str, month: int, day: int) -> bool:
    if day < 1:
        return False
    if cal == "h":
        return day <= 30
    return day <= (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)


# --------------------------------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------------------------------


def _iso(d: Date) -> str:
    return d.isoformat()


@lru_cache(maxsize=4096)  # news repeats a few dates (a week or two around its anchors) many times
def _fmt(cal: str, y: int, m: int | None, d: int | None) -> tuple[str, str | None, str] | None:
    """ISO value(s) of one calendar point: Gregorian at its own precision, Hijri converted (see module doc)."""
    if cal == "g":
        if m is None:
            return f"{y:04d}", None, "year"
        if d is None:
            return f"{y:04d}-{m:02d}", None, "month"
        return (f"{y:04d}-{m:02d}-{d:02d}", None, "day") if _valid_g(y, m, d) else None
    if m is None:
        first = _hijri_to_g(y, 1, 1)
        n = _hijri_month_len(y, 12)
        last = _hijri_to_g(y, 12, n) if n else None
        if first is None or last is None:
            return None
        return str(first.year), (str(last.year) if last.year != first.year else None), "year"
    if d is None:
        first = _hijri_to_g(y, m, 1)
        n = _hijri_month_len(y, m)
        last = _hijri_to_g(y, m, n) if n else None
        if first is None or last is None:
            return None
        return _iso(first), _iso(last), "day"
    g = _hijri_to_g(y, m, d)
    return (_iso(g), None, "day") if g else None


def _choose_year(
    cal: str,
    month: int,
    day: int | None,
    anchor: Date,
    orient: str | None,
    weekday: int | None,
    ctx_year: Callable[[], int | None],
    future: Callable[[], bool],
) -> int | None:
    """The year of a year-less day-month or month (see the module docstring for the order of the rules).

    ``ctx_year`` and ``future`` are asked only when the rules get that far (they read the sentence around).
    """
    if cal == "g":
        ay, am, ad = anchor.year, anchor.month, anchor.day
    else:
        h = _to_hijri(anchor)
        if h is None:
            return None
        ay, am, ad = h
    if weekday is not None and day is not None:
        cy = ctx_year()
        years = [cy] if cy else [ay, ay - 1, ay + 1]
        if orient == "past":
            years = [y for y in years if (y, month, day) <= (ay, am, ad)] or years
        elif orient == "next":
            years = [y for y in years if (y, month, day) >= (ay, am, ad)] or years
        for y in years:
            if cal == "g":
                ok = _valid_g(y, month, day) and Date(y, month, day).weekday() == weekday
            else:
                g = _hijri_to_g(y, month, day)
                ok = g is not None and g.weekday() == weekday
            if ok:
                return y
    here = (month, day if day is not None else 0)
    now = (am, ad if day is not None else 0)
    if orient == "past":
        if day is None:
            return ay if month < am else ay - 1
        return ay if here <= now else ay - 1
    if orient == "next":
        if day is None:
            return ay if month > am else ay + 1
        return ay if here >= now else ay + 1
    if orient == "current":
        return ay
    cy = ctx_year()
    if cy is not None:
        return cy
    if here < now and future():
        # a future sentence moves a date that already passed into next year — unless it passed only just ("بزيادة
        # عن يونيو" in July): a writer meaning next June would say "يونيو المقبل"
        if day is None:
            return ay if am - month <= 1 else ay + 1
        return ay if (am - month) * 31 + (ad - day) <= 30 else ay + 1
    return ay


def _rel_day(anchor: Date, k: int, weekday: int | None) -> Date:
    d = anchor + _dt.timedelta(days=k)
    if weekday is None or d.weekday() == weekday:
        return d
    for delta in (-1, 1, -2, 2, -3, 3):
        c = d + _dt.timedelta(days=delta)
        if c.weekday() == weekday:
            return c
    return d


def _weekday_date(anchor: Date, weekday: int, orient: str | None, future: bool) -> Date:
    diff = (weekday - anchor.weekday()) % 7
    if orient == "next":
        return anchor + _dt.timedelta(days=diff or 7)
    if orient == "past":
        # "الثلاثاء الماضي" in Wednesday's paper is last week's Tuesday: yesterday would be "أمس"
        back = (anchor.weekday() - weekday) % 7
        return anchor - _dt.timedelta(days=back + 7 if back <= 1 else back)
    if future:
        return anchor + _dt.timedelta(days=diff)
    return anchor - _dt.timedelta(days=(anchor.weekday() - weekday) % 7)


@lru_cache(maxsize=4096)  # per anchor, a handful of specs ("أمس", "الأسبوع الماضي", "الأحد") recur in every article
def _resolve_rel(rel: tuple, anchor: Date, future: bool) -> tuple[str | None, str | None, str] | None:
    """Value, end value and precision of an anchor-relative spec (see :class:`_Raw`.rel)."""
    kind = rel[0]
    if kind == "day":
        return _iso(_rel_day(anchor, rel[1], rel[2])), None, "day"
    if kind == "wd":
        return _iso(_weekday_date(anchor, rel[1], rel[2], future)), None, "day"
    if kind == "week":
        s = _week_start(anchor) + _dt.timedelta(days=7 * rel[1])
        return _iso(s), _iso(s + _dt.timedelta(days=6)), "day"
    if kind == "month":
        y, m = _shift_month(anchor.year, anchor.month, rel[1])
        return f"{y:04d}-{m:02d}", None, "month"
    if kind == "year":
        return f"{anchor.year + rel[1]:04d}", None, "year"
    if kind == "mday":
        y, m = _shift_month(anchor.year, anchor.month, rel[1])
        a = _fmt("g", y, m, rel[2])
        if a is None:
            return None
        if rel[3] is not None:
            b = _fmt("g", y, m, rel[3])
            return (a[0], b[0], "day") if b else None
        return a
    if kind == "quarter":
        y = anchor.year + rel[1]
        return f"{y:04d}-{rel[2]:02d}", f"{y:04d}-{rel[3]:02d}", "month"
    if kind == "dur":
        unit, amount = rel[1], rel[2]
        if unit == "day":
            return _iso(anchor + _dt.timedelta(days=amount)), None, "day"
        if unit == "month":
            y, m = _shift_month(anchor.year, anchor.month, amount)
            return f"{y:04d}-{m:02d}", None, "month"
        return f"{anchor.year + amount:04d}", None, "year"
    return None


def _fill_year(
    raw: _Raw, p: _Part, anchor: Date, ctx_year: Callable[[], int | None], future: Callable[[], bool]
) -> int | None:
    """The year of a year-less point ``p`` of ``raw`` (relative year phrase, else :func:`_choose_year`)."""
    year_rel = raw.year_rel
    if year_rel is not None:
        if p.cal == "g":
            base = anchor.year
        else:
            h = _to_hijri(anchor)
            if h is None:
                return None
            base = h[0]
        return base + {"past": -1, "next": 1, "current": 0}[year_rel]
    return _choose_year(
        p.cal,
        p.month,  # type: ignore[arg-type]
        p.day,
        anchor,
        raw.orient,
        raw.weekday,
        ctx_year,
        future,
    )


def _resolve(
    raw: _Raw, anchor: Date | None, ctx_year: Callable[[], int | None], future: Callable[[], bool]
) -> tuple[str | None, str | None, str] | None:
    """Value, end value and precision of one parsed expression (None: impossible date, drop it)."""
    if raw.rel is not None:
        if anchor is None:
            kind = raw.rel[0]
            prec = {"month": "month", "year": "year", "quarter": "month"}.get(kind, "day")
            if kind == "dur":
                prec = raw.rel[1]
            return None, None, prec
        rel = raw.rel
        # the tense places a bare weekday only: with الماضي/المقبل, or on the anchor's own weekday, it changes nothing
        fut = rel[0] == "wd" and rel[2] is None and rel[1] != anchor.weekday() and future()
        return _resolve_rel(rel, anchor, fut)
    a, b = raw.a, raw.b
    assert a is not None
    if b is not None and a.year is None and b.year is None:
        # a range with no written year: place its end first — الماضي/المقبل usually close the range ("بين 20 يوليو
        # و22 أكتوبر المقبل") — then the start in the same year, or the year before if the range wraps
        if anchor is None:
            return None, None, "day" if a.day is not None else "month"
        yb = _fill_year(raw, b, anchor, ctx_year, future)
        if yb is None:
            return None
        b = _Part(b.cal, yb, b.month, b.day)
    if a.year is None and b is not None and b.year is not None:
        y = b.year
        if (a.month or 0, a.day or 0) > (b.month or 0, b.day or 0):
            y -= 1
        a = _Part(a.cal, y, a.month, a.day)
    if a.year is None:
        if anchor is None:
            return None, None, "day" if a.day is not None else "month"
        y = _fill_year(raw, a, anchor, ctx_year, future)
        if y is None:
            return None
        a = _Part(a.cal, y, a.month, a.day)
    if b is not None and b.year is None:
        y = a.year
        assert y is not None
        if (b.month or 0, b.day or 0) < (a.month or 0, a.day or 0):
            y += 1
        b = _Part(b.cal, y, b.month, b.day)
    va = _fmt(a.cal, a.year, a.month, a.day)  # type: ignore[arg-type]
    if va is None:
        return None
    if b is None:
        return va
    vb = _fmt(b.cal, b.year, b.month, b.day)  # type: ignore[arg-type]
    if vb is None:
        return None
    start_v = va[0]
    end_v = vb[1] or vb[0]
    if end_v is not None and start_v is not None and end_v < start_v:
        return None
    return start_v, end_v, va[2] if va[2] == vb[2] else "day"


def _explicit_year(raw: _Raw) -> tuple[str, int] | None:
    for p in (raw.b, raw.a):
        if p is not None and p.year is not None:
            return p.cal, p.year
    return None


# --------------------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------------------

# A tatweel run not glued to an Arabic letter (U+0621–U+064A, tatweel included, so a run is never entered halfway):
# only these can be dashes, and decorative tatweel ("لـ", "الـ") is nearly every run an article has — skipped in C.
_TATWEEL_RUN = re.compile("\u0640(?<![\u0621-\u064a]\u0640)\u0640*")


def _tatweel_dashes(text: str) -> str:
    """Tatweel used as a dash ("19 ـ 21 شوال", "29 ذي القعدة ــ 2 ذي الحجة") becomes "-", one character for one.

    The normaliser deletes tatweel (it is usually decoration, "لـ"), which would glue "2ـ4" into "24" and hide the
    range; a tatweel run after a digit or standing between blanks, and followed by a digit or a blank, is a dash.
    Offsets stay valid because the replacement has the same length.
    """
    out: list[str] | None = None
    n = len(text)
    for m in _TATWEEL_RUN.finditer(text):
        i, j = m.start(), m.end()
        before = text[i - 1] if i > 0 else ""
        if before == " ":
            before = text[i - 2] if i > 1 and text[i - 2].isdigit() else " "
        after = text[j] if j < n else ""
        if after == " " and before == " ":
            pass
        elif after == " ":
            after = text[j + 1] if j + 1 < n else ""
        if (before.isdigit() or before == " ") and (after.isdigit() or (after == " " and before == " ")):
            if out is None:
                out = list(text)
            out[i:j] = "-" * (j - i)
    return text if out is None else "".join(out)


_CONTEXT_CHARS = 150


# trigger group -> handler (unbound, so no per-text dict of bound methods)
_HANDLERS: dict[str, Callable[..., _Raw | None]] = {
    "num": _Scanner.at_num,
    "mon": _Scanner.at_mon,
    "ord": _Scanner.at_ord,
    "wd": _Scanner.at_wd,
    "rel": _Scanner.at_rel,
    "yw": _Scanner.at_yw,
    "mw": _Scanner.at_mw,
    "dur": _Scanner.at_dur,
    "q": _Scanner.at_q,
}


def _scan(key: str, original_char: Callable[[int], str] | None = None) -> list[_Raw]:
    """Parse every expression in ``key``, left to right, never overlapping."""
    scanner = _Scanner(key, original_char)
    handlers = _HANDLERS
    tokens = _TOKENS
    raws: list[_Raw] = []
    last_end = 0
    for m in _TRIGGER.finditer("\n" + key):
        if m.end() <= last_end + 1:  # the whole token lies inside the last expression ("مايو" in "23 مايو 2015")
            continue
        # the token, decoded (m.start() is the key offset of the character after the blank: the key is scanned
        # behind a newline)
        tok = m.group()[1:]
        if tok[-1].isdecimal():
            word = tok.lstrip("الوفب")
            group, pos, behind_clitic = "num", m.end() - 1 - len(word), False
        else:
            info = tokens.get(tok) or tokens[" ".join(tok.split())]  # multi-word names match one or two blanks
            group, word, pos, behind_clitic = info[0], info[1], m.start() + info[2], info[2] > 0
        if pos < last_end:
            continue
        raw = handlers[group](scanner, pos, word)
        if raw is None or raw.end <= pos:
            continue
        if raw.invalid:  # an impossible date: skip it whole, month name included
            last_end = raw.end
            continue
        if raw.start == pos and behind_clitic:
            while raw.start > 0 and key[raw.start - 1] in "بل":  # fused ب/ل belong to the word, و/ف do not
                raw.start -= 1
        if raw.start < last_end:
            raw.start = pos
        raws.append(raw)
        last_end = raw.end
    return raws


def find_dates(text: str, anchor: Date | _dt.datetime | str | None = None) -> list[TimeExpr]:
    """Every date expression in ``text``, resolved against ``anchor`` (the publication date).

    Returns non-overlapping :class:`~marsad.model.TimeExpr` sorted by offset, offsets into ``text``. ``anchor`` may be
    a date, a datetime or an ISO string; an unreadable anchor counts as none. Without an anchor, relative expressions
    and year-less dates are still returned, with ``value=None`` and the precision they would have. Never raises on
    text.
    """
    if not text:
        return []
    anchor_d = coerce_anchor(anchor)
    src = text
    if "\u0640" in src:  # a tatweel used as a dash ("19 ـ 21 شوال") would vanish from the key; keep it a dash
        src = _tatweel_dashes(src)
    norm = normalise(src)
    key = norm.key
    try:
        raws = _scan(key, lambda i: norm.original[norm.to_original(i)])
        return [t for t in (_finish(raw, i, raws, key, norm, text, anchor_d) for i, raw in enumerate(raws)) if t]
    finally:
        _sentence_bounds.cache_clear()


@lru_cache(maxsize=256)
def _sentence_bounds(key: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` (within :data:`_SENT_MAX` characters each way, so long lines stay linear)."""
    lo = max(0, pos - _SENT_MAX)
    lo = (
        max(key.rfind(".", lo, pos), key.rfind("\n", lo, pos), key.rfind("؟", lo, pos), key.rfind("!", lo, pos)) + 1
        or lo
    )
    m = _SENT_END.search(key, pos, pos + _SENT_MAX)
    return lo, m.start() if m else min(len(key), pos + _SENT_MAX)


def _context_year(idx: int, raws: list[_Raw], key: str) -> int | None:
    """The year of the nearest date in the same sentence that states one (within :data:`_CONTEXT_CHARS`)."""
    raw = raws[idx]
    cal = raw.a.cal if raw.a else "g"
    bounds: tuple[int, int] | None = None  # the sentence, found only once a neighbour states a year
    best: tuple[int, int] | None = None
    for j in range(max(0, idx - 6), min(len(raws), idx + 7)):
        if j == idx:
            continue
        other = raws[j]
        ey = _explicit_year(other)
        if ey is None or ey[0] != cal:
            continue
        if bounds is None:
            bounds = _sentence_bounds(key, raw.start)
        if other.start < bounds[0] or other.end > bounds[1] or _back(_BK_CONTRAST, key, other.start):
            continue
        dist = raw.start - other.end if other.end <= raw.start else other.start - raw.end
        if dist <= _CONTEXT_CHARS and (best is None or dist < best[0]):
            best = (dist, ey[1])
    return best[1] if best else None


def _finish(
    raw: _Raw, idx: int, raws: list[_Raw], key: str, norm: Normalised, text: str, anchor: Date | None
) -> TimeExpr | None:
    """Resolve one parsed expression and map it back to the original text."""
    resolved = _resolve(
        raw,
        anchor,
        lambda: _context_year(idx, raws, key),
        lambda: _is_future(key, raw.start, _sentence_bounds(key, raw.start)[0]),
    )
    if resolved is None:
        return None
    s, e = norm.span(raw.start, raw.end)
    return TimeExpr(text[s:e], s, e, *resolved)


def parse_date(text: str, anchor: Date | _dt.datetime | str | None = None) -> TimeExpr | None:
    """The one date a short string states — a dateline like "١٤ أكتوبر ٢٠٢٢" or "تاريخ النشر: 7th, March 2024 GMT".

    Picks, among the expressions found, the one with a value at the finest precision, then the longest, then the
    first (so "26 شوال 1436 هـ الموافق 11 أغسطس 2015 م" gives the Hijri date's Gregorian day, which is the same).
    """
    if not text:
        return None
    found = find_dates(text, anchor)
    if not found:
        return None
    rank = {"day": 0, "month": 1, "year": 2}
    return min(
        found,
        key=lambda t: (t.value is None, rank.get(t.precision, 3), t.end_value is not None, -(t.end - t.start), t.start),
    )
