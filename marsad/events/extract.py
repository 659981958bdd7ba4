"""Events of one article: triggers found, arguments attached, mentions of one event merged.

How it reads a sentence: every trigger (a gathering noun, a named series, "وقّع … مذكرة تفاهم", "أطلق … المنصة",
"استقبل", "زار" …) opens an *argument window* that runs to the next trigger; dates, the place ("في موسكو",
"بمدينة قازان"), participants, the edition ("الدورة الثانية", "الخامس عشر") and tense markers inside the window
belong to that trigger. A gathering named only as the topic of another event ("مذكرة تفاهم حول تنظيم القمة") lends
its window to that event; one named as the frame ("خلال فعاليات منتدى …", "على هامش …") gives it its place.

Then the mentions of one event are merged within the article: the same series with compatible edition, dates and
place; a definite bare trigger ("القمة", "الاجتماع", "حفل التوقيع") refers back to the last event of its kind.
Participants and places are entity ids; a name the knowledge base lacks is referred to as ``m:<offset>`` of its
mention until the cross-article stage gives it a corpus-wide id.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from marsad.events import lexicon as lx
from marsad.model import Document, Event, Evidence, Mention, Participant, Sentence, TimeExpr, stable_id
from marsad.text.normalise import KeyWord, fold_digits, name_key, strip_clitics, text_key_words

_NEXT_WORDS = frozenset(name_key(w) for w in ("المقبلة", "المقبل", "القادمة", "القادم", "التالية", "التالي"))
_PREVIOUS_WORDS = frozenset(name_key(w) for w in ("السابقة", "السابق", "الماضية", "الماضي", "الأخيرة", "الأخير"))
_OTHER_WORDS = frozenset(name_key(w) for w in ("آخر", "أخرى", "آخرين", "أخريين"))  # "اجتماع آخر": a new one
_DEMONSTRATIVES = frozenset(name_key(w) for w in ("هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين", "ذات", "نفس"))
_PERIOD_WORDS = frozenset(name_key(w) for w in ("للفترة", "لفترة", "بحلول", "حتى", "لغاية"))
_TIMES = frozenset(name_key(w) for w in ("مره", "للمره", "المره"))  # "للمرة الثانية": how often, not an edition
_PURPOSE = frozenset(name_key(w) for w in ("بهدف", "بغرض", "لغرض", "لأجل"))  # "بهدف بحث سبل" is no meeting
_RESEARCH = frozenset({"بحث", "يبحث", "تبحث", "بحثت", "سيبحث"})
_BILATERAL = frozenset({"مع", "سبل", "تعزيز", "علاقات", "تعاون", "قاده", "العلاقات", "التعاون"})
LOCATION_PREPS = frozenset({"في", "بمدينه", "مدينه", "بعاصمه", "عاصمه", "داخل", "بمقر", "مقر"})
NAME_STOPS = frozenset(name_key(w) for w in {
                        "في", "من", "على", "الى", "إلى", "مع", "حول", "خلال", "بين", "عن", "الذي", "التي", "وذلك",
                        "حيث", "بعد", "قبل", "منذ", "امام", "لدى", "عبر", "تحت", "ضمن", "بحضور", "بمشاركه", "والتي",
                        "والذي", "ان", "انه", "كما", "هو", "هي", "تم", "قد", "لم", "لن", "ما", "الا", "او", "فى"})
MAX_NAME_WORDS = 7
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_FIGURE = re.compile(
    r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<scale>الف|ألف|آلاف|الاف|مليون|ملايين|مليار|مليارات|تريليون|تريليونات)?\s*"
    r"(?P<unit>دولة|دول|شخص|مشارك|مشاركا|زائر|شركة|وفد|بعثة|منطقة|فعالية|دولار|يورو|ريال|درهم|روبل|جنيه)"
)


@dataclass(slots=True)
class Trigger:
    type: str | None  # None: refers back to an event already named
    i: int  # word span [i, j) of the trigger
    j: int
    series: str | None = None
    topic: bool = False  # named only as the topic of another event
    frame: bool = False  # the gathering another event happened at
    definite: bool = False
    sentence: int = 0
    head: str = ""  # the trigger word's stem ("ملتقي", "قمه"): a bare "الملتقى" refers to a ملتقى
    relative: str | None = None  # "next" ("القمة المقبلة"), "previous" ("الدورة السابقة"), "other" ("اجتماع آخر")
    named: bool = False  # the trigger is, or governs, a series' own name ("منتدى قازان", "KazanForum")
    during: bool = False  # "خلال الاجتماع": inside an event already told
    demonstrative: bool = False  # "هذا الحدث": points at the event just told, not at the article's main one


@dataclass(slots=True)
class EventMention:
    trigger: Trigger
    start: int  # evidence span in the text (the sentence)
    end: int
    name_ar: str = ""
    edition: int | None = None
    status: str | None = None
    dates: list[TimeExpr] = field(default_factory=list)
    location: str | None = None
    participants: list[tuple[str, str | None]] = field(default_factory=list)
    frame: EventMention | None = None
    weak_location: bool = False  # the place came from elsewhere in the sentence, not from this clause
    figures: list[dict[str, object]] = field(default_factory=list)
    anaphoric: bool = False
    background: bool = False  # told in the pluperfect ("وكان القادة قد التقوا"): not what the article reports
    aside: bool = False  # told in a relative clause about someone ("كيري، الذي وصل إلى الدوحة")
    trigger_start: int = 0  # offset of the trigger word in the text: the mention's identity


class Extractor:
    """Per-article event extraction with a knowledge base for series kinds and names."""

    def __init__(self, kb: object | None = None) -> None:
        self.kb = kb

    def entry(self, entity_id: str | None):  # noqa: ANN201 - the KB's entry type
        if not entity_id or self.kb is None or entity_id.startswith("m:"):
            return None
        return self.kb.get(entity_id)  # type: ignore[attr-defined]

    def __call__(self, doc: Document) -> Document:
        text = doc.text
        words = list(text_key_words(text))
        if not words:
            doc.events = []
            return doc
        stems = [strip_clitics(w.key) for w in words]
        ments = _mention_index(doc.mentions, words)
        starts = [w.start for w in words]
        self._text = text
        self._series_words = _series_words(doc.mentions)
        self._group_of: dict[int, list[EventMention]] = {}
        self._published = doc.published
        self._roles = [tuple(m.attrs["role_span"]) for m in doc.mentions if m.attrs.get("role_span")]
        mentions: list[EventMention] = []
        for si, sent in enumerate(doc.sentences):
            a, b = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            if a >= b:
                continue
            triggers = self._triggers(words, stems, ments, a, b, si)
            for k, trig in enumerate(triggers):
                lo = a if all(t.topic for t in triggers[:k]) else trig.i
                hi = triggers[k + 1].i if k + 1 < len(triggers) else b
                if trig.topic:
                    continue
                # a following topic-only trigger lends its window to this one
                n = k + 1
                while n < len(triggers) and triggers[n].topic:
                    hi = triggers[n + 1].i if n + 1 < len(triggers) else b
                    n += 1
                mentions.append(self._mention(doc, words, stems, ments, trig, lo, hi, sent.start, sent.end, (a, b)))
            for trig in triggers:
                if trig.topic and trig.series:
                    # the edition named with it still belongs to it: "اللجنة المنظمة للدورة الرابعة لمعرض …"
                    edition = _edition(words, stems, trig, max(a, trig.i - 4), min(b, trig.j + 2))
                    mentions.append(EventMention(trig, sent.start, sent.end, anaphoric=True, edition=edition,
                                                 trigger_start=words[trig.i].start))
        for k, m in enumerate(mentions):
            if m.trigger.frame and k > 0 and mentions[k - 1].trigger.sentence == m.trigger.sentence:
                mentions[k - 1].frame = m
            if m.trigger.frame:  # "على هامش القمة، التقى …": the frame places what the sentence goes on to tell
                for later in mentions[k + 1:]:
                    if later.trigger.sentence != m.trigger.sentence:
                        break
                    if not later.trigger.frame and not later.trigger.topic and not later.location \
                            and later.frame is None and later.trigger.i >= m.trigger.j:
                        later.frame = m
        _same_day(mentions, text, doc.sentences)
        doc.events = self._merge(doc, mentions)
        return doc

    # -- triggers --------------------------------------------------------------------------------------------------
    def _triggers(self, words: list[KeyWord], stems: list[str], ments: dict[int, Mention], a: int, b: int,
                  si: int) -> list[Trigger]:
        out: list[Trigger] = []
        k = a
        while k < b:
            m = ments.get(k)
            if m is None and not _could_trigger(stems[k]):
                k += 1  # most words: no mention starts here and the word is no trigger word in any form
                continue
            trig = self._trigger_at(words, stems, ments, m, k, a, b, si)
            if trig is None:
                k += 1
                continue
            if out and trig.series and out[-1].series == trig.series and k - out[-1].j <= 6:
                out[-1].j = trig.j  # "المنتدى الاقتصادي الدولي "روسيا - العالم الإسلامي: KazanForum"": one name
                k = trig.j
                continue
            if out and out[-1].j == k and out[-1].type in lx.GATHERINGS and trig.type in lx.GATHERINGS | {"meeting"} \
                    and not trig.series and not out[-1].series:
                out[-1].j = trig.j  # "قمة مؤتمر التفاعل …": a genitive, part of the first name
                k = trig.j
                continue
            trig.head = stems[k]
            surface = words[k]
            if self._text[surface.start:surface.end].endswith(("ه", "ها", "هم", "هما")) and trig.type:
                trig.definite = True  # "لقائه", "زيارتها": possessed, so already known
            nxt = words[trig.j].key if trig.j < b else ""
            if nxt in _NEXT_WORDS:
                trig.relative = "next"
            elif nxt in _PREVIOUS_WORDS:
                trig.relative = "previous"
            elif trig.type and any(words[n].key in _OTHER_WORDS for n in range(trig.j, min(b, trig.j + 2))):
                trig.relative = "other"
            trig.demonstrative = k > a and words[k - 1].key in _DEMONSTRATIVES or nxt in _DEMONSTRATIVES
            back = k - 1
            while back > a and (stems[back] in lx.EDITION_NOUNS or words[back].key in lx.ORDINALS
                                or stems[back] in lx.SKIP_BACK or words[back].key in lx.TEEN_WORDS
                                or words[back].key in lx.UNITS_FOR_TEENS or words[back].key in lx.TENS):
                back -= 1  # "استضافة الدورة الثانية للقمة": look past the edition to the governing word
            prev = stems[back] if back >= a and back < k else ""
            prev2 = stems[back - 1] if back - 1 >= a else ""
            trig.topic = trig.topic or prev in lx.TOPIC_CUES or prev in lx.DESCRIPTIVE_CUES or (
                prev2 in lx.DESCRIPTIVE_CUES and prev not in lx.HOLD_VERBS)
            trig.frame = prev in lx.FRAME_CUES and (prev != "خلال" or prev2 in lx.FRAME_CUES)
            trig.during = trig.definite and words[back].key in _DURING if back >= a and back < k else False
            start = words[k].start
            if trig.series and any(r0 <= start < r1 for r0, r1 in self._roles):
                trig.topic = True  # "رئيس اللجنة المنظمة لمنتدى قازان مارات خوسنولين": a title, not a report
            if trig.j < b and stems[k - 1 if k > a else k] in lx.ACTOR_VERBS and trig.type in lx.GATHERINGS:
                trig.topic = True  # the gathering acting as an organisation: "وتجمع القمة …"
            out.append(trig)
            k = trig.j
        return out

    def _trigger_at(self, words: list[KeyWord], stems: list[str], ments: dict[int, Mention], m: Mention | None,
                    k: int, a: int, b: int, si: int) -> Trigger | None:
        stem = _noun_stem(stems[k])
        key = words[k].key
        definite = key.startswith(("ال", "وال", "بال", "لل", "فال"))
        if m is not None and m.type == "EVENT_SERIES":
            j = _mention_end(words, m, k, b)
            return self._series_trigger(m, stems, k, j, si)
        if stem in lx.NOUN_TRIGGERS and (m is None or m.type not in ("ORG", "PERSON", "GPE")):
            if k + 1 < b and stems[k + 1] in lx.NOT_DIPLOMATIC_AFTER:
                return None  # "مؤتمر صحافي", "قمة جبل"
            ttype = lx.NOUN_TRIGGERS[stem]
            series, j = self._series_after(words, stems, ments, ttype, k + 1, b)
            return Trigger(ttype, k, max(j, k + 1), series=series, definite=definite, sentence=si,
                           named=series is not None)
        if stem in lx.AGREEMENT_NOUNS and _near(stems, lx.SIGN_VERBS, k - 8, k, a):
            return Trigger("agreement", k, k + 1, definite=definite, sentence=si)
        if stem in lx.LAUNCH_VERBS and _near(stems, lx.LAUNCH_OBJECTS, k + 1, k + 12, a, b):
            return Trigger("launch", k, k + 1, sentence=si)
        if stem in lx.MEETING_VERBS and not _near_noun_trigger(stems, ments, k + 1, k + 4, b) and (
                stem not in _RESEARCH or (_near(stems, _BILATERAL, k + 1, k + 7, a, b)
                                          and not (k > a and stems[k - 1] in _PURPOSE))):
            return Trigger("meeting", k, k + 1, sentence=si)
        if stem in lx.VISIT_VERBS and _visit_object(words, ments, k, b):
            return Trigger("visit", k, k + 1, sentence=si)
        if stem in lx.ANAPHORS:
            return Trigger(None, k, k + 1, definite=True, sentence=si)
        return None

    def _series_after(self, words: list[KeyWord], stems: list[str], ments: dict[int, Mention], ttype: str, j: int,
                      b: int) -> tuple[str | None, int]:
        """A named series (or, for summits and meetings, an organisation) in the noun phrase after a trigger:
        "منتدى "روسيا - العالم الإسلامي: KazanForum"", "قمة منظمة شنغهاي للتعاون"."""
        limit = min(b, j + 8)
        n = j
        while n < limit:
            nxt = ments.get(n)
            if nxt is not None and nxt.entity and ((nxt.type == "EVENT_SERIES" and ttype in lx.GATHERINGS) or (
                    nxt.type == "ORG" and n == j and ttype in ("summit", "meeting", "conference"))):
                return nxt.entity, _mention_end(words, nxt, n, b)
            if words[n].key in NAME_STOPS or stems[n] in lx.HOLD_VERBS or nxt is not None and nxt.type == "PERSON":
                break
            n += 1
        return None, j

    def _series_trigger(self, m: Mention, stems: list[str], k: int, j: int, si: int) -> Trigger:
        entry = self.entry(m.entity)
        kind = ((entry.attrs or {}).get("kind") if entry else None) or lx.NOUN_TRIGGERS.get(stems[k], "forum")
        if kind not in lx.GATHERINGS and kind != "meeting":
            kind = "forum"
        return Trigger(kind, k, j, series=m.entity or f"m:{m.start}", sentence=si, named=True)

    # -- arguments -------------------------------------------------------------------------------------------------
    def _mention(self, doc: Document, words: list[KeyWord], stems: list[str], ments: dict[int, Mention],
                 trig: Trigger, lo: int, hi: int, s_start: int, s_end: int,
                 sentence: tuple[int, int]) -> EventMention:
        text = doc.text
        em = EventMention(trig, s_start, s_end, trigger_start=words[trig.i].start)
        w_start, w_end = words[lo].start, words[hi - 1].end
        em.name_ar = self._name(text, words, stems, ments, trig, hi)
        if trig.series is None and trig.type in lx.GATHERINGS:
            trig.series = _infer_series(em.name_ar, self._series_words) or (
                self._only_series(trig.head) if trig.definite and len(_content(em.name_ar)) <= 1 else None)
        em.edition = _edition(words, stems, trig, max(sentence[0], min(lo, trig.i - 4)), hi,
                              [d for s in doc.sentences for d in s.dates if s_start <= d.start < s_end]
                              + [TimeExpr("", m.start, m.end, None) for m in doc.mentions if m.type == "PERSON"
                                 and s_start <= m.start < s_end],
                              lambda k: any((x := ments.get(n)) is not None and x.type == "EVENT_SERIES"
                                            and (x.entity or f"m:{x.start}") != trig.series
                                            for n in range(k + 1, min(k + 3, hi))))
        em.status = _status(words, stems, trig, max(sentence[0], min(lo, trig.i - 3)), hi)
        em.background = _pluperfect(words, stems, max(sentence[0], trig.i - 6), min(hi, trig.j + 3))
        here = words[trig.i].start
        own_end = _other_clause(words, stems, trig, sentence[1])  # another accord's clause: not this event's
        hi = min(hi, own_end)
        w_end = words[hi - 1].end
        clause_end = words[own_end].start if own_end < sentence[1] else s_end
        in_sentence = [p for s in doc.sentences for d in s.dates if d.start >= s_start and d.end <= clause_end
                       for p in [_partial(d)] if p is not None]
        in_sentence = [d for d in in_sentence if not _after_word(text, d.start, _PERIOD_WORDS)
                       and not name_key(d.text).startswith("منذ")]  # "منذ أربع سنوات" says how long, not when
        said = _report_span(words, stems, sentence[0], trig.i) if em.status == "planned" else None
        if said is not None:  # "قالت الوزارة اليوم السبت إن لافروف سيعقد اجتماعا": the day it was said, not the
            # day it will be (of a past event, the day it was announced is the best the sentence says)
            in_sentence = [d for d in in_sentence if not said[0] <= d.start < said[1]]
        em.dates = [d for d in in_sentence if d.start >= w_start and d.end <= w_end] if trig.type else []
        if not em.dates and len(in_sentence) == 1 and not trig.frame:
            em.dates = in_sentence  # one date in the sentence: it dates every event the sentence states
        em.dates.sort(key=lambda d: abs(d.start - here) + (0 if d.start >= here else 15))
        roles = self._roles
        sentence_stems = set(stems[lo:hi])
        cue = bool(sentence_stems & lx.PARTICIPATION_CUES) or trig.type in ("meeting", "visit", "agreement")
        loc_candidates: list[tuple[int, str]] = []
        series_entry = self.entry(trig.series)
        inside = [] if series_entry is not None and series_entry.type == "ORG" else [
            # "قمة إيكاترنبرج": the place in the gathering's name — but not "روسيا" in "مجموعة … روسيا - العالم
            # الإسلامي", a body's name
            (k, m.entity or f"m:{m.start}") for k in range(trig.i, trig.j) for m in [ments.get(k)]
            if m is not None and m.type in ("GPE",) and _starts(words[k], m) and m.attrs.get("nested")]
        for k in range(lo, hi):
            m = ments.get(k)
            if m is None or not _starts(words[k], m) or trig.i <= k < trig.j or m.attrs.get("nested"):
                continue
            ent = m.entity or f"m:{m.start}"
            in_role = any(s <= m.start and m.end <= e for s, e in roles)
            if trig.type == "agreement" and k <= trig.j + 1 and self._attached_to(words[k].key, m, "ب"):
                em.participants.append((ent, None))  # "اتفاق سلام بجنوب السودان": what it is about, not where
                continue
            if m.type in ("GPE", "LOC") and (self._is_location(words, stems, k, m) or (
                    trig.type == "visit" and (k > 0 and words[k - 1].key in ("الي", "لدوله", "لدوله")
                                              or self._attached_to(words[k].key, m, "ل")))):
                loc_candidates.append((k, self._capital_of(words, k, ent)))
                continue
            if in_role or ent == trig.series:
                continue
            if m.type == "PERSON":
                em.participants.append((ent, m.role))
            elif m.type == "ORG" and not self._is_location(words, stems, k, m) or m.type == "GPE" and cue:
                em.participants.append((ent, None))
        if inside:
            loc_candidates = inside
        if not loc_candidates and not trig.frame:
            em.weak_location = True
            loc_candidates = [(k, self._capital_of(words, k, m.entity or f"m:{m.start}"))
                              for k in range(sentence[0], own_end)
                              for m in [ments.get(k)] if m is not None and _starts(words[k], m)
                              and m.type in ("GPE", "LOC") and not m.attrs.get("nested")
                              and (m.entity or f"m:{m.start}") not in dict(em.participants)
                              and self._is_location(words, stems, k, m)]
            if len({c[1] for c in loc_candidates}) > 1:
                loc_candidates = []  # several places in the sentence and none in this clause: do not guess
        if loc_candidates:
            em.location = self._best_location(loc_candidates)
        em.aside = trig.i > sentence[0] and words[trig.i - 1].key in _RELATIVES
        if trig.type == "visit" and em.aside:
            # "نظيرهم الأمريكي جون كيري، الذي وصل إلى العاصمة القطرية": the visitor is whom the clause is about
            for k in range(trig.i - 2, max(sentence[0], trig.i - 5) - 1, -1):
                m = next((x for n in range(k, trig.i) if (x := ments.get(n)) is not None and x.type == "PERSON"),
                         None)
                if m is not None:
                    em.participants.append((m.entity or f"m:{m.start}", m.role))
                    break
        if trig.type == "visit":  # the country visited is the host, a party to the visit
            for _, ent in loc_candidates:
                entry = self.entry(ent)
                if entry is not None and (entry.attrs or {}).get("iso2") and ent not in dict(em.participants):
                    em.participants.append((ent, None))
        if _negated_participation(words, lo, hi):
            em.participants = []  # "لن يكون هناك ممثل لأوكرانيا في القمة": named as absent, not as a participant
        em.figures = _figures(text[w_start:w_end])
        return em

    def _only_series(self, head: str) -> str | None:
        """A bare "القمة" in an article that names exactly one summit series ("القمة العالمية …") refers to it."""
        same = [ent for ent, words in self._series_words.items() if head in words]
        return same[0] if len(same) == 1 else None

    def _is_location(self, words: list[KeyWord], stems: list[str], k: int, m: Mention) -> bool:
        """A place governed by "في", "بـ", "مدينة" or a gathering noun ("قمة إيكاترنبرج"): where, not who."""
        key = words[k].key
        if self._attached_to(key, m, "ب") and not key.startswith("بين"):
            return True
        if k == 0:
            return False
        prev = words[k - 1].key
        if prev in LOCATION_PREPS or lx.NOUN_TRIGGERS.get(stems[k - 1]) in lx.GATHERINGS:
            return True
        if stems[k - 1] in lx.HOST_VERBS or k > 1 and stems[k - 2] in lx.HOST_VERBS and prev in (
                "مدينه", "العاصمه", "مملكه", "دوله", "جمهوريه", "اماره", "المملكه", "الدوله"):
            return True  # "تستضيف مملكة البحرين …", "استضافت العاصمة السعودية": the host is where
        if strip_clitics(prev) == "عاصمه":
            return True
        if k > 1 and strip_clitics(words[k - 2].key) == "عاصمه" and prev.endswith(("يه", "ي")):
            return True  # "في العاصمة القطرية الدوحة"
        for back in range(k - 1, max(0, k - 5), -1):  # "في فندق لي رويال عمّان": the venue's city
            if stems[back] in _VENUES:
                return back > 0 and words[back - 1].key in LOCATION_PREPS or words[back].key[:1] == "ب"
        return k > 1 and (words[k - 2].key in ("في", "ب", "فى") or strip_clitics(words[k - 2].key) == "عاصمه") and \
            prev in ("مدينه", "عاصمه", "جمهوريه")

    def _attached_to(self, key: str, m: Mention, letter: str) -> bool:
        """Is the name written with the preposition ``letter`` glued to it ("لروسيا", "بالرياض")?"""
        entry = self.entry(m.entity)
        own = name_key(entry.name_ar or "") if entry else ""
        return entry is not None and key.startswith(letter) and len(key) > 3 and not own.startswith(letter)

    def _capital_of(self, words: list[KeyWord], k: int, ent: str) -> str:
        """"في عاصمة كازاخستان" names the capital: the country's capital when the knowledge base knows it."""
        if k > 0 and strip_clitics(words[k - 1].key) == "عاصمه" or k > 1 and strip_clitics(
                words[k - 2].key) == "عاصمه" and words[k - 1].key in ("جمهوريه", "دوله", "مملكه", "المملكه"):
            after = words[k + 1].key if k + 1 < len(words) else ""
            if after.startswith("ال") and after.endswith(("يه", "ي")):
                return ent  # "عاصمة روسيا الشمالية" is not Moscow
            entry = self.entry(ent)
            capital = (entry.attrs or {}).get("capital") if entry else None
            if capital and self.entry(capital) is not None:
                return capital
        return ent

    def _best_location(self, candidates: list[tuple[int, str]]) -> str:
        """The most specific place: a city over the country it lies in, else the first place named."""
        def specific(ent: str) -> int:
            entry = self.entry(ent)
            if entry is None:
                return 1
            attrs = entry.attrs or {}
            return 0 if attrs.get("iso2") or attrs.get("kind") in ("country", "geo_region") else 1
        best = max(candidates, key=lambda c: (specific(c[1]), -c[0]))
        return best[1]

    def _name(self, text: str, words: list[KeyWord], stems: list[str], ments: dict[int, Mention], trig: Trigger,
              hi: int) -> str:
        """The noun phrase that names the event, as written: trigger, its genitives and adjectives, a quoted name."""
        i = trig.i
        j = trig.j
        verb = stems[i] not in lx.NOUN_TRIGGERS and not trig.series
        limit = min(hi, i + MAX_NAME_WORDS + (3 if verb else 0))
        while j < limit:
            key = words[j].key
            if _punct_between(text, words, j - 1, j) and text[words[j - 1].end:words[j].start].strip() not in "-–:":
                break
            if not verb and (key in NAME_STOPS or stems[j] in lx.HOLD_VERBS):
                break
            if stems[j] in lx.NOUN_TRIGGERS and not verb:
                break  # "مجلس رؤساء دول رابطة الدول المستقلة اجتماع روسيا …": another gathering starts
            j += 1
        end = words[j - 1].end
        after = text[end:end + 60]
        quoted = re.match(r'\s*["“«]([^"”»\n]{2,60})["”»]', after)
        if quoted:
            end += quoted.end()
        begin = words[i].start
        first = words[i].key
        if first[:1] in "وف" and len(first) > 3 and (first[1:].startswith("ال") or strip_clitics(first[1:]) in
                                                    lx.NOUN_TRIGGERS):
            begin += text[begin:begin + 2].index(text[begin]) + 1  # "والقمة" → "القمة"
        return re.sub(r"\s+", " ", text[begin:end]).strip(' "“”«»،,')

    # -- merging within the article --------------------------------------------------------------------------------
    def _merge(self, doc: Document, mentions: list[EventMention]) -> list[Event]:
        groups: list[list[EventMention]] = []
        for m in mentions:
            target = self._find_group(groups, m)
            if target is None:
                # "الفعالية الخاصة لمجموعة … التي ستجري في 16 مايو في قازان في إطار منتدى قازان": a side event of a
                # named gathering, with its own day and place, is an event in its own right
                side_event = m.location and any(d.precision == "day" for d in m.dates) and (
                    m.frame is not None and m.frame.trigger.series)
                if (m.anaphoric or m.trigger.type is None) and not m.trigger.series and not side_event:
                    continue  # refers back to nothing found: "الحدث" alone is not an event
                groups.append([m])
            else:
                target.append(m)
        groups = self._fold_meetings_into_summits(groups)
        groups = _fold_agenda_accords(groups)
        groups = _fold_headline(groups, self._organiser)
        groups = _fold_talks_into_visits(groups)
        self._group_of = {id(x): g for g in groups for x in g}
        events = []
        for group in groups:
            ev = self._event(doc, group)
            if ev is not None:
                events.append(ev)
        return events

    def _find_group(self, groups: list[list[EventMention]], m: EventMention) -> list[EventMention] | None:
        """The earlier event this mention reports, if any (most recent first)."""
        trig = m.trigger
        if trig.frame:  # "على هامش هذا الحدث" frames what its sentence tells; it is not one of those events
            groups = [g for g in groups if not any(x.frame is m for x in g)]
        if trig.series:
            same = [g for g in groups if any(x.trigger.series == trig.series for x in g) and _compatible(g, m)]
            if not same:
                return None
            if not m.dates and m.edition is None:
                return max(reversed(same), key=len)  # "منتدى قازان" with nothing else: the forum the article is about
            return same[-1]
        cls = _class(trig.type)
        if trig.type in ("agreement", "launch"):
            for g in reversed(groups):
                if any(x.trigger.type == trig.type for x in g) and _compatible(g, m) and not (
                        m.dates and any(x.dates for x in g) and not _shares_fact(g, m)):
                    return g
        # "وتمت خلال الإجتماع مناقشة عمل المجموعة لعام 2023": during the meeting already told — its years are the
        # discussion's, not the meeting's
        pinned = [d for d in m.dates if not (trig.during and d.precision == "year")]
        bare = trig.type is None and not (pinned and m.location) or (
            trig.definite and not pinned and not m.location and m.edition is None and m.frame is None)
        if m.frame is not None:  # "الفعالية … في إطار المنتدى": inside the forum, not the forum itself
            framing = m.frame.trigger.series
            groups = [g for g in groups if m.frame not in g and not (framing and any(
                x.trigger.series == framing for x in g))]
        # a bare mention refers to the last event of its kind — preferring one that agrees in tense, so that a
        # background event ("وكان القادة قد التقوا مؤخراً في قمة …") does not capture a later "القمة ستصبح …"
        for agree in (True, False):
            if bare and trig.head and not trig.demonstrative:  # "هذا الحدث" is the one just told, whatever its name
                same_head = [g for g in reversed(groups) if any(x.trigger.head == trig.head for x in g)
                             and _compatible(g, m)
                             and (not agree or _tense_agrees(g, m, self._published) and _current(g, m))]
                if same_head:
                    m.anaphoric = True
                    return _antecedent(same_head, m)
            candidates = []
            for g in reversed(groups):
                kinds = {_class(x.trigger.type) for x in g if x.trigger.type}
                if trig.type is not None and cls not in kinds and not (
                        trig.type == "meeting" and any(x.trigger.type == "summit" for x in g)):
                    continue  # a summit is a meeting too: "الاجتماع" may refer to it, "القمة" not to any meeting
                if not _compatible(g, m) or (agree and not (_tense_agrees(g, m, self._published) and _current(g, m))):
                    continue
                if not bare and (_shares_fact(g, m) or _headline_of(g, m)):
                    return g
                if bare:
                    candidates.append(g)
            if candidates:
                m.anaphoric = True
                return _antecedent(candidates, m)
        if bare and trig.type is not None and not m.participants:
            m.anaphoric = True  # a definite mention of nothing named: kept only if something claims it
        return None

    def _event(self, doc: Document, group: list[EventMention]) -> Event | None:
        main = group[0]
        types = [x.trigger.type for x in group if x.trigger.type]
        etype = _dominant(types) or "other"
        series = next((x.trigger.series for x in group if x.trigger.series), None)
        edition = next((x.edition for x in group if x.edition), None)
        frame = next((x.frame for x in group if x.frame), None)
        framing = self._group_of.get(id(frame), []) if frame is not None else []
        location = (frame.location or next((x.location for x in framing if x.location), None)
                    or self._series_city(frame.trigger.series)) if frame is not None else None
        location = location or _most_specific([x.location for x in group if x.location])
        venue = self._fixed_venue(series) if series else None
        if venue and (location is None or location in _areas_up(self, venue)):
            location = venue
        start, end = _event_dates([x for x in group if not x.anaphoric] or group)  # "عمل المجموعة لعام 2023"
        if start is None and framing:
            start, end = _event_dates(framing)  # "على هامش القمة": on the summit's days
        participants: dict[str, str | None] = {}
        for x in group:
            for ent, role in x.participants:
                if (ent != location or etype == "visit") and ent != series:
                    participants.setdefault(ent, role)
        if not (location or participants or start or edition) and etype not in ("agreement", "launch"):
            return None  # a name alone ("حضروا المنتدى العالمي لحوكمة الإنترنت") is a mention, not an event report
        weak = all(x.weak_location or not x.location for x in group)
        if weak and not (start or series or edition or participants) and etype not in ("agreement", "launch"):
            return None  # only a place named elsewhere in the sentence: not enough to call it an event
        if etype in ("meeting", "visit") and not (location or start or series) and len(participants) < 2:
            return None  # a meeting has two sides
        if etype in ("meeting", "visit") and not (participants or location or start):
            return None  # "اجتماع اليونسكو" in a list of plans: nothing says when, where or who
        participants = {e: r for e, r in participants.items() if not self._is_outlet(e)}  # "(واس)" reports, not attends
        named = [x for x in group if not x.anaphoric and x.name_ar] or group
        # a series' own name, then a noun phrase of some length ("قمة مؤتمر التفاعل …"), before a clause around a
        # verb ("يجتمع قادة …"); a bare "اللقاء" names nothing
        best = max(named, key=lambda x: (x.trigger.named, _noun_stem(x.trigger.head) in lx.NOUN_TRIGGERS
                                         and len(x.name_ar.split()) >= 3, len(x.name_ar)))
        name_ar = best.name_ar or main.name_ar
        side_event = frame is not None and bool(frame.trigger.series)  # "في إطار منتدى قازان": relevant as it is
        if not side_event and not self._relevant(etype, series, location, participants, group, name_ar):
            return None  # a football "لقاء", an Eid reception by a local director: not economic diplomacy
        status = _final_status(group, start, end, doc.published)
        sources = sorted({(x.start, x.end) for x in group})
        ev = Event(
            id=stable_id("v", doc.id, main.trigger.i),
            type=etype,
            name_ar=name_ar or None,
            series=series,
            edition=edition,
            status=status,
            start=start,
            end=end,
            location=location,
            participants=[Participant(e, r) for e, r in participants.items()],
            sources=[Evidence(doc.id, s, e) for s, e in sources],
            figures=[f for x in group for f in x.figures],
        )
        ev.attrs["plover"] = lx.PLOVER.get(etype, "OTHER")
        ev.attrs["anchors"] = [[doc.id, doc_offset] for doc_offset in sorted({x.trigger_start for x in group})][:1]
        return ev

    def _fold_meetings_into_summits(self, groups: list[list[EventMention]]) -> list[list[EventMention]]:
        """"يجتمع قادة رابطة الدول المستقلة" with no date or place of its own, in an article about the CIS summit,
        is that summit: a meeting group whose participants include the organiser of a summit series named in the same
        article is folded into the summit's group."""
        summits = []
        for g in groups:
            organiser = self._organiser(next((x.trigger.series for x in g if x.trigger.series), None))
            if organiser and any(x.trigger.type == "summit" for x in g):
                summits.append((g, organiser))
        if not summits:
            return groups
        out = []
        for g in groups:
            kinds = {x.trigger.type for x in g} - {None}
            undated = not any(x.dates or x.location for x in g)
            if kinds <= {"meeting"} and undated:
                ents = {e for x in g for e, _ in x.participants}
                host = next((s for s, org in summits if org in ents and all(_compatible(s, x) for x in g)), None)
                if host is not None:
                    host.extend(g)
                    continue
            out.append(g)
        return out

    def _organiser(self, series: str | None) -> str | None:
        """The body that convenes a series (the CIS for its heads-of-state council), from the knowledge base."""
        entry = self.entry(series)
        return (entry.attrs or {}).get("organiser") if entry else None

    def _is_outlet(self, ent: str) -> bool:
        entry = self.entry(ent)
        return entry is not None and (entry.attrs or {}).get("kind") == "outlet"

    def _relevant(self, etype: str, series: str | None, location: str | None, participants: dict[str, str | None],
                  group: list[EventMention], name: str) -> bool:
        """Is this economic diplomacy? A named series, an agreement or international actor, a national office, a
        gathering whose name is about economy, trade, cooperation or policy — and never sport."""
        stems = {strip_clitics(w) for x in group for w in name_key(self._text[x.start:x.end]).split()}
        if len(stems & lx.SPORT_WORDS) >= 2:
            return False
        if series or etype == "agreement":
            return True
        for ent, role in [*participants.items(), (location, None)]:
            entry = self.entry(ent)
            if entry is not None and (entry.type == "GPE" and ((entry.attrs or {}).get("iso2")
                                                               or (entry.attrs or {}).get("kind") == "capital")
                                      or entry.type == "ORG" or entry.type == "PERSON" and entry.attrs.get("offices")):
                return True
            role_words = {strip_clitics(w) for w in name_key(role or "").split()}
            if role_words & lx.NATIONAL_ROLE_WORDS and not role_words & lx.LOCAL_ROLE_WORDS:
                return True
        name_words = {strip_clitics(w) for w in name_key(name).split()} | {w for w in name_key(name).split()}
        if etype in lx.GATHERINGS | {"launch"} and name_words & lx.AGENDA_WORDS:
            return True
        if name_words & lx.NATIONAL_ROLE_WORDS - {"رئيس", "نائب", "الشيخ", "امير"}:
            return True  # "الاجتماع المشترك لوزراء الدفاع والخارجية العرب"
        entry = self.entry(location)
        return etype == "visit" and entry is not None and bool((entry.attrs or {}).get("iso2"))

    def _fixed_venue(self, series: str) -> str | None:
        """The city of a series that is always held there — its name says so ("منتدى قازان", "Davos")."""
        entry = self.entry(series)
        city = self.entry(self._series_city(series))
        if entry is None or city is None:
            return None
        names = " ".join(name_key(n) for n in (entry.name_ar, entry.name_en, *entry.aliases_ar, *entry.aliases_en))
        city_names = [name_key(n) for n in (city.name_ar, city.name_en, *city.aliases_ar, *city.aliases_en)]
        return city.id if any(c and c in names for c in city_names) else None

    def _series_city(self, series: str | None) -> str | None:
        """Where a series is usually held: only a fallback for a gathering named as the frame of another event."""
        entry = self.entry(series)
        return (entry.attrs or {}).get("city") if entry else None


