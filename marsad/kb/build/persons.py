"""Persons and their offices from persons.txt.

An office is written ``role@of:start:end``; the role key is expanded here to Arabic (masculine or feminine, as the
holder) and English titles. Where a country names a post its own way (Secretary of State, Chancellor of the
Exchequer, وزير الخزانة) the override table gives that title.
"""

from __future__ import annotations

from marsad.kb.build.common import (
    NO_G_VARIANT,
    TableError,
    arabic_aliases,
    check_date,
    dedupe_en,
    read_table,
    record,
    split_list,
)

# role key → (Arabic masculine, Arabic feminine, English)
ROLES: dict[str, tuple[str, str, str]] = {
    "president": ("الرئيس", "الرئيسة", "President"),
    "acting_president": ("الرئيس المؤقت", "الرئيسة المؤقتة", "Acting President"),
    "vice_president": ("نائب الرئيس", "نائبة الرئيس", "Vice President"),
    "first_vice_president": ("النائب الأول للرئيس", "النائبة الأولى للرئيس", "First Vice President"),
    "prime_minister": ("رئيس الوزراء", "رئيسة الوزراء", "Prime Minister"),
    "first_deputy_pm": ("النائب الأول لرئيس الوزراء", "النائبة الأولى لرئيس الوزراء", "First Deputy Prime Minister"),
    "deputy_pm": ("نائب رئيس الوزراء", "نائبة رئيس الوزراء", "Deputy Prime Minister"),
    "chancellor": ("المستشار", "المستشارة", "Chancellor"),
    "king": ("الملك", "الملكة", "King"),
    "crown_prince": ("ولي العهد", "ولية العهد", "Crown Prince"),
    "deputy_crown_prince": ("ولي ولي العهد", "ولي ولي العهد", "Deputy Crown Prince"),
    "emir": ("الأمير", "الأميرة", "Emir"),
    "sultan": ("السلطان", "السلطانة", "Sultan"),
    "ruler": ("الحاكم", "الحاكمة", "Ruler"),
    "deputy_ruler": ("نائب الحاكم", "نائبة الحاكم", "Deputy Ruler"),
    "supreme_leader": ("المرشد الأعلى", "المرشدة العليا", "Supreme Leader"),
    "leader": ("القائد", "القائدة", "Leader"),
    "general_secretary": ("الأمين العام للحزب الشيوعي", "الأمينة العامة للحزب الشيوعي", "General Secretary"),
    "head": ("الرئيس", "الرئيسة", "Head"),
    "foreign_minister": ("وزير الخارجية", "وزيرة الخارجية", "Minister of Foreign Affairs"),
    "acting_foreign_minister": ("وزير الخارجية بالوكالة", "وزيرة الخارجية بالوكالة", "Acting Foreign Minister"),
    "deputy_foreign_minister": ("نائب وزير الخارجية", "نائبة وزير الخارجية", "Deputy Foreign Minister"),
    "minister_of_state_foreign_affairs": (
        "وزير الدولة للشؤون الخارجية",
        "وزيرة الدولة للشؤون الخارجية",
        "Minister of State for Foreign Affairs",
    ),
    "minister_of_state_financial_affairs": (
        "وزير الدولة للشؤون المالية",
        "وزيرة الدولة للشؤون المالية",
        "Minister of State for Financial Affairs",
    ),
    "minister_of_state_international_cooperation": (
        "وزير دولة للتعاون الدولي",
        "وزيرة دولة للتعاون الدولي",
        "Minister of State for International Cooperation",
    ),
    "finance_minister": ("وزير المالية", "وزيرة المالية", "Minister of Finance"),
    "economy_minister": ("وزير الاقتصاد", "وزيرة الاقتصاد", "Minister of Economy"),
    "trade_minister": ("وزير التجارة", "وزيرة التجارة", "Minister of Trade"),
    "trade_representative": ("الممثل التجاري", "الممثلة التجارية", "Trade Representative"),
    "industry_minister": ("وزير الصناعة", "وزيرة الصناعة", "Minister of Industry"),
    "industry_trade_minister": ("وزير الصناعة والتجارة", "وزيرة الصناعة والتجارة", "Minister of Industry and Trade"),
    "energy_minister": ("وزير الطاقة", "وزيرة الطاقة", "Minister of Energy"),
    "oil_minister": ("وزير النفط", "وزيرة النفط", "Minister of Petroleum"),
    "petroleum_minister": ("وزير البترول والثروة المعدنية", "وزيرة البترول والثروة المعدنية", "Minister of Petroleum"),
    "investment_minister": ("وزير الاستثمار", "وزيرة الاستثمار", "Minister of Investment"),
    "planning_minister": ("وزير التخطيط", "وزيرة التخطيط", "Minister of Planning"),
    "international_cooperation_minister": (
        "وزير التعاون الدولي",
        "وزيرة التعاون الدولي",
        "Minister of International Cooperation",
    ),
    "defence_minister": ("وزير الدفاع", "وزيرة الدفاع", "Minister of Defence"),
    "deputy_defence_minister": ("نائب وزير الدفاع", "نائبة وزير الدفاع", "Deputy Minister of Defence"),
    "interior_minister": ("وزير الداخلية", "وزيرة الداخلية", "Minister of Interior"),
    "health_minister": ("وزير الصحة", "وزيرة الصحة", "Minister of Health"),
    "justice_minister": ("وزير العدل", "وزيرة العدل", "Minister of Justice"),
    "hajj_minister": ("وزير الحج والعمرة", "وزيرة الحج والعمرة", "Minister of Hajj and Umrah"),
    "tourism_minister": ("وزير السياحة", "وزيرة السياحة", "Minister of Tourism"),
    "communications_minister": (
        "وزير الاتصالات وتقنية المعلومات",
        "وزيرة الاتصالات وتقنية المعلومات",
        "Minister of Communications and Information Technology",
    ),
    "transport_minister": ("وزير النقل", "وزيرة النقل", "Minister of Transport"),
    "housing_minister": ("وزير الإسكان", "وزيرة الإسكان", "Minister of Housing"),
    "antiquities_minister": ("وزير السياحة والآثار", "وزيرة السياحة والآثار", "Minister of Tourism and Antiquities"),
    "cabinet_affairs_minister": ("وزير شؤون مجلس الوزراء", "وزيرة شؤون مجلس الوزراء", "Minister of Cabinet Affairs"),
    "national_security_adviser": ("مستشار الأمن الوطني", "مستشارة الأمن الوطني", "National Security Adviser"),
    "diplomatic_adviser": ("المستشار الدبلوماسي لرئيس الدولة", "المستشارة الدبلوماسية", "Diplomatic Adviser"),
    "presidential_aide": ("مساعد الرئيس", "مساعدة الرئيس", "Presidential Aide"),
    "presidential_adviser": ("مستشار الرئيس", "مستشارة الرئيس", "Adviser to the President"),
    "first_deputy_chief_of_staff": (
        "النائب الأول لرئيس الإدارة الرئاسية",
        "النائبة الأولى لرئيس الإدارة الرئاسية",
        "First Deputy Chief of Staff of the Presidential Executive Office",
    ),
    "press_secretary": ("المتحدث باسم الرئاسة", "المتحدثة باسم الرئاسة", "Press Secretary"),
    "spokesperson": ("المتحدث الرسمي", "المتحدثة الرسمية", "Spokesperson"),
    "special_envoy": ("المبعوث الخاص", "المبعوثة الخاصة", "Special Envoy"),
    "climate_envoy": ("مبعوث شؤون المناخ", "مبعوثة شؤون المناخ", "Climate Envoy"),
    "ambassador": ("السفير", "السفيرة", "Ambassador"),
    "ambassador_us": ("السفير لدى الولايات المتحدة", "السفيرة لدى الولايات المتحدة", "Ambassador to the United States"),
    "un_ambassador": ("المندوب الدائم لدى الأمم المتحدة", "المندوبة الدائمة لدى الأمم المتحدة", "Ambassador to the UN"),
    "intelligence_chief": ("رئيس جهاز الاستخبارات", "رئيسة جهاز الاستخبارات", "Head of Intelligence"),
    "army_commander": ("قائد الجيش", "قائدة الجيش", "Army Commander"),
    "speaker": ("رئيس البرلمان", "رئيسة البرلمان", "Speaker"),
    "mayor": ("عمدة", "عمدة", "Mayor"),
    "governor": ("المحافظ", "المحافظة", "Governor"),
    "secretary": ("الأمين", "الأمينة", "Secretary"),
    "secretary_general": ("الأمين العام", "الأمينة العامة", "Secretary-General"),
    "director_general": ("المدير العام", "المديرة العامة", "Director-General"),
    "managing_director": ("المدير العام", "المديرة العامة", "Managing Director"),
    "executive_director": ("المدير التنفيذي", "المديرة التنفيذية", "Executive Director"),
    "executive_secretary": ("الأمين التنفيذي", "الأمينة التنفيذية", "Executive Secretary"),
    "administrator": ("مدير البرنامج", "مديرة البرنامج", "Administrator"),
    "high_commissioner": ("المفوض السامي", "المفوضة السامية", "High Commissioner"),
    "high_representative": (
        "الممثل الأعلى للشؤون الخارجية والسياسة الأمنية",
        "الممثلة العليا للشؤون الخارجية والسياسة الأمنية",
        "High Representative for Foreign Affairs and Security Policy",
    ),
    "president_org": ("الرئيس", "الرئيسة", "President"),
    "unga_president": ("رئيس الجمعية العامة", "رئيسة الجمعية العامة", "President of the General Assembly"),
    "cop_president": ("رئيس مؤتمر الأطراف", "رئيسة مؤتمر الأطراف", "COP President"),
    "chair": ("الرئيس", "الرئيسة", "Chair"),
    "deputy_chair": ("نائب الرئيس", "نائبة الرئيس", "Deputy Chair"),
    "ceo": ("الرئيس التنفيذي", "الرئيسة التنفيذية", "Chief Executive Officer"),
    "patriarch": ("البطريرك", "البطريرك", "Patriarch"),
    "pope": ("البابا", "البابا", "Pope"),
    "grand_imam": ("شيخ الأزهر", "شيخ الأزهر", "Grand Imam of al-Azhar"),
    "mufti": ("المفتي", "المفتية", "Mufti"),
}

