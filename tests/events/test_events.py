"""Events a reader of Arabic economic-diplomacy news would expect Marsad to find, on real SaudiNewsNet sentences.

Every case is an article's own title, publication date and one or two of its sentences (``cases.py``); the expected
answer is what a careful analyst reads in the text, not what the code happens to return. Where the system falls
short the test is marked ``xfail(strict=True)`` with the concrete gap, so the suite stays green while the gap is
recorded and a fix turns the test into a failure that asks for the marker to be removed.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from marsad.entities.resolve import Resolver
from marsad.kb.loader import default_kb
from marsad.model import Document, Entity, Event
from marsad.pipeline import process_document

from .cases import CASES

SHARED = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parents[3] / "shared"))
SAUDINEWSNET = SHARED / "corpus" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


# -- helpers -----------------------------------------------------------------------------------------------------
def article(key: str) -> list[Document]:
    """The cleaned, annotated document(s) of one case, dated by the article's own publication date."""
    case = CASES[key]
    raw = Document(source=case.article, text=case.text, content_hash=case.article,
                   meta={"record_published": case.published})
    return process_document(raw)


def resolved(*keys: str) -> tuple[list[Entity], list[Event]]:
    """Entities and merged events over the given cases, as a user of the store sees them."""
    docs = [d for key in keys for d in article(key)]
    entities, _, events = Resolver(default_kb()).resolve(docs)
    return entities, events


def events_of(*keys: str) -> list[Event]:
    return resolved(*keys)[1]


def doc_ids(*keys: str) -> set[str]:
    return {d.id for key in keys for d in article(key)}


def of_type(events: list[Event], etype: str) -> list[Event]:
    return [e for e in events if e.type == etype]


def one(events: list[Event], pred: Callable[[Event], bool], what: str) -> Event:
    hits = [e for e in events if pred(e)]
    assert len(hits) == 1, f"expected exactly one {what}, got {len(hits)}: {[describe(e) for e in events]}"
    return hits[0]


def who(event: Event) -> set[str]:
    return {p.entity for p in event.participants}


def role_of(event: Event, entity: str) -> str | None:
    return next((p.role for p in event.participants if p.entity == entity), None)


def source_docs(event: Event) -> set[str]:
    return {s.doc for s in event.sources}


def describe(e: Event) -> str:
    return (f"{e.type}/{e.status} {e.start}..{e.end} at {e.location} series={e.series} ed={e.edition} "
            f"with {sorted(who(e))} «{e.name_ar}»")


# -- 1. every event type -----------------------------------------------------------------------------------------
def test_summit_closed_in_ufa() -> None:
    """"اختتمت أعمال قمة «بريكس» في مدينة أوفا" on the 11th of last month: a held BRICS summit in Ufa, 2015-07-11."""
    summit = one(events_of("brics_ufa"), lambda e: e.type == "summit", "summit")
    assert summit.series == "brics_summit"
    assert summit.location == "ufa"
    assert summit.start == "2015-07-11"
    assert summit.status == "held"


def test_forum_planned_for_two_days() -> None:
    """The Gulf–Jordan forum organised by the Federation of GCC Chambers on 2–3 September is a planned forum."""
    forum = one(events_of("gulf_jordan_forum"), lambda e: e.type == "forum", "forum")
    assert forum.status == "planned"
    assert (forum.start, forum.end) == ("2015-09-02", "2015-09-03")
    assert "fgccc" in who(forum)


def test_conference_in_dubai_next_november() -> None:
    """"المؤتمر الدولي للابتكار … الذي سيعقد … في دبي" in "نوفمبر المقبل": a planned conference, Dubai, 2015-11."""
    conf = one(events_of("ev_conference_dubai"), lambda e: e.type == "conference", "conference")
    assert conf.status == "planned"
    assert conf.start == "2015-11"
    assert conf.location == "dubai"


