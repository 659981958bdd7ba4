"""Statistical named-entity model for the names the knowledge base does not know: a linear-chain CRF.

Why a CRF: it trains in minutes on two cores from the project's own data, tags well over 100k tokens a second
without a GPU, and ships as a few megabytes; with word clusters learned on news text and gazetteers it gets most
of the way to fine-tuned transformers on Arabic newswire (see ``models/README.md`` for the measured figures).

The pieces, all used by training and tagging alike so the two can never disagree:

* :func:`read_conll` reads CoNLL-style files robustly (BOM, CRLF, U+200E inside tokens, tabs or spaces, extra
  columns, lines with no token, huge lines, empty files) and :func:`map_tag` folds the corpora's tag sets
  (ANERcorp PERS/LOC/ORG/MISC, AQMAR PER/LOC/ORG/MIS, WikiFANE's 50 fine classes) to BIO over PERS/LOC/ORG/MISC.
* :class:`Featurizer` turns a token sequence into crfsuite attribute lists. Almost every feature depends on the
  word alone (match key, proclitic-stripped stem, affixes, shape, cluster ids, gazetteer classes, trigger class),
  so it is computed once per word type and memoised; a sentence then costs a handful of list concatenations per
  token plus the phrase-gazetteer and bigram features.
* :func:`train_sentences` / :func:`train` fit the CRF (L-BFGS, elastic net) and write the model next to its
  resources (``clusters.tsv.gz``, ``gazetteer.tsv.gz``) and a ``ner.json`` sidecar saying how it was trained.
* :class:`Tagger` tags token lists (:meth:`Tagger.tag_tokens`) or raw text with character offsets
  (:meth:`Tagger.tag_text` / :meth:`Tagger.tag_texts`, via :mod:`marsad.text.tokens`); :func:`default_tagger`
  lazily loads the packaged model. Decoding runs in :class:`Decoder` (numpy, batched Viterbi over the CRF's
  weights, memoised per word type), which gives crfsuite's own answers several times faster.
* :func:`evaluate` scores entity spans conlleval-style (exact span and type).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import random
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.text.normalise import match_key
from marsad.text.tokens import TOKEN_RE, sentence_chunks

log = logging.getLogger(__name__)

TYPES = ("PERS", "LOC", "ORG", "MISC")
LABELS = ("O", *(f"{p}-{t}" for t in TYPES for p in ("B", "I")))
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models"
MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "clusters.tsv.gz"
GAZETTEER_FILE = "gazetteer.tsv.gz"
META_FILE = "ner.json"
FEATURE_VERSION = 1
MAX_TOKEN_CHARS = 100
"""Longer tokens are cut: no real word is that long, and a 1 MB "token" must not cost 1 MB of features."""

Sentence = list[tuple[str, str]]


class ConllError(ValueError):
    """A CoNLL file that cannot be used at all (missing, unreadable, or holding no token)."""


# --------------------------------------------------------------------------------------------------------------
# Tags


_SIMPLE_TAGS = {"PERS": "PERS", "PER": "PERS", "PERSON": "PERS", "LOC": "LOC", "GPE": "LOC", "ORG": "ORG"}
_SIMPLE_TAGS |= {"MISC": "MISC", "MIS": "MISC", "MISC.": "MISC"}

# WikiFANE fine classes (ACE-like taxonomy) to ANERcorp's scheme. GPE and facilities are LOC, as ANERcorp tags
# countries, cities and places alike; "Group" (العرب, المسلمين) and "Celestial" (الشمس, الأرض) are left untagged
# because ANERcorp tags those words O; products, vehicles and weapons are MISC.
WIKIFANE_MAP: dict[str, str | None] = {
    **dict.fromkeys(
        [
            "Politician",
            "Religious_PER",
            "Artist",
            "Other_PER",
            "Scientist",
            "Athlete",
            "Businessperson",
            "Engineer",
            "Lawyer",
            "Police",
        ],
        "PERS",
    ),
    **dict.fromkeys(
        [
            "Population-Center",
            "Nation",
            "State-or-Province",
            "Continent",
            "GPE-Cluster",
            "County-or-District",
            "Water-Body",
            "Land-Region-Natural",
            "Building-Grounds",
            "Path",
            "Airport",
            "Subarea-Facility",
            "Plant",
        ],
        "LOC",
    ),
    **dict.fromkeys(
        [
            "Government",
            "Commercial",
            "Educational",
            "Sports",
            "Media",
            "Non-Governmental",
            "Religious_ORG",
            "Medical-Science",
            "Entertainment",
        ],
        "ORG",
    ),
    **dict.fromkeys(
        [
            "Book",
            "Movie",
            "Sound",
            "Software",
            "Hardware",
            "Drug",
            "Food",
            "Air",
            "Land",
            "Water",
            "Nuclear",
            "Shooting",
            "Blunt",
            "Exploding",
            "Chemical",
            "Sharp",
            "Projectile",
        ],
        "MISC",
    ),
    "Group": None,
    "Celestial": None,
}
_COARSE_FANE = {"PER": "PERS", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}


def map_tag(tag: str) -> str:
    """One corpus tag in BIO over PERS/LOC/ORG/MISC (unknown or untagged classes become ``O``)."""
    if tag in LABELS:
        return tag
    if len(tag) < 3 or tag[1] != "-" or tag[0] not in "BIbi":
        return "O"
    prefix, cls = tag[0].upper(), tag[2:]
    label: str | None
    if cls.upper() in _SIMPLE_TAGS:
        label = _SIMPLE_TAGS[cls.upper()]
    elif cls in WIKIFANE_MAP:
        label = WIKIFANE_MAP[cls]
    elif "_" in cls and cls.split("_", 1)[1] in WIKIFANE_MAP:  # coarse-prefixed form, e.g. GPE_Nation
        label = WIKIFANE_MAP[cls.split("_", 1)[1]]
    else:
        label = _COARSE_FANE.get(cls.split("_", 1)[0], "MISC")
    return f"{prefix}-{label}" if label else "O"


def repair_bio(tags: Sequence[str]) -> list[str]:
    """IOB2 form: an ``I-X`` that does not continue an entity of type X starts one (as conlleval reads it)."""
    out: list[str] = []
    prev = "O"
    for tag in tags:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append(tag)
        prev = tag
    return out


# --------------------------------------------------------------------------------------------------------------
# Reading CoNLL


_INVISIBLE = {
    ord(c): None for c in "\u200e\u200f\ufeff\u200b\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
}
_TAG_RE = re.compile(r"^(?:O|[BIEbie]-\S+)$")


def read_conll(
    path: str | os.PathLike[str],
    *,
    tagged: bool = True,
    max_token_chars: int = MAX_TOKEN_CHARS,
    warn: Callable[[str], None] | None = None,
    max_warnings: int = 20,
) -> list[Sentence]:
    """Sentences of a CoNLL-style file as ``[(token, tag), …]`` (tag ``""`` when ``tagged`` is false).

    The token is the first column, the tag the last non-empty one; columns are split on tabs when the line has
    one, else on runs of spaces, so extra middle columns are ignored. Blank and whitespace-only lines end a
    sentence. UTF-8 with or without BOM, LF or CRLF; bidi and zero-width marks (U+200E …) are dropped from
    tokens. A line with no token (an empty first tab column, or only invisible characters) is skipped with a
    warning naming ``file:line``; a token longer than ``max_token_chars`` is cut, with a warning. Raises
    :class:`ConllError` if the file cannot be read or holds no token at all.
    """
    name = str(path)
    say = warn or log.warning
    warned = 0

    def note(msg: str) -> None:
        nonlocal warned
        warned += 1
        if warned <= max_warnings:
            say(msg)
        elif warned == max_warnings + 1:
            say(f"{name}: more warnings not shown")

    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConllError(f"{name}: cannot read ({exc.strerror or exc})") from None
    text = raw.decode("utf-8-sig", errors="replace")
    sentences: list[Sentence] = []
    current: Sentence = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        if "\t" in line:
            cols = [c.strip() for c in line.split("\t")]
            token, rest = cols[0], [c for c in cols[1:] if c]
        else:
            cols = line.split()
            token, rest = cols[0], cols[1:]
            if tagged and not rest and line[:1].isspace() and _TAG_RE.match(token):
                token, rest = "", [token]  # "   O": a tag with no token
        token = token.translate(_INVISIBLE).strip()
        if not token:
            note(f"{name}:{lineno}: line with no token, skipped")
            continue
        if len(token) > max_token_chars:
            note(f"{name}:{lineno}: token of {len(token)} characters cut to {max_token_chars}")
            token = token[:max_token_chars]
        tag = ""
        if tagged:
            tag = rest[-1] if rest else ""
            if not tag or not _TAG_RE.match(tag):
                note(f"{name}:{lineno}: {'no tag' if not tag else f'bad tag {tag[:20]!r}'}, taken as O")
                tag = "O"
        current.append((token, tag))
    if current:
        sentences.append(current)
    if not sentences:
        raise ConllError(f"{name}: no tokens (empty file?)")
    return sentences


def read_corpus(
    path: str | os.PathLike[str], warn: Callable[[str], None] | None = None, max_warnings: int = 20
) -> list[Sentence]:
    """A tagged corpus file with tags mapped by :func:`map_tag` and repaired to IOB2."""
    out: list[Sentence] = []
    for sent in read_conll(path, warn=warn, max_warnings=max_warnings):
        tags = repair_bio([map_tag(t) for _, t in sent])
        out.append([(tok, tag) for (tok, _), tag in zip(sent, tags, strict=True)])
    return out


# --------------------------------------------------------------------------------------------------------------
# Data locations and the project's training sets


def repo_root() -> Path:
    """The source tree this package sits in (``marsad/entities/ner_model.py`` → three levels up)."""
    return Path(__file__).resolve().parents[2]


def default_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """NER data folder: ``explicit``, else ``$MARSAD_NER_DATA``, else ``<repo>/../shared/data/ner``.

    When the package is installed away from its source tree, folders above the working directory are searched
    for ``shared/data/ner`` as well, so the command works from a checkout's root or any folder under it.
    """
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("MARSAD_NER_DATA")
    if env:
        return Path(env).expanduser().resolve()
    candidates = [repo_root().parent / "shared" / "data" / "ner"]
    for folder in [Path.cwd(), *Path.cwd().parents]:
        candidates += [folder / "shared" / "data" / "ner", folder.parent / "shared" / "data" / "ner"]
    for cand in candidates:
        if cand.is_dir():
            return cand.resolve()
    return candidates[0]


def gazetteer_dir(data_dir: Path) -> Path:
    """Gazetteer folder: ``$MARSAD_GAZETTEERS`` else ``<data>/../gazetteers``."""
    env = os.environ.get("MARSAD_GAZETTEERS")
    return Path(env) if env else data_dir.parent / "gazetteers"


def split_tail(sentences: list[Sentence], fraction: float) -> tuple[list[Sentence], list[Sentence]]:
    """``(head, tail)`` with the last ``fraction`` of sentences in the tail: contiguous, like ANERcorp's split."""
    if fraction <= 0:
        return sentences, []
    cut = len(sentences) - max(1, round(len(sentences) * fraction))
    return sentences[:cut], sentences[cut:]