# (role, of) → (Arabic masculine, Arabic feminine, English) where a state names the post its own way.
OVERRIDES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("foreign_minister", "united_states"): ("وزير الخارجية", "وزيرة الخارجية", "Secretary of State"),
    ("finance_minister", "united_states"): ("وزير الخزانة", "وزيرة الخزانة", "Secretary of the Treasury"),
    ("trade_minister", "united_states"): ("وزير التجارة", "وزيرة التجارة", "Secretary of Commerce"),
    ("energy_minister", "united_states"): ("وزير الطاقة", "وزيرة الطاقة", "Secretary of Energy"),
    ("defence_minister", "united_states"): ("وزير الدفاع", "وزيرة الدفاع", "Secretary of Defense"),
    ("governor", "federal_reserve"): ("رئيس الاحتياطي الفيدرالي", "رئيسة الاحتياطي الفيدرالي", "Chair"),
    ("foreign_minister", "united_kingdom"): ("وزير الخارجية", "وزيرة الخارجية", "Foreign Secretary"),
    ("finance_minister", "united_kingdom"): ("وزير الخزانة", "وزيرة الخزانة", "Chancellor of the Exchequer"),
    ("foreign_minister", "india"): ("وزير الخارجية", "وزيرة الخارجية", "Minister of External Affairs"),
    ("trade_minister", "india"): ("وزير التجارة والصناعة", "وزيرة التجارة والصناعة", "Minister of Commerce"),
    ("trade_minister", "china"): ("وزير التجارة", "وزيرة التجارة", "Minister of Commerce"),
    ("economy_minister", "russia"): (
        "وزير التنمية الاقتصادية",
        "وزيرة التنمية الاقتصادية",
        "Minister of Economic Development",
    ),
    ("finance_minister", "turkey"): (
        "وزير الخزانة والمالية",
        "وزيرة الخزانة والمالية",
        "Minister of Treasury and Finance",
    ),
    ("industry_minister", "turkey"): (
        "وزير الصناعة والتكنولوجيا",
        "وزيرة الصناعة والتكنولوجيا",
        "Minister of Industry and Technology",
    ),
    ("energy_minister", "turkey"): (
        "وزير الطاقة والموارد الطبيعية",
        "وزيرة الطاقة والموارد الطبيعية",
        "Minister of Energy and Natural Resources",
    ),
    ("economy_minister", "saudi_arabia"): (
        "وزير الاقتصاد والتخطيط",
        "وزيرة الاقتصاد والتخطيط",
        "Minister of Economy and Planning",
    ),
    ("trade_minister", "saudi_arabia"): ("وزير التجارة", "وزيرة التجارة", "Minister of Commerce"),
    ("industry_minister", "saudi_arabia"): (
        "وزير الصناعة والثروة المعدنية",
        "وزيرة الصناعة والثروة المعدنية",
        "Minister of Industry and Mineral Resources",
    ),
    ("trade_minister", "united_arab_emirates"): (
        "وزير الدولة للتجارة الخارجية",
        "وزيرة الدولة للتجارة الخارجية",
        "Minister of State for Foreign Trade",
    ),
    ("industry_minister", "united_arab_emirates"): (
        "وزير الصناعة والتكنولوجيا المتقدمة",
        "وزيرة الصناعة والتكنولوجيا المتقدمة",
        "Minister of Industry and Advanced Technology",
    ),
    ("energy_minister", "united_arab_emirates"): (
        "وزير الطاقة والبنية التحتية",
        "وزيرة الطاقة والبنية التحتية",
        "Minister of Energy and Infrastructure",
    ),
    ("trade_minister", "egypt"): ("وزير التجارة والصناعة", "وزيرة التجارة والصناعة", "Minister of Trade and Industry"),
    ("investment_minister", "egypt"): (
        "وزير الاستثمار والتجارة الخارجية",
        "وزيرة الاستثمار والتجارة الخارجية",
        "Minister of Investment and Foreign Trade",
    ),
    ("trade_minister", "oman"): (
        "وزير التجارة والصناعة وترويج الاستثمار",
        "وزيرة التجارة والصناعة وترويج الاستثمار",
        "Minister of Commerce, Industry and Investment Promotion",
    ),
    ("energy_minister", "qatar"): (
        "وزير الدولة لشؤون الطاقة",
        "وزيرة الدولة لشؤون الطاقة",
        "Minister of State for Energy Affairs",
    ),
}