# -- helpers ---------------------------------------------------------------------------------------------------------
def _areas_up(ex: Extractor, place: str) -> set[str]:
    """The regions and country a place lies in (from the knowledge base's parent/country links)."""
    out: set[str] = set()
    entry = ex.entry(place)
    while entry is not None and len(out) < 5:
        parent = (entry.attrs or {}).get("parent") or (entry.attrs or {}).get("country")
        if not parent or parent in out:
            break
        out.add(parent)
        entry = ex.entry(parent) if parent != (entry.attrs or {}).get("country") else None
    country = (ex.entry(place).attrs or {}).get("country") if ex.entry(place) else None
    return out | ({country} if country else set())


_VENUES = frozenset(strip_clitics(name_key(w)) for w in ("فندق", "قاعة", "قصر", "منتجع"))
_DURING = frozenset(name_key(w) for w in ("خلال", "أثناء", "اثناء", "إبان", "وخلال", "وأثناء"))
_PLUPERFECT = frozenset(name_key(w) for w in ("كان", "كانت", "كانوا", "وكان", "وكانت", "وكانوا"))
_SAME_DAY = re.compile(r"(?:نفس|ذات)\s+(?:ال)?يوم|(?:ال)?يوم\s+(?:نفسه|ذاته)")


_NEGATIONS = frozenset(name_key(w) for w in ("لن", "لم", "ولن", "ولم", "كما لن"))
_ATTEND = frozenset(name_key(w) for w in ("يشارك", "تشارك", "يحضر", "تحضر", "يشاركوا", "يحضروا", "ممثل"))
_ABLE = frozenset(name_key(w) for w in ("يتمكن", "تتمكن", "يتمكنوا", "يستطيع", "تستطيع", "يكون", "تكون"))
_ATTENDING = frozenset(name_key(w) for w in ("المشاركة", "الحضور", "ممثل"))