def test_exhibition_airshow_fourth_edition() -> None:
    """The fourth Bahrain International Airshow, 21–23 January next: a planned exhibition of the KB series."""
    events = events_of("bahrain_airshow")
    show = one(events, lambda e: e.type == "exhibition" and e.status == "planned", "planned exhibition")
    assert show.series == "bahrain_airshow"
    assert show.edition == 4
    assert (show.start, show.end) == ("2016-01-21", "2016-01-23")


def test_meeting_received_in_his_office() -> None:
    """"استقبل خادم الحرمين … في مكتبه … اليوم رئيس وزراء جمهورية لبنان تمام سلام": a meeting of the two, today."""
    meeting = one(events_of("king_receives_salam"), lambda e: e.type == "meeting", "meeting")
    assert {"salman_bin_abdulaziz", "salam_tammam"} <= who(meeting)
    assert role_of(meeting, "salam_tammam") == "رئيس وزراء جمهورية لبنان"
    assert meeting.start == "2015-07-24"


def test_visit_yazur_next_tuesday_is_planned() -> None:
    """"وزير الخارجية السعودي يزور موسكو الثلاثاء المقبل" (Saturday 8 August): a planned visit on 2015-08-11."""
    visit = one(events_of("jubeir_to_visit_moscow"), lambda e: e.type == "visit", "visit")
    assert visit.status == "planned"
    assert visit.start == "2015-08-11"


def test_visit_arrived_today() -> None:
    """"وصل وزير الخارجية … عادل بن أحمد الجبير إلى الدوحة اليوم في زيارة رسمية": Jubeir's visit, held today."""
    visit = one(events_of("jubeir_arrives_doha_today"), lambda e: e.type == "visit", "visit")
    assert visit.status == "held"
    assert visit.start == "2015-07-25"
    assert role_of(visit, "al_jubeir_adel") == "وزير الخارجية"


def test_agreement_memorandum_signed_in_2014() -> None:
    """"وقعت في عام 2014، مذكرة تفاهم بين جامعة الملك عبد العزيز وأرامكو السعودية": a signed MoU dated 2014."""
    mou = one(events_of("aramco_kau_mou"), lambda e: e.type == "agreement", "agreement")
    assert mou.status == "held"
    assert mou.start == "2014"
    assert "aramco" in who(mou)


def test_agreement_ittifaqiya_signed_today() -> None:
    """"أعلنت شركة طيران الاتحاد … اليوم أنها وقعت اتفاقية": an agreement signed on the publication date."""
    deal = one(events_of("etihad_agreement"), lambda e: e.type == "agreement", "agreement")
    assert deal.status == "held"
    assert deal.start == "2015-07-21"


def test_launch_of_an_initiative() -> None:
    """"أطلقت الوزارة مبادرة «شارك»": the Ministry of Justice launched an initiative — a launch that happened."""
    launch = one(events_of("moj_initiative"), lambda e: e.type == "launch", "launch")
    assert launch.status == "held"


# -- 2. arguments ------------------------------------------------------------------------------------------------
def test_location_in_the_capital_riyadh() -> None:
    """"انطلاق القمة التشاورية لقادة دول مجلس التعاون في العاصمة الرياض": the summit is located in Riyadh."""
    summits = of_type(events_of("gcc_consultative_summit"), "summit")
    assert any(e.location == "riyadh" and e.status == "held" for e in summits), [describe(e) for e in summits]


def test_yesterday_evening_and_the_visited_country() -> None:
    """"وصل … باراك أوباما مساء أمس الجمعة إلى كينيا" (published 25 July): Obama's visit to Kenya on 2015-07-24."""
    visit = one(events_of("obama_arrives_kenya"), lambda e: e.type == "visit", "visit")
    assert visit.start == "2015-07-24"
    assert visit.status == "held"
    assert {"obama_barack", "kenya"} <= who(visit)


