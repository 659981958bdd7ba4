"""Lookups find one entity under every spelling the press uses, and say when an adjective matched."""

from __future__ import annotations

import pytest


def _ids(kb, text):
    return [e.id for e in kb.lookup(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الإمارات", "united_arab_emirates"),
        ("الامارات", "united_arab_emirates"),
        ("دولة الإمارات العربية المتحدة", "united_arab_emirates"),
        ("روسيا الاتحادية", "russia"),
        ("الاتحاد الروسي", "russia"),
        ("جمهورية مصر العربية", "egypt"),
        ("المملكة العربية السعودية", "saudi_arabia"),
        ("سلطنة عمان", "oman"),
        ("UAE", "united_arab_emirates"),
        ("Russian Federation", "russia"),
    ],
)
def test_country_names(kb, text, expected):
    assert expected in _ids(kb, text)


@pytest.mark.parametrize(
    "spelling",
    ["سان بطرسبرغ", "سانت بطرسبرغ", "سان بطرسبرج", "سانت بطرسبورغ", "سان بطرسبورغ", "بطرسبرغ", "St. Petersburg"],
)
def test_many_spellings_of_st_petersburg_find_one_entity(kb, spelling):
    assert _ids(kb, spelling) == ["saint_petersburg"]


@pytest.mark.parametrize("spelling", ["أبوظبي", "أبو ظبي", "ابوظبي", "ابو ظبي"])
def test_abu_dhabi_with_and_without_space(kb, spelling):
    assert _ids(kb, spelling) == ["abu_dhabi"]


def test_diacritics_and_tatweel_do_not_matter(kb):
    assert _ids(kb, "رُوسـيـا") == ["russia"]


@pytest.mark.parametrize("form", ["الروسية", "روسي", "الروسي", "روسية", "الروسيه"])
def test_nisba_finds_country_marked_as_adjective(kb, form):
    hits = kb.lookup(form)
    assert [e.id for e in hits] == ["russia"]
    assert hits[0].is_nisba and hits[0].matched == "nisba"


def test_name_match_is_not_marked_nisba(kb):
    hit = kb.lookup("روسيا")[0]
    assert hit.matched == "name" and not hit.is_nisba


def test_every_country_has_its_nisba_indexed(kb):
    for country in kb.entries("GPE"):
        for form in country.attrs.get("nisba") or ():
            assert any(e.id == country.id for e in kb.lookup(form)), (country.id, form)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("لافروف", "lavrov_sergey"),
        ("سيرغي لافروف", "lavrov_sergey"),
        ("سيرجي لافروف", "lavrov_sergey"),
        ("بوتين", "putin_vladimir"),
        ("عبدالفتاح السيسي", "sisi_abdel_fattah"),
        ("عبد الفتاح السيسي", "sisi_abdel_fattah"),
        ("يونيدو", "unido"),
        ("UNIDO", "unido"),
        ("مجلس التعاون الخليجي", "gcc"),
        ("مجلس التعاون لدول الخليج العربية", "gcc"),
        ("منتدى سانت بطرسبورغ الاقتصادي الدولي", "spief"),
        ("منتدى سان بطرسبرج الاقتصادي الدولي", "spief"),
        ("SPIEF", "spief"),
        ("منتدى الشرق الاقتصادي", "eef"),
        ("إنوبروم", "innoprom"),
        ("دافوس الصحراء", "fii"),
        ("القمة العالمية للصناعة والتصنيع", "gmis"),
        ("وزارة الصناعة والتجارة الروسية", "minpromtorg_russia"),
        ("الخارجية الروسية", "mfa_russia"),
        ("آسيا الوسطى", "central_asia"),
        ("يكاترينبرغ", "yekaterinburg"),
    ],
)
def test_other_entities(kb, text, expected):
    assert expected in _ids(kb, text)


def test_ambiguous_name_returns_every_candidate(kb):
    assert {"oman", "amman"} <= set(_ids(kb, "عمان"))


def test_unknown_name_finds_nothing(kb):
    assert kb.lookup("مدينة لا وجود لها") == []


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("RT Arabic", "RT Arabic"),
        ("روسيا اليوم", "RT Arabic"),
        ("تاس", "TASS"),
        ("وكالة تاس", "TASS"),
        ("واس", "SPA"),
        ("وكالة الأنباء السعودية", "SPA"),
        ("الرياض - واس", "SPA"),
        ("(رويترز)", "Reuters"),
        ("الجزيرة", "Al Jazeera"),
        ("صحيفة الرياض", "Al Riyadh"),
        ("Xinhua", "Xinhua"),
    ],
)
def test_outlet_name(kb, credit, expected):
    assert kb.outlet_name(credit) == expected


def test_outlet_name_unknown(kb):
    assert kb.outlet_name("مدونة شخصية") is None


def test_bare_everyday_words_are_not_outlets_in_lookup(kb):
    # "العربية" (Arabic) and "اليوم" (today) name outlets only in a credit line
    assert not any(e.is_outlet for e in kb.lookup("العربية"))
    assert not any(e.is_outlet for e in kb.lookup("اليوم"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("والإمارات", "united_arab_emirates"), ("بموسكو", "moscow"), ("للسعودية", "saudi_arabia"), ("وروسيا", "russia")],
)
def test_lookup_can_strip_proclitics(kb, text, expected):
    assert kb.lookup(text) == []
    assert [e.id for e in kb.lookup(text, clitics=True)] == [expected]


def test_proclitic_stripping_keeps_names_that_start_with_those_letters(kb):
    assert [e.id for e in kb.lookup("وارسو", clitics=True)] == ["warsaw"]