_SAY_VERBS = frozenset(strip_clitics(name_key(w)) for w in (
    "قال", "قالت", "أعلن", "أعلنت", "صرح", "صرحت", "ذكر", "ذكرت", "أكد", "أكدت", "أفاد", "أفادت", "أوضح", "أوضحت",
    "كشف", "كشفت", "نقلت", "أشار", "أشارت", "يقول", "تقول"))
_THAT = frozenset(name_key(w) for w in ("إن", "أن", "ان", "بأن", "انه", "أنه", "إنه", "انها", "أنها"))


def _most_specific(places: list[str]) -> str | None:
    """The first place told, unless a later mention names a place inside it ("في الإمارات" in the headline, "في
    أبوظبي" in the body: Abu Dhabi)."""
    if not places:
        return None
    best = places[0]
    for p in places[1:]:
        if p != best and best in _areas(p):
            best = p
    return best


def _report_span(words: list[KeyWord], stems: list[str], a: int, i: int) -> tuple[int, int] | None:
    """Where "قالت وزارة الخارجية اليوم السبت إن …" tells who said it and when, before the trigger at ``i``: the
    character span from the verb of saying to its "إن"; dates there date the statement, not the event."""
    for v in range(a, i):
        if stems[v] in _SAY_VERBS:
            for c in range(v + 1, min(i, v + 12)):
                if words[c].key in _THAT:
                    return words[v].start, words[c].start
            return None
    return None


