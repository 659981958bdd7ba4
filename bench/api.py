"""API load test: the whole SaudiNewsNet corpus behind ``marsad serve``, hit with a bounded number of requests.

    .venv/bin/python bench/api.py                       # builds the database once (a few minutes), then measures
    .venv/bin/python bench/api.py --db /path/snn.db     # reuse a database built earlier
    .venv/bin/python bench/api.py --requests 200 --concurrency 4

The server runs as its own process (``marsad serve``) on 127.0.0.1 only; the load comes from a pool of threads in
this process sharing one keep-alive HTTP client. Every endpoint gets at most ``--requests`` requests and at most
``--seconds`` seconds. Prints p50/p95/max latency per endpoint (milliseconds, measured by the client) and checks
the p95 goal. The server keeps answers to repeated GETs until the database changes; ``--uncached`` measures the
worst case, every answer computed. Nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MARSAD_SHARED", REPO.parent / "shared")) / "corpus" / "saudinewsnet" / \
    "saudinewsnet.jsonl.gz"
DEFAULT_DB = Path(tempfile.gettempdir()) / "marsad-bench" / "saudinewsnet.db"
GOAL_P95_MS = 50.0
# Common words of Saudi economic news: many matches each, so ranking and snippets do real work.
WORDS = ["السعودية", "الرياض", "وزير", "الاقتصاد", "مجلس التعاون", "النفط", "الاستثمار", "الملك", "التجارة",
         "الأمير", "منتدى", "اتفاقية"]
ENDPOINTS: dict[str, list[str]] = {
    "events": ["/api/events", "/api/events?limit=50&offset=50", "/api/events?type=summit",
               "/api/events?from=2015-01&to=2015-12", "/api/events?status=planned", "/api/events?q=منتدى"],
    "search": [f"/api/search?q={w}" for w in WORDS],
    "entities": ["/api/entities", "/api/entities?type=PERSON", "/api/entities?q=الملك"],
    "graph": ["/api/graph"],
}


def build(db: Path) -> None:
    """Ingest the corpus with the ``marsad ingest`` command, exactly as a user would."""
    if not CORPUS.exists():
        sys.exit(f"bench: corpus not found at {CORPUS} (set MARSAD_SHARED)")
    db.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {db} from {CORPUS.name} (a few minutes)…", flush=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "marsad.cli", "ingest", str(CORPUS), "--db", str(db), "--quiet"],
                   check=False, cwd=REPO)
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--log-level", "warning"], cwd=REPO)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/info", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    sys.exit("bench: the server did not start within 30 s")


def measure(client: httpx.Client, urls: list[str], requests: int, concurrency: int,
            seconds: float, uncached: bool = False) -> tuple[list[float], int]:
    """Latencies (ms) of up to ``requests`` GETs cycling over ``urls``, stopping early after ``seconds``.

    ``uncached`` adds a parameter the API ignores but its response cache keys on, so every answer is computed.
    """
    stop_at = time.monotonic() + seconds
    errors = 0

    def one(i: int) -> float | None:
        nonlocal errors
        if time.monotonic() > stop_at:
            return None
        t0 = time.perf_counter()
        url = urls[i % len(urls)]
        if uncached:
            url += f"{'&' if '?' in url else '?'}_={time.time_ns()}"
        resp = client.get(url)
        elapsed = (time.perf_counter() - t0) * 1000
        if resp.status_code != 200:
            errors += 1
        return elapsed

    with ThreadPoolExecutor(concurrency) as pool:
        results = [r for r in pool.map(one, range(requests)) if r is not None]
    return results, errors


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"database to serve (built if missing; {DEFAULT_DB})")
    ap.add_argument("--requests", type=int, default=500, help="requests per endpoint group (default 500)")
    ap.add_argument("--concurrency", type=int, default=8, help="requests in flight (default 8)")
    ap.add_argument("--seconds", type=float, default=60.0, help="time box per endpoint group (default 60)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (marsad serve --workers)")
    ap.add_argument("--uncached", action="store_true",
                    help="make every request miss the server's response cache (worst case: all answers computed)")
    ap.add_argument("--only", nargs="*", choices=sorted(ENDPOINTS), help="endpoint groups to measure")
    args = ap.parse_args()
    if not args.db.exists():
        build(args.db)
    port = free_port()
    proc = serve(args.db, port, args.workers)
    failed = False
    try:
        limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=args.concurrency)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as client:
            counts = client.get("/api/info").json()["counts"]
            print("database: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
            print(f"concurrency {args.concurrency}, {args.workers} worker(s), "
                  f"{'every answer computed (--uncached)' if args.uncached else 'repeated queries (cache allowed)'}")
            for url in {u for urls in ENDPOINTS.values() for u in urls}:  # warm caches once, untimed
                client.get(url)
            print(f"{'endpoint':<10} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  goal")
            for name in args.only or list(ENDPOINTS):
                lat, errors = measure(client, ENDPOINTS[name], args.requests, args.concurrency, args.seconds,
                                      args.uncached)
                p50, p95 = pct(lat, 50), pct(lat, 95)
                ok = p95 < GOAL_P95_MS and not errors
                failed |= not ok
                print(f"{name:<10} {len(lat):>8} {errors:>6} {p50:>8.1f} {p95:>8.1f} {max(lat):>8.1f}  "
                      f"{'ok' if ok else 'MISSED'} (p95 < {GOAL_P95_MS:.0f} ms)", flush=True)
    finally:
        proc.terminate()
        proc.wait(10)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