def load_training_sets(
    data_dir: Path, holdout: float = 0.1, warn: Callable[[str], None] | None = None
) -> dict[str, list[Sentence]]:
    """The project's NER corpora by name, tags mapped to PERS/LOC/ORG/MISC.

    ``anercorp_train`` / ``anercorp_heldout`` (the last ``holdout`` of ANERcorp's sentences, never trained on for
    the reported figure), ``aqmar_train``, ``aqmar_dev``, ``aqmar_test`` and ``wikifane``. Missing files are left
    out with a warning, so a partial data folder still trains.
    """
    say = warn or log.warning
    sets: dict[str, list[Sentence]] = {}
    files = {
        "anercorp": data_dir / "anercorp" / "train.txt",
        "aqmar_train": data_dir / "aqmar" / "train.txt",
        "aqmar_dev": data_dir / "aqmar" / "dev.txt",
        "aqmar_test": data_dir / "aqmar" / "test.txt",
        "wikifane": data_dir / "wikifane" / "WikiFANE_Gold_2014_500K.txt",
    }
    for name, path in files.items():
        if not path.is_file():
            say(f"{path}: not found, left out")
            continue
        notes: list[str] = []
        sents = read_corpus(path, warn=notes.append, max_warnings=10**9)
        if notes:
            say(f"{path}: {len(notes)} odd lines skipped or fixed (first: {notes[0].split(': ', 1)[-1]})")
        if name == "anercorp":
            sets["anercorp_train"], sets["anercorp_heldout"] = split_tail(sents, holdout)
        else:
            sets[name] = sents
    return sets


