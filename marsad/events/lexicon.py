"""How Arabic news states diplomatic and economic events: trigger words, tense markers, ordinals, cues.

Every entry is written as the press writes it and compared on the match key with proclitics stripped
(:func:`marsad.text.normalise.strip_clitics`), so "وللقمة", "بالقمة" and "القمة" are one trigger.
"""

from __future__ import annotations

from marsad.text.normalise import name_key, strip_clitics


def _stems(*words: str) -> frozenset[str]:
    out = set()
    for w in words:
        k = name_key(w)
        out.add(k)
        out.add(strip_clitics(k))
    return frozenset(out)


# Nouns that name a gathering; the type they give.
NOUN_TRIGGERS: dict[str, str] = {}
for _type, _words in {
    "summit": ("قمة", "القمة"),
    "forum": ("منتدى", "المنتدى", "ملتقى", "الملتقى"),
    "conference": ("مؤتمر", "المؤتمر", "ندوة", "الندوة"),
    "exhibition": ("معرض", "المعرض", "إكسبو", "اكسبو"),
    "meeting": ("اجتماع", "الاجتماع", "اجتماعات", "لقاء", "اللقاء", "لقاءات", "مباحثات", "المباحثات",
                "محادثات", "المحادثات", "مشاورات", "جلسة مباحثات", "اجتماعا", "لقائه", "لقائها", "لقائهما",
                "اجتماعه", "اجتماعها", "طاولة مستديرة", "حوار"),
    "visit": ("زيارة", "الزيارة", "زيارته", "زيارتها", "جولة"),
}.items():
    for _w in _words:
        for _k in _stems(_w):
            NOUN_TRIGGERS[_k] = _type

# Instruments whose signing is an agreement event.
AGREEMENT_NOUNS = _stems("مذكرة", "مذكرات", "اتفاقية", "اتفاقيات", "اتفاق", "اتفاقا", "بروتوكول", "معاهدة", "عقد",
                         "عقود", "إعلان", "ميثاق", "خطاب نوايا", "برنامج تنفيذي")
SIGN_VERBS = _stems("وقع", "وقعت", "يوقع", "توقع", "سيوقع", "ستوقع", "توقيع", "التوقيع", "وقعا", "وقعوا",
                    "يوقعان", "وقّع", "وقّعت", "أبرم", "ابرام", "إبرام", "تبادل")
LAUNCH_VERBS = _stems("أطلق", "أطلقت", "يطلق", "تطلق", "سيطلق", "إطلاق", "الإطلاق", "دشن", "دشنت", "يدشن",
                      "تدشين", "افتتح", "افتتحت", "يفتتح", "افتتاح", "أسس", "تأسيس", "أعلن عن إطلاق")
LAUNCH_OBJECTS = _stems("منصة", "المنصة", "مبادرة", "المبادرة", "صندوق", "الصندوق", "برنامج", "البرنامج",
                        "مشروع", "المشروع", "خدمة", "الخدمة", "استراتيجية", "الاستراتيجية", "إستراتيجية", "بوابة",
                        "البوابة", "تطبيق", "التطبيق", "مركز", "المركز", "مصنع", "المصنع", "شركة", "مؤشر")
# Verbs that state a meeting or visit without a noun trigger.
MEETING_VERBS = _stems("التقى", "يلتقي", "سيلتقي", "التقت", "استقبل", "استقبلت", "يستقبل", "سيستقبل", "اجتمع",
                       "اجتمعت", "يجتمع", "سيجتمع", "بحث", "يبحث", "تبحث", "بحثت", "سيبحث", "ناقش", "ناقشت",
                       "تباحث", "عقد مباحثات")