def test_month_precision_for_in_june() -> None:
    """"لدى زيارته العاصمة الروسية في يونيو (حزيران) الماضي" is a held visit dated 2015-06, apart from the
    planned visit "الثلاثاء القادم" (2015-08-11) in the same sentence."""
    visits = of_type(events_of("jubeir_moscow_june_visit"), "visit")
    assert any(e.start == "2015-06" and e.end in (None, "2015-06") and e.status == "held" for e in visits), \
        [describe(e) for e in visits]
    assert any(e.start == "2015-08-11" and e.status == "planned" for e in visits), [describe(e) for e in visits]


def test_date_range_between_27_and_29_october() -> None:
    """"من المقرر أن تعقد القمة الحكومية الثالثة للموارد البشرية بين 27 و29 أكتوبر 2015": planned, third, 27–29."""
    summit = one(events_of("hr_summit_abu_dhabi"), lambda e: e.type == "summit", "summit")
    assert (summit.start, summit.end) == ("2015-10-27", "2015-10-29")
    assert summit.status == "planned"
    assert summit.edition == 3


def test_edition_written_al_12() -> None:
    """"في الدورة الـ12 لمعرض تشانغتشون الدولي للسيارات": the exhibition's 12th edition."""
    show = one(events_of("changchun_auto_show"), lambda e: e.type == "exhibition", "exhibition")
    assert show.edition == 12


def test_series_gitex_with_dates_and_city() -> None:
    """GITEX "التي ستقام بين 18 و22 أكتوبر المقبل في مركز دبي التجاري العالمي": the KB series, in Dubai, planned."""
    show = one(events_of("gitex_35"), lambda e: e.type == "exhibition", "exhibition")
    assert show.series == "gitex"
    assert show.location == "dubai"
    assert (show.start, show.end) == ("2015-10-18", "2015-10-22")
    assert show.status == "planned"


# -- 3. status ---------------------------------------------------------------------------------------------------
def test_status_planned_from_sayaqid() -> None:
    """"لافروف سيعقد اجتماعا ثلاثيا مع نظيريه … كيري و… الجبير": a planned meeting of the three ministers."""
    meetings = of_type(events_of("trilateral_announced"), "meeting")
    trio = {"lavrov_sergey", "kerry_john", "al_jubeir_adel"}
    assert any(trio <= who(e) and e.status == "planned" for e in meetings), [describe(e) for e in meetings]


def test_status_held_last_monday() -> None:
    """"وكان كيري قد عقد محادثات ثلاثية في دولة قطر … يوم الاثنين الماضي" (Thursday 6 August): held on 3 August."""
    meeting = one(events_of("trilateral_last_monday"), lambda e: e.type == "meeting", "meeting")
    assert meeting.status == "held"
    assert meeting.start == "2015-08-03"
    assert meeting.location == "qatar"
    assert {"lavrov_sergey", "al_jubeir_adel"} <= who(meeting)


def test_status_held_when_dated_before_publication() -> None:
    """Putin met Mohammed bin Salman "في 18 يونيو … في سانت بطرسبرج" — before the 27 July article: held."""
    meeting = one(events_of("spief_putin_mbs"), lambda e: e.type == "meeting", "meeting")
    assert meeting.status == "held"
    assert meeting.start == "2015-06-18"
    assert meeting.location == "saint_petersburg"
    assert {"mohammed_bin_salman", "putin_vladimir"} <= who(meeting)


# -- 4. merging --------------------------------------------------------------------------------------------------
def test_two_sentences_about_one_exhibition_make_one_event() -> None:
    """Cityscape Global "ينطلق الشهر القادم" and "يقام في الفترة ما بين 8-10 سبتمبر": one exhibition, both sentences
    as its evidence."""
    (doc,) = article("cityscape_14th")
    show = one(events_of("cityscape_14th"), lambda e: e.type == "exhibition", "exhibition")
    assert show.series == "cityscape"
    assert (show.start, show.end) == ("2015-09-08", "2015-09-10")
    assert show.location == "dubai"
    spans = {doc.text[s.start:s.end] for s in show.sources}
    assert any("سيتي سكيب جلوبال" in s for s in spans) and any("8-10 سبتمبر" in s for s in spans)