# --------------------------------------------------------------------------------------------------------------
# Resources: word clusters and gazetteers


def load_clusters(path: Path | None) -> dict[str, tuple[str, ...]]:
    """``word → (coarse, mid, fine)`` cluster ids from the gzip TSV built by :mod:`marsad.entities.build.clusters`."""
    clusters: dict[str, tuple[str, ...]] = {}
    if path is None or not path.is_file():
        return clusters
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                clusters[parts[0]] = tuple(parts[1:])
    return clusters


def _anergazet(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [
        ln.strip()
        for ln in path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
        if ln.strip() and not ln.startswith(("====", "****"))
    ]


def build_gazetteer(gaz_dir: Path, mined: Iterable[Sentence] = (), min_count: int = 1) -> list[tuple[str, str, str]]:
    """``(source, type, name key)`` entries from the shared gazetteers, for :class:`Gazetteer`.

    Sources are kept apart (``A`` ANERgazet, ``T`` ANETAC, ``C`` UN country names, ``W`` names mined from
    ``mined`` annotated sentences, i.e. WikiFANE) so the CRF can learn how far to trust each: ANETAC is large
    but noisy. A mined name is kept when seen ``min_count`` times with one type at least twice as often as with
    any other. Mining a corpus that is also trained on would make the feature look perfect in training, so
    pass only corpora kept out of the training sequences.
    """
    import csv

    entries: set[tuple[str, str, str]] = set()

    def add(src: str, typ: str, name: str) -> None:
        key = " ".join(m.group() for m in TOKEN_RE.finditer(match_key(name)))
        if len(key) >= 2 and not key[:1].isdigit():
            entries.add((src, typ, key))

    for sub, typ in (("AlignedLocGazetteer", "LOC"), ("AlignedOrgGazetteer", "ORG"), ("AlignedPersGazetteer", "PERS")):
        for name in _anergazet(gaz_dir / "anergazet" / sub / "data"):
            add("A", typ, name)
    anetac = gaz_dir / "anetac" / "en-ar-named-entities.txt"
    if anetac.is_file():
        cls_map = {"PERSON": "PERS", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
        for line in anetac.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split(" ", 2)
            if len(parts) == 3 and parts[0] in cls_map:
                # the Arabic side is after the English one; English names can hold spaces, so take Arabic words
                arabic = " ".join(w for w in parts[2].split() if any("\u0600" <= ch <= "\u06ff" for ch in w))
                if arabic:
                    add("T", cls_map[parts[0]], arabic)
    countries = gaz_dir / "country-codes" / "country-codes.csv"
    if countries.is_file():
        with countries.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for col in ("official_name_ar", "UNTERM Arabic Short", "UNTERM Arabic Formal"):
                    name = (row.get(col) or "").strip()
                    if name:
                        add("C", "LOC", re.sub(r"\s*\(.*?\)\s*", " ", name))
    counts: dict[str, dict[str, int]] = {}
    for sent in mined:
        tags = [t for _, t in sent]
        for start, end, typ in entities(tags):
            key = " ".join(match_key(t) for t, _ in sent[start:end])
            by_type = counts.setdefault(key, {})
            by_type[typ] = by_type.get(typ, 0) + 1
    for key, by_type in counts.items():
        ranked = sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))
        if ranked[0][1] >= min_count and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]):
            add("W", ranked[0][0], key)
    return sorted(entries)


