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

import gc
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
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from marsad.text.normalise import match_key, match_keys
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
        parts_of = [k.split(" ") for k in self.phrases]
        self.prefixes = frozenset(" ".join(p[:j]) for p in parts_of for j in range(2, len(p) + 1))

    def phrase_features(self, keys: Sequence[str], alts: Sequence[str]) -> list[tuple[int, int, str]]:
        """``(start, end, type)`` of the longest multi-word matches; a word matches by its key or its stem."""
        found: list[tuple[int, int, str]] = []
        n = len(keys)
        i = 0
        first = self.first_words
        while i < n:
            if keys[i] in first or alts[i] in first:
                hit = self.match_at(keys, alts, i, n)
                if hit:
                    found.append((i, i + hit[0], hit[1]))
                    i += hit[0] - 1
            i += 1
        return found

    def match_at(self, keys: Sequence[str], alts: Sequence[str], i: int, n: int) -> tuple[int, str] | None:
        """``(length, type)`` of the longest phrase starting at ``i`` and ending by ``n``, its head matched by key
        or stem (by key when both give the same length); None if there is none. The one matching rule of
        :meth:`phrase_features` and :class:`Decoder`.

        Phrases are grown a word at a time and given up as soon as no phrase starts that way (``prefixes``):
        most heads are common words that start no phrase with the next word, so a miss costs one lookup.
        """
        best: tuple[int, str] | None = None
        limit = min(self.max_len, n - i)
        for head in (keys[i], alts[i]):
            text = head
            for length in range(2, limit + 1):
                text = f"{text} {keys[i + length - 1]}"
                if text not in self.prefixes:
                    break
                typ = self.phrases.get(text)
                if typ and (best is None or length > best[0]):
                    best = (length, typ)
        return best


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


class WordParts(NamedTuple):
    """What one word's features are made from (:meth:`Featurizer.parts`).

    ``key`` is the word's key for bigrams and phrases (``<num>`` for numbers) and ``alt`` its stem for phrase
    heads; ``match_key`` is :func:`match_key` of the word, ``wkey`` its ``w=`` value, ``proclitics`` and ``bare``
    what :meth:`Featurizer.analyse` strips and leaves; ``clusters`` (ids, coarse to fine), ``gazetteer`` (feature
    strings) and ``trigger`` (class) are empty when the word has none.
    """

    key: str
    alt: str
    match_key: str
    wkey: str
    shape: str
    proclitics: str
    bare: str
    clusters: tuple[str, ...]
    gazetteer: tuple[str, ...]
    trigger: str


