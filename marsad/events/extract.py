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
from dataclasses import dataclass, field

from marsad.events import lexicon as lx
from marsad.model import Document, Event, Evidence, Mention, Participant, TimeExpr, stable_id
from marsad.text.normalise import KeyWord, fold_digits, key_words, name_key, normalise, strip_clitics

LOCATION_PREPS = frozenset({"في", "بمدينه", "مدينه", "بعاصمه", "عاصمه", "داخل", "بمقر", "مقر"})
NAME_STOPS = frozenset({"في", "من", "على", "الى", "إلى", "مع", "حول", "خلال", "بين", "عن", "الذي", "التي", "وذلك",
                        "حيث", "بعد", "قبل", "منذ", "امام", "لدى", "عبر", "تحت", "ضمن", "بحضور", "بمشاركه", "والتي",
                        "والذي", "ان", "انه", "كما", "هو", "هي", "تم", "قد", "لم", "لن", "ما", "الا", "او"})
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
    figures: list[dict[str, object]] = field(default_factory=list)
    anaphoric: bool = False
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
        words = key_words(normalise(text))
        if not words:
            doc.events = []
            return doc
        stems = [strip_clitics(w.key) for w in words]
        ments = _mention_index(doc.mentions, words)
        self._series_words = _series_words(doc.mentions)
        mentions: list[EventMention] = []
        for si, sent in enumerate(doc.sentences):
            a, b = _word_range(words, sent.start, sent.end)
            if a >= b:
                continue
            triggers = self._triggers(words, stems, ments, a, b, si)
            triggers = [t for t in triggers if t is not None]
            for k, trig in enumerate(triggers):
                lo = a if k == 0 else trig.i
                hi = triggers[k + 1].i if k + 1 < len(triggers) else b
                if trig.topic:
                    continue
                # a following topic-only trigger lends its window to this one
                n = k + 1
                while n < len(triggers) and triggers[n].topic:
                    hi = triggers[n + 1].i if n + 1 < len(triggers) else b
                    n += 1
                mentions.append(self._mention(doc, words, stems, ments, trig, lo, hi, sent.start, sent.end))
            for k, trig in enumerate(triggers):
                if trig.topic and trig.series:
                    mentions.append(EventMention(trig, sent.start, sent.end, anaphoric=True,
                                                 trigger_start=words[trig.i].start))
        for k, m in enumerate(mentions):
            if m.trigger.frame and k > 0 and mentions[k - 1].trigger.sentence == m.trigger.sentence:
                mentions[k - 1].frame = m
        doc.events = self._merge(doc, mentions)
        return doc

    # -- triggers --------------------------------------------------------------------------------------------------
    def _triggers(self, words: list[KeyWord], stems: list[str], ments: dict[int, Mention], a: int, b: int,
                  si: int) -> list[Trigger | None]:
        out: list[Trigger | None] = []
        k = a
        while k < b:
            m = ments.get(k)
            if m is not None and m.type == "EVENT_SERIES":
                j = _mention_end(words, m, k, b)
                out.append(self._series_trigger(m, words, stems, k, j, a, si))
                k = j
                continue
            stem = stems[k]
            key = words[k].key
            trig: Trigger | None = None
            if stem in lx.NOUN_TRIGGERS and (m is None or m.type not in ("ORG", "PERSON", "GPE")):
                ttype = lx.NOUN_TRIGGERS[stem]
                j = k + 1
                series = None
                nxt = ments.get(j)
                if nxt is not None and nxt.type in ("EVENT_SERIES", "ORG") and nxt.entity:
                    series = nxt.entity if nxt.type == "EVENT_SERIES" or ttype in ("summit", "meeting") else None
                    if series:
                        j = _mention_end(words, nxt, j, b)
                trig = Trigger(ttype, k, j, series=series, definite=key.startswith(("ال", "وال", "بال", "لل", "فال")),
                               sentence=si)
            elif stem in lx.AGREEMENT_NOUNS and _near(stems, lx.SIGN_VERBS, k - 4, k, a):
                trig = Trigger("agreement", k, k + 1, definite=key.startswith(("ال", "وال")), sentence=si)
            elif stem in lx.SIGN_VERBS and not _near(stems, lx.AGREEMENT_NOUNS, k + 1, k + 5, a, b):
                trig = None
            elif stem in lx.LAUNCH_VERBS and _near(stems, lx.LAUNCH_OBJECTS, k + 1, k + 5, a, b):
                trig = Trigger("launch", k, k + 1, sentence=si)
            elif stem in lx.MEETING_VERBS and not _near_noun_trigger(stems, k + 1, k + 4, b):
                if stem not in ("بحث", "يبحث", "تبحث", "بحثت", "سيبحث") or _near(
                        stems, {"مع", "سبل", "تعزيز", "علاقات", "تعاون"}, k + 1, k + 7, a, b):
                    trig = Trigger("meeting", k, k + 1, sentence=si)
            elif stem in lx.VISIT_VERBS and _visit_object(words, ments, k, b):
                trig = Trigger("visit", k, k + 1, sentence=si)
            elif stem in lx.ANAPHORS:
                trig = Trigger(None, k, k + 1, definite=True, sentence=si)
            if trig is not None:
                trig.topic = trig.topic or (k > a and stems[k - 1] in lx.TOPIC_CUES)
                trig.frame = k > a and (stems[k - 1] in lx.FRAME_CUES and stems[k - 1] != "خلال"
                                        or k - 1 > a and stems[k - 2] in lx.FRAME_CUES and stems[k - 1] in lx.FRAME_CUES)
                out.append(trig)
                k = trig.j
                continue
            k += 1
        return out

    def _series_trigger(self, m: Mention, words: list[KeyWord], stems: list[str], k: int, j: int, a: int,
                        si: int) -> Trigger:
        entry = self.entry(m.entity)
        kind = ((entry.attrs or {}).get("kind") if entry else None) or lx.NOUN_TRIGGERS.get(stems[k], "forum")
        if kind not in lx.GATHERINGS and kind not in ("meeting",):
            kind = "forum"
        trig = Trigger(kind, k, j, series=m.entity or f"m:{m.start}", sentence=si)
        trig.topic = k > a and stems[k - 1] in lx.TOPIC_CUES
        trig.frame = k > a and stems[k - 1] in lx.FRAME_CUES and stems[k - 1] != "خلال" or (
            k - 1 > a and stems[k - 1] in lx.FRAME_CUES and stems[k - 2] in lx.FRAME_CUES)
        return trig

    # -- arguments -------------------------------------------------------------------------------------------------
    def _mention(self, doc: Document, words: list[KeyWord], stems: list[str], ments: dict[int, Mention],
                 trig: Trigger, lo: int, hi: int, s_start: int, s_end: int) -> EventMention:
        text = doc.text
        em = EventMention(trig, s_start, s_end, trigger_start=words[trig.i].start)
        w_start, w_end = words[lo].start, words[hi - 1].end
        em.name_ar = self._name(text, words, stems, ments, trig, hi)
        if trig.series is None and trig.type in lx.GATHERINGS:
            trig.series = _infer_series(em.name_ar, self._series_words)
        em.edition = _edition(words, stems, trig, lo, hi)
        em.status = _status(words, stems, trig, lo, hi)
        em.dates = [p for s in doc.sentences for d in s.dates if d.start >= w_start and d.end <= w_end
                    for p in [_partial(d)] if p is not None]
        roles = [tuple(m.attrs["role_span"]) for m in doc.mentions if m.attrs.get("role_span")]
        sentence_stems = set(stems[lo:hi])
        cue = bool(sentence_stems & lx.PARTICIPATION_CUES) or trig.type in ("meeting", "visit", "agreement")
        loc_candidates: list[tuple[int, str]] = []
        for k in range(lo, hi):
            m = ments.get(k)
            if m is None or words[k].start != m.start or trig.i <= k < trig.j:
                continue
            ent = m.entity or f"m:{m.start}"
            in_role = any(s <= m.start and m.end <= e for s, e in roles)
            if m.type in ("GPE", "LOC") and self._is_location(words, stems, k, m):
                loc_candidates.append((k, ent))
                continue
            if in_role or ent == trig.series:
                continue
            if m.type == "PERSON":
                em.participants.append((ent, m.role))
            elif m.type == "ORG" and not self._is_location(words, stems, k, m):
                em.participants.append((ent, None))
            elif m.type == "GPE" and cue:
                em.participants.append((ent, None))
        if loc_candidates:
            em.location = self._best_location(loc_candidates)
        em.figures = _figures(text[w_start:w_end])
        return em

    def _is_location(self, words: list[KeyWord], stems: list[str], k: int, m: Mention) -> bool:
        """A place governed by "في", "بـ", "مدينة" or a gathering noun ("قمة إيكاترنبرج"): where, not who."""
        key = words[k].key
        if key.startswith("ب") and len(key) > 3:
            entry = self.entry(m.entity)
            own = name_key(entry.name_ar or "") if entry else ""
            if entry is not None and not own.startswith("ب") and not key.startswith("بين"):
                return True
        if k == 0:
            return False
        prev = words[k - 1].key
        if prev in LOCATION_PREPS or stems[k - 1] in lx.NOUN_TRIGGERS and lx.NOUN_TRIGGERS[stems[k - 1]] in lx.GATHERINGS:
            return True
        return k > 1 and words[k - 2].key in ("في", "ب") and prev in ("مدينه", "عاصمه", "جمهوريه")

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
        limit = min(hi, i + MAX_NAME_WORDS)
        while j < limit:
            key = words[j].key
            if key in NAME_STOPS or stems[j] in lx.HOLD_VERBS or _punct_between(text, words, j - 1, j):
                break
            j += 1
        end = words[j - 1].end
        after = text[end:end + 60]
        quoted = re.match(r'\s*["“«]([^"”»\n]{2,60})["”»]', after)
        if quoted:
            end += quoted.end()
        return text[words[i].start:end].strip(' "“”«»،,')

    # -- merging within the article --------------------------------------------------------------------------------
    def _merge(self, doc: Document, mentions: list[EventMention]) -> list[Event]:
        groups: list[list[EventMention]] = []
        for m in mentions:
            target = self._find_group(groups, m)
            if target is None:
                if m.anaphoric and not m.trigger.series:
                    continue
                groups.append([m])
            else:
                target.append(m)
        events = []
        for group in groups:
            ev = self._event(doc, group)
            if ev is not None:
                events.append(ev)
        return events

    def _find_group(self, groups: list[list[EventMention]], m: EventMention) -> list[EventMention] | None:
        """The earlier event this mention reports, if any (most recent first)."""
        trig = m.trigger
        if trig.series:
            for g in reversed(groups):
                if any(x.trigger.series == trig.series for x in g) and _compatible(g, m):
                    return g
            return None
        cls = _class(trig.type)
        bare = trig.type is None or (trig.definite and not m.dates and not m.location and m.edition is None)
        for g in reversed(groups):
            kinds = {_class(x.trigger.type) for x in g if x.trigger.type}
            if trig.type is not None and cls not in kinds:
                continue
            if not _compatible(g, m):
                continue
            if bare or _shares_fact(g, m):
                m.anaphoric = m.anaphoric or bare
                return g
        if bare and trig.type is not None and not m.participants:
            m.anaphoric = True  # a definite mention of nothing named: kept only if something claims it
        return None

    def _event(self, doc: Document, group: list[EventMention]) -> Event | None:
        main = group[0]
        types = [x.trigger.type for x in group if x.trigger.type]
        etype = _dominant(types) or "other"
        series = next((x.trigger.series for x in group if x.trigger.series), None)
        edition = next((x.edition for x in group if x.edition), None)
        location = next((x.location for x in group if x.location), None)
        if location is None:
            frame = next((x.frame for x in group if x.frame), None)
            if frame is not None:
                location = frame.location or self._series_city(frame.trigger.series)
        if location is None and series:
            location = self._series_city(series, fixed_only=True)
        start, end = _event_dates(group)
        participants: dict[str, str | None] = {}
        for x in group:
            for ent, role in x.participants:
                if ent != location and ent != series:
                    participants.setdefault(ent, role)
        has_args = bool(series or location or start or participants or edition)
        if not has_args and etype not in ("agreement", "launch"):
            return None
        if etype in ("meeting", "visit") and not (participants or location or series):
            return None
        status = _final_status(group, start, end, doc.published)
        name_ar = max((x.name_ar for x in group if not x.anaphoric), key=len, default=main.name_ar)
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

    def _series_city(self, series: str | None, fixed_only: bool = False) -> str | None:
        entry = self.entry(series)
        if entry is None:
            return None
        attrs = entry.attrs or {}
        if fixed_only and not attrs.get("fixed_venue", attrs.get("city") and attrs.get("frequency") == "annual"):
            return None
        return attrs.get("city")


