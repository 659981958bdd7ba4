"""Build the word-cluster file the NER model uses as features: word2vec on news text, then k-means at 3 sizes.

Why: a CRF only knows the words it saw in ~150k tokens of annotated text. Clusters learned on millions of
unannotated news tokens let a name never seen in training borrow the evidence of its neighbours (unseen
surnames fall in the same cluster as seen ones). Three granularities (coarse to fine) play the role of Brown
cluster path prefixes.

Input: SaudiNewsNet (news, the target domain) plus the *training* parts of the NER corpora (so that training
words have clusters too); the ANERcorp held-out tail and the AQMAR test split are left out so that the reported
figures stay clean. Output: ``marsad/entities/models/clusters.tsv.gz``, one ``word<TAB>c_coarse<TAB>c_mid<TAB>c_fine``
line per word (match keys, most frequent first).

This is a build-time tool: it needs ``gensim`` (and numpy), which the run-time tagger does not. Run::

    .venv/bin/python -m marsad.entities.build.clusters [--out PATH] [--words 100000]

Word2vec runs with one worker and a fixed seed so that the file is reproducible (PYTHONHASHSEED is fixed by the
script re-executing itself if needed); it takes a few minutes on one core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from marsad.entities.ner_model import (
    DEFAULT_MODEL_DIR,
    default_data_dir,
    load_training_sets,
)
from marsad.text.normalise import match_key
from marsad.text.tokens import TOKEN_RE

log = logging.getLogger("marsad.clusters")

SIZES = (64, 256, 1024)


def _news_sentences(path: Path) -> Iterator[list[str]]:
    """Paragraphs of SaudiNewsNet as lists of match-key tokens (numbers folded to one symbol)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            try:
                text = json.loads(line).get("text") or ""
            except json.JSONDecodeError:
                continue
            for para in text.split("\n"):
                toks = [_word(m.group()) for m in TOKEN_RE.finditer(para)]
                if len(toks) > 2:
                    yield toks


def _word(tok: str) -> str:
    key = match_key(tok)
    return "<num>" if key[:1].isdigit() else key


def _kmeans(vectors, k: int, seed: int, iters: int = 25):  # type: ignore[no-untyped-def]
    """Spherical k-means (cosine) with k-means++-lite seeding; plain numpy, deterministic for a seed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n = vectors.shape[0]
    # seed centroids from the most frequent words first half, spread by random choice
    centroids = vectors[rng.choice(min(n, max(4 * k, n // 2)), size=k, replace=False)].copy()
    labels = np.zeros(n, dtype=np.int64)
    for _ in range(iters):
        for lo in range(0, n, 20000):
            labels[lo : lo + 20000] = np.argmax(vectors[lo : lo + 20000] @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, labels, vectors)
        counts = np.bincount(labels, minlength=k)
        empty = counts == 0
        if empty.any():
            sums[empty] = vectors[rng.choice(n, size=int(empty.sum()), replace=False)]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centroids = sums / np.maximum(norms, 1e-9)
    return labels


def build(
    out: Path, n_words: int, corpus: Path, data_dir: Path, dim: int = 100, epochs: int = 5, window: int = 2
) -> None:
    """Train word2vec, cluster the ``n_words`` most frequent words at :data:`SIZES`, write the gzip TSV."""
    import numpy as np
    from gensim.models import Word2Vec

    t0 = time.perf_counter()
    sentences: list[list[str]] = list(_news_sentences(corpus))
    log.info("news: %d paragraphs, %d tokens", len(sentences), sum(map(len, sentences)))
    sets = load_training_sets(data_dir)
    for name in ("anercorp_train", "aqmar_train", "aqmar_dev", "wikifane"):
        for sent in sets.get(name, []):
            sentences.append([_word(t) for t, _ in sent])
    log.info("with NER training text: %d sentences", len(sentences))
    model = Word2Vec(
        sentences,
        vector_size=dim,
        window=window,
        min_count=3,
        sg=1,
        negative=5,
        sample=1e-4,
        workers=1,
        seed=13,
        epochs=epochs,
        max_vocab_size=None,
    )
    log.info("word2vec: %d words in %.0f s", len(model.wv), time.perf_counter() - t0)
    words = [w for w in model.wv.index_to_key if w != "<num>"][:n_words]
    vecs = np.stack([model.wv[w] for w in words]).astype(np.float32)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    labels = [_kmeans(vecs, k, seed=17 + k) for k in SIZES]
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as raw:
        for i, w in enumerate(words):
            raw.write(f"{w}\t{labels[0][i]}\t{labels[1][i]}\t{labels[2][i]}\n".encode())
    log.info(
        "wrote %s (%d words, %.0f KB) in %.0f s", out, len(words), out.stat().st_size / 1024, time.perf_counter() - t0
    )


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point (see module docstring)."""
    if os.environ.get("PYTHONHASHSEED") != "0":  # word2vec's vocabulary hashing must not vary between runs
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, "-m", "marsad.entities.build.clusters", *(argv or sys.argv[1:])])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR / "clusters.tsv.gz")
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=None, help="NER data dir (default: like marsad train-ner)")
    parser.add_argument(
        "--corpus", type=Path, default=None, help="SaudiNewsNet jsonl.gz (default: <data>/../../corpus/...)"
    )
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--window", type=int, default=2, help="word2vec context window (small: more syntactic)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    data_dir = default_data_dir(args.data)
    corpus = args.corpus or data_dir.parent.parent / "corpus" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
    build(args.out, args.words, corpus, data_dir, epochs=args.epochs, window=args.window)


if __name__ == "__main__":
    main()
