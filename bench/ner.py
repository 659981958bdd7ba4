"""Tagging throughput of the packaged NER model on SaudiNewsNet articles.

Why: the pipeline's budget is 250 articles/s on 2 cores for everything, so NER has to take a small slice of it.
This prints model load time, tokens per second for ``Tagger.tag_text`` (tokenising, chunking, features,
decoding) one article at a time as the pipeline calls it, ms per 500-token article, a cold-cache figure (first
pass over unseen vocabulary), ``tag_texts`` on batches of 50 articles, and the crfsuite engine for comparison.
Figures depend on what else runs on the machine: ``load average`` is printed with them.

    .venv/bin/python bench/ner.py [--articles 2000] [--model PATH] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from pathlib import Path

from marsad.entities import ner_model as nm
from marsad.text.tokens import tokenize


def load_articles(path: Path, n: int, skip: int = 0) -> list[str]:
    """The ``text`` of ``n`` articles after the first ``skip`` (deterministic)."""
    out: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < skip:
                continue
            text = json.loads(line).get("text") or ""
            if text.strip():
                out.append(text)
            if len(out) >= n:
                break
    return out


def run(tagger: nm.Tagger, texts: list[str]) -> tuple[float, int, float]:
    """Seconds (wall clock) to tag every text with ``tag_text``, the number of entities found, CPU seconds."""
    t0, c0 = time.perf_counter(), time.process_time()
    found = sum(len(tagger.tag_text(t)) for t in texts)
    return time.perf_counter() - t0, found, time.process_time() - c0


def main() -> None:
    """Print the figures (see module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--model", type=Path, default=nm.DEFAULT_MODEL_DIR / nm.MODEL_FILE)
    default_corpus = nm.default_data_dir().parent.parent / "corpus" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
    ap.add_argument("--corpus", type=Path, default=default_corpus)
    args = ap.parse_args()

    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    texts = load_articles(args.corpus, args.articles, skip=5000)
    n_tokens = sum(len(tokenize(t)) for t in texts)
    print(f"{len(texts)} articles, {n_tokens} tokens ({n_tokens / len(texts):.0f} per article)")

    t0 = time.perf_counter()
    tagger = nm.Tagger(args.model)
    print(f"model load: {time.perf_counter() - t0:.2f} s")

    cold, found, cold_cpu = run(tagger, texts)
    warm, _, warm_cpu = run(tagger, texts)
    for label, secs, cpu in (("cold cache", cold, cold_cpu), ("warm cache", warm, warm_cpu)):
        print(
            f"tag_text, {label}: {n_tokens / secs:,.0f} tokens/s, {len(texts) / secs:,.0f} articles/s, "
            f"{500 * secs / n_tokens * 1000:.2f} ms per 500-token article (CPU {500 * cpu / n_tokens * 1000:.2f})"
        )
    print(f"entities found: {found} ({found / len(texts):.1f} per article)")

    t0, c0 = time.perf_counter(), time.process_time()
    for lo in range(0, len(texts), 50):
        tagger.tag_texts(texts[lo : lo + 50])
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(
        f"tag_texts, batches of 50 articles, warm: {n_tokens / secs:,.0f} tokens/s, {len(texts) / secs:,.0f} "
        f"articles/s, {500 * secs / n_tokens * 1000:.2f} ms per 500 tokens (CPU {500 * cpu / n_tokens * 1000:.2f})"
    )

    ref = nm.Tagger(args.model, engine="crfsuite")
    few = texts[: max(1, len(texts) // 4)]
    few_tokens = sum(len(tokenize(t)) for t in few)
    run(ref, few)
    secs, _, _ = run(ref, few)
    print(f"crfsuite engine (reference), warm: {few_tokens / secs:,.0f} tokens/s")


if __name__ == "__main__":
    main()
