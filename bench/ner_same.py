"""Do two versions of the NER tagger give the same answers? Saves one version's output, compares another's to it.

Why: the tagger's speed work must not change what it finds. Run this with the old code to save its answers, then
with the new code to compare; any difference is printed with its text, so that it can be judged:

    PYTHONPATH=/path/to/old/checkout .venv/bin/python bench/ner_same.py --save /tmp/ner-old.json
    .venv/bin/python bench/ner_same.py --check /tmp/ner-old.json

What is compared: the entity spans of ``tag_texts`` over SaudiNewsNet articles, in batches of 200 as the pipeline
calls it, and of ``tag_text`` one article at a time on some of them (the small-batch path); and the BIO tags of
``tag_sentences`` on the ANERcorp held-out tail (``marsad train-ner``'s split).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from marsad.entities import ner_model as nm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner import load_articles  # noqa: E402 - the same sample as bench/ner.py


def answers(articles: list[str], sentences: list[list[str]]) -> dict[str, list]:
    """Everything the check compares, as plain JSON data."""
    tagger = nm.Tagger()
    batched: list[list[tuple[int, int, str]]] = []
    for lo in range(0, len(articles), 200):
        batched += tagger.tag_texts(articles[lo : lo + 200])
    single = [tagger.tag_text(t) for t in articles[:300]]
    return {
        "batched": [[list(s) for s in spans] for spans in batched],
        "single": [[list(s) for s in spans] for spans in single],
        "sentences": tagger.tag_sentences(sentences),
    }


def main() -> None:
    """Save or check (see module docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path)
    group.add_argument("--check", type=Path)
    ap.add_argument("--articles", type=int, default=2000)
    default_corpus = nm.default_data_dir().parent.parent / "corpus" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
    ap.add_argument("--corpus", type=Path, default=default_corpus)
    args = ap.parse_args()

    articles = load_articles(args.corpus, args.articles)
    sets = nm.load_training_sets(nm.default_data_dir(), warn=lambda _: None)
    sentences = [[t for t, _ in s] for s in sets.get("anercorp_heldout", [])]
    t0 = time.process_time()
    got = answers(articles, sentences)
    print(f"{nm.__file__}: {len(articles)} articles, {len(sentences)} sentences, {time.process_time() - t0:.1f} s CPU")
    if args.save:
        args.save.write_text(json.dumps(got, ensure_ascii=False), encoding="utf-8")
        print(f"saved {args.save}")
        return
    ref = json.loads(args.check.read_text(encoding="utf-8"))
    differing = 0
    for part in ("batched", "single", "sentences"):
        n_diff = 0
        for k, (a, b) in enumerate(zip(ref[part], got[part], strict=True)):
            if a != b:
                n_diff += 1
                if n_diff <= 5:
                    source = articles[k] if part != "sentences" else " ".join(sentences[k])
                    print(f"  {part}[{k}]: old {a}\n  {' ' * len(part)}     new {b}\n    text: {source[:300]!r}")
        spans = sum(len(x) for x in got[part])
        print(f"{part}: {len(got[part])} items, {spans} spans/tags, {n_diff} differ")
        differing += n_diff
    print("SAME" if not differing else f"DIFFERENT: {differing} items")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