def test_same_visit_in_two_articles_is_one_event() -> None:
    """Jubeir "arrives in Doha today" (25 July) and "arrived in Doha yesterday" (26 July): one visit on 2015-07-25
    citing both articles."""
    keys = ("jubeir_arrives_doha_today", "jubeir_arrived_doha_yesterday")
    visit = one(events_of(*keys), lambda e: e.type == "visit", "visit")
    assert visit.start == "2015-07-25"
    assert "al_jubeir_adel" in who(visit)
    assert source_docs(visit) == doc_ids(*keys)


def test_same_forum_in_two_articles_is_one_event() -> None:
    """SPIEF 2015 named by two articles (27 July, 9 August): one record of the forum with evidence from both."""
    keys = ("spief_putin_mbs", "mbs_putin_mid_june")
    forum = one(events_of(*keys), lambda e: e.series == "spief", "SPIEF event")
    assert source_docs(forum) == doc_ids(*keys)
    assert forum.location == "saint_petersburg"


def test_two_editions_of_a_forum_stay_apart() -> None:
    """The Riyadh Economic Forum "في دورته الأولى عام 2003" and "في دورته القادمة": two editions, two events."""
    forums = of_type(events_of("riyadh_forum_first_edition", "riyadh_forum_next_edition"), "forum")
    assert len(forums) == 2, [describe(e) for e in forums]
    assert any(e.edition == 1 and e.start == "2003" and e.status == "held" for e in forums)
    assert any(e.status == "planned" for e in forums)


def test_same_ministers_on_different_days_stay_apart() -> None:
    """Lavrov and Jubeir met in Qatar on 3 August and again in Moscow on 11 August: two meetings, not one."""
    meetings = of_type(events_of("trilateral_last_monday", "lavrov_jubeir_moscow_today"), "meeting")
    pair = [e for e in meetings if {"lavrov_sergey", "al_jubeir_adel"} <= who(e)]
    assert sorted((e.start, e.location) for e in pair) == [("2015-08-03", "qatar"), ("2015-08-11", "moscow")]


# -- 5. what is not an event -------------------------------------------------------------------------------------
def test_forum_as_the_author_of_a_report_is_no_forum_event() -> None:
    """"اصدر المنتدى الاقتصادي العالمي تقريرا": the WEF as an organisation publishing a report, not a gathering."""
    assert of_type(events_of("wef_report"), "forum") == []


def test_generic_plural_is_no_event() -> None:
    """"استضافة المعارض والمؤتمرات الدولية في منطقة الرياض": exhibitions and conferences in general — no event."""
    assert events_of("riyadh_expo_sector_plural") == []


def test_another_meeting_on_the_sidelines_is_its_own_event() -> None:
    """"وسيُعقد على هامش هذا الاجتماع، اجتماع ثلاثي آخر": a second, planned meeting, held where and when the
    consultative meeting is (Doha, 3 August) — and the Vienna date of the nuclear deal in a relative clause dates
    neither."""
    events = of_type(events_of("gcc_us_consultative_and_trilateral"), "meeting")
    assert len(events) == 2, [describe(e) for e in events]
    trilateral = one(events, lambda e: "saudi_arabia" in who(e), "trilateral meeting")
    assert {"united_states", "russia", "saudi_arabia"} <= who(trilateral)
    assert (trilateral.location, trilateral.start, trilateral.status) == ("doha", "2015-08-03", "planned")
    consultative = one(events, lambda e: "kerry_john" in who(e), "consultative meeting")
    assert (consultative.location, consultative.start, consultative.status) == ("doha", "2015-08-03", "held")
    assert "iran" not in who(consultative)


