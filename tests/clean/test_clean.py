"""Each cleaning rule on a real snippet: the article text stays as written, furniture goes."""

from __future__ import annotations

from marsad.clean import clean_document
from marsad.clean.boilerplate import is_boilerplate_line, strip_inline_residue
from marsad.model import Document


def clean(text: str, **meta: object) -> list[Document]:
    return clean_document(Document(source="page.txt", text=text, content_hash="h", meta=dict(meta)))


# From a TASS Arabic page: the language switcher above the title and the credits below the body.
TASS = """Ru En

بوتين يبحث مع قادة رابطة الدول المستقلة القضايا الأمنية والتعاون الاقتصادي

١٤ أكتوبر ٢٠٢٢

سيواصل الرئيس الروسي فلاديمير بوتين برنامج عمله في عاصمة جمهورية كازاخستان، وذلك في مدينة أستانا.
\u00a0
تترأس كازاخستان هذا العام رابطة الدول المستقلة.

الصورة: الموقع الرسمي للرئيس الروسي

المصدر: تاس"""


def test_language_switcher_and_photo_credit_removed_title_first() -> None:
    [doc] = clean(TASS)
    assert "Ru En" not in doc.text
    assert "الصورة" not in doc.text
    assert doc.title == "بوتين يبحث مع قادة رابطة الدول المستقلة القضايا الأمنية والتعاون الاقتصادي"
    assert doc.text.splitlines()[0] == doc.title


def test_dateline_under_title_in_arabic_indic_digits_is_the_publication_date() -> None:
    [doc] = clean(TASS)
    assert doc.published == "2022-10-14"
    assert "١٤ أكتوبر ٢٠٢٢" not in doc.text


def test_source_credit_becomes_the_outlet_and_leaves_the_body() -> None:
    [doc] = clean(TASS)
    assert doc.outlet
    assert "المصدر" not in doc.text


RT = """اجتماع موسع في موسكو مع سفراء دول منظمة التعاون الإسلامي
تاريخ النشر: 7th, March 2024 GMT
عقد في موسكو اجتماع موسع، بمشاركة نائب وزير الخارجية الروسي أندريه رودينكو. مع سفراء دول منظمة التعاون الإسلامي.
التسجيل للمشاركة في منتدى قازان-2024 على الموقع الرسمي للمنتدى: www.kazanforum.ru
الصدر: RT
المصدر: RT Arabic
كلمات دلالية: منظمة التعاون الإسلامي وزارة الخارجية الروسية قازان موسكو
إقرأ أيضاً:
موسكو تعلن استعادة كورسك وزيلينسكي يعلن اعتقال صينيين يقاتلان مع روسيا
قالت موسكو، إن الجيش الروسي طرد آخر القوات أوكرانية إلى خارج منطقة كورسك نحو الحدود الروسية الأوكرانية، بينما أعلن الرئيس الأوكراني فولوديمير زيلينسكي، أن كييف قبضت على جنديين صينيين يقاتلان إلى جانب القوات الروسية.
وأعلن الجيش الروسي، اليوم الثلاثاء، طرد القوات الأوكرانية من منطقة تدعى جويفو في منطقة كورسك الروسية، ونفذ ضربات جوية ومدفعية على القوات الأوكرانية عبر الحدود.
اقرأ أيضا list of 2 itemslist 1 of 2كيف بنى الاتحاد السوفياتي أقوى قنبلة نووية في التاريخ؟list 2 of 2ما قصة اشتعال السباق النووي بين الصين والهند وباكستان؟end of listوتحاول روسيا منذ أغسطس/آب من العام الماضي، طرد القوات الأوكرانية من كورسك.
إعلانوقال زيلينسكي في منشور على مواقع التواصل الاجتماعي تضمن شريط فيديو قصيرا لأحد الموقوفَين."""


def test_labelled_publication_date_in_english_is_read() -> None:
    main = clean(RT)[0]
    assert main.published == "2024-03-07"
    assert "تاريخ النشر" not in main.text


def test_correct_credit_preferred_over_misspelt_one() -> None:
    main = clean(RT)[0]
    assert main.outlet == "RT Arabic"
    assert "RT" not in main.text.split("www.kazanforum.ru")[1]


