"""Word lists for the temporal tagger (:mod:`marsad.text.dates`), in match-key form.

Month and weekday names come from CLDR through Babel, so the Egyptian/Gulf, Levantine/Iraqi and Maghrebi families
(and English, for datelines such as "7th, March 2024") are read from the same data every locale-aware tool uses
instead of being typed here. Hijri month names come from ``hijridate``. What neither source has — common press
spellings, Egyptian ``يونيه``/``يوليه``, ``كانون ثاني`` without the article, ``ذي الحجة`` in the genitive, ordinal
day words — is added by hand below, each block marked ``# ADDITION``.

Every entry is stored as its match key (:func:`marsad.text.normalise.match_key`, spaces collapsed), because the tagger
matches on the key: ``أغسطس``, ``اغسطس`` and ``أغسطُس`` are one entry.
"""

from __future__ import annotations

from babel.dates import get_day_names, get_month_names
from hijridate import Hijri

from marsad.text.normalise import match_key

# Locales whose CLDR month names Arabic news uses (Gulf/Egypt, Maghreb, Levant/Iraq; Mauritania adds أغشت/شتمبر).
MONTH_LOCALES = (
    "ar",
    "ar_SA",
    "ar_EG",
    "ar_DZ",
    "ar_MA",
    "ar_TN",
    "ar_LY",
    "ar_MR",
    "ar_LB",
    "ar_SY",
    "ar_IQ",
    "ar_JO",
)


def key(text: str) -> str:
    """Match key with inner whitespace collapsed to one space (CLDR has a no-break space in ``تشرين الأول``)."""
    return " ".join(match_key(text).split())


def _cldr_months(locales: tuple[str, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for loc in locales:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=loc).items():
                    out.setdefault(key(name), number)
    return out


# Gregorian month names, Arabic families: key -> month number.
GREGORIAN_AR: dict[str, int] = _cldr_months(MONTH_LOCALES)

# ADDITION: spellings the press uses that CLDR lacks.
for _name, _num in {
    "يونيه": 6,  # Egyptian press spelling
    "يوليه": 7,  # Egyptian press spelling
    "فبرير": 2,
    "أغسطوس": 8,
    "سبتمر": 9,  # frequent typo
    "كانون ثاني": 1,  # Levantine without the article
    "كانون اول": 12,
    "تشرين اول": 10,
    "تشرين ثاني": 11,
}.items():
    GREGORIAN_AR.setdefault(key(_name), _num)

# English month names (CLDR ``en``): only valid next to a day or a year, see AMBIGUOUS below.
GREGORIAN_EN: dict[str, int] = _cldr_months(("en",))
GREGORIAN_EN.setdefault("sept", 9)  # ADDITION: common abbreviation CLDR spells "Sep"


def _hijri_months() -> dict[str, int]:
    out: dict[str, int] = {}
    for month in range(1, 13):
        out[key(Hijri(1440, month, 1).month_name("ar"))] = month
    return out


# Hijri month names from hijridate: key -> month number.
HIJRI: dict[str, int] = _hijri_months()

# ADDITION: variants hijridate does not spell (genitive ذي, ربيع الآخر, جمادى الآخرة/الثانية, article-less forms).
for _name, _num in {
    "ربيع اول": 3,
    "ربيع الأول": 3,
    "ربيع الآخر": 4,
    "ربيع الاخر": 4,
    "ربيع ثاني": 4,
    "ربيع الثاني": 4,
    "جمادى الأول": 5,
    "جمادى الاولى": 5,
    "جمادى اول": 5,
    "جمادى الآخرة": 6,
    "جمادى الاخر": 6,
    "جمادى الآخر": 6,
    "جمادى الثانية": 6,
    "جمادى الثاني": 6,
    "جمادى ثاني": 6,
    "ذي القعدة": 11,
    "ذو القعدة": 11,
    "ذي الحجة": 12,
    "ذو الحجة": 12,
    "ذا القعدة": 11,
    "ذا الحجة": 12,
    "المحرم": 1,  # "شهر الله المحرم", "شهر المحرم"
}.items():
    HIJRI.setdefault(key(_name), _num)

# Month words that are also ordinary words or names (مارس "practised", آب/أب "father", رمضان/رجب/شعبان names,
# صفر "zero" as in a 3-صفر score, نيسان the car maker, ماي "May" in "تيريزا ماي"): such a month is a date only with
# a day before it, a year after it, "شهر" before it, a paired name, or الماضي/المقبل/الجاري after it.
AMBIGUOUS: frozenset[str] = frozenset(
    {
        key(w)
        for w in ("مارس", "آب", "ماي", "جوان", "نيسان", "شباط", "أوت", "رجب", "صفر", "شعبان", "رمضان", "محرم", "شوال")
    }
    | set(GREGORIAN_EN)
)
# Needs a year or "شهر" even with a day: "3 صفر" is a football score.
VERY_AMBIGUOUS: frozenset[str] = frozenset({key("صفر")})


def _weekdays() -> dict[str, int]:
    out: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_day_names(width, context, locale="ar").items():
                k = key(name)
                if k.startswith("ال"):
                    out.setdefault(k, number)  # Python's weekday(): Monday == 0, as Babel numbers them
    return out


# Weekday names with the article (الأحد … السبت): key -> date.weekday() number.
WEEKDAYS: dict[str, int] = _weekdays()

# ADDITION: ordinal day words ("في الرابع عشر من أكتوبر"); CLDR has no Arabic ordinal spell-out in Babel.
_UNITS = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
ORDINAL_DAYS: dict[str, int] = {}
for _i, _w in enumerate(_UNITS, start=1):
    ORDINAL_DAYS[_w] = _i
ORDINAL_DAYS["العاشر"] = 10
ORDINAL_DAYS["الحادي عشر"] = 11
for _i, _w in enumerate(_UNITS[1:], start=12):
    ORDINAL_DAYS[f"{_w} عشر"] = _i
ORDINAL_DAYS["العشرين"] = 20
ORDINAL_DAYS["الثلاثين"] = 30
for _tens, _base in (("العشرين", 20), ("الثلاثين", 30)):
    for _i, _w in enumerate(["الحادي"] + _UNITS[1:], start=1):
        if _base + _i <= 31:
            ORDINAL_DAYS[f"{_w} و{_tens}"] = _base + _i
    ORDINAL_DAYS[f"الواحد و{_tens}"] = _base + 1
ORDINAL_DAYS["غره"] = 1  # ADDITION: غرة = first day of a (usually Hijri) month
ORDINAL_DAYS = {key(k): v for k, v in ORDINAL_DAYS.items()}

# ADDITION: small cardinal numbers used in durations ("منذ ثلاثة أيام").
CARDINALS: dict[str, int] = {
    key(k): v
    for k, v in {
        "واحد": 1,
        "ثلاثة": 3,
        "ثلاث": 3,
        "أربعة": 4,
        "أربع": 4,
        "خمسة": 5,
        "خمس": 5,
        "ستة": 6,
        "ست": 6,
        "سبعة": 7,
        "سبع": 7,
        "ثمانية": 8,
        "ثماني": 8,
        "ثمان": 8,
        "تسعة": 9,
        "تسع": 9,
        "عشرة": 10,
        "عشر": 10,
    }.items()
}