_SAUDI_REGION_GOVERNOR = ("أمير المنطقة", "أميرة المنطقة", "Governor")
_REGION_GOVERNOR = ("الحاكم", "الحاكمة", "Governor")


def titles(role: str, of: str, gender: str, of_record: dict[str, object]) -> tuple[str, str]:
    """Arabic and English title of ``role`` held at ``of`` by a holder of ``gender``."""
    if (role, of) in OVERRIDES:
        m, f, en = OVERRIDES[(role, of)]
    elif role == "governor" and of_record.get("kind") in ("region", "city", "capital"):
        m, f, en = _SAUDI_REGION_GOVERNOR if of_record.get("country") == "saudi_arabia" else _REGION_GOVERNOR
    else:
        m, f, en = ROLES[role]
    return (f if gender == "f" else m), en


def parse_offices(field: str, gender: str, known: dict[str, dict[str, object]], where: str) -> list[dict[str, object]]:
    """``role@of:start:end;…`` into office dicts, every role and ``of`` id checked."""
    offices: list[dict[str, object]] = []
    for item in split_list(field):
        try:
            role_of, start, end = item.split(":")
            role, of = role_of.split("@")
        except ValueError:
            raise TableError(f"{where}: bad office {item!r} (want role@of:start:end)") from None
        if role not in ROLES:
            raise TableError(f"{where}: unknown role {role!r}")
        if of not in known:
            raise TableError(f"{where}: office of unknown id {of!r}")
        role_ar, role_en = titles(role, of, gender, known[of])
        s, e = check_date(start, where), check_date(end, where)
        if s is None:
            raise TableError(f"{where}: office {item!r} has no start date")
        if e is not None and e < s:
            raise TableError(f"{where}: office {item!r} ends before it starts")
        offices.append({"role": role, "role_ar": role_ar, "role_en": role_en, "of": of, "start": s, "end": e})
    return offices


def build(known: dict[str, dict[str, object]], countries: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Person records; ``known`` maps every id built so far (countries, places, organisations) to its record."""
    out: list[dict[str, object]] = []
    for lineno, f in read_table("persons.txt", 9):
        id_, gender, name_en, name_ar, country, qid, al_field, ae_field, offices_field = f
        where = f"persons.txt:{lineno}"
        if gender not in ("m", "f"):
            raise TableError(f"{where}: gender must be m or f")
        if country not in countries:
            raise TableError(f"{where}: unknown country {country!r}")
        out.append(
            record(
                id_,
                "PERSON",
                name_en,
                name_ar,
                qid or None,
                arabic_aliases(name_ar, split_list(al_field), foreign=country not in NO_G_VARIANT),
                dedupe_en(name_en, split_list(ae_field)),
                country=country,
                gender=gender,
                offices=parse_offices(offices_field, gender, known, where),
            )
        )
    return out