def test_the_host_named_by_tastadif_is_the_place() -> None:
    """"تستضيف مملكة البحرين في الفترة من 3 إلى 5 نوفمبر المقبل فعاليات الملتقى الخليجي الرابع": the forum is in
    Bahrain, 3–5 November 2015, planned, fourth edition."""
    forum = one(events_of("bahrain_hosts_planning_forum"), lambda e: e.type == "forum", "forum")
    assert forum.location == "bahrain"
    assert (forum.start, forum.end, forum.status, forum.edition) == ("2015-11-03", "2015-11-05", "planned", 4)


def test_talks_that_failed_to_agree_still_had_their_participants() -> None:
    """"بعد اجتماع … مع نظيره الأمريكي جون كيري إن روسيا والولايات المتحدة لم تتمكنا من التوصل لنهج مشترك": a
    negation of the outcome, not of attendance — Lavrov and Kerry met."""
    meeting = one(events_of("lavrov_kerry_no_common_approach"), lambda e: e.type == "meeting", "meeting")
    assert {"lavrov_sergey", "kerry_john"} <= who(meeting)


# -- known gaps (xfail, strict) ----------------------------------------------------------------------------------
def test_visit_location_is_the_destination() -> None:
    """"وصل … الجبير إلى الدوحة اليوم في زيارة رسمية لدولة قطر": the visit takes place in Doha."""
    visit = one(events_of("jubeir_arrives_doha_today"), lambda e: e.type == "visit", "visit")
    assert visit.location == "doha"
    assert "doha" not in who(visit)


def test_reception_reported_today_is_held() -> None:
    """"استقبل خادم الحرمين … في مكتبه بقصر اليمامة اليوم وزير الخارجية الأمريكي جون كيري": a meeting that took
    place."""
    meeting = one(events_of("king_receives_kerry"), lambda e: e.type == "meeting", "meeting")
    assert {"salman_bin_abdulaziz", "kerry_john"} <= who(meeting)
    assert meeting.status == "held"


def test_ministers_missing_from_the_kb_are_participants() -> None:
    """"استقبل وزير التعليم الدكتور عزام الدخيل في مكتبه … وزير الإسكان الجديد ماجد الحقيل": both ministers meet."""
    entities, events = resolved("ministers_meet_in_office")
    meeting = one(events, lambda e: e.type == "meeting", "meeting")
    names = {e.id: e.name_ar or "" for e in entities}
    people = {names.get(p, "") for p in who(meeting)}
    assert any("الدخيل" in n for n in people) and any("الحقيل" in n for n in people)


def test_hr_summit_is_in_abu_dhabi_and_not_the_world_government_summit() -> None:
    """"القمة الحكومية الثالثة للموارد البشرية … في أبوظبي": a summit in Abu Dhabi, not the Dubai WGS series."""
    summit = one(events_of("hr_summit_abu_dhabi"), lambda e: e.type == "summit", "summit")
    assert summit.location == "abu_dhabi"
    assert summit.series != "wgs"


def test_day_ordinal_of_a_date_is_not_an_edition() -> None:
    """"أن تعقد قمة في العاصمة الإثيوبية في الخامس من أغسطس المقبل": a planned summit on 2015-08-05 in Addis
    Ababa, with no edition number."""
    summit = one(events_of("addis_summit"), lambda e: e.type == "summit", "summit")
    assert (summit.status, summit.start) == ("planned", "2015-08-05")
    assert summit.edition is None
    assert summit.location == "addis_ababa"


def test_edition_twenty_sixth() -> None:
    """"للمشاركة في مؤتمر القمة العربية في دورته السادسة والعشرين": the 26th Arab League summit."""
    summit = one(events_of("arab_summit_26th"), lambda e: e.type == "summit", "summit")
    assert summit.series == "arab_league_summit"
    assert summit.edition == 26