# -- helpers ---------------------------------------------------------------------------------------------------------
def _word_range(words: list[KeyWord], start: int, end: int) -> tuple[int, int]:
    from bisect import bisect_left

    starts = [w.start for w in words]
    return bisect_left(starts, start), bisect_left(starts, end)


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


def _near_noun_trigger(stems: list[str], lo: int, hi: int, b: int) -> bool:
    return any(stems[k] in lx.NOUN_TRIGGERS for k in range(lo, min(hi, b)))


def _visit_object(words: list[KeyWord], ments: dict[int, Mention], k: int, b: int) -> bool:
    for n in range(k + 1, min(k + 4, b)):
        m = ments.get(n)
        if m is not None and m.type in ("GPE", "ORG"):
            return True
    return False


def _punct_between(text: str, words: list[KeyWord], a: int, b: int) -> bool:
    return any(ch in "،,.:؛;!?؟()\n" for ch in text[words[a].end:words[b].start])


def _edition(words: list[KeyWord], stems: list[str], trig: Trigger, lo: int, hi: int) -> int | None:
    """"الدورة الثانية للقمة", "القمة … الأولى", "الخامس عشر", "الدورة 15"."""
    for k in list(range(trig.j, min(trig.j + 6, hi))) + list(range(max(lo, trig.i - 4), trig.i)):
        n = _ordinal_at(words, k, hi)
        if n:
            prev = stems[k - 1] if k > 0 else ""
            if k >= trig.j or prev in lx.EDITION_NOUNS:
                return n
    for k in range(max(lo, trig.i - 3), min(trig.j + 4, hi)):
        if stems[k] in lx.EDITION_NOUNS and k + 1 < hi and words[k + 1].key.isdigit():
            return int(words[k + 1].key)
    return None


