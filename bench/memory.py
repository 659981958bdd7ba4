"""Peak memory of ``marsad ingest`` on 1k, 10k and all SaudiNewsNet articles: ingest streams, so it stays flat.

    .venv/bin/python bench/memory.py [--sizes 1000,10000,all] [--db postgresql://…] [--workers N]

Each size is a fresh ``marsad ingest`` subprocess into an empty store; its peak resident set size comes from the
kernel's own accounting of that one child (``os.wait4`` → ``ru_maxrss``), so nothing is sampled or missed. With
``--workers`` the kernel's figure is the largest of the client and the worker processes it started, so each
worker's peak is also printed apart (polled with psutil). The wall time of each run is printed too, with the CPU
seconds the kernel charged to it (user + system, its children included) and the machine's load average when it
ended: on a shared machine wall time alone says little.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import itertools
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared")) / "corpus" / "saudinewsnet" / \
    "saudinewsnet.jsonl.gz"


def sample(limit: int | None, folder: Path) -> Path:
    path = folder / f"saudinewsnet-{limit or 'all'}.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, limit) if limit else src)
    return path


def fresh_db(db: str | None, folder: Path, name: str) -> tuple[str, str | None]:
    if not db:
        return str(folder / f"{name}.db"), None
    import psycopg

    schema = f"marsad_mem_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(db, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{db}{'&' if '?' in db else '?'}options=-csearch_path%3D{schema}", schema


def drop_db(db: str | None, schema: str | None) -> None:
    if db and schema:
        import psycopg

        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def watch_descendants(pid: int, peaks: dict[int, int], stop: threading.Event) -> None:
    """Peak RSS of every descendant of ``pid`` (the Dask workers), polled; the client's own is measured exactly."""
    try:
        import psutil
    except ImportError:
        return
    while not stop.is_set():
        try:
            for child in psutil.Process(pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    peaks[child.pid] = max(peaks.get(child.pid, 0), child.memory_info().rss)
        except psutil.Error:
            return
        stop.wait(0.5)


def measure(path: Path, url: str, workers: int) -> tuple[int, float, float, int, dict[int, int], str]:
    """(peak RSS bytes of the ingest process, wall seconds, CPU seconds, exit code, worker peaks, summary line)."""
    cmd = [sys.executable, "-m", "marsad.cli", "ingest", str(path), "--db", url, "-q"]
    if workers:
        cmd += ["--workers", str(workers)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    peaks: dict[int, int] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=watch_descendants, args=(proc.pid, peaks, stop), daemon=True)
    watcher.start()
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    watcher.join()
    line = out.strip().splitlines()[-1] if out.strip() else ""
    cpu = usage.ru_utime + usage.ru_stime
    return usage.ru_maxrss * 1024, time.perf_counter() - started, cpu, proc.returncode, peaks, line


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,all", help="article counts, 'all' for the whole corpus")
    ap.add_argument("--db", help="a postgresql:// URL (a throw-away schema per run); default: SQLite files")
    ap.add_argument("--workers", type=int, default=0, help="run with --workers N (Dask)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"marsad ingest, SaudiNewsNet; store: {'PostgreSQL' if args.db else 'SQLite'}"
              + (f"; {args.workers} Dask workers" if args.workers else "; one process"))
        print(f"{'articles':>9}{'peak RSS MB':>13}{'wall s':>8}{'CPU s':>8}{'load':>6}  summary")
        for size in args.sizes.split(","):
            limit = None if size == "all" else int(size)
            path = sample(limit, folder)
            url, schema = fresh_db(args.db, folder, f"m{size}")
            rss, seconds, cpu, code, workers, line = measure(path, url, args.workers)
            drop_db(args.db, schema)
            n = sum(1 for _ in path.open(encoding="utf-8"))
            load = os.getloadavg()[0]
            print(f"{n:>9}{rss / 2**20:>13.0f}{seconds:>8.0f}{cpu:>8.0f}{load:>6.1f}  {line or f'exit {code}'}",
                  flush=True)
            if workers:
                print(" " * 9 + "  worker peaks MB: " + ", ".join(f"{v / 2**20:.0f}" for v in workers.values()))
            path.unlink()


if __name__ == "__main__":
    main()