def write_gazetteer(entries: Iterable[tuple[str, str, str]], path: Path) -> None:
    """Write gazetteer entries as a reproducible gzip TSV (fixed mtime, sorted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        for src, typ, key in sorted(entries):
            raw.write(f"{src}\t{typ}\t{key}\n".encode())


def load_gazetteer(path: Path | None) -> list[tuple[str, str, str]]:
    """Entries written by :func:`write_gazetteer` (empty if the file is absent)."""
    if path is None or not path.is_file():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [tuple(ln.rstrip("\n").split("\t", 2)) for ln in fh if ln.count("\t") >= 2]  # type: ignore[misc]


# Function words inside multi-word names ("بنك الخليج في البحرين") say nothing about the name on their own.
_GAZ_STOP = frozenset(
    match_key(w)
    for w in [
        "في",
        "من",
        "إلى",
        "على",
        "عن",
        "مع",
        "بين",
        "ابن",
        "بن",
        "أبو",
        "أبي",
        "بنت",
        "آل",
        "عبد",
        "الى",
        "علي",
        "ذات",
        "ذو",
        "لا",
        "ما",
    ]
)


class Gazetteer:
    """Word-level and phrase-level lookup over gazetteer entries.

    Word level: for each word of an entry, ``gz<src>=<type>`` (and ``gz<src>1=<type>`` for one-word entries).
    Phrase level: longest match of multi-word entries over a sentence's stems, giving ``gp=B-<type>`` /
    ``gp=I-<type>`` on the covered tokens.
    """

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        words: dict[str, set[str]] = {}
        phrases: dict[str, set[str]] = {}
        self.max_len = 1
        for src, typ, key in entries:
            parts = key.split()
            if len(parts) == 1:
                words.setdefault(parts[0], set()).update((f"gz{src}={typ}", f"gz{src}1={typ}"))
                continue
            for w in parts:
                if len(w) > 2 and w not in _GAZ_STOP:
                    words.setdefault(w, set()).add(f"gz{src}={typ}")
            if len(parts) <= 6:
                phrases.setdefault(key, set()).add(typ)
                self.max_len = max(self.max_len, len(parts))
        self.words: dict[str, tuple[str, ...]] = {w: tuple(sorted(f)) for w, f in words.items()}
        self.phrases: dict[str, str] = {k: sorted(v)[0] for k, v in phrases.items() if len(v) == 1}
        self.first_words = frozenset(k.split(" ", 1)[0] for k in self.phrases)

    def phrase_features(self, keys: Sequence[str], alts: Sequence[str]) -> list[tuple[int, int, str]]:
        """``(start, end, type)`` of the longest multi-word matches; a word matches by its key or its stem."""
        found: list[tuple[int, int, str]] = []
        n = len(keys)
        i = 0
        first = self.first_words
        while i < n:
            if keys[i] in first or alts[i] in first:
                for length in range(min(self.max_len, n - i), 1, -1):
                    for head in (keys[i], alts[i]):
                        typ = self.phrases.get(" ".join((head, *keys[i + 1 : i + length])))
                        if typ:
                            found.append((i, i + length, typ))
                            break
                    else:
                        continue
                    i += length - 1
                    break
            i += 1
        return found


# --------------------------------------------------------------------------------------------------------------
# Features


def _keys(words: str) -> frozenset[str]:
    return frozenset(match_key(w) for w in words.split())


# Words that announce a name nearby. They are a feature of the word itself, and so of its neighbours' features.
TRIGGERS: dict[str, frozenset[str]] = {
    "PTITLE": _keys(
        "السيد السيدة الرئيس رئيس الرئيسة نائب النائب الشيخ الشيخة الأمير الأميرة الملك الملكة السلطان الدكتور د. "
        "المهندس الأستاذ العقيد اللواء الفريق العميد المشير الجنرال السفير سفير الوزير وزير وزيرة المستشار "
        "مستشار المتحدث الناطق الأمين أمين الحاج الإمام البابا القاضي الزعيم زعيم المدرب اللاعب الفنان الكاتب "
        "الشاعر سمو معالي فخامة جلالة سعادة السيناتور المرشح المبعوث مبعوث الممثل الدكتورة المدير مدير المواطن "
        "خادم الحرمين ولي العهد"
    ),
    "PNAME": _keys("بن ابن بنت أبو أبي أبا آل عبد"),
    "SAY": _keys(
        "قال وقال قالت وقالت أكد وأكد أكدت أعلن وأعلن أعلنت صرح وصرح أوضح وأوضح ذكر وذكر أضاف وأضاف أشار وأشار "
        "أفاد وأفاد لفت يقول تقول بحسب حسب ويقول وأفادت وأشارت وأضافت وذكرت"
    ),
    "LTRIG": _keys(
        "مدينة محافظة منطقة ولاية دولة جمهورية مملكة عاصمة العاصمة قرية بلدة إقليم جزيرة جزر نهر بحر خليج جبل "
        "شارع حي ميناء مطار بلاد مدينتي بمدينة بمحافظة بمنطقة لمدينة في إلى من عواصم سواحل"
    ),
    "OTRIG": _keys(
        "شركة منظمة جامعة وزارة هيئة مؤسسة بنك مصرف حزب حركة جمعية اتحاد مجلس لجنة صندوق وكالة مجموعة معهد "
        "مركز نادي منتدى أكاديمية محكمة جبهة جيش قوات صحيفة قناة إذاعة تلفزيون مجلة الأمم جماعة تنظيم "
        "الشركة المنظمة الجامعة الوزارة الهيئة المؤسسة البنك الحزب الحركة مكتب غرفة سوق بورصة مصنع"
    ),
    "MTRIG": _keys(
        "بطولة كأس جائزة مهرجان معرض مؤتمر قمة حرب اتفاقية معاهدة ريال دولار يورو جنيه دينار درهم عملية "
        "مبادرة برنامج مشروع خطة رؤية"
    ),
    "TIME": _keys(
        "يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر كانون شباط آذار نيسان "
        "أيار حزيران تموز آب أيلول تشرين الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت اليوم أمس غدا"
    ),
}
_TRIGGER_OF: dict[str, str] = {}
for _cls, _words in TRIGGERS.items():
    for _w in _words:
        _TRIGGER_OF.setdefault(_w, _cls)

_PUNCT_CLASS = {'"': "Q", "«": "Q", "»": "Q", "'": "Q", "(": "P", ")": "P", "،": ",", ",": ",", ".": "."}


def _shape(tok: str, key: str) -> str:
    """Coarse word shape: A (Arabic), Latin case pattern, digits, or the punctuation class."""
    ch = key[:1]
    if not ch:
        return "E"
    if "\u0621" <= ch <= "\u06ff":
        return "A" if len(key) > 1 else "A1"
    if ch.isdigit():
        return "D" if key.isdigit() else "D."
    if ch.isalpha():
        if tok[:1].isupper():
            return "LU" if tok.isupper() and len(tok) > 1 else "LC"
        return "Ll"
    return "X" + _PUNCT_CLASS.get(ch, ch if len(key) == 1 else "x")


@dataclass(slots=True)
class WordFeatures:
    """Everything the CRF sees of one word type, computed once and memoised by :class:`Featurizer`.

    ``own`` are the word's features at its own position; ``m1``/``m2`` what it contributes to the tokens one and
    two places after it (prefixed ``-1``/``-2``: "the previous word is …"), ``p1``/``p2`` to the tokens before it.
    ``vec`` is filled by :class:`Tagger` with the summed weights of those five lists, one row each.
    """

    key: str
    alt: str
    own: list[str]
    m1: list[str]
    m2: list[str]
    p1: list[str]
    p2: list[str]
    vid: int = -1
    gen: int = -1


class Featurizer:
    """Turns token sequences into crfsuite attribute lists, with a per-word-type cache.

    The cache holds at most ``cache_size`` word types and is simply emptied when full: news vocabulary is
    Zipfian, so it refills with the frequent words at once, and clearing costs nothing per lookup (an LRU's
    bookkeeping would be paid on every token).
    """

    def __init__(
        self,
        clusters: dict[str, tuple[str, ...]] | None = None,
        gazetteer: Gazetteer | None = None,
        cache_size: int = 50_000,
        bigrams: bool = True,
    ) -> None:
        self.clusters = clusters or {}
        self.gazetteer = gazetteer or Gazetteer([])
        self.cache: dict[str, WordFeatures] = {}
        self.cache_size = cache_size
        self.bigrams = bigrams
        self.generation = 0  # bumped when the cache is emptied, so that derived tables (the decoder's) reset too
        ranks = {w: i for i, w in enumerate(self.clusters)}
        self._rank = ranks

    # -- per word type -------------------------------------------------------------------------------------
    def _known(self, w: str) -> bool:
        return w in self._rank or w in self.gazetteer.words

    def analyse(self, key: str) -> tuple[str, str, str]:
        """``(proclitics, stem with its article, bare stem)`` of a match key.

        Conjunction و/ف and prepositions ب/ك/ل are stripped only with the article (وال، بال، لل …), or when the
        rest is a word known to the clusters or gazetteers and more frequent than the whole: "وزير" stays
        whole, "وواشنطن" becomes "واشنطن".
        """
        rest = key
        pre = ""
        if len(rest) > 3 and rest[0] in "وف":
            cand = rest[1:]
            if cand.startswith(("ال", "بال", "لل", "كال")) or self._better(cand, rest):
                pre, rest = rest[0], cand
        if len(rest) > 4 and rest.startswith("لل"):
            return pre + "لل", "ال" + rest[2:], rest[2:]
        if len(rest) > 4 and rest[0] in "بكل" and rest[1:3] == "ال":
            return pre + rest[:3], rest[1:], rest[3:]
        if len(rest) > 4 and rest.startswith("ال"):
            return pre + "ال", rest, rest[2:]
        if len(rest) > 3 and rest[0] in "بكل" and self._better(rest[1:], rest):
            return pre + rest[0], rest[1:], rest[1:]
        return pre, rest, rest

    def _better(self, part: str, whole: str) -> bool:
        rp = self._rank.get(part)
        if rp is None:
            return part in self.gazetteer.words and whole not in self.gazetteer.words and whole not in self._rank
        rw = self._rank.get(whole)
        return rw is None or rp < rw

    def word(self, tok: str) -> WordFeatures:
        """Features of one word type (cached)."""
        wf = self.cache.get(tok)
        if wf is not None:
            return wf
        if len(self.cache) >= self.cache_size:
            self.cache.clear()
            self.generation += 1
        wf = self._compute(tok)
        self.cache[tok] = wf
        return wf

    def _compute(self, tok: str) -> WordFeatures:
        tok = tok[:MAX_TOKEN_CHARS]
        key = match_key(tok)
        shape = _shape(tok, key)
        if shape[0] == "D":
            wkey = "<num>" if shape == "D" else "<num.>"
            key_feat = f"w={wkey}"
            pre, with_al, bare = "", key, key
        else:
            key_feat = f"w={key}"
            pre, with_al, bare = self.analyse(key) if shape[0] == "A" else ("", key, key)
        own = ["b", key_feat, f"sh={shape}"]
        near = [key_feat, f"sh={shape}"]
        far = [key_feat]
        if shape[0] == "A":
            own += [
                f"st={bare}",
                f"pc={pre}",
                f"p2={bare[:2]}",
                f"p3={bare[:3]}",
                f"s1={key[-1:]}",
                f"s2={key[-2:]}",
                f"s3={key[-3:]}",
                f"ln={min(len(bare), 8)}",
            ]
            near += [f"st={bare}", f"pc={pre}"]
            far.append(f"st={bare}")
        elif shape[0] == "L":
            own += [f"p3={key[:3]}", f"s3={key[-3:]}"]
        # clusters: the word itself, else its stem with the article, else the bare stem
        cl = self.clusters.get(key) or self.clusters.get(with_al) or self.clusters.get(bare)
        if cl:
            own += [f"c{j}={c}" for j, c in enumerate(cl)]
            near.append(f"c1={cl[1] if len(cl) > 1 else cl[0]}")
            far.append(f"c0={cl[0]}")
        elif shape[0] in "AL":
            own.append("oov")
        gz = self.gazetteer.words
        g = gz.get(key) or gz.get(with_al) or gz.get(bare) or ()
        if g:
            own += g
            near += g
        trig = _TRIGGER_OF.get(key) or _TRIGGER_OF.get(with_al) or _TRIGGER_OF.get(bare)
        if trig:
            own.append(f"tr={trig}")
            near.append(f"tr={trig}")
            far.append(f"tr={trig}")
        alt = with_al if with_al != key else bare
        return WordFeatures(
            key=key if shape[0] != "D" else "<num>",
            alt=alt,
            own=own,
            m1=[f"-1{f}" for f in near],
            m2=[f"-2{f}" for f in far],
            p1=[f"1{f}" for f in near],
            p2=[f"2{f}" for f in far],
        )

    # -- per sentence --------------------------------------------------------------------------------------
    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """Attribute lists for one sentence, in token order."""
        cache = self.cache
        wfs = [cache.get(t) or self.word(t) for t in tokens]
        n = len(wfs)
        if n == 0:
            return []
        keys = [w.key for w in wfs]
        m1 = [_BOS1, *(w.m1 for w in wfs[:-1])]
        m2 = [_NONE, _BOS2, *(w.m2 for w in wfs[:-2])][:n]
        p1 = [*(w.p1 for w in wfs[1:]), _EOS1]
        p2 = [*(w.p2 for w in wfs[2:]), _NONE, _NONE][:n]
        out = [o.own + a + b + c + d for o, a, b, c, d in zip(wfs, m1, m2, p1, p2, strict=True)]
        if self.bigrams:
            for i in range(1, n):
                out[i].append(f"bg-={keys[i - 1]}|{keys[i]}")
                out[i - 1].append(f"bg+={keys[i - 1]}|{keys[i]}")
        if self.gazetteer.phrases and n > 1:
            for start, end, typ in self.gazetteer.phrase_features(keys, [w.alt for w in wfs]):
                out[start].append(f"gp=B-{typ}")
                for j in range(start + 1, end):
                    out[j].append(f"gp=I-{typ}")
        return out


_BOS1 = ["BOS"]
_BOS2 = ["-2BOS"]
_EOS1 = ["EOS"]
_NONE: list[str] = []


# --------------------------------------------------------------------------------------------------------------
# Evaluation


def entities(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` of a BIO sequence, read as conlleval does (a stray I- starts one)."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != typ):
            if typ:
                spans.append((start, i, typ))
            start, typ = (i, tag[2:]) if tag != "O" else (-1, "")
    return spans


@dataclass
class Scores:
    """Entity-level precision/recall/F1 per type and overall (micro-averaged)."""

    counts: dict[str, list[int]]  # type → [true positives, predicted, gold]

    def prf(self, typ: str | None = None) -> tuple[float, float, float]:
        """``(precision, recall, f1)`` of one type, or overall when ``typ`` is None."""
        if typ is None:
            tp, pred, gold = (sum(c[k] for c in self.counts.values()) for k in range(3))
        else:
            tp, pred, gold = self.counts.get(typ, [0, 0, 0])
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def f1(self) -> float:
        return self.prf()[2]

    def table(self) -> str:
        """A small fixed-width table, one line per type and one overall."""
        lines = [f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}"]
        for typ in [*TYPES, None]:
            if typ is not None and typ not in self.counts:
                continue
            p, r, f = self.prf(typ)
            gold = sum(c[2] for c in self.counts.values()) if typ is None else self.counts[typ][2]
            lines.append(f"{typ or 'overall':<8}{p:>8.4f}{r:>8.4f}{f:>8.4f}{gold:>8d}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, dict[str, float]]:
        """Figures as plain data, for ``ner.json``."""
        out = {}
        for typ in [*TYPES, None]:
            if typ is None or typ in self.counts:
                p, r, f = self.prf(typ)
                out[typ or "overall"] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
        return out


def evaluate(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> Scores:
    """Entity-level scores: an entity counts only with exact span and type (conlleval's rule)."""
    counts: dict[str, list[int]] = {t: [0, 0, 0] for t in TYPES}
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(entities(g)), set(entities(p))
        for _, _, t in gs:
            counts.setdefault(t, [0, 0, 0])[2] += 1
        for span in ps:
            c = counts.setdefault(span[2], [0, 0, 0])
            c[1] += 1
            if span in gs:
                c[0] += 1
    return Scores(counts)


# --------------------------------------------------------------------------------------------------------------
# Training


@dataclass
class TrainConfig:
    """CRF settings (L-BFGS with elastic-net regularisation)."""

    c1: float = 0.05
    c2: float = 0.05
    max_iterations: int = 200
    minfreq: float = 1.0
    extra: dict[str, object] = field(default_factory=dict)

    def params(self) -> dict[str, object]:
        return {
            "c1": self.c1,
            "c2": self.c2,
            "max_iterations": self.max_iterations,
            "feature.minfreq": self.minfreq,
            "feature.possible_transitions": True,
            "feature.possible_states": False,
            **self.extra,
        }


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else ""


def prepare_resources(
    out_dir: Path, clusters: Path | None = None, gazetteer: Path | list[tuple[str, str, str]] | None = None
) -> None:
    """Put the clusters and gazetteer files next to the model, where :class:`Tagger` will look for them.

    ``clusters`` is a cluster file to copy (None: keep whatever ``out_dir`` has); ``gazetteer`` is a
    gazetteer folder to index, a prepared entry list, or None (keep whatever is there).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    if clusters is not None and clusters.resolve() != (out_dir / CLUSTERS_FILE).resolve():
        shutil.copyfile(clusters, out_dir / CLUSTERS_FILE)
    if isinstance(gazetteer, Path):
        write_gazetteer(build_gazetteer(gazetteer), out_dir / GAZETTEER_FILE)
    elif isinstance(gazetteer, list):
        write_gazetteer(gazetteer, out_dir / GAZETTEER_FILE)


def featurizer_for(model_dir: Path) -> Featurizer:
    """The featuriser a model in ``model_dir`` was trained with (its clusters and gazetteer files)."""
    return Featurizer(load_clusters(model_dir / CLUSTERS_FILE), Gazetteer(load_gazetteer(model_dir / GAZETTEER_FILE)))


def train_sentences(
    sentences: Sequence[Sentence],
    model_path: str | os.PathLike[str],
    config: TrainConfig | None = None,
    *,
    featurizer: Featurizer | None = None,
    meta: dict[str, object] | None = None,
) -> dict[str, object]:
    """Fit the CRF on tagged sentences and write ``model_path`` (+ ``ner.json`` beside it).

    The featuriser defaults to the resources already in the model's folder (see :func:`prepare_resources`).
    Training is deterministic: crfsuite's L-BFGS has no randomness and sentences are appended in order. The
    model is written to a temporary file and moved into place, so a failed run never leaves half a model.
    """
    import pycrfsuite

    if not sentences:
        raise ValueError("no training sentences")
    model_path = Path(model_path)
    model_dir = model_path.parent
    config = config or TrainConfig()
    feats = featurizer or featurizer_for(model_dir)
    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    n_tokens = 0
    for sent in sentences:
        toks = [t for t, _ in sent]
        trainer.append(feats.sentence(toks), [t for _, t in sent])
        n_tokens += len(toks)
    trainer.select("lbfgs", "crf1d")
    trainer.set_params(config.params())
    model_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=model_dir, suffix=".tmp")
    os.close(fd)
    try:
        trainer.train(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the model is package data
        os.replace(tmp, model_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    seconds = time.perf_counter() - t0
    last = trainer.logparser.last_iteration or {}
    info: dict[str, object] = {
        "feature_version": FEATURE_VERSION,
        "model": model_path.name,
        "clusters": CLUSTERS_FILE if (model_dir / CLUSTERS_FILE).is_file() else None,
        "clusters_sha256_16": _sha(model_dir / CLUSTERS_FILE),
        "gazetteer": GAZETTEER_FILE if (model_dir / GAZETTEER_FILE).is_file() else None,
        "gazetteer_sha256_16": _sha(model_dir / GAZETTEER_FILE),
        "params": config.params(),
        "sentences": len(sentences),
        "tokens": n_tokens,
        "iterations": last.get("num", None),
        "active_features": last.get("active_features", None),
        "train_seconds": round(seconds, 1),
        **(meta or {}),
    }
    (model_dir / META_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return info


def train(
    conll_paths: Sequence[str | os.PathLike[str]],
    model_path: str | os.PathLike[str],
    config: TrainConfig | None = None,
    *,
    clusters: Path | None = None,
    gazetteer: Path | list[tuple[str, str, str]] | None = None,
    max_sentences: int | None = None,
) -> dict[str, object]:
    """Train from CoNLL files (any of the supported tag sets) into ``model_path``.

    ``clusters`` / ``gazetteer`` are copied / indexed next to the model first (see :func:`prepare_resources`).
    """
    sents: list[Sentence] = []
    for p in conll_paths:
        sents += read_corpus(p)
    if max_sentences is not None:
        sents = sents[:max_sentences]
    prepare_resources(Path(model_path).parent, clusters, gazetteer)
    return train_sentences(sents, model_path, config, meta={"sources": [str(p) for p in conll_paths]})


def sample(sentences: Sequence[Sentence], fraction: float, seed: int) -> list[Sentence]:
    """A reproducible random subset (order kept), for down-weighting a large out-of-domain corpus."""
    if fraction >= 1:
        return list(sentences)
    rng = random.Random(seed)
    return [s for s in sentences if rng.random() < fraction]


# --------------------------------------------------------------------------------------------------------------
# Tagging


class Decoder:
    """Batched Viterbi in numpy over a crfsuite model's weights: the fast path of :class:`Tagger`.

    Why: crfsuite looks every attribute string up in its dictionary for every token, and the attribute lists have
    to be built in Python first; together that caps tagging near 50k tokens/s. Here the weights of a word type's
    feature lists are summed once into a 5×L block (own, as previous word, as word before that, as next word,
    as word after that) and memoised with the word; a batch of sentences then costs one gather, four shifted
    additions and a Viterbi whose loop runs over positions, not sentences. Scores are crfsuite's exactly (state
    features plus transitions, no start/end weights), so the best paths agree up to ties.
    """

    def __init__(self, info, featurizer: Featurizer) -> None:  # type: ignore[no-untyped-def]
        import numpy as np

        self.np = np
        self.labels = sorted(info.labels, key=lambda lab: int(info.labels[lab]))
        n_labels = len(self.labels)
        index = {lab: i for i, lab in enumerate(self.labels)}
        weights: dict[str, np.ndarray] = {}
        for (attr, lab), w in info.state_features.items():
            vec = weights.get(attr)
            if vec is None:
                vec = weights[attr] = np.zeros(n_labels)
            vec[index[lab]] = w
        self.weights = weights
        self.trans = np.zeros((n_labels, n_labels))
        for (a, b), w in info.transitions.items():
            self.trans[index[a], index[b]] = w
        self.zero = np.zeros(n_labels)
        self.bos, self.bos2, self.eos = (weights.get(a, self.zero) for a in ("BOS", "-2BOS", "EOS"))
        self.bigram_minus: dict[tuple[str, str], np.ndarray] = {}
        self.bigram_plus: dict[tuple[str, str], np.ndarray] = {}
        for attr, vec in weights.items():
            if attr.startswith(("bg-=", "bg+=")) and "|" in attr:
                a, b = attr[4:].split("|", 1)
                (self.bigram_minus if attr[2] == "-" else self.bigram_plus)[(a, b)] = vec
        self.phrase = {f"gp={p}-{t}": weights.get(f"gp={p}-{t}", self.zero) for p in "BI" for t in TYPES}
        self.featurizer = featurizer
        self.table = np.zeros((1024, 5, n_labels))
        self.size = 0
        self.gen = featurizer.generation

    def _row(self, wf: WordFeatures) -> int:
        """Table row of a word type, filling it on first sight in this generation."""
        if self.size == len(self.table):
            self.table = self.np.concatenate([self.table, self.np.zeros_like(self.table)])
        w = self.weights
        z = self.zero
        row = self.table[self.size]
        for j, feats in enumerate((wf.own, wf.m1, wf.m2, wf.p1, wf.p2)):
            row[j] = sum((w.get(f, z) for f in feats), z)
        wf.vid, wf.gen = self.size, self.gen
        self.size += 1
        return wf.vid

    def decode(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Best label sequence of each (non-empty) sentence, as label strings."""
        np = self.np
        fz = self.featurizer
        cache = fz.cache
        lens = [len(s) for s in sentences]
        wfs = [cache.get(t) or fz.word(t) for s in sentences for t in s]
        if fz.generation != self.gen:
            self.gen, self.size = fz.generation, 0
        gen = self.gen
        ids = np.fromiter((w.vid if w.gen == gen else self._row(w) for w in wfs), dtype=np.int64, count=len(wfs))
        n = len(wfs)
        lens_a = np.asarray(lens, dtype=np.int64)
        starts = np.zeros(len(lens) + 1, dtype=np.int64)
        np.cumsum(lens_a, out=starts[1:])
        pos = np.arange(n) - np.repeat(starts[:-1], lens_a)
        left = np.repeat(lens_a, lens_a) - pos - 1  # tokens after this one in its sentence
        block = self.table[ids]
        em = block[:, 0].copy()
        em[1:] += block[:-1, 1] * (pos[1:] >= 1)[:, None]
        em[2:] += block[:-2, 2] * (pos[2:] >= 2)[:, None]
        em[:-1] += block[1:, 3] * (left[:-1] >= 1)[:, None]
        em[:-2] += block[2:, 4] * (left[:-2] >= 2)[:, None]
        em[pos == 0] += self.bos
        em[pos == 1] += self.bos2
        em[left == 0] += self.eos
        keys = [w.key for w in wfs]
        if self.bigram_minus or self.bigram_plus:
            bm, bp = self.bigram_minus, self.bigram_plus
            for i in np.nonzero(pos[1:] >= 1)[0].tolist():
                pair = (keys[i], keys[i + 1])
                v = bm.get(pair)
                if v is not None:
                    em[i + 1] += v
                v = bp.get(pair)
                if v is not None:
                    em[i] += v
        gaz = fz.gazetteer
        if gaz.phrases:
            alts = [w.alt for w in wfs]
            ph = self.phrase
            for k in range(len(lens)):
                a, b = int(starts[k]), int(starts[k + 1])
                if b - a > 1:
                    for s0, e0, typ in gaz.phrase_features(keys[a:b], alts[a:b]):
                        em[a + s0] += ph[f"gp=B-{typ}"]
                        for j in range(a + s0 + 1, a + e0):
                            em[j] += ph[f"gp=I-{typ}"]
        # Viterbi over all sentences at once, padded to the longest; finished sentences carry their scores.
        n_sent, width, n_labels = len(lens), int(lens_a.max()) if lens else 0, len(self.labels)
        if n == 0:
            return [[] for _ in lens]
        padded = np.zeros((n_sent, width, n_labels))
        padded[np.repeat(np.arange(n_sent), lens_a), pos] = em
        score = padded[:, 0].copy()
        back = np.empty((width, n_sent, n_labels), dtype=np.int64)
        ident = np.broadcast_to(np.arange(n_labels), (n_sent, n_labels))
        trans = self.trans[None]
        for t in range(1, width):
            cand = score[:, :, None] + trans
            best = cand.argmax(axis=1)
            new = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + padded[:, t]
            active = (lens_a > t)[:, None]
            score = np.where(active, new, score)
            back[t] = np.where(active, best, ident)
        cur = score.argmax(axis=1)
        path = np.empty((n_sent, width), dtype=np.int64)
        rows = np.arange(n_sent)
        for t in range(width - 1, 0, -1):
            path[:, t] = cur
            cur = back[t, rows, cur]
        path[:, 0] = cur
        labels = self.labels
        return [[labels[j] for j in path[k, :length].tolist()] for k, length in enumerate(lens)]


