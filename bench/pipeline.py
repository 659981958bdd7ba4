"""Throughput of ingestion into a fresh SQLite database, on SaudiNewsNet, in this process.

    .venv/bin/python bench/pipeline.py                 # the whole pipeline: ingest → clean → annotate → events → store
    .venv/bin/python bench/pipeline.py --clean-only    # ingest + clean + store only (the foundation's figure)
    .venv/bin/python bench/pipeline.py --limit 5000    # the first N articles
    .venv/bin/python bench/pipeline.py --again         # then ingest the same input again (must add nothing)
    .venv/bin/python bench/pipeline.py --limit 2000 --time-tagger   # also the NER tagger's own share

Prints articles per second, MB of text per second, per-stage milliseconds per article (wall clock, and CPU time
of this process, which other jobs on a shared machine disturb less) and peak memory (RSS).
The figure depends on what else the machine is doing: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared")) / "corpus/saudinewsnet/saudinewsnet.jsonl.gz"


def sample(limit: int | None, out: Path) -> tuple[int, int]:
    """Write the first ``limit`` records to ``out``; returns (records, characters of text)."""
    n = chars = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if limit is not None and n >= limit:
                break
            dst.write(line)
            chars += len(json.loads(line).get("text") or "")
            n += 1
    return n, chars


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    ap.add_argument("--clean-only", action="store_true", help="skip the annotation stages")
    ap.add_argument("--again", action="store_true", help="ingest the same input a second time")
    ap.add_argument("--time-tagger", action="store_true", help="also time the NER tagger inside recognition")
    args = ap.parse_args()

    from marsad import pipeline
    from marsad.ingest.files import read_paths
    from marsad.store.sqlite import SQLiteStore

    timings: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)

    def timed(stage):  # noqa: ANN001, ANN202 - wraps a stage function
        def run(doc):  # noqa: ANN001, ANN202
            t, c = time.perf_counter(), time.process_time()
            out = stage(doc)
            timings[stage.__name__] += time.perf_counter() - t
            cpu[stage.__name__] += time.process_time() - c
            return out
        run.__name__ = stage.__name__
        if hasattr(stage, "batch"):  # keep the stage's batch form, timed too
            def run_batch(docs):  # noqa: ANN001, ANN202
                t, c = time.perf_counter(), time.process_time()
                out = stage.batch(docs)
                timings[stage.__name__] += time.perf_counter() - t
                cpu[stage.__name__] += time.process_time() - c
                return out
            run.batch = run_batch
        return run

    pipeline.ARTICLE_STAGES[:] = [] if args.clean_only else [timed(s) for s in pipeline.ARTICLE_STAGES]
    if args.time_tagger:
        from marsad.entities.ner_model import Tagger

        tag_texts = Tagger.tag_texts

        def timed_tag_texts(self, texts):  # noqa: ANN001, ANN202
            t, c = time.perf_counter(), time.process_time()
            out = tag_texts(self, texts)
            timings["  NER tagger"] += time.perf_counter() - t
            cpu["  NER tagger"] += time.process_time() - c
            return out

        Tagger.tag_texts = timed_tag_texts  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "corpus.jsonl"
        n, chars = sample(args.limit, data)
        store = SQLiteStore(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        summary = pipeline.ingest(read_paths([data]), store, resolve_after=False)
        t_ingest = time.perf_counter() - t0
        t1 = time.perf_counter()
        if not args.clean_only:
            pipeline.resolve(store)
        t_resolve = time.perf_counter() - t1
        total = t_ingest + t_resolve
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        what = "ingest + clean + store" if args.clean_only else "whole pipeline (ingest → events in SQLite)"
        print(f"{what}: {summary.read} articles ({chars / 1e6:.1f} M characters) in {total:.1f} s")
        print(f"  {summary.read / total:.0f} articles/s, {chars * 2 / 1e6 / total:.2f} MB/s of text (UTF-8 ≈ 2 B/char)")
        if not args.clean_only:
            print(f"  cross-article resolution: {t_resolve:.1f} s; entities {store.count('entities')}, "
                  f"events {store.count('events')}")
        for name, secs in timings.items():
            per = 1000 / max(summary.read, 1)
            print(f"  {name:18s} {secs * per:.2f} ms/article (CPU {cpu[name] * per:.2f})")
        print(f"  peak memory {peak:.0f} MB; {summary.rejected} rejected; {summary.documents} articles stored")
        if args.again:
            t2 = time.perf_counter()
            again = pipeline.ingest(read_paths([data]), store)
            print(f"second ingest: {again.line()} ({time.perf_counter() - t2:.1f} s)")
        store.close()


if __name__ == "__main__":
    main()
