"""What on a news page is not the article: language switchers, widget residue, keyword lists, credits.

Every rule works on the match key of a line (so spelling noise — hamza, diacritics, Persian letters — does not defeat
it) and decides about a *whole line* or a clearly delimited inline residue; the words of the article itself are never
rewritten.
"""

from __future__ import annotations

import re

from marsad.text.normalise import name_key

# --- whole lines --------------------------------------------------------------------------------------------------

_LANG_TOKENS = frozenset(
    [
        "ar", "en", "ru", "fr", "de", "es", "it", "tr", "fa", "ur", "zh", "cn", "ja", "ko", "pt", "english", "french",
        "russian", "arabic", "deutsch", "espanol", "francais", "русский", "عربي", "العربيه", "english", "français",
        "español", "türkçe", "فارسي", "اردو",
    ]
)
_UI_LINES = frozenset(
    name_key(s)
    for s in (
        "شارك", "مشاركة", "شارك الخبر", "شارك هذا الخبر", "شارك المقال", "طباعة", "طباعه", "أرسل لصديق",
        "حفظ", "تابعنا", "تابعونا", "تابعونا على", "Share", "Print", "Tweet", "Email", "Facebook", "Twitter",
        "WhatsApp", "Telegram", "إعلان", "اعلان", "advertisement", "Ad", "تكبير الخط", "تصغير الخط",
        "الرئيسية", "أخبار", "عاجل", "Home", "اشترك", "اشترك الآن", "تعليقات", "أضف تعليق", "اضف تعليق",
        "Loading", "جاري التحميل", "end of list", "Next Previous", "Next", "Previous", "المزيد", "اقرا المزيد",
        "انتهى", "يتبع", "عاجل", "مشاهدة المزيد", "عرض المزيد",
    )
)
# A line that starts with one of these labels is a credit or a tag list, not article text.
_CREDIT = re.compile(r"^(?:ال)?(?:مصدر|صدر)\s*:\s*(?P<value>.*)$")
_PHOTO = re.compile(r"^(?:ال)?(?:صوره|صور|تصوير|الصور|فيديو|مصدر الصوره|حقوق الصوره|photo|image)\s*:")
_TAGS = re.compile(r"^(?:ال)?(?:كلمات (?:ال)?دلاليه|(?:ال)?وسوم|(?:ال)?كلمات المفتاحيه|tags|keywords)\s*:?")
_COPYRIGHT = re.compile(r"(?:©|جميع الحقوق محفوظه|all rights reserved)")
_LIST_RESIDUE_LINE = re.compile(r"^(?:list of \d+ items|list \d+ of \d+|end of list)")
# Agency wire furniture and contact lines: "14:58 ت م" time stamps, "للتواصل مع الكاتب ارسل رسالة SMS", "88591 stc".
_WIRE = re.compile(
    r"^(?:\d{1,2} \d{2}(?: ?(?:ت م|ت غ|gmt|utc|ص|م))?|للتواصل(?: مع الكاتب)?(?: ارسل| على)? .{0,40}"
    r"|\d{4,7} (?:stc|mobily|zain|موبايلي|زين|الاتصالات)|(?:stc|mobily|zain|موبايلي|زين|الاتصالات) \d{4,7}.*)$"
)


def is_language_switcher(key: str) -> bool:
    """"Ru En", "EN | FR", "English Français": every token a language name or code."""
    tokens = [t for t in re.split(r"[\s|/·•,]+", key) if t]
    return 0 < len(tokens) <= 8 and all(t in _LANG_TOKENS for t in tokens)


def credit_value(line: str) -> str | None:
    """The value of a source-credit line ("المصدر: RT Arabic" → "RT Arabic"), or None if it is not one.

    Only short lines count: "المصدر:" inside a paragraph ("قال المصدر: إن …") is reported speech, not a credit.
    """
    if len(line) > 80:
        return None
    m = _CREDIT.match(_colon_key(line))
    if not m:
        return None
    raw = line.split(":", 1)[1].strip() if ":" in line else ""
    return raw or None


def credit_rank(line: str) -> int:
    """Prefer the correctly spelt "المصدر:" over the typo "الصدر:" when a page has both."""
    return 0 if _colon_key(line).lstrip().startswith(("المصدر", "مصدر")) else 1


def _colon_key(line: str) -> str:
    """Match key that keeps the first colon: labels are recognised as "word:"."""
    head, sep, tail = line.partition(":")
    return f"{name_key(head)}{sep}{' ' + name_key(tail) if tail else ''}"


def is_tag_line(line: str) -> bool:
    return bool(_TAGS.match(_colon_key(line))) and (":" in line or len(line) < 40)


def is_boilerplate_line(line: str) -> bool:
    """True for a whole line that is page furniture rather than article text."""
    key = name_key(line)
    if not key:
        return True
    if key in _UI_LINES or is_language_switcher(key):
        return True
    if len(line) <= 120 and (_PHOTO.match(_colon_key(line)) or _COPYRIGHT.search(key)):
        return True
    return bool(_LIST_RESIDUE_LINE.match(key) or (len(key) <= 80 and _WIRE.match(key)))


# --- inline residue -----------------------------------------------------------------------------------------------

# "اقرأ أيضا list of 2 itemslist 1 of 2 … end of list" — a related-links widget flattened into a paragraph.
_WIDGET = re.compile(
    r"(?:(?:[اإأ]قر[أا]\s+[أا]يض[اً]+\s*:?\s*)?list of \d+ items.*?end of list)",
    re.IGNORECASE | re.DOTALL,
)
# A stray "إعلان" (advertisement label) glued to the next paragraph's first word: "إعلانوقال".
_AD_GLUED = re.compile(r"^\s*[إا]علان(?=[وفثقلبك]|ال|[أإ])(?!ات|ي|ه)")


def strip_inline_residue(line: str) -> str:
    """The line without widget residue glued into it."""
    if "list of" in line or "end of list" in line:
        line = _WIDGET.sub("", line)
    if line.startswith("Next Previous"):
        line = line[len("Next Previous"):]
    if line.lstrip()[:5] in ("إعلان", "اعلان"):
        line = _AD_GLUED.sub("", line, count=1)
    return line.strip()
