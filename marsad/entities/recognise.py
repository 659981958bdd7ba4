"""Recognition: the people, organisations, places and named forums of an article, with offsets and roles.

Three sources, in order of trust:
1. the knowledge base, matched on the match key with proclitics tolerated (:mod:`marsad.entities.gazetteer`);
2. the statistical tagger trained by ``marsad train-ner`` for names the knowledge base lacks, its spans linked to the
   knowledge base when their consonant skeleton is close to a known name (:mod:`marsad.entities.link`);
3. patterns: a word after a place cue ("مدينة", "إقليم") or inside quotes is tried against the knowledge base; a
   surname repeated after a full name, or a Russian patronymic after a first name, refers back to that person.

Every person gets the role the article gives them — the title phrase before the name ("نائب وزير الخارجية الروسي
أندريه رودينكو") or after it, set off by a comma ("دينيس مانتوروف، وزير الصناعة والتجارة") — with the country
or organisation the role names. Honorifics (فخامة، سمو، معالي، الشيخ …) are kept out of the name.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

from marsad.entities.gazetteer import AMBIGUOUS_WORDS, Gazetteer, default_gazetteer
from marsad.entities.link import FuzzyIndex, skeleton
from marsad.model import Document, Mention
from marsad.text.normalise import KeyWord, name_key, strip_clitics, text_key_words

NER_TYPES = {"PERS": "PERSON", "PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
TYPE_PRIORITY = {"GPE": 0, "ORG": 1, "EVENT_SERIES": 2, "LOC": 3, "FAC": 4, "PERSON": 5}

_K = name_key
HONORIFICS = frozenset(_K(w) for w in (
    "فخامة", "سمو", "معالي", "سعادة", "صاحب", "السمو", "الملكي", "صاحبة", "السيد", "السيدة", "الشيخ", "الشيخة",
    "الدكتور", "الدكتورة", "د", "المهندس", "المهندسة", "م", "الأستاذ", "الأستاذة", "أ", "الأمير", "الأميرة",
    "سماحة", "فضيلة", "العلامة", "جلالة", "دولة", "الحاج", "اللواء", "الفريق", "العميد", "العقيد",
))
# Words that head a title phrase ("نائب وزير الخارجية الروسي", "رئيس جمهورية تتارستان").
TITLE_HEADS = frozenset(_K(w) for w in (
    "رئيس", "رئيسة", "نائب", "نائبة", "وزير", "وزيرة", "وكيل", "وكيلة", "سفير", "سفيرة", "أمين", "أمينة",
    "ولي", "ملك", "أمير", "أميرة", "شيخ", "سلطان", "حاكم", "محافظ", "مدير", "مديرة", "عضو", "مستشار",
    "مستشارة", "متحدث", "المتحدث", "ناطق", "الناطق", "ممثل", "الممثل", "قائد", "مؤسس", "المؤسس", "مندوب",
    "المندوب", "قنصل", "القنصل", "عمدة", "العمدة", "مبعوث", "المبعوث", "سكرتير", "السكرتير", "الأمين",
    "الرئيس", "الوزير", "السفير", "النائب", "الملك", "ولي", "الحاكم", "المحافظ", "المدير", "الرئيسة",
    "رئيس_", "المستشار", "الشيخ", "الأمير", "السلطان", "خادم",
))
# Words that end a title phrase when walking left from a name: verbs of saying, conjunction particles, prepositions
# that introduce the clause rather than belong to the title.
ROLE_STOPS = frozenset(_K(w) for w in (
    "إن", "أن", "ان", "التي", "الذي", "الذين", "قال", "وقال", "أكد", "وأكد", "أعلن", "وأعلن", "أشار", "وأشار",
    "أوضح", "وأوضح", "لدى", "مع", "بين", "على", "خلال", "عن", "حيث", "كما", "قد", "ثم", "استقبل", "التقى",
    "بحث", "وبحث", "بحضور", "بمشاركة", "برئاسة", "شارك", "وشارك", "ترأس", "يرأس", "أرسل", "وأرسل", "دعا",
    "ودعا", "تحدث", "وتحدثت", "تحدثت", "قالت", "وقالت", "أطلق", "وأطلق", "رعاية", "من",
))
PLACE_CUES = frozenset(_K(w) for w in (
    "مدينة", "محافظة", "منطقة", "إقليم", "جمهورية", "عاصمة", "ولاية", "مقاطعة", "العاصمة", "بمدينة", "لمدينة",
    "ومدينة", "بعاصمة", "مدينتي",
))
_PUNCT = re.compile(r"[،,.:؛;!?؟()«»\"“”]")
GATHERING_NOUNS = frozenset(strip_clitics(name_key(w)) for w in ("قمة", "منتدى", "مؤتمر", "ملتقى", "معرض"))
# Words that announce a name nearby: titles, honorifics, verbs of meeting and saying (see Recogniser._tag).
NAME_CUES = TITLE_HEADS | HONORIFICS | frozenset(strip_clitics(_K(w)) for w in (
    "قال", "قالت", "أكد", "أكدت", "أوضح", "أشار", "صرح", "استقبل", "التقى", "زار", "وقع", "وقعت", "أطلق",
    "بمشاركة", "بحضور", "برئاسة", "ترأس", "لقاء", "اجتماع", "زيارة", "السفير", "سفير",
))
_QUOTE_CHARS = frozenset('"«»“”')
PLACE_PREPS = frozenset({"في", "فى", "الى", "من", "داخل", "نحو"})
PATRONYMIC = re.compile(r"(?:يفيتش|وفيتش|ييفيتش|فيتش|يفنا|وفنا|ييفنا|ovich|evich|ovna|evna)$")
_PUNCT_STOP = set("،,.:؛;!?؟()[]\n")
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»\n]{2,40})[\"“”«»]")
ROLE_WINDOW = 9


class Recogniser:
    """Finds mentions in documents; holds the knowledge base index and the tagger once for all documents."""

    def __init__(self, kb: object, gazetteer: Gazetteer | None = None, tagger: object | None = None,
                 use_model: bool = True) -> None:
        self.kb = kb
        self.gaz = gazetteer or Gazetteer.from_kb(kb)
        self.tagger = tagger
        self.use_model = use_model
        self._pretagged: dict[int, list[tuple[int, int, str]]] = {}
        names = []
        for entry in kb.entries():  # type: ignore[attr-defined]
            if entry.type in ("GPE", "LOC", "ORG", "EVENT_SERIES", "PERSON", "FAC"):
                for form in [entry.name_ar, *entry.aliases_ar]:
                    if form and " " in form.strip() or len(name_key(form or "")) >= 6:
                        names.append((form, entry.id))
        self.fuzzy = FuzzyIndex(names)
        # given names of the knowledge base's people ("عبدالله", "محمد", "توفيق"): a lone surname right after one of
        # them that is not this person's is someone else of that name ("عبدالله الربيعة" is not Tawfiq Al-Rabiah)
        self.given_names = frozenset(first[0] for e in kb.entries()  # type: ignore[attr-defined]
                                     if e.type == "PERSON" and len(first := name_key(e.name_ar or "").split()) > 1
                                     and len(first[0]) >= 3 and not first[0].startswith("ال")
                                     and first[0] not in HONORIFICS | TITLE_HEADS | {"ابن", "بنت", "ابو", "امير",
                                                                                    "امام", "سمو", "شيخ"})

    # -- helpers ---------------------------------------------------------------------------------------------------
    def entry(self, entity_id: str):  # noqa: ANN201 - the KB's entry type
        return self.kb.get(entity_id)  # type: ignore[attr-defined]

    def _choose(self, ids: tuple[str, ...], context: list[str] | None = None) -> str:
        """One id among homonyms: a place whose country the nearby words name ("عمّان - المملكة الأردنية الهاشمية"
        is Amman, not Oman), else countries before cities before the rest, then the shortest id."""
        if context and len(ids) > 1:
            near = set(context)
            placed = [i for i in ids if (c := self._country_of(i)) and near & self._country_words(c)]
            if len(placed) == 1:
                return placed[0]

        def rank(i: str) -> tuple[int, int, str]:
            e = self.entry(i)
            kind = (e.attrs or {}).get("kind", "") if e else ""
            return (0 if kind == "country" or (e and e.attrs.get("iso2")) else 1,
                    TYPE_PRIORITY.get(e.type if e else "", 9), i)
        return min(ids, key=rank)

    def _country_of(self, entity_id: str) -> str | None:
        e = self.entry(entity_id)
        return (e.attrs or {}).get("country") if e is not None and not (e.attrs or {}).get("iso2") else None

    @lru_cache(maxsize=512)  # noqa: B019 - one recogniser per process; countries are few
    def _country_words(self, country: str) -> frozenset[str]:
        """Single words that name a country or its people: "الأردن", "الأردنية", "الاردني" (clitics stripped)."""
        e = self.entry(country)
        if e is None:
            return frozenset()
        forms = [e.name_ar, *e.aliases_ar, *((e.attrs or {}).get("nisba") or ())]
        return frozenset(strip_clitics(name_key(f)) for f in forms if f and " " not in f.strip())

    def batch(self, docs: list[Document]) -> list[Document]:
        """The stage over many articles: the tagger decodes all their chosen sentences in one batch (about twice as
        fast as one article at a time), then each article is recognised as usual."""
        if self._load_tagger():
            chosen = []
            for doc in docs:
                words = list(text_key_words(doc.text))
                chosen.append(self._chosen(doc, [w.key for w in words], words))
            texts = [doc.text[s:e] for doc, spans in zip(docs, chosen, strict=True) for s, e in spans]
            found = iter(self.tagger.tag_texts(texts))  # type: ignore[attr-defined]
            for doc, spans in zip(docs, chosen, strict=True):
                self._pretagged[id(doc)] = [(s + a, s + b, label) for s, _ in spans for a, b, label in next(found)]
        return [self(doc) for doc in docs]

    def _load_tagger(self) -> bool:
        if not self.use_model:
            return False
        if self.tagger is None:
            try:
                from marsad.entities.ner_model import default_tagger

                self.tagger = default_tagger()
            except (ImportError, FileNotFoundError, ValueError):
                self.use_model = False
                return False
        return True

    def _chosen(self, doc: Document, keys: list[str], words: list[KeyWord]) -> list[tuple[int, int]]:
        """Sentences where an actor is likely named (see :meth:`_tag`)."""
        text = doc.text
        spans = [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
        starts = [w.start for w in words]
        chosen = []
        for s, e in spans:
            a, b = bisect_left(starts, s), bisect_left(starts, e)
            if any(strip_clitics(k) in NAME_CUES or k in NAME_CUES for k in keys[a:b]) or _QUOTE_CHARS & set(
                    text[s:e]):
                chosen.append((s, e))
        return chosen

    def _tag(self, doc: Document, keys: list[str], words: list[KeyWord]) -> list[tuple[int, int, str]]:
        """Statistical tagging of the sentences where an actor is likely named.

        The tagger is the costliest stage; it runs on sentences holding a title, an honorific, a verb of meeting or
        saying, or a quotation — where the names of people and bodies that take part in events stand — and the
        knowledge base covers the rest. That keeps the pipeline within its speed budget.
        """
        ready = self._pretagged.pop(id(doc), None)
        if ready is not None:
            return ready
        if not self._load_tagger():
            return []
        text = doc.text
        chosen = self._chosen(doc, keys, words)
        found = self.tagger.tag_texts([text[s:e] for s, e in chosen])  # type: ignore[attr-defined]
        return [(s + a, s + b, label) for (s, _), spans_ in zip(chosen, found, strict=True) for a, b, label in spans_]

    # -- the stage -------------------------------------------------------------------------------------------------
    def __call__(self, doc: Document) -> Document:
        text = doc.text
        words = list(text_key_words(text))
        keys = [w.key for w in words]
        taken = [False] * len(words)
        mentions: list[Mention] = []
        nisba_at: dict[int, str] = {}

        def add(i: int, j: int, etype: str, entity: str | None, origin: str, clitic: int = 0,
                **attrs: object) -> Mention | None:
            if i >= j or any(taken[i:j]):
                return None
            for k in range(i, j):
                taken[k] = True
            if etype == "PERSON":  # "الشيخ محمد بن زايد": the honorific is not part of the name
                while j - i > 1 and keys[i] in HONORIFICS:
                    i += 1
                    clitic = 0
            start = _skip_letters(text, words[i].start, clitic)
            m = Mention(start, words[j - 1].end, text[start:words[j - 1].end], etype, entity,
                        origin=origin, attrs=dict(attrs))
            mentions.append(m)
            return m

        # 1. knowledge base phrases
        for hit in self.gaz.match(keys):
            ent_id = self._choose(hit.ids, [strip_clitics(k) for k in keys[max(0, hit.i - 12):hit.j + 12]]
                                  if len(hit.ids) > 1 else None)
            if hit.nisba:
                for k in range(hit.i, hit.j):
                    nisba_at[k] = ent_id
                capital = (self.entry(ent_id).attrs or {}).get("capital") if self.entry(ent_id) else None
                if capital and hit.i > 0 and strip_clitics(keys[hit.i - 1]) == "عاصمه" and self.entry(capital):
                    # "في العاصمة الإثيوبية": the capital named by its country's adjective is that city
                    add(hit.i - 1, hit.j, "GPE", capital, "kb")
                continue
            entry = self.entry(ent_id)
            if entry is None:
                continue
            if hit.ambiguous and (entry.type not in ("GPE", "LOC", "FAC")
                                  or not (hit.i > 0 and keys[hit.i - 1] in PLACE_CUES | PLACE_PREPS)):
                continue
            if entry.type == "LOC" and (entry.name_en or "").lower().endswith(" world"):
                continue  # "العالم الإسلامي", "العالم العربي": communities of states, not places where things happen
            if entry.type == "PERSON" and hit.j - hit.i == 1 and not self._lone_name_ok(keys[hit.i], ent_id, keys):
                continue
            if entry.type == "PERSON" and hit.j - hit.i == 1 and self._namesake(hit.i, keys, words, text, entry):
                continue
            if entry.type == "EVENT_SERIES" and _narrowed(keys, hit.i, hit.j):
                continue
            i = hit.i
            if entry.type == "PERSON" and hit.j - hit.i == 1:
                i = self._given_names_before(hit.i, keys, words, text, entry)
            m = add(i, hit.j, entry.type, ent_id, "kb", clitic=hit.clitic if i == hit.i else 0)
            if m is not None and hit.j - hit.i > 1 and entry.type in ("ORG", "EVENT_SERIES", "FAC"):
                self._nested_places(hit.i, hit.j, keys, words, text, mentions)

        # 2. statistical tagger, spans linked to the knowledge base where close enough
        start_index = {w.start: n for n, w in enumerate(words)}
        end_index = {w.end: n for n, w in enumerate(words)}
        for s, e, label in self._tag(doc, keys, words):
            etype = NER_TYPES.get(label)
            i, j = start_index.get(s), end_index.get(e)
            if etype is None or i is None or j is None:
                continue
            j += 1
            while i < j and (keys[i] in HONORIFICS or keys[i] in TITLE_HEADS or strip_clitics(keys[i]) in TITLE_HEADS
                             or strip_clitics(keys[i]) in HONORIFICS):
                i += 1
            if i >= j:
                continue
            if etype == "ORG" and strip_clitics(keys[i]) in ORG_HEADS and any(taken[i:j]):
                if self._org_over_places(i, j, mentions, words, taken):
                    add(i, j, "ORG", None, "model")  # "جامعة باريس - السوربون - أبوظبي": one body, not two places
                continue
            if any(taken[i:j]):
                continue
            if etype == "ORG" and _generic_body(keys[i:j]):
                continue  # "اللجنة المنظمة الفيدرالية": a description, not a name
            if etype == "PERSON" and j - i == 1 and len(keys[i]) < 3:
                continue
            phrase = " ".join(keys[i:j])
            nisba = any(v in self.gaz.nisba for v in Gazetteer.variants(phrase))
            if j - i == 1 and (phrase in AMBIGUOUS_WORDS or nisba):
                continue  # a common word, or a country adjective ("روسي") the tagger took for a name
            linked = self.fuzzy.best(phrase)
            if not linked and etype == "PERSON" and j - i >= 3:
                cut = self._body_before_name(keys, i, j)
                if cut is not None:  # "روسكونجرس الكسندر ستوجليف": the body, then its chairman
                    add(i, cut[0], "ORG", cut[1], "model+kb")
                    add(cut[0], j, "PERSON", None, "model")
                    continue
            if linked:
                entry = self.entry(linked[0])
                place_context = i > 0 and (keys[i - 1] in PLACE_PREPS | PLACE_CUES
                                           or strip_clitics(keys[i - 1]) in GATHERING_NOUNS)
                if entry and (_compatible(etype, entry.type) or (place_context and entry.type == "GPE")):
                    add(i, j, entry.type, entry.id, "model+kb")
                    continue
            add(i, j, etype, None, "model")

        # 3. patterns: place cues and quoted names tried against the knowledge base
        for n, key in enumerate(keys[:-1]):
            if (key in PLACE_CUES or strip_clitics(key) in GATHERING_NOUNS) and not taken[n + 1]:
                self._try_fuzzy(n + 1, n + 2, keys, add)
        for n, key in enumerate(keys):
            if strip_clitics(key) in GATHERING_NOUNS:
                self._long_name_at(n, keys, words, text, taken, mentions, add)
        for m in _QUOTED.finditer(text):
            i = start_index.get(m.start(1))
            j = end_index.get(m.end(1))
            if i is not None and j is not None and j + 1 - i <= 3:
                self._try_fuzzy(i, j + 1, keys, add)

        # 4. back-references: surnames and patronymics of persons named in full earlier
        self._back_references(words, keys, mentions, add)

        mentions.sort(key=lambda m: m.start)
        for m in mentions:
            if m.type == "PERSON":
                _attach_role(m, text, words, keys, start_index, end_index, nisba_at, mentions)
        doc.mentions = mentions
        return doc

    @staticmethod
    def _org_over_places(i: int, j: int, mentions: list[Mention], words: list[KeyWord], taken: list[bool]) -> bool:
        """Free words i..j when the only knowledge-base names inside are places; those stay as nested mentions."""
        s, e = words[i].start, words[j - 1].end
        inside = [m for m in mentions if s <= m.start and m.end <= e]
        if not inside or any(m.type not in ("GPE", "LOC", "FAC") for m in inside):
            return False
        for m in inside:
            m.attrs["nested"] = True
        for k in range(i, j):
            taken[k] = False
        return True

    def _nested_places(self, i: int, j: int, keys: list[str], words: list[KeyWord], text: str,
                       mentions: list[Mention]) -> None:
        """Places named inside a longer name ("منتدى سان بطرسبرغ الاقتصادي") are mentions of those places too."""
        for hit in self.gaz.match(keys[i + 1:j]):  # past the head word, or the whole name matches again
            if hit.nisba or hit.ambiguous:
                continue
            ent_id = self._choose(hit.ids)
            entry = self.entry(ent_id)
            if entry is None or entry.type != "GPE":
                continue
            a, b = words[i + 1 + hit.i], words[i + hit.j]
            mentions.append(Mention(a.start, b.end, text[a.start:b.end], entry.type, ent_id, origin="kb",
                                    attrs={"nested": True}))

    @staticmethod
    def _given_names_before(i: int, keys: list[str], words: list[KeyWord], text: str, entry: object) -> int:
        """A surname matched alone may end a fuller form of the name: "سهيل محمد فرج المزروعي" for
        "سهيل بن محمد المزروعي" — extend back to the known first name when it stands up to four words before."""
        first = name_key(entry.name_ar or "").split()[:1]  # type: ignore[attr-defined]
        if not first:
            return i
        for back in range(i - 1, max(-1, i - 5), -1):
            if any(ch in _PUNCT_STOP for ch in text[words[back].end:words[back + 1].start]):
                return i
            if keys[back] == first[0] or skeleton(strip_clitics(keys[back])) == skeleton(first[0]):
                return back  # "روستام" for the knowledge base's "رستم": the same name transliterated
        return i

    def _namesake(self, i: int, keys: list[str], words: list[KeyWord], text: str, entry: object) -> bool:
        """Is the surname at ``i`` preceded by another given name ("د. عبدالله الربيعة" where the knowledge base's
        Al-Rabiah is Tawfiq)? Then it names a namesake, not the known person."""
        if i == 0 or any(ch in _PUNCT_STOP for ch in text[words[i - 1].end:words[i].start]):
            return False
        before = keys[i - 1] if keys[i - 1] in self.given_names else strip_clitics(keys[i - 1])
        first = name_key(entry.name_ar or "").split()[:1]  # type: ignore[attr-defined]
        return before in self.given_names and bool(first) and skeleton(before) != skeleton(first[0])

    def _lone_name_ok(self, key: str, ent_id: str, keys: list[str]) -> bool:
        """A one-word person alias (a surname) counts when the full name is in the text or the word is distinctive."""
        entry = self.entry(ent_id)
        full = name_key(entry.name_ar or "") if entry else ""
        if full and " " in full and full in " ".join(keys):
            return True
        return len(key) >= 5 and key not in AMBIGUOUS_WORDS

    def _body_before_name(self, keys: list[str], i: int, j: int) -> tuple[int, str] | None:
        """Does a tagged person span begin with a known organisation's name, spelt another way ("روسكونجرس" for
        "روسكونغرس")? Then (where the person starts, the organisation's id); the person keeps two words at least."""
        for n in (1, 2):
            if j - (i + n) < 2:
                break
            phrase = " ".join(keys[i:i + n])
            if len(phrase) < 6:
                continue
            found = self.fuzzy.best(phrase)
            entry = self.entry(found[0]) if found else None
            if entry is not None and entry.type == "ORG":
                return i + n, entry.id
        return None

    def _long_name_at(self, n: int, keys: list[str], words: list[KeyWord], text: str, taken: list[bool],
                      mentions: list[Mention], add) -> None:  # noqa: ANN001
        """A long organisation or series name written with other words than the knowledge base's ("مؤتمر التفاعل
        وإجراءات بناء الثقة في آسيا" for "… وتدابير بناء الثقة …"): from a gathering noun, the longest phrase of four
        to eight words within the clause that is close to one known name. Places inside it stay, as nested
        mentions."""
        places = [m for m in mentions if m.type in ("GPE", "LOC")]

        def place_at(k: int) -> Mention | None:
            return next((m for m in places if m.start <= words[k].start < m.end), None)

        for start in (n, n + 1):
            end = start
            while end < min(len(keys), start + 8) and (not taken[end] or place_at(end) is not None) and (
                    end == start or not _PUNCT.search(text, words[end - 1].end, words[end].start)):
                end += 1
            for stop in range(end, start + 3, -1):
                if taken[start] or taken[stop - 1] and place_at(stop - 1) is None:
                    continue
                found = self.fuzzy.best(" ".join(keys[start:stop]))
                entry = self.entry(found[0]) if found else None
                if entry is not None and entry.type in ("ORG", "EVENT_SERIES") \
                        and _shares_words(keys[start:stop], entry):
                    inner = [k for k in range(start, stop) if taken[k]]
                    for k in inner:
                        taken[k] = False
                    if add(start, stop, entry.type, entry.id, "pattern") is not None:
                        for m in {id(p): p for k in inner if (p := place_at(k)) is not None}.values():
                            m.attrs["nested"] = True
                        self._nested_organiser(entry, start, stop, keys, words, text, mentions)
                    return

    def _nested_organiser(self, series: object, start: int, stop: int, keys: list[str], words: list[KeyWord],
                          text: str, mentions: list[Mention]) -> None:
        """"قمة مؤتمر التفاعل … في آسيا" names the summit and, after its head noun, the body that convenes it (CICA):
        that body is mentioned too, nested in the summit's name."""
        organiser = (series.attrs or {}).get("organiser")  # type: ignore[attr-defined]
        body = self.entry(organiser) if organiser else None
        if body is None or stop - start < 3:
            return
        found = self.fuzzy.best(" ".join(keys[start + 1:stop]))
        if found and found[0] == organiser:
            a, b = words[start + 1], words[stop - 1]
            mentions.append(Mention(a.start, b.end, text[a.start:b.end], body.type, body.id, origin="pattern",
                                    attrs={"nested": True}))

    def _try_fuzzy(self, i: int, j: int, keys: list[str], add) -> None:  # noqa: ANN001
        phrase = " ".join(keys[i:j])
        found = self.fuzzy.best(phrase)
        if found:
            entry = self.entry(found[0])
            if entry and entry.type != "PERSON":
                add(i, j, entry.type, entry.id, "pattern")

    def _back_references(self, words: list[KeyWord], keys: list[str], mentions: list[Mention], add) -> None:  # noqa: ANN001
        persons = [m for m in mentions if m.type == "PERSON" and " " in m.text.strip()]
        by_first: dict[str, Mention] = {}
        by_last: dict[str, Mention] = {}
        for m in persons:
            parts = name_key(m.text).split()
            by_first.setdefault(parts[0], m)
            if len(parts[-1]) >= 4 and parts[-1] not in AMBIGUOUS_WORDS:
                by_last.setdefault(parts[-1], m)
        firsts = {skeleton(k): m for k, m in by_first.items()}
        for n in range(1, len(keys)):
            if PATRONYMIC.search(keys[n]) and not any(m.start <= words[n - 1].start < m.end for m in mentions):
                ref = firsts.get(skeleton(strip_clitics(keys[n - 1])))
                if ref is not None:  # "روستام نورغاليفيتش": first name and patronymic of a person named in full
                    add(n - 1, n + 1, "PERSON", ref.entity, "pattern", same_as=ref.start)
        for m in list(mentions):
            parts = name_key(m.text).split()
            if m.type == "PERSON" and len(parts) == 2 and PATRONYMIC.search(parts[1]) and parts[0] in by_first:
                ref = by_first[parts[0]]
                if ref is not m and not PATRONYMIC.search(name_key(ref.text).split()[-1]):
                    m.attrs["same_as"] = ref.start
                    m.entity = ref.entity
        if not by_last:
            return
        for n, key in enumerate(keys):
            for variant in Gazetteer.variants(key):
                ref = by_last.get(variant)
                if ref is not None and words[n].start >= ref.end:
                    m = add(n, n + 1, "PERSON", ref.entity, "backref", same_as=ref.start)
                    break


ORG_HEADS = frozenset(strip_clitics(_K(w)) for w in (
    "جامعة", "شركة", "بنك", "مصرف", "مؤسسة", "هيئة", "منظمة", "وكالة", "صندوق", "مجموعة", "غرفة", "اتحاد", "نادي",
    "مستشفى", "معهد", "مركز", "مجلس", "صحيفة", "قناة", "كلية", "أكاديمية", "جمعية", "شبكة", "لجنة", "وزارة",
))
_GENERIC_HEADS = frozenset(_K(w) for w in (
    "اللجنة", "المجلس", "الحكومة", "الوزارة", "الهيئة", "المنظمة", "الرؤية", "الشركة", "الجهات", "الإدارة",
    "الأمانة", "الوكالة", "الجمعية", "الإدارات", "الحكومات", "الشركات", "المنظمات", "اللجان", "الوزارات",
))


def _generic_body(keys: list[str]) -> bool:
    """A definite head and definite adjectives only ("اللجنة المنظمة الفيدرالية"): a description of a body."""
    return keys[0] in _GENERIC_HEADS and all(k.startswith("ال") for k in keys)


def _skip_letters(text: str, start: int, n: int) -> int:
    """Offset after the first ``n`` letters from ``start`` (marks riding on them skipped): "والرياض" → "الرياض"."""
    pos = start
    while n > 0 and pos < len(text):
        pos += 1
        n -= 1
        while pos < len(text) and unicodedata.category(text[pos]) == "Mn":
            pos += 1
    return pos


def _compatible(ner_type: str, kb_type: str) -> bool:
    if ner_type == "PERSON":
        return kb_type == "PERSON"
    if ner_type == "GPE":
        return kb_type in ("GPE", "LOC", "FAC")
    return kb_type in ("ORG", "EVENT_SERIES", "FAC")


def _attach_role(m: Mention, text: str, words: list[KeyWord], keys: list[str], start_index: dict[int, int],
                 end_index: dict[int, int], nisba_at: dict[int, str], mentions: list[Mention]) -> None:
    """The title phrase the article gives the person: before the name, else after it behind a comma."""
    i = start_index.get(m.start)
    j = end_index.get(m.end)
    if i is None or j is None:
        return

    def punct_between(a: int, b: int) -> bool:
        return any(ch in _PUNCT_STOP for ch in text[words[a].end:words[b].start])

    head = None
    k = i - 1
    while k >= 0 and i - k <= ROLE_WINDOW:
        if punct_between(k, k + 1) or keys[k] in ROLE_STOPS:
            break
        if keys[k] in TITLE_HEADS:
            head = k
        k -= 1
    span: tuple[int, int] | None = None
    if head is not None:
        first, last = head, i - 1
        while last >= first and keys[last] in HONORIFICS and keys[last] not in TITLE_HEADS:
            last -= 1
        if last >= first and not all(keys[k] in HONORIFICS for k in range(first, last + 1)):
            span = (first, last + 1)
    if span is None and j + 1 < len(words):
        gap = text[m.end:words[j + 1].start]
        if gap.strip(" \"”“'") in ("،", ",") and keys[j + 1] in TITLE_HEADS:
            first = last = j + 1
            while last + 1 < len(words) and last + 1 - first < ROLE_WINDOW and not punct_between(last, last + 1):
                if keys[last + 1] in ROLE_STOPS:
                    break
                last += 1
            span = (first, last + 1)
    if span is None:
        return
    s, e = words[span[0]].start, words[span[1] - 1].end
    m.role = text[s:e]
    role_of = [nisba_at[k] for k in range(*span) if k in nisba_at]
    role_of += [x.entity for x in mentions
                if x is not m and x.entity and x.start >= s and x.end <= e and x.type in ("GPE", "ORG", "EVENT_SERIES")]
    if role_of:
        m.attrs["role_of"] = role_of[0]
    m.attrs["role_span"] = [s, e]


@lru_cache(maxsize=1)
def default_recogniser() -> Recogniser:
    from marsad.kb.loader import default_kb

    return Recogniser(default_kb(), default_gazetteer())


_GATHERING_HEADS = frozenset(strip_clitics(name_key(w)) for w in ("القمة", "المنتدى", "المؤتمر", "الملتقى",
                                                                  "المعرض", "الاجتماع"))


def _shares_words(phrase: list[str], entry: object) -> bool:
    """Most of the phrase's words, and three at least, are words of one of the entry's Arabic names: a name said
    with one word changed ("وإجراءات" for "وتدابير"), not a generic phrase whose letters happen to be close
    ("المنتدى الاقتصادي الدولي القادم" is not the World Economic Forum)."""
    mine = [strip_clitics(w) for w in phrase]
    for name in (entry.name_ar, *entry.aliases_ar):  # type: ignore[attr-defined]
        theirs = {strip_clitics(w) for w in name_key(name or "").split()}
        shared = sum(w in theirs for w in mine)
        if shared >= 3 and shared >= 0.7 * len(mine):
            return True
    return False


def _narrowed(keys: list[str], i: int, j: int) -> bool:
    """"القمة الحكومية الثالثة للموارد البشرية" is not "القمة الحكومية" (the World Government Summit): a short,
    generic series name (a gathering noun and one word) followed — past its ordinal or adjectives — by a "لل…"
    complement names a narrower gathering of its own."""
    if j - i != 2 or strip_clitics(keys[i]) not in _GATHERING_HEADS:
        return False
    k = j
    while k < min(len(keys), j + 3) and keys[k].startswith("ال"):
        k += 1
    return k < len(keys) and keys[k].startswith("لل")


def recognise_stage(doc: Document) -> Document:
    """Pipeline stage: ``doc.mentions`` from the packaged knowledge base and model."""
    return default_recogniser()(doc)


def _recognise_batch(docs: list[Document]) -> list[Document]:
    return default_recogniser().batch(docs)


recognise_stage.batch = _recognise_batch  # type: ignore[attr-defined]