VISIT_VERBS = _stems("زار", "زارت", "يزور", "تزور", "سيزور", "ستزور", "وصل", "وصلت", "يصل", "يصل إلى")
# Verbs that hold or open a gathering; they give status, the noun after them gives the type.
HOLD_VERBS = _stems("عقد", "عقدت", "يعقد", "تعقد", "سيعقد", "ستعقد", "انعقد", "انعقدت", "ينعقد", "انعقاد",
                    "انطلقت", "انطلق", "تنطلق", "ستنطلق", "ينطلق", "سينطلق", "اختتم", "اختتمت", "يختتم", "اختتام",
                    "أقيم", "أقيمت", "يقام", "تقام", "ستقام", "سيقام", "نظم", "نظمت", "ينظم", "تنظم", "جرى",
                    "يجري", "سيجري", "تجري", "ستجري", "استضاف", "استضافت", "يستضيف", "تستضيف", "ستستضيف",
                    "شهد", "شهدت", "يشهد", "افتتاح", "أعمال", "فعاليات")
# Words that only refer back to an event already named ("the event", "the activity").
ANAPHORS = _stems("الحدث", "الفعالية", "الفعاليه", "الحفل", "حفل")

FUTURE_MARKERS = _stems("المقبل", "المقبلة", "القادم", "القادمة", "المرتقب", "المرتقبة", "المقرر", "يعتزم",
                        "تعتزم", "سوف", "يستعد", "تستعد", "المتوقع", "ينتظر", "غدا", "تنتظرنا", "سيكون",
                        "ستكون", "مرتقبة", "المزمع", "المزمعة")
PAST_MARKERS = _stems("عقد", "عقدت", "اختتم", "اختتمت", "انطلقت", "انطلق", "انعقد", "انعقدت", "شارك", "شاركت",
                      "شهد", "شهدت", "جرى", "جرت", "تم", "أقيم", "أقيمت", "نظم", "نظمت", "وقع", "وقعت", "استقبل",
                      "استقبلت", "التقى", "التقت", "زار", "زارت", "بحث", "بحثت", "أطلق", "أطلقت", "دشن", "ناقش",
                      "ناقشت", "اجتمع", "اجتمعت", "الماضي", "الماضية", "السابق", "السابقة", "أمس", "وصل", "وصلت",
                      "استضاف", "استضافت", "افتتح", "افتتحت", "ترأس", "حضر", "حضرها", "وجمعت", "جمعت", "أعلن")
CANCEL_MARKERS = _stems("إلغاء", "ألغي", "ألغيت", "الغاء", "تأجيل", "أرجئ", "إرجاء", "أرجئت", "تأجل", "تأجلت")
# Possessive endings a trigger may carry: "محادثاته", "زيارتها", "لقائهما".
POSSESSIVE_SUFFIXES = ("هما", "هم", "ها", "ه", "نا")
# Words before a day-ordinal that make it a date, not an edition: "يومي الثاني والثالث", "أمس الأول".
DAY_WORDS = _stems("يوم", "يومي", "اليوم", "أمس", "امس", "الأمس")
# Words after which a gathering is only the topic, not an occurrence ("مذكرة تفاهم حول تنظيم القمة").
TOPIC_CUES = _stems("تنظيم", "استضافة", "حقوق", "لتنظيم", "بتنظيم", "التحضير", "للتحضير", "تحضيرا", "تمهيدا",
                    # the bodies that run a gathering: "رئيس اللجنة المنظمة للقمة", "اللجنة العليا لمعرض …"
                    "لجنة", "اللجنة", "المنظمة", "العليا", "التنظيمية", "التنظيمي", "رئيس", "رئيسة", "أمين",
                    "أمانة", "إدارة", "مدير", "منظمي", "منظمو", "راعي", "شعار", "موقع", "تذاكر")
# Words that make the following gathering noun a description, not an occurrence: "وهو منتدى مشترك", "أكبر معرض",
# "وتأسست القمة … فى العام 2015".
DESCRIPTIVE_CUES = _stems("هو", "هي", "وهو", "وهي", "يعد", "تعد", "يعتبر", "تعتبر", "باعتبارها", "باعتباره", "بوصفه",
                          "بوصفها", "أول", "أكبر", "أهم", "كمنصة", "تأسس", "تأسست", "أسس", "أسست", "أنشئ", "أنشئت",
                          "وتأسست", "وتأسس", "مثل", "ومنها", "منها", "صادر", "صادرة", "الصادر", "الصادرة", "بيان",
                          "إنشاء", "تأسيس", "انشاء", "أعلى", "مباراة", "مباريات", "الدوري", "بطولة", "كأس")
