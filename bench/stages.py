"""Memory of ingest's two halves apart: the per-article stages, then the cross-article stage over the store.

    .venv/bin/python bench/stages.py --db k10.db --ingest corpus.jsonl     # ingest without the cross-article stage
    .venv/bin/python bench/stages.py --db k10.db                           # copies + resolve alone, in a new process

``bench/memory.py`` gives the peak of a whole ``marsad ingest``; this says which half sets it. After each step it
prints the process's resident set size now and at its peak so far (``ru_maxrss``), with wall and CPU seconds.
Running the cross-article half in its own process over a stored corpus shows what it needs by itself.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path


def rss() -> str:
    with open("/proc/self/statm") as f:
        now = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return f"RSS now {now:.0f} MB, peak so far {peak:.0f} MB"


class Step:
    """Times one step in wall and CPU seconds."""

    def __enter__(self) -> Step:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def line(self) -> str:
        return f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU, load {os.getloadavg()[0]:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="the store (a SQLite path or a postgresql:// URL)")
    ap.add_argument("--ingest", type=Path, help="ingest this JSON Lines file first, without the cross-article stage")
    args = ap.parse_args()
    from marsad.store import open_store

    store = open_store(args.db)
    print(f"start: {rss()}", flush=True)
    if args.ingest:
        from marsad.ingest.files import read_jsonl
        from marsad.pipeline import ingest

        with Step() as step:
            summary = ingest(read_jsonl(args.ingest), store, resolve_after=False)
        print(f"per-article stages: {summary.line()}; {step.line()}; {rss()}", flush=True)
        return
    from marsad.entities.resolve import resolve_corpus
    from marsad.syndication import update_copies

    with Step() as step:
        copies = update_copies(store)
    print(f"copies: {len(copies)} articles in groups; {step.line()}; {rss()}", flush=True)
    with Step() as step:
        resolve_corpus(store, copies=copies)
    print(f"resolve: {store.stats()}; {step.line()}; {rss()}", flush=True)
    store.close()


if __name__ == "__main__":
    main()