def _ordinal_at(words: list[KeyWord], k: int, hi: int) -> int | None:
    key = words[k].key
    if key in lx.UNITS_FOR_TEENS and k + 1 < hi and words[k + 1].key in lx.TEEN_WORDS:
        return 10 + lx.UNITS_FOR_TEENS[key]
    if key in lx.TENS:
        return lx.TENS[key]
    return lx.ORDINALS.get(key)


def _status(words: list[KeyWord], stems: list[str], trig: Trigger, lo: int, hi: int) -> str | None:
    """Tense of the clause: the nearest marker to the trigger, looking left first."""
    order = list(range(trig.i - 1, lo - 1, -1)) + list(range(trig.j, hi))
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
_VERB_STEMS = lx.HOLD_VERBS | lx.MEETING_VERBS | lx.VISIT_VERBS | lx.SIGN_VERBS | lx.LAUNCH_VERBS | frozenset(
    {"يشارك", "تشارك", "يجتمع", "تجتمع", "يتم", "تتم", "يكون", "تكون", "يلتقي", "يعقد", "تعقد", "تجري", "يجري",
     "يتزامن", "يتحدث", "يتبادل", "يناقش", "تناقش", "تركز", "يركز", "تنطلق", "ينطلق", "تقام", "يقام"})


def _future_verb(key: str) -> bool:
    """"سيعقد", "ستعقد", "وسيشارك": the future prefix سـ on a present-tense verb we know."""
    m = _FUTURE_PREFIX.match(key)
    if not m:
        return False
    rest = key[m.end() - 1:]
    return rest in _VERB_STEMS or len(rest) >= 4 and rest[0] in "يت" and key[m.start():].startswith(("سي", "ست",
                                                                                                     "وسي", "وست"))