# Words after a gathering noun that make it something else: "مؤتمر صحافي" is a press conference.
NOT_DIPLOMATIC_AFTER = _stems("صحافي", "صحفي", "الصحافي", "الصحفي", "صحافيا", "صحفيا", "طبي", "علمي", "جبل")
# Words to look past when finding what governs a trigger: "إنشاء هذا المنتدى", "استضافة الدورة الثانية للقمة".
SKIP_BACK = _stems("هذا", "هذه", "ذلك", "تلك")
# Verbs of which a gathering is the subject acting as an organisation ("وتجمع القمة", "وتهدف القمة").
ACTOR_VERBS = _stems("تجمع", "وتجمع", "تهدف", "وتهدف", "توفر", "وتوفر", "تسعى", "وتسعى", "ستعمل", "وستعمل",
                     "تعمل", "ساهمت", "وساهمت", "تأتي", "وتأتي", "تمثل", "وتمثل", "تسلط", "وتسلط", "تتيح", "ستتيح")
# Cues that tie an event to the gathering it happened at ("على هامش", "خلال فعاليات", "في إطار").
FRAME_CUES = _stems("هامش", "فعاليات", "إطار", "خلال")
PARTICIPATION_CUES = _stems("شارك", "يشارك", "سيشارك", "بمشاركة", "مشاركة", "قادة", "رؤساء", "وفود", "وفد",
                            "بحضور", "حضور", "حضر", "الجانبين", "الجانبان", "بين", "ممثلو", "ممثلين", "وزراء")

ORDINALS: dict[str, int] = {}
for _n, _forms in {
    1: ("الأولى", "الأول", "الافتتاحية"), 2: ("الثانية", "الثاني"), 3: ("الثالثة", "الثالث"),
    4: ("الرابعة", "الرابع"), 5: ("الخامسة", "الخامس"), 6: ("السادسة", "السادس"), 7: ("السابعة", "السابع"),
    8: ("الثامنة", "الثامن"), 9: ("التاسعة", "التاسع"), 10: ("العاشرة", "العاشر"),
}.items():
    for _f in _forms:
        ORDINALS[name_key(_f)] = _n
# Compound ordinals 11–19 ("الخامس عشر", "الحادية عشرة") and tens ("العشرين").
UNITS_FOR_TEENS = {name_key(k): v for k, v in {
    "الحادي": 1, "الحادية": 1, "الثاني": 2, "الثانية": 2, "الثالث": 3, "الثالثة": 3, "الرابع": 4, "الرابعة": 4,
    "الخامس": 5, "الخامسة": 5, "السادس": 6, "السادسة": 6, "السابع": 7, "السابعة": 7, "الثامن": 8, "الثامنة": 8,
    "التاسع": 9, "التاسعة": 9,
}.items()}
TEEN_WORDS = frozenset(name_key(w) for w in ("عشر", "عشرة"))
TENS = {name_key(k): v for k, v in {"العشرين": 20, "العشرون": 20, "الثلاثين": 30, "الثلاثون": 30,
                                     "الأربعين": 40, "الأربعون": 40, "الخمسين": 50, "الخمسون": 50}.items()}
EDITION_NOUNS = _stems("الدورة", "دورة", "دورتها", "دورته", "النسخة", "نسخة", "نسختها", "نسخته")

# PLOVER categories (POLECAT) for interoperability with event-data users.
PLOVER = {
    "summit": "CONSULT", "forum": "CONSULT", "conference": "CONSULT", "exhibition": "CONSULT",
    "meeting": "CONSULT", "visit": "CONSULT", "agreement": "AGREE", "launch": "COOPERATE",
    "statement": "OTHER", "other": "OTHER",
}
GATHERINGS = frozenset({"summit", "forum", "conference", "exhibition"})

NAMES_EN = {
    "summit": "Summit", "forum": "Forum", "conference": "Conference", "exhibition": "Exhibition",
    "meeting": "Meeting", "visit": "Visit", "agreement": "Agreement", "launch": "Launch",
    "statement": "Statement", "other": "Event",
}