def test_arabal_nineteenth_edition_15_to_17_november() -> None:
    """Arabal "في نسخته التاسعة عشر … في الفترة بين الخامس عشر وحتى السابع عشر من نوفمبر 2015م": 19th edition,
    15–17 November 2015."""
    conf = one(events_of("arabal_19th"), lambda e: e.type == "conference", "conference")
    assert conf.edition == 19
    assert (conf.start, conf.end) == ("2015-11-15", "2015-11-17")


def test_forum_in_amman() -> None:
    """The Gulf–Jordan forum is held "في فندق لي رويال عمّان - المملكة الأردنية الهاشمية": in Amman."""
    forum = one(events_of("gulf_jordan_forum"), lambda e: e.type == "forum", "forum")
    assert forum.location == "amman"
    assert "oman" not in who(forum)


def test_agreement_signed_with_the_date_between_verb_and_noun() -> None:
    """"ووقعت مصر في فبراير (شباط) الماضي اتفاقية للتعاون العسكري مع فرنسا": an agreement, February 2015."""
    deal = one(events_of("egypt_france_agreement"), lambda e: e.type == "agreement", "agreement")
    assert deal.status == "held"
    assert deal.start == "2015-02"
    assert {"egypt", "france"} <= who(deal)


def test_meeting_in_the_pluperfect_is_held() -> None:
    """"وكان الجبير التقى نظيره الروسي سيرغي لافروف في الدوحة": a past meeting in Doha."""
    meeting = one(events_of("jubeir_to_visit_moscow"), lambda e: e.type == "meeting", "meeting")
    assert meeting.location == "doha"
    assert meeting.status == "held"


@pytest.mark.xfail(strict=True, reason="headline 'اجتماع مرتقب بين الجبير ولافروف في قطر' and body 'سيعقد اجتماعا "
                   "ثلاثيا' stay two meetings (the body's has no place or day of its own: 'يومي الثاني والثالث من "
                   "أغسطس' dates the visit 'خلال زيارة عمل لقطر', read as 2015-08-03 with edition 2)")
def test_announced_meeting_named_twice_is_one_event() -> None:
    """One trilateral meeting in Qatar on 2–3 August, announced on 1 August, named in the headline and the body."""
    meeting = one(events_of("trilateral_announced"), lambda e: e.type == "meeting", "meeting")
    assert {"lavrov_sergey", "kerry_john", "al_jubeir_adel"} <= who(meeting)
    assert meeting.start != "2015-08-01"


def test_committee_meeting_is_not_a_held_airshow() -> None:
    """The airshow is planned for January; the committee that met "أمس الأول" did not hold an airshow."""
    shows = [e for e in events_of("bahrain_airshow") if e.series == "bahrain_airshow"]
    assert len(shows) == 1, [describe(e) for e in shows]
    assert shows[0].status == "planned"


def test_doha_trilateral_in_three_articles_is_one_event() -> None:
    """Kerry, Lavrov and Jubeir met in Doha on 3 August, reported on 3, 6 and 8 August: one meeting."""
    keys = ("trilateral_today_doha", "trilateral_last_monday", "trilateral_in_doha_monday")
    meeting = one(events_of(*keys), lambda e: e.type == "meeting", "meeting")
    assert meeting.start == "2015-08-03"
    assert {"kerry_john", "lavrov_sergey", "al_jubeir_adel"} <= who(meeting)
    assert source_docs(meeting) == doc_ids(*keys)


def test_putin_mbs_meeting_in_two_articles_is_one_event() -> None:
    """Putin met Mohammed bin Salman in St Petersburg on 18 June ("في منتصف يونيو على هامش … منتدى سان
    بطرسبورغ"): one meeting citing both articles."""
    keys = ("spief_putin_mbs", "mbs_putin_mid_june")
    meeting = one(events_of(*keys), lambda e: e.type == "meeting", "meeting")
    assert meeting.start == "2015-06-18"
    assert source_docs(meeting) == doc_ids(*keys)