def _class(t: str | None) -> str | None:
    if t in lx.GATHERINGS:
        return "gathering"
    return t


def _dominant(types: list[str]) -> str | None:
    if not types:
        return None
    for t in ("summit", "forum", "conference", "exhibition"):
        if t in types:
            return t
    return types[0]


_FUNCTION_WORDS = frozenset({"في", "من", "على", "الى", "مع", "عن", "و", "ال"})


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
    years = {d.value[:4] for x in group for d in x.dates if d.value and _explicit_year(d)}
    mine = {d.value[:4] for d in m.dates if d.value and _explicit_year(d)}
    if years and mine and not years & mine:
        return False
    locs = {x.location for x in group if x.location}
    if not m.location or not locs or m.location in locs:
        return True
    return bool(set(_areas(m.location)) & locs or any(m.location in _areas(x) for x in locs))


def _shares_fact(group: list[EventMention], m: EventMention) -> bool:
    """Same edition, same place, or overlapping explicit dates: enough to call two mentions one event."""
    if m.edition and any(x.edition == m.edition for x in group):
        return True
    locs = {x.location for x in group if x.location}
    if m.location and (m.location in locs or set(_areas(m.location)) & locs
                       or any(m.location in _areas(x) for x in locs)):
        return True
    mine = {d.value for d in m.dates if d.value}
    return bool(mine and mine & {d.value for x in group for d in x.dates if d.value})


