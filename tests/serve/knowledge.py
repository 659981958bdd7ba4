"""Test data for the API: the bundled seed articles ingested for real, plus a small knowledge base written over
them — entities, mentions and events whose evidence spans are real sentences of the seeds.

The entity and event stages are built elsewhere; these records stand for what they produce, so the API and the page
can be tested on realistic data now. They are written through the store's own ``replace_knowledge``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marsad.ingest.files import read_paths
from marsad.model import Document, Entity, Event, Evidence, Mention, Participant
from marsad.pipeline import ingest
from marsad.store.base import Store

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "seeds"

# id, type, name_ar, name_en, wikidata, aliases, attrs, spellings found in the articles
ENTITIES: list[tuple[str, str, str, str, str | None, list[str], dict, list[str]]] = [
    ("russia", "GPE", "روسيا", "Russia", "Q159", ["روسيا الاتحادية", "الاتحاد الروسي"], {"iso2": "RU"},
     ["روسيا"]),
    ("uae", "GPE", "الإمارات العربية المتحدة", "United Arab Emirates", "Q878", ["الإمارات"], {"iso2": "AE"},
     ["الإمارات العربية المتحدة"]),
    ("kazakhstan", "GPE", "كازاخستان", "Kazakhstan", "Q232", [], {"iso2": "KZ"}, ["كازاخستان"]),
    ("yekaterinburg", "GPE", "يكاترينبورغ", "Yekaterinburg", "Q887", ["إيكاترينبورغ"], {"kind": "city"},
     ["إيكاتنربيرج", "إيكاتيرنبيرج", "إيكاترينرج", "إيكاترنبرج"]),
    ("astana", "GPE", "أستانا", "Astana", "Q1520", [], {"kind": "capital"}, ["أستانا"]),
    ("moscow", "GPE", "موسكو", "Moscow", "Q649", [], {"kind": "capital"}, ["موسكو"]),
    ("kazan", "GPE", "قازان", "Kazan", "Q900", [], {"kind": "city", "lat": 55.7963, "lon": 49.1088}, ["قازان"]),
    ("riyadh", "GPE", "الرياض", "Riyadh", "Q3692", [], {"kind": "capital"}, ["الرياض"]),
    ("st_petersburg", "GPE", "سانت بطرسبرغ", "Saint Petersburg", "Q656", [], {"kind": "city"},
     ["سانت بطرسبرج", "سان بطرسبرج", "سانت بطرسبورج", "سانت بطرسبرغ"]),
    ("putin", "PERSON", "فلاديمير بوتين", "Vladimir Putin", "Q7747", [], {}, ["فلاديمير بوتين", "بوتين"]),
    ("manturov", "PERSON", "دينيس مانتوروف", "Denis Manturov", None, [], {}, ["دينيس مانتوروف", "مانتوروف"]),
    ("mazrouei", "PERSON", "سهيل محمد فرج المزروعي", "Suhail Al Mazrouei", None, [], {},
     ["سهيل محمد فرج المزروعي"]),
    ("rudenko", "PERSON", "أندريه رودينكو", "Andrey Rudenko", None, [], {}, ["أندريه رودينكو"]),
    ("unido", "ORG", "منظمة الأمم المتحدة للتنمية الصناعية", "UNIDO", None, ["اليونيدو"], {},
     ["منظمة الأمم المتحدة للتنمية الصناعية"]),
    ("oic", "ORG", "منظمة التعاون الإسلامي", "Organisation of Islamic Cooperation", None, [], {},
     ["منظمة التعاون الإسلامي"]),
    ("cis", "ORG", "رابطة الدول المستقلة", "Commonwealth of Independent States", None, [], {},
     ["رابطة الدول المستقلة"]),
    ("gcc", "ORG", "مجلس التعاون لدول الخليج العربية", "Gulf Cooperation Council", None, ["مجلس التعاون"], {},
     ["مجلس التعاون لدول الخليج العربية"]),
    ("dco", "ORG", "منظمة التعاون الرقمي", "Digital Cooperation Organization", None, [], {},
     ["منظمة التعاون الرقمي"]),
    ("gmis", "EVENT_SERIES", "القمة العالمية للصناعة والتصنيع", "Global Manufacturing and Industrialisation Summit",
     None, ["GMIS"], {}, ["القمة العالمية للصناعة والتصنيع"]),
    ("kazanforum", "EVENT_SERIES", "منتدى روسيا - العالم الإسلامي: KazanForum", "KazanForum", None, [], {},
     ["KazanForum"]),
]

ROLES = {"manturov": "وزير الصناعة والتجارة", "rudenko": "نائب وزير الخارجية الروسي", "putin": "الرئيس الروسي",
         "mazrouei": "وزير الطاقة والصناعة"}


@dataclass(frozen=True)
class EventSpec:
    id: str
    type: str
    name_ar: str
    name_en: str
    status: str
    start: str | None
    end: str | None
    location: str | None
    participants: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]  # (seed file prefix, phrase inside the sentence)
    series: str | None = None
    edition: int | None = None
    attrs: tuple[tuple[str, str], ...] = ()


EVENTS = [
    EventSpec("v_gmis2019", "summit", "القمة العالمية للصناعة والتصنيع 2019", "GMIS 2019 in Yekaterinburg",
              "planned", "2019-07-09", "2019-07-11", "yekaterinburg", ("russia", "uae", "unido", "manturov"),
              (("000", "وستعقد قمة الصناعة والتصنيع في الفترة"), ("001", "سيتزامن انعقاد الدورة الثانية")),
              series="gmis", edition=2),
    EventSpec("v_mou2018", "agreement", "مذكرة تفاهم حول تنظيم القمة العالمية للصناعة والتصنيع في روسيا",
              "MoU on hosting GMIS in Russia", "held", "2018-05-25", None, "st_petersburg",
              ("manturov", "mazrouei", "russia", "uae"), (("000", "تم توقيع مذكرة تفاهم"),), series="gmis"),
    EventSpec("v_platform2018", "launch", "إطلاق المنصة الإلكترونية للقمة العالمية للصناعة والتصنيع",
              "Launch of the GMIS online platform", "held", "2018-07", None, "yekaterinburg", ("manturov", "russia"),
              (("001", "أطلق دينيس مانتوروف"),), series="gmis", attrs=(("plover", "SUPPORT"),)),
    EventSpec("v_cis2022", "summit", "قمة رابطة الدول المستقلة في أستانا", "CIS summit in Astana", "held",
              "2022-10-14", None, "astana", ("putin", "russia", "kazakhstan", "cis"),
              (("003", "وسيجتمع مجلس رؤساء دول رابطة الدول المستقلة"),)),
    EventSpec("v_oic2024", "meeting", "اجتماع موسع مع سفراء دول منظمة التعاون الإسلامي",
              "Meeting with OIC ambassadors in Moscow", "held", "2024-03-07", None, "moscow",
              ("rudenko", "oic", "russia"), (("002", "عقد في موسكو اجتماع موسع"),)),
    EventSpec("v_kazan2024", "forum", "منتدى روسيا - العالم الإسلامي KazanForum 2024", "KazanForum 2024", "planned",
              "2024-05", None, "kazan", ("russia", "oic", "rudenko"),
              (("002", "سيعقد في منتصف شهر مايو"),), series="kazanforum"),
    EventSpec("v_digital2024", "forum", "الملتقى الدبلوماسي للاقتصاد الرقمي", "Diplomatic Forum on the Digital Economy",
              "held", None, None, "riyadh", ("gcc", "dco"), (("004", "نظمت منظمة التعاون الرقمي"),), edition=4),
]


def seed_documents(store: Store) -> dict[str, Document]:
    """The stored main article of each seed file, keyed by its 3-digit prefix ("000" … "004")."""
    docs: dict[str, Document] = {}
    for doc in store.documents():
        if doc.part == 0 and doc.source[:3].isdigit():
            full = store.document(doc.id)
            assert full is not None
            docs[doc.source[:3]] = full
    return docs


def sentence_span(doc: Document, phrase: str) -> Evidence:
    """The span of the sentence holding ``phrase`` (the phrase itself when the article has no sentence split)."""
    at = doc.text.find(phrase)
    assert at >= 0, f"{phrase!r} not in {doc.source}"
    for sent in doc.sentences:
        if sent.start <= at < sent.end:
            return Evidence(doc.id, sent.start, max(sent.end, at + len(phrase)))
    return Evidence(doc.id, at, at + len(phrase))


def _mentions(docs: list[Document]) -> list[tuple[str, Mention]]:
    forms = sorted(((form, e) for e in ENTITIES for form in e[7]), key=lambda fe: -len(fe[0]))
    out: list[tuple[str, Mention]] = []
    for doc in docs:
        taken: list[tuple[int, int]] = []
        for form, ent in forms:
            start = doc.text.find(form)
            while start >= 0:
                end = start + len(form)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    out.append((doc.id, Mention(start, end, form, ent[1], entity=ent[0], role=ROLES.get(ent[0]))))
                start = doc.text.find(form, end)
    return out


def build_knowledge(store: Store) -> dict[str, Document]:
    """Write the entities, their mentions in every stored article, and the events; returns the seed articles."""
    docs = seed_documents(store)
    all_docs = [d for d in (store.document(x.id) for x in store.documents()) if d is not None]
    entities = [Entity(id=e[0], type=e[1], name_ar=e[2], name_en=e[3], wikidata=e[4], aliases=e[5], attrs=e[6])
                for e in ENTITIES]
    events = []
    for spec in EVENTS:
        events.append(Event(
            id=spec.id, type=spec.type, name_ar=spec.name_ar, name_en=spec.name_en, series=spec.series,
            edition=spec.edition, status=spec.status, start=spec.start, end=spec.end, location=spec.location,
            participants=[Participant(p, ROLES.get(p)) for p in spec.participants],
            sources=[sentence_span(docs[key], phrase) for key, phrase in spec.evidence],
            attrs=dict(spec.attrs),
        ))
    with store.transaction():
        store.replace_knowledge(entities, _mentions(all_docs), events)
    return docs


def build_database(store: Store) -> dict[str, Document]:
    """Ingest the seeds through the real pipeline, then write the knowledge above in place of the corpus-wide stage
    (which is therefore not run: its output would be replaced anyway)."""
    summary = ingest(read_paths([SEEDS]), store, resolve_after=False)
    assert summary.rejected == 0, summary.rejections
    return build_knowledge(store)
