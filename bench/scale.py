"""Articles per second of ingest on SaudiNewsNet: in one process, and on a local Dask cluster of 1 and 2 workers.

    .venv/bin/python bench/scale.py [--limit 5000] [--workers 1,2] [--db postgresql://…] [--resolve]

Each run starts from an empty store and ingests the same first ``--limit`` articles (read, hash-checked, cleaned,
annotated, stored in transactions). The figure is the ingest alone: the cross-article ``resolve`` is the same serial
step after any of them, so it is timed once, apart, with ``--resolve``. A Dask run's cluster start is printed
apart too (a long-lived cluster pays it once). CPU seconds are printed beside wall seconds, because on a shared
machine the wall clock measures the neighbours as much as Marsad; the load average before each run says how busy
the machine was.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marsad.ingest.files import read_jsonl  # noqa: E402
from marsad.pipeline import ingest, resolve  # noqa: E402
from marsad.store import open_store  # noqa: E402
from marsad.store.base import Store  # noqa: E402

CORPUS = Path(os.environ.get("MARSAD_SHARED", Path(__file__).resolve().parent.parent.parent / "shared")) / \
    "corpus" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for (Dask workers are reaped at cluster close)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def sample(limit: int, folder: Path) -> Path:
    path = folder / f"saudinewsnet-{limit}.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, limit))
    return path


def fresh_store(db: str | None, folder: Path, name: str) -> Store:
    if not db:
        return open_store(str(folder / f"{name}.db"))
    import psycopg

    schema = f"marsad_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in db else "?"
    store = open_store(f"{db}{sep}options=-csearch_path%3D{schema}")
    store.bench_schema = schema  # type: ignore[attr-defined]
    return store


def drop_store(store: Store, db: str | None) -> None:
    store.close()
    schema = getattr(store, "bench_schema", None)
    if db and schema:
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=5000, help="articles to ingest (default 5000)")
    ap.add_argument("--workers", default="1,2", help="Dask worker counts to try (default 1,2)")
    ap.add_argument("--db", help="a postgresql:// URL (a throw-away schema per run); default: SQLite files")
    ap.add_argument("--resolve", action="store_true", help="also time the cross-article stages once")
    args = ap.parse_args()
    from marsad.distributed import dask_client, ingest_distributed

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = sample(args.limit, folder)
        print(f"SaudiNewsNet, first {args.limit} articles; {os.cpu_count()} cores; "
              f"store: {'PostgreSQL' if args.db else 'SQLite'}")
        print(f"{'run':<18}{'articles':>9}{'wall s':>9}{'art/s':>8}{'cpu s':>8}{'start s':>9}{'load':>6}")
        rates: dict[str, float] = {}

        def report(name: str, stored: int, wall: float, cpu: float, start: float = 0.0, load: float = 0.0) -> None:
            rates[name] = stored / wall if wall else 0.0
            print(f"{name:<18}{stored:>9}{wall:>9.1f}{rates[name]:>8.1f}{cpu:>8.1f}{start:>9.1f}{load:>6.1f}",
                  flush=True)

        store = fresh_store(args.db, folder, "single")
        load = os.getloadavg()[0]
        cpu, t = cpu_seconds(), time.perf_counter()
        summary = ingest(read_jsonl(path), store, resolve_after=False)
        report("single process", summary.read, time.perf_counter() - t, cpu_seconds() - cpu, load=load)
        if args.resolve:
            t = time.perf_counter()
            resolve(store)
            print(f"resolve (cross-article, once): {time.perf_counter() - t:.1f} s", flush=True)
        drop_store(store, args.db)

        for n in (int(w) for w in args.workers.split(",")):
            store = fresh_store(args.db, folder, f"dask{n}")
            load = os.getloadavg()[0]
            cpu, t0 = cpu_seconds(), time.perf_counter()
            with dask_client(n) as client:
                started = time.perf_counter() - t0
                t = time.perf_counter()
                summary = ingest_distributed(read_jsonl(path), store, client=client, resolve_after=False)
                wall = time.perf_counter() - t
            report(f"dask {n} worker{'s' if n > 1 else ''}", summary.read, wall, cpu_seconds() - cpu, started, load)
            drop_store(store, args.db)

        if "dask 1 worker" in rates and "dask 2 workers" in rates and rates["dask 1 worker"]:
            print(f"2 workers / 1 worker: {rates['dask 2 workers'] / rates['dask 1 worker']:.2f}×")
        if "dask 2 workers" in rates and rates["single process"]:
            print(f"2 workers / single process: {rates['dask 2 workers'] / rates['single process']:.2f}×")


if __name__ == "__main__":
    main()