def _areas(loc: str) -> list[str]:
    """The place and the country it lies in (a city reported once as "في روسيا", once as "في قازان")."""
    if _AREA_KB is None or loc.startswith("m:"):
        return [loc]
    entry = _AREA_KB.get(loc)
    country = (entry.attrs or {}).get("country") if entry else None
    return [loc, country] if country else [loc]


_AREA_KB = None


def _event_dates(group: list[EventMention]) -> tuple[str | None, str | None]:
    """Start and end at the best precision the mentions give; a year stated apart completes a day-month."""
    dated = [d for x in group for d in x.dates if d.value]
    if not dated:
        return None, None
    rank = {"day": 0, "month": 1, "year": 2}
    best = min(dated, key=lambda d: (rank.get(d.precision, 3), d.end_value is None))
    start, end = best.value, best.end_value or best.value
    if not _explicit_year(best):
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
    votes = [x.status for x in group if x.status and not x.anaphoric] or [x.status for x in group if x.status]
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


_default: Extractor | None = None


def events_stage(doc: Document) -> Document:
    """Pipeline stage: ``doc.events`` — this article's events, before merging across articles."""
    global _default
    if _default is None:
        try:
            from marsad.kb.loader import default_kb

            global _AREA_KB
            _AREA_KB = default_kb()
            _default = Extractor(_AREA_KB)
        except ImportError:
            _default = Extractor(None)
    return _default(doc)