@pytest.mark.xfail(strict=True, reason="'يعقد كيري … اجتماعا مع كل من وزير خارجية روسيا سيرجي لافروف ووزير "
                   "الخارجية عادل الجبير': the bare 'كيري' gets no mention, and Jubeir's role span runs back over "
                   "Lavrov's name, so Lavrov is skipped as part of a role")
def test_all_three_ministers_take_part() -> None:
    """"يعقد كيري أيضا اليوم في الدوحة اجتماعا مع كل من … لافروف و… الجبير": three participants, in Doha."""
    meeting = one(events_of("trilateral_today_doha"), lambda e: e.type == "meeting", "meeting")
    assert meeting.location == "doha"
    assert {"kerry_john", "lavrov_sergey", "al_jubeir_adel"} <= who(meeting)
    assert role_of(meeting, "al_jubeir_adel") == "وزير الخارجية"


def test_talks_with_a_possessive_suffix_are_a_meeting() -> None:
    """"لافروف في مستهل محادثاته مع وزير الخارجية عادل الجبير في موسكو اليوم الثلاثاء": a meeting on 11 August."""
    meeting = one(events_of("lavrov_opening_talks"), lambda e: e.type == "meeting", "meeting")
    assert meeting.start == "2015-08-11"
    assert meeting.location == "moscow"
    assert {"lavrov_sergey", "al_jubeir_adel"} <= who(meeting)


def test_founding_of_a_forum_is_no_forum_event() -> None:
    """"كان رد فعلنا هو إنشاء هذا المنتدى": a forum being founded, not a forum taking place."""
    assert of_type(events_of("forum_founded_abu_dhabi"), "forum") == []


def test_football_derby_is_no_summit() -> None:
    """"عدم خوض مباراة القمة المقبلة": a football match, not a summit."""
    assert of_type(events_of("football_derby"), "summit") == []


def test_press_conference_is_no_conference() -> None:
    """"خلال مؤتمر صحافي عقد في الرياض، أمس": a press briefing, not a conference."""
    assert of_type(events_of("press_conference"), "conference") == []


# -- the cases are real ------------------------------------------------------------------------------------------
@pytest.mark.skipif(not SAUDINEWSNET.is_file(), reason="shared SaudiNewsNet corpus not present")
def test_cases_are_verbatim() -> None:
    """Every case's title, date and sentences are copied unchanged from its SaudiNewsNet article."""
    wanted = {c.article for c in CASES.values()}
    found: dict[str, dict[str, str]] = {}
    with gzip.open(SAUDINEWSNET, "rt", encoding="utf-8") as fh:
        for line in fh:
            head = line[:40]
            if '"id": "snn-' in head and head.split('"')[3] in wanted:
                rec = json.loads(line)
                found[rec["id"]] = rec
    for key, case in CASES.items():
        rec = found.get(case.article)
        assert rec is not None, f"{key}: {case.article} not in the corpus"
        assert rec["published"] == case.published, key
        assert rec["title"].strip() == case.title, key
        for sentence in case.sentences:
            assert sentence in rec["text"], f"{key}: sentence not in {case.article}"


def test_merged_status_and_type_ties_go_to_the_earliest_report() -> None:
    """Two reports of one meeting disagree (one says it will be held, a later one that it was): the merged record
    takes the earliest report's word, in every process. (It used to depend on Python's per-process string hashing,
    so two runs over the same store could store different statuses.)"""
    from marsad.events.merge import combine
    from marsad.model import Evidence

    def report(status: str, etype: str, doc: str) -> Event:
        return Event(id="", type=etype, status=status, sources=[Evidence(doc, 0, 5)], attrs={"anchors": [[doc, 0]]})

    first = combine([report("planned", "meeting", "d1"), report("held", "visit", "d2")])
    second = combine([report("held", "visit", "d2"), report("planned", "meeting", "d1")])
    assert (first.status, first.type) == ("planned", "meeting")
    assert (second.status, second.type) == ("held", "visit")