@dataclass(slots=True)
class WordFeatures:
    """Everything the CRF sees of one word type, computed once and memoised by :class:`Featurizer`.

    ``own`` are the word's features at its own position; ``m1``/``m2`` what it contributes to the tokens one and
    two places after it (prefixed ``-1``/``-2``: "the previous word is …"), ``p1``/``p2`` to the tokens before it.
    Used to build crfsuite's attribute lists (training, the crfsuite engine); :class:`Decoder` keeps its own table.
    """

    key: str
    alt: str
    own: list[str]
    m1: list[str]
    m2: list[str]
    p1: list[str]
    p2: list[str]


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
        wf = self._compute(tok)
        self.cache[tok] = wf
        return wf

    def _compute(self, tok: str) -> WordFeatures:
        key, alt, own, near, far = self.describe(tok)
        return WordFeatures(
            key=key,
            alt=alt,
            own=own,
            m1=[f"-1{f}" for f in near],
            m2=[f"-2{f}" for f in far],
            p1=[f"1{f}" for f in near],
            p2=[f"2{f}" for f in far],
        )

    def parts(self, tok: str, key: str | None = None) -> WordParts:
        """What every feature of one word is made from (see :class:`WordParts`).

        ``key`` may be given when already computed (:func:`match_keys` keys many words in one call).
        """
        tok = tok[:MAX_TOKEN_CHARS]
        if key is None:
            key = match_key(tok)
        shape = _shape(tok, key)
        if shape[0] == "D":
            wkey = "<num>" if shape == "D" else "<num.>"
            pre, with_al, bare = "", key, key
        else:
            wkey = key
            pre, with_al, bare = self.analyse(key) if shape[0] == "A" else ("", key, key)
        clusters, gz = self.clusters, self.gazetteer.words
        return WordParts(
            key if shape[0] != "D" else "<num>",
            with_al if with_al != key else bare,
            key,
            wkey,
            shape,
            pre,
            bare,
            clusters.get(key) or clusters.get(with_al) or clusters.get(bare) or (),
            gz.get(key) or gz.get(with_al) or gz.get(bare) or (),
            _TRIGGER_OF.get(key) or _TRIGGER_OF.get(with_al) or _TRIGGER_OF.get(bare) or "",
        )

    def describe(self, tok: str, key: str | None = None) -> tuple[str, str, list[str], list[str], list[str]]:
        """``(key, alt, own, near, far)`` of one word: the features it gives itself and its neighbours.

        ``near`` (what the words one place away see of it) and ``far`` (two places away) are subsequences of
        ``own`` in the same order whenever every cluster entry has at least two levels; :class:`Decoder` relies
        on that to sum all five lists' weights from one pass over ``own``, and builds ``own``'s features from
        :meth:`parts` the same way as here (a test holds the two to the same answers). ``key`` and ``alt`` are
        what the bigram and phrase features use.
        """
        p = self.parts(tok, key)
        key_feat = f"w={p.wkey}"
        shape, bare, cl, g, trig = p.shape, p.bare, p.clusters, p.gazetteer, p.trigger
        own = ["b", key_feat, f"sh={shape}"]
        near = [key_feat, f"sh={shape}"]
        far = [key_feat]
        if shape[0] == "A":
            mkey = p.match_key
            own += [
                f"st={bare}",
                f"pc={p.proclitics}",
                f"p2={bare[:2]}",
                f"p3={bare[:3]}",
                f"s1={mkey[-1:]}",
                f"s2={mkey[-2:]}",
                f"s3={mkey[-3:]}",
                f"ln={min(len(bare), 8)}",
            ]
            near += [f"st={bare}", f"pc={p.proclitics}"]
            far.append(f"st={bare}")
        elif shape[0] == "L":
            own += [f"p3={p.match_key[:3]}", f"s3={p.match_key[-3:]}"]
        # clusters: the word itself, else its stem with the article, else the bare stem
        if cl:
            own += [f"c{j}={c}" for j, c in enumerate(cl)]
            near.append(f"c1={cl[1] if len(cl) > 1 else cl[0]}")
            far.append(f"c0={cl[0]}")
        elif shape[0] in "AL":
            own.append("oov")
        if g:
            own += g
            near += g
        if trig:
            own.append(f"tr={trig}")
            near.append(f"tr={trig}")
            far.append(f"tr={trig}")
        return p.key, p.alt, own, near, far

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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a tagging call, then restore its previous state.

    Why: a call makes a few small objects per token (match objects, spans, tuples), all freed by reference
    counting and none in a cycle, but their number sets off collections that walk the whole heap — in the
    pipeline, with the knowledge base and a batch of documents loaded, that was about a quarter of the tagger's
    time. A caller that turned the collector off keeps it off. Calls in several threads share one pause (a
    count under a lock), so that the collector comes back when the last of them ends, not before, and always.
    """
    global _pauses, _resume
    with _pause_lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


_pause_lock = threading.Lock()
_pauses = 0
_resume = False


_LEFT, _RIGHT, _PHRASE, _SECOND = 1, 2, 4, 8
"""Flags of a word type in :class:`Decoder`: its key starts a weighted bigram, ends one; it may start a
gazetteer phrase (by key or stem), it is the second word of one."""


class Decoder:
    """Batched Viterbi in numpy over a crfsuite model's weights: the fast path of :class:`Tagger`.

    Why: crfsuite looks every attribute string up in its dictionary for every token, and the attribute lists have
    to be built in Python first; together that caps tagging near 50k tokens/s. Here each word type is turned, on
    first sight, into one 5×L row of summed weights (own, as previous word, as word before that, as next word, as
    word after that) and a few flags, and remembered by its string; a batch of sentences then costs one
    dictionary lookup per token, one gather, four shifted additions and a Viterbi whose loop runs over
    positions, not sentences.

    Word types are cheap to add, because most of the Python work happens once per batch: the new words are keyed
    in one :func:`match_keys` call, and their features' weights come from a table of *blocks* — for every feature
    string, its five weight vectors (as ``f``, ``-1f``, ``-2f``, ``1f``, ``2f``) — summed by numpy for all new
    words at once, in the order of the word's own features. As the neighbour lists are subsequences of that
    order (see :meth:`Featurizer.describe`) and the missing terms are zeros, every sum is the same floating-point
    sum, term for term, as adding up each list on its own: the scores, and so the tags, are exactly those of
    summing the attribute lists, and crfsuite's (state features plus transitions, no start/end weights) up to
    ties. Bigram and phrase features are looked up only where a word's flags say one can apply.

    The word table holds at most ``cache_size`` types and is emptied when full (at the start of a batch): news
    vocabulary is Zipfian, so it refills with the frequent words at once; a type costs about 0.5 KB.
    """

    def __init__(self, info, featurizer: Featurizer, cache_size: int = 100_000) -> None:  # type: ignore[no-untyped-def]
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
        self.block_of: dict[str, int] = {}  # block 0: a feature the model has no weight for
        parts: list[tuple[int, int, np.ndarray]] = []
        for attr, vec in weights.items():
            if attr.startswith(("bg-=", "bg+=")) and "|" in attr:
                a, b = attr[4:].split("|", 1)
                (self.bigram_minus if attr[2] == "-" else self.bigram_plus)[(a, b)] = vec
                continue
            if attr.startswith("gp=") or attr in ("BOS", "-2BOS", "EOS"):
                continue
            if attr.startswith(("-1", "-2")):
                j, base = (1 if attr[1] == "1" else 2), attr[2:]
            elif attr.startswith(("1", "2")):
                j, base = (3 if attr[0] == "1" else 4), attr[1:]
            else:
                j, base = 0, attr
            k = self.block_of.setdefault(base, len(self.block_of) + 1)
            parts.append((k, j, vec))
        self.blocks = np.zeros((len(self.block_of) + 1, 5, n_labels))
        for k, j, vec in parts:
            self.blocks[k, j] = vec
        # The same blocks by feature name and value, so that a word's blocks are found without building its
        # feature strings (see _blocks_of).
        self.family: dict[str, dict[str, int]] = {}
        for base, k in self.block_of.items():
            name, eq, value = base.partition("=")
            if eq:
                self.family.setdefault(name, {})[value] = k
        self.gaz_blocks: dict[tuple[str, ...], list[int]] = {}
        fam = self.family
        levels = max((len(c) for c in featurizer.clusters.values()), default=0)
        self._tables = (
            self.block_of.get("b", 0),
            self.block_of.get("oov", 0),
            *(fam.get(name, {}) for name in ("w", "sh", "st", "pc", "p2", "p3", "s1", "s2", "s3")),
            [fam.get("ln", {}).get(str(n), 0) for n in range(9)],
            fam.get("tr", {}),
            [fam.get(f"c{j}", {}) for j in range(levels)],
        )
        self.phrase = {f"gp={p}-{t}": weights.get(f"gp={p}-{t}", self.zero) for p in "BI" for t in TYPES}
        self.second_words = frozenset(k.split(" ")[1] for k in featurizer.gazetteer.phrases)
        self.left_keys = frozenset(a for a, _ in [*self.bigram_minus, *self.bigram_plus])
        self.right_keys = frozenset(b for _, b in [*self.bigram_minus, *self.bigram_plus])
        self.featurizer = featurizer
        # Blocks sum exactly only if the neighbours' features are a subsequence of the word's own (the
        # docstring of Featurizer.describe); a one-level cluster file would break that, so it takes the slow sums.
        self.exact_blocks = all(len(c) >= 2 for c in featurizer.clusters.values())
        self.label_type = np.array([0 if lab == "O" else 1 + TYPES.index(lab[2:]) for lab in self.labels])
        self.label_begins = np.array([lab.startswith("B-") for lab in self.labels])
        self.cache_size = cache_size
        self._reset()

    def _reset(self) -> None:
        """Forget every word type (the table is full, or the model's resources changed)."""
        np = self.np
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self.alts: list[str] = []
        self.table = np.zeros((1024, 5, len(self.labels)))
        self.flags = np.zeros(1024, dtype=np.uint8)

    @property
    def size(self) -> int:
        """Word types held."""
        return len(self.keys)

    def _add(self, tokens: list[str]) -> None:
        """Rows, keys and flags of new word types (distinct, not yet held), appended to the table."""
        np = self.np
        fz = self.featurizer
        n0, n_new = self.size, len(tokens)
        if n0 + n_new >= len(self.table):  # >=: one zero row always stays free at the end (decode_flat uses it)
            grow = max(n0 + n_new + 1, 2 * len(self.table))
            self.table = np.concatenate([self.table[:n0], np.zeros((grow - n0, *self.table.shape[1:]))])
            self.flags = np.concatenate([self.flags[:n0], np.zeros(grow - n0, dtype=np.uint8)])
        cut = [t[:MAX_TOKEN_CHARS] for t in tokens]
        left, right, second = self.left_keys, self.right_keys, self.second_words
        firsts = fz.gazetteer.first_words
        flat_list: list[int] = []  # every new word's blocks, one word after another
        counts_list: list[int] = []
        flags: list[int] = []
        for tok, mkey in zip(cut, match_keys(cut), strict=True):
            p = fz.parts(tok, mkey)
            if self.exact_blocks:
                bl = self._blocks_of(p)
                flat_list += bl
                counts_list.append(len(bl))
            else:
                self.table[n0 + len(flags)] = self._sums(*fz.describe(tok, mkey)[2:])
            key = p.key
            self.keys.append(key)
            self.alts.append(p.alt)
            flags.append(
                (_LEFT if key in left else 0)
                | (_RIGHT if key in right else 0)
                | (_PHRASE if key in firsts or p.alt in firsts else 0)
                | (_SECOND if key in second else 0)
            )
        for tok in tokens:
            self.ids[tok] = len(self.ids)
        self.flags[n0 : n0 + n_new] = flags
        if self.exact_blocks and n_new:
            # Sum each word's blocks one term at a time, in its features' order: the same sums as list by list.
            # Words are taken longest list first, so that term k is added to the first count[k] words alone.
            flat = np.array(flat_list, dtype=np.intp)
            word = np.repeat(np.arange(n_new), counts_list)
            kept = flat != 0  # block 0 is zeros: adding it changes nothing
            flat, word = flat[kept], word[kept]
            counts = np.bincount(word, minlength=n_new)
            order = np.argsort(-counts, kind="stable")
            width = max(1, int(counts[order[0]]))
            idx = np.zeros((n_new, width), dtype=np.intp)
            idx[word, np.arange(len(flat)) - (np.cumsum(counts) - counts)[word]] = flat
            idx = idx[order]
            count = np.searchsorted(-counts[order], -np.arange(width), side="left")  # words with more than k terms
            rows = self.blocks[idx[:, 0]]
            for k in range(1, width):
                c = int(count[k])
                rows[:c] += self.blocks[idx[:c, k]]
            self.table[n0 + order] = rows

    def _blocks_of(self, p: WordParts) -> list[int]:
        """Block numbers of a word's own features in :meth:`Featurizer.describe`'s order, 0 for a feature the model
        has no weight for: the same features, found by name and value instead of by their strings."""
        bias, oov, w, sh, st, pc, p2, p3, s1, s2, s3, ln, tr, clusters = self._tables
        _, _, mkey, wkey, shape, proclitics, bare, cls, gaz, trigger = p  # unpacked once: cheaper than attributes
        out = [bias, w.get(wkey, 0), sh.get(shape, 0)]
        if shape[0] == "A":
            out += (
                st.get(bare, 0),
                pc.get(proclitics, 0),
                p2.get(bare[:2], 0),
                p3.get(bare[:3], 0),
                s1.get(mkey[-1:], 0),
                s2.get(mkey[-2:], 0),
                s3.get(mkey[-3:], 0),
                ln[min(len(bare), 8)],
            )
        elif shape[0] == "L":
            out += (p3.get(mkey[:3], 0), s3.get(mkey[-3:], 0))
        if cls:
            out += [level.get(c, 0) for level, c in zip(clusters, cls, strict=False)]
        elif shape[0] in "AL":
            out.append(oov)
        if gaz:
            g = self.gaz_blocks.get(gaz)
            if g is None:
                g = self.gaz_blocks[gaz] = [self.block_of.get(f, 0) for f in gaz]
            out += g
        if trigger:
            out.append(tr.get(trigger, 0))
        return out

    def _sums(self, own: list[str], near: list[str], far: list[str]):  # type: ignore[no-untyped-def]
        """The five weight sums of one word, list by list (used when blocks cannot be summed exactly)."""
        w, z = self.weights, self.zero
        lists = (own, [f"-1{f}" for f in near], [f"-2{f}" for f in far], [f"1{f}" for f in near])
        return self.np.stack([sum((w.get(f, z) for f in fs), z) for fs in (*lists, [f"2{f}" for f in far])])

    def decode(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """Best label sequence of each (non-empty) sentence, as label strings."""
        lens = [len(s) for s in sentences]
        flat = self.decode_flat([t for s in sentences for t in s], lens).tolist()
        labels = self.labels
        out: list[list[str]] = []
        a = 0
        for n in lens:
            out.append([labels[j] for j in flat[a : a + n]])
            a += n
        return out

    def decode_flat(self, tokens: list[str], lens: Sequence[int]):  # type: ignore[no-untyped-def]
        """Label indices (into ``labels``) of the best paths of sentences given one after another: ``tokens`` holds
        them all, ``lens`` their lengths (each at least 1)."""
        np = self.np
        if self.size >= self.cache_size:
            self._reset()
        ids = list(map(self.ids.get, tokens))
        if None in ids:
            self._add(list(dict.fromkeys(t for t, i in zip(tokens, ids, strict=True) if i is None)))
            ids = list(map(self.ids.get, tokens))
        n = len(ids)
        if n == 0:
            return np.zeros(0, dtype=np.intp)
        ids_a = np.array(ids, dtype=np.intp)
        lens_a = np.asarray(lens, dtype=np.intp)
        starts = np.zeros(len(lens) + 1, dtype=np.intp)
        np.cumsum(lens_a, out=starts[1:])
        sent_of = np.repeat(np.arange(len(lens)), lens_a)
        pos = np.arange(n) - starts[:-1][sent_of]
        left = lens_a[sent_of] - pos - 1  # tokens after this one in its sentence
        # Each token's score: its own row plus what its neighbours give it; a neighbour across a sentence border is
        # the table's last row, always zeros (_add keeps one spare), so every token takes the same five additions.
        table, zero = self.table, len(self.table) - 1
        em = table[ids_a, 0]
        for j, shift, near in ((1, 1, pos), (2, 2, pos), (3, -1, left), (4, -2, left)):
            em += table[np.where(near >= abs(shift), np.roll(ids_a, shift), zero), j]
        em[pos == 0] += self.bos
        em[pos == 1] += self.bos2
        em[left == 0] += self.eos
        flags = self.flags[ids_a]
        keys = self.keys
        if self.bigram_minus or self.bigram_plus:
            bm, bp = self.bigram_minus, self.bigram_plus
            pairs = ((flags[:-1] & _LEFT) != 0) & ((flags[1:] & _RIGHT) != 0) & (pos[1:] >= 1)
            for i in np.flatnonzero(pairs).tolist():  # in order: a token gets its bg- weight before its bg+
                pair = (keys[ids[i]], keys[ids[i + 1]])
                v = bm.get(pair)
                if v is not None:
                    em[i + 1] += v
                v = bp.get(pair)
                if v is not None:
                    em[i] += v
        gaz = self.featurizer.gazetteer
        if gaz.phrases:
            heads = np.flatnonzero(((flags[:-1] & _PHRASE) != 0) & ((flags[1:] & _SECOND) != 0) & (left[:-1] >= 1))
            ph = self.phrase
            free = 0  # a match covers its tokens: the next one starts after it
            prefixes, alts = gaz.prefixes, self.alts
            for i, rest in zip(heads.tolist(), left[heads].tolist(), strict=True):
                if i < free:
                    continue
                second = keys[ids[i + 1]]
                if f"{keys[ids[i]]} {second}" not in prefixes and f"{alts[ids[i]]} {second}" not in prefixes:
                    continue  # what match_at would find at once, without building its arguments
                stop = i + min(rest + 1, gaz.max_len)
                hit = gaz.match_at([keys[ids[j]] for j in range(i, stop)], [alts[ids[i]]], 0, stop - i)
                if hit:
                    length, typ = hit
                    em[i] += ph[f"gp=B-{typ}"]
                    for j in range(i + 1, i + length):
                        em[j] += ph[f"gp=I-{typ}"]
                    free = i + length
        # Viterbi over all sentences at once, longest first and time-major, so that the sentences still running
        # at position t are the first count[t]: each step works on those alone.
        n_sent, n_labels = len(lens), len(self.labels)
        order = np.argsort(-lens_a, kind="stable")
        rank = np.empty(n_sent, dtype=np.intp)
        rank[order] = np.arange(n_sent)
        sorted_lens = lens_a[order]
        width = int(sorted_lens[0])
        count = np.searchsorted(-sorted_lens, -np.arange(width), side="left")  # sentences longer than t
        row = rank[sent_of]
        padded = np.zeros((width * n_sent, n_labels))
        padded[pos * n_sent + row] = em
        padded = padded.reshape(width, n_sent, n_labels)
        score = padded[0].copy()
        back = [score[:0]]  # back[t]: best previous label of each label at t, for the first count[t] sentences
        trans = self.trans[None]
        for t in range(1, width):
            c = int(count[t])
            cand = score[:c, :, None] + trans
            best = cand.argmax(axis=1)
            score[:c] = cand.max(axis=1) + padded[t, :c]  # the maximum is the candidate argmax picked
            back.append(best)
        cur = score.argmax(axis=1)
        path = np.empty((n_sent, width), dtype=np.intp)
        for t in range(width - 1, 0, -1):
            c = int(count[t])
            path[:c, t] = cur[:c]
            cur[:c] = back[t][np.arange(c), cur[:c]]
        path[:, 0] = cur
        return path[row, pos]


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
        with _collector_paused():
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
        with _collector_paused():
            return self._tag_texts(texts)

    def _tag_texts(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        words: list[str] = []
        bounds: list[tuple[int, int]] = []
        lens: list[int] = []
        owner: list[int] = []  # the text of each token
        for k, text in enumerate(texts):
            found_tokens = list(TOKEN_RE.finditer(text))
            if not found_tokens:
                continue
            spans = list(map(re.Match.span, found_tokens))
            toks = list(map(re.Match.group, found_tokens))
            chunks = sentence_chunks(text, spans, words=toks)
            words += toks
            bounds += spans
            lens += [len(c) for c in chunks]  # chunks are consecutive runs of the text's tokens
            owner += [k] * len(spans)
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        if self.decoder is not None:
            found = self._entities(self.decoder.decode_flat(words, lens), lens)
        else:
            found, a = [], 0
            for n in lens:
                found += [(a + s, a + e, typ) for s, e, typ in entities(self.tag_tokens(words[a : a + n]))]
                a += n
        for s, e, typ in found:
            out[owner[s]].append((bounds[s][0], bounds[e - 1][1], typ))
        return out

    def _entities(self, labels, lens: list[int]) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
        """Entity spans ``(start, end, type)`` over the flat label indices of consecutive sentences, read as
        :func:`entities` reads each sentence (a stray I- starts an entity), without a Python step per token."""
        np = self.decoder.np  # type: ignore[union-attr]
        dec = self.decoder
        n = len(labels)
        if n == 0:
            return []
        typ = dec.label_type[labels]  # type: ignore[union-attr]
        first = np.zeros(n, dtype=bool)
        first[np.cumsum(lens[:-1], dtype=np.intp)] = True
        first[0] = True
        prev = np.concatenate([[0], typ[:-1]])
        begin = (typ > 0) & (dec.label_begins[labels] | first | (prev != typ))  # type: ignore[union-attr]
        nxt_begin = np.concatenate([begin[1:], [True]])
        nxt_typ = np.concatenate([typ[1:], [0]])
        nxt_first = np.concatenate([first[1:], [True]])
        end = (typ > 0) & (nxt_begin | nxt_first | (nxt_typ != typ))
        starts, ends, types = np.flatnonzero(begin).tolist(), np.flatnonzero(end).tolist(), typ[begin].tolist()
        return [(s, e + 1, TYPES[t - 1]) for s, e, t in zip(starts, ends, types, strict=True)]


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
