"""Syndicated and near-duplicate copies: one agency wire printed by five papers is one piece of evidence, not five.

Saudi papers run the same SPA (وكالة الأنباء السعودية) dispatch almost word for word, each with its own headline
and a trimmed or extended paragraph. Counting those as independent sources would make an event look five times as
well attested as it is. This module finds such copies across the whole store:

- each article's body (its headline left out: papers retitle the same wire) becomes a set of word shingles
  (:data:`SHINGLE` consecutive words) of its search key
  (:func:`marsad.text.normalise.search_key`: diacritics, alef forms, clitics and punctuation folded away, so a
  re-typed or re-punctuated copy still matches);
- a MinHash of each set goes into a MinHash LSH index (``datasketch``'s banding, tuned for Jaccard
  :data:`THRESHOLD`; kept compact, see :func:`find_copies`): only pairs likely above it are ever compared, so the
  pass is linear in the corpus, not quadratic;
- candidate pairs whose estimated Jaccard reaches the threshold are joined (union–find); each group is named after
  its earliest article (by published date, then id).

Groups are stored in the ``copies`` table (``doc → grp``, only for articles that have a copy) and read with
:func:`copy_groups`. The event stage keeps every copy among an event's sources but weighs evidence with
:func:`evidence_weight`, which counts a group once.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from marsad.model import Document
from marsad.store.base import Store
from marsad.text.normalise import match_key, strip_clitics

SHINGLE = 5
THRESHOLD = 0.8
NUM_PERM = 128
MIN_WORDS = 25  # shorter texts (captions, one-line briefs) share too few shingles for a Jaccard to mean anything
SEED = 1


_WORD = re.compile(r"\w+")


def _hash32(data: bytes) -> int:
    """A stable 32-bit shingle hash: CRC-32 runs in C, far faster than the default SHA-1, and the affine32
    scheme mixes it (MurmurHash3 finaliser) before permuting, so its linearity does not bias the estimates."""
    return zlib.crc32(data)


def key_words(text: str) -> list[str]:
    """The words of :func:`marsad.text.normalise.search_key` of ``text`` (same result, cached per word)."""
    return [strip_clitics(w) for w in _WORD.findall(match_key(text))]  # strip_clitics caches each spelling


def shingles(words: list[str], size: int = SHINGLE) -> set[bytes]:
    """The ``size``-grams of ``words`` (fewer words than that: one shingle of them all)."""
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> object:
    return MinHash(num_perm=num_perm, seed=SEED, scheme="affine32").permutations


def minhash(text: str, num_perm: int = NUM_PERM, size: int = SHINGLE) -> LeanMinHash | None:
    """The MinHash of ``text``'s shingles, or None when the text is too short to judge."""
    words = key_words(text)
    if len(words) < MIN_WORDS:
        return None
    m = MinHash(num_perm=num_perm, seed=SEED, hashfunc=_hash32, permutations=_permutations(num_perm),
                scheme="affine32")
    m.update_batch(list(shingles(words, size)))
    return LeanMinHash(m)


def body(doc: Document) -> str:
    """The text compared: without the headline, which each paper writes its own way over the same wire."""
    if doc.title and doc.text.startswith(doc.title):
        return doc.text[len(doc.title):]
    return doc.text


def find_copies(docs: Iterable[Document], threshold: float = THRESHOLD, num_perm: int = NUM_PERM,
                size: int = SHINGLE) -> dict[str, str]:
    """``doc id → group id`` for every document of ``docs`` that has at least one copy among them.

    Candidates are found as ``datasketch``'s :class:`MinHashLSH` finds them — documents sharing one band of their
    MinHash exactly, with the bands it chooses for ``threshold`` — but the index is kept compact, since it lives as
    long as the corpus is large: per document its hash values (one array) and, per band, a 64-bit hash of the band
    pointing to the document's number. (A candidate whose band only shares that hash is dropped by comparing the
    band itself, so the groups are exactly those of the library's index, in a third of its memory.)
    """
    ranges = MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges  # its banding, nothing inserted
    buckets: list[dict[int, int | list[int]]] = [{} for _ in ranges]
    ids: list[str] = []
    values: list[np.ndarray] = []
    published: list[str | None] = []
    numbers: dict[str, int] = {}
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while x != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    for doc in docs:
        m = minhash(body(doc), num_perm, size)
        if m is None or doc.id in numbers:
            continue
        hv = m.hashvalues
        n = len(ids)
        keys = [hash(hv[lo:hi].tobytes()) for lo, hi in ranges]
        candidates: set[int] = set()
        for (lo, hi), band, key in zip(ranges, buckets, keys, strict=True):
            found = band.get(key)
            for j in (found,) if isinstance(found, int) else found or ():
                if np.array_equal(values[j][lo:hi], hv[lo:hi]):
                    candidates.add(j)
        for j in candidates:
            if np.count_nonzero(hv == values[j]) / len(hv) >= threshold:  # MinHash.jaccard
                a, b = find(n), find(j)
                if a != b:
                    parent[a] = b
        for band, key in zip(buckets, keys, strict=True):
            found = band.get(key)
            if found is None:
                band[key] = n
            elif isinstance(found, int):
                band[key] = [found, n]
            else:
                found.append(n)
        ids.append(doc.id)
        values.append(hv)
        published.append(doc.published)
        numbers[doc.id] = n
    by_root: dict[int, list[int]] = defaultdict(list)
    for n in parent:
        by_root[find(n)].append(n)
    groups: dict[str, str] = {}
    for root, members in by_root.items():
        names = sorted({ids[root], *(ids[n] for n in members)})
        when = {ids[n]: published[n] for n in (root, *members)}
        head = min(names, key=lambda i: (when[i] or "9999", i))
        groups.update((i, head) for i in names)
    return groups


def update_copies(store: Store, threshold: float = THRESHOLD) -> dict[str, str]:
    """Recompute the copy groups over the whole store and store them (one transaction); returns them."""
    groups = find_copies(store.documents(), threshold=threshold)
    with store.transaction():
        store.replace_copies(groups)
    return groups


def copy_groups(store: Store) -> dict[str, str]:
    """The stored groups: ``doc id → group id`` for documents with a copy; absent ids are their own group."""
    return store.copies()


def members(groups: Mapping[str, str]) -> dict[str, list[str]]:
    """``group id → doc ids`` of a ``doc → group`` mapping, members sorted, the group's head first."""
    out: dict[str, list[str]] = defaultdict(list)
    for doc, grp in groups.items():
        out[grp].append(doc)
    return {g: sorted(ids, key=lambda i: (i != g, i)) for g, ids in out.items()}


def evidence_weight(doc_ids: Iterable[str], groups: Mapping[str, str]) -> int:
    """How many independent sources ``doc_ids`` are: copies of one article count once.

    ``groups`` is :func:`copy_groups`' mapping; a document without copies is a group of its own. Sources of an
    event stay listed in full — this only says how much they weigh together.
    """
    return len({groups.get(d, d) for d in doc_ids})


def iter_groups(store: Store, min_size: int = 2) -> Iterator[list[Document]]:
    """The stored groups as documents (head first), largest groups first."""
    by_group = members(store.copies())
    for grp in sorted(by_group, key=lambda g: (-len(by_group[g]), g)):
        ids = by_group[grp]
        if len(ids) < min_size:
            continue
        docs = [store.document(i, annotations=False) for i in ids]
        yield [d for d in docs if d is not None]