def _negated_participation(words: list[KeyWord], lo: int, hi: int) -> bool:
    """"لن تتمكن رئيس مولدوفا … من المشاركة", "لن يكون هناك ممثل لأوكرانيا": the clause names who stays away —
    but "لم تتمكنا من التوصل لنهج مشترك" is about the talks' outcome, not about who attended."""
    for k in range(lo, hi):
        if words[k].key not in _NEGATIONS or k + 1 >= hi:
            continue
        nxt = words[k + 1].key
        if nxt in _ATTEND or nxt in _ABLE and any(words[n].key in _ATTENDING for n in range(k + 2, min(hi, k + 9))):
            return True
    return False


def _pluperfect(words: list[KeyWord], stems: list[str], lo: int, hi: int) -> bool:
    """"وكان القادة قد التقوا مؤخراً": an event told as background to the news, not as the news."""
    for k in range(lo, hi):
        if words[k].key in _PLUPERFECT:
            return any(words[n].key == "قد" for n in range(k + 1, min(hi, k + 5)))
        if stems[k] == "سبق":
            return True
    return False


def _same_day(mentions: list[EventMention], text: str, sentences: list[Sentence]) -> None:
    """"وفي نفس اليوم، سيعقد اجتماع آخر": an undated mention in such a sentence takes the day of the last event
    told with a full date."""
    last: list[TimeExpr] = []
    for m in mentions:
        days = [d for d in m.dates if d.precision == "day" and d.value and not d.value.startswith(_NO_YEAR)]
        if days:
            last = days
        elif not m.dates and last and m.trigger.type:
            sent = sentences[m.trigger.sentence]
            if _SAME_DAY.search(text, sent.start, sent.end):
                m.dates = list(last)