def test_keyword_list_removed() -> None:
    assert "كلمات دلالية" not in clean(RT)[0].text


def test_appended_story_after_read_also_is_its_own_part() -> None:
    main, appended = clean(RT)
    assert (main.part, appended.part) == (0, 1)
    assert "كورسك" not in main.text and "زيلينسكي" not in main.text
    assert "إقرأ أيضاً" not in main.text
    assert appended.title.startswith("موسكو تعلن استعادة كورسك")
    assert main.source == appended.source and main.id != appended.id


def test_widget_residue_and_glued_advert_label_removed_words_kept() -> None:
    appended = clean(RT)[1]
    assert "list of" not in appended.text and "end of list" not in appended.text
    assert "وتحاول روسيا منذ أغسطس/آب من العام الماضي" in appended.text
    assert "إعلانوقال" not in appended.text
    assert "وقال زيلينسكي في منشور" in appended.text


def test_read_also_list_of_headlines_is_dropped_and_article_goes_on() -> None:
    text = (
        "عنوان الخبر عن زيارة الوزير\n"
        "وصل وزير الخارجية إلى الرياض اليوم في زيارة رسمية تستغرق يومين يلتقي خلالها عددا من المسؤولين.\n"
        "اقرأ أيضا:\n"
        "الأسهم الباكستانية تغلق على ارتفاع\n"
        "أمير منطقة الرياض يستقبل السفير\n"
        "وأضاف الوزير أن المباحثات ستتناول سبل تعزيز التعاون الاقتصادي بين البلدين في مختلف المجالات."
    )
    [doc] = clean(text)
    assert "الأسهم الباكستانية" not in doc.text
    assert "وأضاف الوزير" in doc.text


def test_repeated_paragraphs_kept_once_in_order() -> None:
    first = "وستعقد قمة الصناعة والتصنيع في الفترة ما بين 9-11 يوليو في مدينة إيكاتنربيرج الروسية."
    second = "ارتكزت القمة الأولى على 6 محاور رئيسية، وهي التكنولوجيا والابتكار، وسلاسل القيمة العالمية."
    [doc] = clean("\n".join(["عنوان المقال عن القمة", first, second, first, second]))
    assert doc.text.count(first) == 1 and doc.text.count(second) == 1
    assert doc.text.index(first) < doc.text.index(second)


def test_wire_furniture_from_saudi_press_agency_removed() -> None:
    # SaudiNewsNet, SPA wire: end marker and time stamp lines.
    text = (
        "اقتصادي / الأسهم الباكستانية تغلق على ارتفاع بنسبة 0.34%\n"
        " أغلق مؤشر بورصة كراتشي كبرى أسواق الأسهم الباكستانية اليوم على ارتفاع بنسبة 0.34% أي ما يعادل 121 نقطة.\n"
        " // انتهى //\n 14:58 ت م \n "
    )
    [doc] = clean(text)
    assert "انتهى" not in doc.text and "14:58" not in doc.text
    assert "أغلق مؤشر بورصة كراتشي" in doc.text


def test_metadata_used_when_page_states_no_date() -> None:
    [doc] = clean("عنوان\nنص المقال الذي لا يذكر تاريخه في أي مكان من الصفحة أبدا.", record_published="2015-08-11")
    assert doc.published == "2015-08-11"
    [undated] = clean("عنوان\nنص المقال الذي لا يذكر تاريخه في أي مكان من الصفحة أبدا.")
    assert undated.published is None


def test_article_words_are_not_mistaken_for_furniture() -> None:
    for line in ("وقال المصدر: إن الاجتماع سيعقد غدا في الرياض بحضور عدد كبير من الوزراء والمسؤولين والخبراء",
                 "إعلان الرياض يدعو إلى تعزيز التعاون", "إعلانات الشركات"):
        assert not is_boilerplate_line(line)
        assert strip_inline_residue(line) == line


def test_nothing_left_gives_no_document() -> None:
    assert clean("Ru En\n\nالمصدر: تاس\n") == []