class Tagger:
    """A trained model with its featuriser and fast decoder.

    Tagging runs :class:`Decoder` (numpy) by default; ``engine="crfsuite"`` uses crfsuite's own tagger, the
    reference the decoder is tested against. The featuriser's cache is shared, so use one Tagger per thread.
    """

    def __init__(self, model_path: str | os.PathLike[str] | None = None, engine: str = "numpy") -> None:
        import pycrfsuite

        path = Path(model_path) if model_path else DEFAULT_MODEL_DIR / MODEL_FILE
        if path.is_dir():
            path = path / MODEL_FILE
        if not path.is_file():
            raise FileNotFoundError(f"NER model not found: {path} (train one with `marsad train-ner`)")
        self.path = path
        self.featurizer = featurizer_for(path.parent)
        self.crf = pycrfsuite.Tagger()
        try:
            self.crf.open(str(path))
        except Exception as exc:  # crfsuite raises bare ValueError/OSError on a corrupt file
            raise ValueError(f"cannot open NER model {path}: {exc}") from None
        self.engine = engine
        self.decoder = Decoder(self.crf.info(), self.featurizer) if engine == "numpy" else None

    def tag_sentences(self, sentences: Sequence[Sequence[str]], batch: int = 256) -> list[list[str]]:
        """BIO tags (PERS/LOC/ORG/MISC) for many sentences of tokens; sentences of similar length are batched."""
        out: list[list[str]] = [[] for _ in sentences]
        if self.decoder is None:
            sentence = self.featurizer.sentence
            for k, s in enumerate(sentences):
                if s:
                    out[k] = repair_bio(self.crf.tag(sentence(s)))
            return out
        order = sorted((k for k, s in enumerate(sentences) if s), key=lambda k: len(sentences[k]))
        for lo in range(0, len(order), batch):
            part = order[lo : lo + batch]
            for k, tags in zip(part, self.decoder.decode([sentences[k] for k in part]), strict=True):
                out[k] = repair_bio(tags)
        return out

    def tag_tokens(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags (PERS/LOC/ORG/MISC) for one sentence of tokens."""
        return self.tag_sentences([tokens])[0] if tokens else []

    def tag_text(self, text: str) -> list[tuple[int, int, str]]:
        """Entity spans ``(start, end, type)`` with character offsets into ``text``.

        The text is tokenised by :mod:`marsad.text.tokens` and cut into sentence-ish chunks (sentence-final
        punctuation, newlines, at most 80 tokens) so that sequences stay short, as in the training data; all
        chunks of the text are decoded in one batch.
        """
        return self.tag_texts([text])[0]

    def tag_texts(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """:meth:`tag_text` for many texts at once: one decoding batch, so numpy's per-call cost is shared.

        Prefer it when articles arrive in batches: the Viterbi loop runs once per position for the whole batch.
        """
        jobs: list[tuple[int, list[tuple[int, int]], list[int]]] = []
        sents: list[list[str]] = []
        for k, text in enumerate(texts):
            spans = [m.span() for m in TOKEN_RE.finditer(text)]
            if not spans:
                continue
            for chunk in sentence_chunks(text, spans):
                jobs.append((k, spans, chunk))
                sents.append([text[spans[i][0] : spans[i][1]] for i in chunk])
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        for (k, spans, chunk), tags in zip(jobs, self.tag_sentences(sents, batch=max(256, len(sents))), strict=True):
            for s, e, typ in entities(tags):
                out[k].append((spans[chunk[s]][0], spans[chunk[e - 1]][1], typ))
        return out


_default: Tagger | None = None
_default_lock = threading.Lock()


def default_tagger() -> Tagger:
    """The packaged model (``marsad/entities/models/``), loaded on first use and shared afterwards."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Tagger(DEFAULT_MODEL_DIR / MODEL_FILE)
    return _default


def tag_text(text: str) -> list[tuple[int, int, str]]:
    """Entity spans of ``text`` by the packaged model (see :meth:`Tagger.tag_text`)."""
    return default_tagger().tag_text(text)