_RELATIVES = frozenset(name_key(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللذان", "اللتان"))


def _other_clause(words: list[KeyWord], stems: list[str], trig: Trigger, hi: int) -> int:
    """Where a relative clause about another event or accord begins ("يناقش الاجتماع … الاتفاق النووي الذي أبرمته
    مجموعة (5+1) … مع إيران في الـ14 من يوليو الماضي في فيينا"): its date, place and parties are that accord's,
    so the window of this trigger ends there."""
    for r in range(trig.j + 1, hi):
        if words[r].key in _RELATIVES and any(
                stems[n] in lx.AGREEMENT_NOUNS or _noun_stem(stems[n]) in lx.NOUN_TRIGGERS
                for n in range(max(trig.j, r - 3), r)):
            return r
    return hi


def _headline_of(group: list[EventMention], m: EventMention) -> bool:
    """Is ``group`` the headline's statement of the event ``m`` first tells with its facts ("انطلاق الاجتماع
    التشاوري لوزراء خارجية دول مجلس التعاون" → "انطلقت في الدوحة أعمال الاجتماع التشاوري …")? Then later bare
    mentions find one event, not the headline's shell."""
    if any(x.trigger.sentence != 0 or x.dates or x.location for x in group) or not (m.location or m.dates):
        return False
    ents = {e for x in group for e, _ in x.participants} | {x.trigger.series for x in group if x.trigger.series}
    return bool(ents & ({e for e, _ in m.participants} | {m.trigger.series}))


def _current(group: list[EventMention], m: EventMention) -> bool:
    """Not a background event told sentences ago ("وكان القادة قد التقوا مؤخراً في قمة …"): a later bare "القمة"
    is first sought among the events the article reports."""
    if m.trigger.demonstrative or not all(x.background or x.anaphoric for x in group):
        return True
    return m.trigger.sentence - max(x.trigger.sentence for x in group) <= 1


def _antecedent(candidates: list[list[EventMention]], m: EventMention) -> list[EventMention]:
    """Which of the earlier events (most recent first) a bare "القمة" or "الحدث" refers to. The one just told when
    it was told in this or the previous sentence or a demonstrative points at it ("هذا الحدث"); otherwise the
    article's main event — the one its lead reports and it keeps returning to — rather than a background event named
    once in passing ("وكان القادة قد التقوا مؤخراً في قمة …" does not capture a later "في القمة")."""
    candidates = sorted(candidates, key=lambda g: -max(x.trigger.sentence for x in g))  # last told first
    recent = candidates[0]
    last = max(x.trigger.sentence for x in recent)
    if m.trigger.demonstrative or m.trigger.sentence - last <= 1 or len(candidates) == 1:
        return recent
    main = max(candidates, key=lambda g: (min(x.trigger.sentence for x in g) <= 2, len(g)))
    if len(recent) == 1 and len(main) >= 3 and min(x.trigger.sentence for x in main) <= 2:
        return main
    return recent


def _tense_agrees(group: list[EventMention], m: EventMention, published: str | None = None) -> bool:
    """Could ``m`` be told in the same tense as the event? The event's tense is its mentions' — or, failing those,
    its full dates against the article's date ("KazanForum 2024" on 16 May, in a March article, is to come)."""
    statuses = {x.status for x in group if x.status and not x.anaphoric}
    if not statuses and published:
        days = [d.value for x in group if not x.anaphoric for d in x.dates
                if d.value and d.precision == "day" and not d.value.startswith(_NO_YEAR)]
        statuses = {"planned" if v > published else "held" for v in days if v != published}
    return not m.status or not statuses or m.status in statuses


def _fold_agenda_accords(groups: list[list[EventMention]]) -> list[list[EventMention]]:
    """"من المقرر توقيع اتفاقيات حول … كما تم تقديم عدد من الوثائق الأخرى لهذه القمة": accords to be signed at a
    gathering, with no parties, place or date of their own, are part of that gathering's record, not events apart.
    They fold into the gathering or meeting told in the same sentence."""
    out = []
    for g in groups:
        bare_accord = {x.trigger.type for x in g} == {"agreement"} and not any(
            x.participants or x.location or x.dates for x in g)
        if bare_accord:
            sentences = {x.trigger.sentence for x in g}
            host = next((h for h in groups if h is not g and any(
                x.trigger.sentence in sentences and (x.trigger.type is None or _class(x.trigger.type) in (
                    "gathering", "meeting")) for x in h)), None)
            if host is not None:
                host.extend(g)
                continue
        out.append(g)
    return out


def _fold_talks_into_visits(groups: list[list[EventMention]]) -> list[list[EventMention]]:
    """The talks held during a visit are part of the visit: a meeting sharing a participant with a visit in the same
    article, on compatible dates, is folded into it."""
    visits = [g for g in groups if any(x.trigger.type == "visit" for x in g)]
    if not visits:
        return groups
    out = []
    for g in groups:
        kinds = {x.trigger.type for x in g} - {None}
        headline = any(x.trigger.sentence == 0 for x in g)
        if kinds == {"meeting"}:
            ents = {e for x in g for e, _ in x.participants}
            host = next((v for v in visits if ents & {e for x in v for e, _ in x.participants}
                         and all(_compatible(v, x) for x in g)
                         # the meeting the headline reports is the news, not a part of a visit told in passing
                         # ("… جون كيري، الذي وصل إلى العاصمة القطرية")
                         and not (headline and all(x.aside for x in v if x.trigger.type == "visit"))), None)
            if host is not None:
                host.extend(g)
                continue
        out.append(g)
    return out


def _fold_headline(groups: list[list[EventMention]],
                   organiser: Callable[[str | None], str | None]) -> list[list[EventMention]]:
    """A headline states the article's main event without its date or place ("بوتين يبحث مع قادة رابطة الدول
    المستقلة …"): fold it into the first event of the body of the same kind that shares a participant or series
    (a series counts with the body that convenes it: the CIS for the CIS heads-of-state council)."""
    if not groups:
        return groups
    head = groups[0]
    if any(x.trigger.sentence != 0 for x in head) or any(x.dates or x.location for x in head):
        return groups

    def actors(g: list[EventMention]) -> set[str]:
        series = {x.trigger.series for x in g if x.trigger.series}
        return {e for x in g for e, _ in x.participants} | series | {o for s in series if (o := organiser(s))}

    ents = actors(head)
    kinds = {x.trigger.type for x in head} - {None}
    for g in groups[1:]:
        theirs = actors(g)
        similar = kinds & ({x.trigger.type for x in g} | {"meeting"}) or kinds <= {"meeting", "summit"}
        if ents & theirs and similar and _compatible(g, head[0]):
            g[:0] = head
            return groups[1:]
    return groups


def _after_word(text: str, pos: int, vocab: frozenset[str]) -> bool:
    """Is the word just before ``pos`` one of ``vocab`` ("للفترة 2023- 2025" is a period, not a date)?"""
    before = text[max(0, pos - 20):pos].split()
    return bool(before) and name_key(before[-1]) in vocab


_TRIGGER_WORDS = frozenset(lx.NOUN_TRIGGERS) | lx.AGREEMENT_NOUNS | lx.LAUNCH_VERBS | lx.MEETING_VERBS \
    | lx.VISIT_VERBS | lx.ANAPHORS


@lru_cache(maxsize=50_000)
def _could_trigger(stem: str) -> bool:
    """Can this word start a trigger at all (as itself or with a possessive ending)? A cheap first test."""
    return stem in _TRIGGER_WORDS or _noun_stem(stem) in lx.NOUN_TRIGGERS


@lru_cache(maxsize=50_000)
def _noun_stem(stem: str) -> str:
    """A trigger noun without a possessive ending: "محادثاته" → "محادثات", "زيارتها" → "زياره"."""
    if stem in lx.NOUN_TRIGGERS:
        return stem
    for suffix in lx.POSSESSIVE_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
            base = stem[: -len(suffix)]
            for cand in (base, base[:-1] + "ه" if base.endswith("ت") else base):
                if cand in lx.NOUN_TRIGGERS:
                    return cand
    return stem


def _starts(word: KeyWord, m: Mention) -> bool:
    """Does mention ``m`` begin in this word (after a proclitic it may leave out: "و|الرياض")?"""
    return word.start <= m.start < word.end


def _mention_index(mentions: list[Mention], words: list[KeyWord]) -> dict[int, Mention]:
    """Word index → the mention covering that word."""
    from bisect import bisect_left, bisect_right

    starts = [w.start for w in words]
    out: dict[int, Mention] = {}
    for m in mentions:
        a = bisect_right(starts, m.start) - 1
        b = bisect_left(starts, m.end)
        for k in range(max(a, 0), b):
            if words[k].end > m.start and words[k].start < m.end:
                out[k] = m
    return out


def _mention_end(words: list[KeyWord], m: Mention, k: int, b: int) -> int:
    j = k
    while j < b and words[j].start < m.end:
        j += 1
    return max(j, k + 1)


def _near(stems: list[str], vocab: frozenset[str] | set[str], lo: int, hi: int, a: int, b: int | None = None) -> bool:
    lo = max(lo, a)
    hi = min(hi, b if b is not None else len(stems))
    return any(stems[k] in vocab for k in range(lo, hi))


def _near_noun_trigger(stems: list[str], ments: dict[int, Mention], lo: int, hi: int, b: int) -> bool:
    """Is a gathering named just after a meeting verb? Then the verb is its predicate ("سيجتمع مجلس رؤساء دول
    رابطة الدول المستقلة"), not a second meeting."""
    return any(stems[k] in lx.NOUN_TRIGGERS or (m := ments.get(k)) is not None and m.type == "EVENT_SERIES"
               for k in range(lo, min(hi, b)))


def _visit_object(words: list[KeyWord], ments: dict[int, Mention], k: int, b: int) -> bool:
    for n in range(k + 1, min(k + 4, b)):
        m = ments.get(n)
        if m is not None and m.type in ("GPE", "ORG"):
            return True
    return False


def _punct_between(text: str, words: list[KeyWord], a: int, b: int) -> bool:
    return any(ch in "،,.:؛;!?؟()\n" for ch in text[words[a].end:words[b].start])


def _edition(words: list[KeyWord], stems: list[str], trig: Trigger, lo: int, hi: int,
             dates: list[TimeExpr] = (),  # type: ignore[assignment]
             before_other_series: Callable[[int], bool] = lambda k: False) -> int | None:
    """"الدورة الثانية للقمة", "القمة … الأولى", "الخامس عشر", "في دورته السادسة والعشرين", "الدورة 15" — but not
    the ordinal of a date ("في الخامس من أغسطس", "يومي الثاني والثالث", "أمس الأول")."""
    def in_date(k: int) -> bool:
        return any(d.start <= words[k].start < d.end for d in dates)

    after_noun = [k + 1 for k in range(max(lo, trig.i - 4), min(trig.j + 12, hi - 1)) if stems[k] in lx.EDITION_NOUNS]
    near = list(range(trig.i + 1, min(trig.j + 6, hi))) + list(range(max(lo, trig.i - 4), trig.i))
    for k in after_noun + near:
        n = _ordinal_at(words, k, hi)
        after_day = k > 0 and stems[k - 1] in lx.DAY_WORDS | _TIMES
        if n and not in_date(k) and not after_day and not before_other_series(k):
            prev = stems[k - 1] if k > 0 else ""
            if k > trig.i or prev in lx.EDITION_NOUNS:
                return n
    for k in range(max(lo, trig.i - 3), min(trig.j + 4, hi)):
        if stems[k] in lx.EDITION_NOUNS and k + 1 < hi:
            number = words[k + 1].key.removeprefix("ال")  # "الدورة 15", "الدورة الـ12"
            if number.isdigit() and 0 < int(number) < 500:
                return int(number)
    return None


def _ordinal_at(words: list[KeyWord], k: int, hi: int) -> int | None:
    key = words[k].key
    if key in lx.UNITS_FOR_TEENS and k + 1 < hi and words[k + 1].key in lx.TEEN_WORDS:
        return 10 + lx.UNITS_FOR_TEENS[key]
    if key in lx.UNITS_FOR_TEENS and k + 1 < hi and words[k + 1].key.startswith("و") and \
            words[k + 1].key[1:] in lx.TENS:
        return lx.TENS[words[k + 1].key[1:]] + lx.UNITS_FOR_TEENS[key]  # "السادسة والعشرين"
    if key in lx.TENS:
        return lx.TENS[key]
    return lx.ORDINALS.get(key)


def _status(words: list[KeyWord], stems: list[str], trig: Trigger, lo: int, hi: int) -> str | None:
    """Tense of the clause: "المقبلة"/"السابقة" on the trigger, else the nearest marker, looking left first."""
    if trig.relative in ("next", "previous"):
        return "planned" if trig.relative == "next" else "held"
    order = list(range(trig.i, min(trig.j, trig.i + 1))) + list(range(trig.i - 1, lo - 1, -1)) + list(
        range(trig.j, hi))
    for k in order:
        key, stem = words[k].key, stems[k]
        if stem in lx.CANCEL_MARKERS:
            return "cancelled"
        if _future_verb(key) or stem in lx.FUTURE_MARKERS or key in lx.FUTURE_MARKERS:
            return "planned"
        if stem in lx.PAST_MARKERS or key in lx.PAST_MARKERS:
            return "held"
    return None


_FUTURE_PREFIX = re.compile(r"^(?:و|ف)?س(?:ي|ت|ن)")
_PRESENT = {"يشارك", "يجتمع", "يتم", "يكون", "يلتقي", "يعقد", "يجري", "يتزامن", "يتحدث", "يتبادل", "يناقش", "يركز",
            "ينطلق", "يقام", "يزور", "يوقع", "يطلق", "يفتتح", "يبحث", "يصل", "يستضيف", "يتوجه", "يلقي", "يترأس",
            "يرأس", "يحضر", "يتناول", "يشهد", "يستقبل", "يعلن", "يدشن", "يختتم", "ينعقد", "يصبح", "يقوم", "يعمل",
            "يبدأ", "يستمر", "يتضمن", "ينظر", "يوافق", "يتخذ", "يقدم", "يعتمد", "يشير", "يلخص", "يتحدثون"}
_VERB_STEMS = lx.HOLD_VERBS | lx.MEETING_VERBS | lx.VISIT_VERBS | lx.SIGN_VERBS | lx.LAUNCH_VERBS | frozenset(
    name_key(v) for p in _PRESENT for v in (p, "ت" + p[1:], "ن" + p[1:]))


def _future_verb(key: str) -> bool:
    """"سيعقد", "ستعقد", "وسيشارك": the future prefix سـ on a present-tense verb we know."""
    m = _FUTURE_PREFIX.match(key)
    if not m:
        return False
    rest = key[m.end() - 1:]
    return rest in _VERB_STEMS  # "سيعقد" is future; "سيرغي" (Sergey) is a name


def _class(t: str | None) -> str | None:
    """Kinds a bare mention may refer across: summits, forums and conferences are named loosely; exhibitions not."""
    if t in ("summit", "forum", "conference"):
        return "gathering"
    return t


def _dominant(types: list[str]) -> str | None:
    if not types:
        return None
    for t in ("summit", "forum", "conference", "exhibition"):
        if t in types:
            return t
    return types[0]


_FUNCTION_WORDS = frozenset(name_key(w) for w in ("في", "من", "على", "إلى", "مع", "عن", "و", "ال", "فى"))


def _content(text: str) -> set[str]:
    """Content stems of a name: clitics and function words dropped ("للصناعة والتصنيع" → صناعه, تصنيع)."""
    return {strip_clitics(w) for w in name_key(text).split() if w not in _FUNCTION_WORDS} - {""}


def _series_words(mentions: list[Mention]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in mentions:
        if m.type == "EVENT_SERIES":
            out.setdefault(m.entity or f"m:{m.start}", set()).update(_content(m.text))
    return out


def _infer_series(name: str, series_words: dict[str, set[str]]) -> str | None:
    """A short name of a series named in full elsewhere in the article ("قمة الصناعة والتصنيع")."""
    words = _content(name) - set(lx.NOUN_TRIGGERS)
    if len(words) < 2:
        return None
    hits = [ent for ent, full in series_words.items() if words <= full]
    return hits[0] if len(hits) == 1 else None


def _explicit_year(d: TimeExpr) -> bool:
    return bool(_YEAR.search(fold_digits(d.text)))


_NO_YEAR = "0000"


def _partial(d: TimeExpr) -> TimeExpr | None:
    """A date the tagger could not place in a year keeps its day and month, with year ``0000`` to be filled in
    from another mention of the same event ("9-11 يوليو" here, "في عام 2019" there)."""
    if d.value:
        return d
    from marsad.text.dates import parse_date

    found = parse_date(d.text, anchor="2001-06-15")
    if found is None or not found.value or found.precision == "year":
        return None
    return TimeExpr(d.text, d.start, d.end, _NO_YEAR + found.value[4:],
                    _NO_YEAR + found.end_value[4:] if found.end_value else None, found.precision)


def _compatible(group: list[EventMention], m: EventMention) -> bool:
    """Could ``m`` be another mention of the event ``group`` describes? Editions, years and places must agree."""
    editions = {x.edition for x in group if x.edition}
    if m.edition and editions and m.edition not in editions:
        return False
    if m.trigger.relative == "other":
        return False  # "اجتماع آخر" is by its words not the meeting already told
    theirs_relative = next((x.trigger.relative for x in group if not x.anaphoric), None)
    if theirs_relative == "other":
        theirs_relative = None  # once told, "the other meeting" is referred to like any other
    if m.trigger.relative != theirs_relative:
        statuses = {x.status for x in group}
        if m.trigger.relative == "next" and theirs_relative is None and "planned" in statuses:
            pass  # "للمنتدى القادم" in an article about a planned forum is that forum
        elif m.trigger.relative == "previous" and theirs_relative is None and "held" in statuses:
            pass
        else:
            return False  # "القمة المقبلة" is not this summit
    theirs = [e for x in group for e in x.dates if e.value and not e.value.startswith(_NO_YEAR)]
    mine = [d for d in m.dates if d.value and not d.value.startswith(_NO_YEAR)]
    if theirs and mine and not any(_overlap(d, e) for d in mine for e in theirs):
        return False
    locs = {x.location for x in group if x.location}
    if not m.location or not locs:
        return True
    mine_up = set(_areas(m.location))
    # every place the event was given must contain, or lie in, this one: Kazan is in Russia, but not in Moscow
    return all(x in mine_up or m.location in _areas(x) for x in locs)


def _shares_fact(group: list[EventMention], m: EventMention) -> bool:
    """Same edition, same place, overlapping explicit dates, or the same frame where one of them names nobody
    ("عقد عدد من اللقاءات الثنائية على هامش الحدث، وعلى وجه الخصوص التقى …"): enough to call them one event."""
    if m.frame is not None and any(x.frame is m.frame and (not x.participants or not m.participants)
                                   for x in group):
        return True
    if m.edition and any(x.edition == m.edition for x in group):
        return True
    locs = {x.location for x in group if x.location}
    if m.location and (m.location in locs or set(_areas(m.location)) & locs
                       or any(m.location in _areas(x) for x in locs)):
        return True
    return any(_overlap(d, e) for d in m.dates for x in group for e in x.dates)


def _overlap(a: TimeExpr, b: TimeExpr) -> bool:
    """Do two dates (any precision, year possibly unknown as 0000) cover a common day?"""
    if not a.value or not b.value or _NO_YEAR in (a.value[:4], b.value[:4]):
        return False
    a1, a2 = a.value, a.end_value or a.value
    b1, b2 = b.value, b.end_value or b.value
    return a1 <= b2 + "\uffff" and b1 <= a2 + "\uffff"


def _areas(loc: str) -> list[str]:
    """The place and the regions and country it lies in (a city reported once as "في روسيا", once as "في قازان")."""
    if _DEFAULT_EXTRACTOR is None or loc.startswith("m:"):
        return [loc]
    return [loc, *_areas_up(_DEFAULT_EXTRACTOR, loc)]


def _event_dates(group: list[EventMention]) -> tuple[str | None, str | None]:
    """Start and end at the best precision the mentions give; a year stated apart completes a day-month."""
    dated = [d for x in group for d in x.dates if d.value]
    if not dated:
        return None, None
    rank = {"day": 0, "month": 1, "year": 2}
    best = min(dated, key=lambda d: (rank.get(d.precision, 3), d.end_value is None))
    start, end = best.value, best.end_value or best.value
    if start.startswith(_NO_YEAR):
        years = {d.value[:4] for d in dated if d is not best and _explicit_year(d)}
        if len(years) == 1:
            year = years.pop()
            start = year + start[4:] if start else start
            end = year + end[4:] if end else end
    if start and start.startswith(_NO_YEAR):
        return None, None
    return start, end


def _final_status(group: list[EventMention], start: str | None, end: str | None, published: str | None) -> str:
    if any(x.status == "cancelled" for x in group):
        return "cancelled"
    if published and start and len(start) == 10:
        last = end if end and len(end) == 10 else start
        if last < published:
            return "held"
        if start > published:
            return "planned"
    votes = ([x.status for x in group if x.status and not x.anaphoric and x.trigger.sentence > 0]
             or [x.status for x in group if x.status])
    if not votes:
        return "unknown"
    return max(("planned", "held"), key=lambda s: (votes.count(s), -votes.index(s) if s in votes else -99))


def _figures(window: str) -> list[dict[str, object]]:
    out = []
    for m in _FIGURE.finditer(fold_digits(window)):
        num = float(m["num"].replace(",", ""))
        scale = {"الف": 1e3, "ألف": 1e3, "آلاف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9,
                 "مليارات": 1e9, "تريليون": 1e12, "تريليونات": 1e12}.get(m["scale"] or "", 1)
        out.append({"text": m.group(0), "value": num * scale, "unit": m["unit"]})
    return out


_DEFAULT_EXTRACTOR: Extractor | None = None


def events_stage(doc: Document) -> Document:
    """Pipeline stage: ``doc.events`` — this article's events, before merging across articles."""
    global _DEFAULT_EXTRACTOR
    if _DEFAULT_EXTRACTOR is None:
        from marsad.kb.loader import default_kb

        _DEFAULT_EXTRACTOR = Extractor(default_kb())
    return _DEFAULT_EXTRACTOR(doc)
