"""Faults at scale: a Dask worker killed, the PostgreSQL connection cut, ``marsad ingest`` killed on PostgreSQL.

Each time the promise is the same: nothing committed is lost, nothing is stored twice, and running the same command
again completes the work. (A feed timing out is covered in tests/ingest/test_feeds.py.)
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from marsad.ingest.files import read_jsonl
from marsad.model import Document
from marsad.pipeline import IngestSummary, ingest
from marsad.store import open_store
from tests.conftest import SAUDINEWSNET
from tests.store.pgtest import fresh_schema, terminate_backend

ARTICLE = (
    "وزير الخارجية يصل إلى الرياض في زيارة رسمية\n"
    "وصل وزير الخارجية إلى الرياض اليوم في زيارة رسمية تستغرق يومين، يلتقي خلالها عددا من المسؤولين "
    "لبحث سبل تعزيز التعاون الاقتصادي بين البلدين.\n"
)


def synthetic(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"r{i}", "text": f"{ARTICLE}الفقرة رقم {i} من النص."}, ensure_ascii=False))
            fh.write("\n")
    return path


def wait_for(predicate, timeout: float = 60.0, every: float = 0.1) -> bool:  # noqa: ANN001 - a test helper
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def pg_counts(url: str) -> tuple[int, int, int]:
    """Documents, distinct sources among them, and documents whose source row is missing."""
    with psycopg.connect(url) as con:
        docs, distinct = con.execute("SELECT count(*), count(DISTINCT source) FROM documents").fetchone()
        orphans = con.execute(
            "SELECT count(*) FROM documents d LEFT JOIN sources s ON s.source = d.source WHERE s.source IS NULL"
        ).fetchone()[0]
    return docs, distinct, orphans


@pytest.mark.skipif(not SAUDINEWSNET.exists(), reason="SaudiNewsNet is not beside the repository")
def test_dask_worker_killed_mid_run_the_run_completes_without_duplicates(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    from marsad.distributed import QUIET_SCHEDULER, ingest_distributed

    items = [i for i in itertools.islice(read_jsonl(SAUDINEWSNET), 400) if isinstance(i, Document)]
    db = tmp_path / "k.db"
    store = open_store(str(db))
    stored = [0]
    outcome: dict[str, object] = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      scheduler_kwargs=QUIET_SCHEDULER) as cluster, \
            Client(cluster) as client:
        pids = client.run(os.getpid)

        def run() -> None:
            try:
                outcome["summary"] = ingest_distributed(
                    items, store, client=client, chunk_size=4, batch_size=20, resolve_after=False,
                    on_progress=lambda n: stored.__setitem__(0, stored[0] + n))
            except Exception as err:  # noqa: BLE001 - recorded and judged below
                outcome["error"] = err

        worker = threading.Thread(target=run)
        worker.start()
        assert wait_for(lambda: stored[0] >= 40 or not worker.is_alive()), "nothing was stored"
        assert worker.is_alive(), "the run finished before a worker could be killed"
        os.kill(next(iter(pids.values())), signal.SIGKILL)
        worker.join(180)
        assert not worker.is_alive()
        if "error" in outcome:  # the scheduler gave up on a chunk: a rerun finishes the work
            rerun = ingest_distributed(items, store, client=client, resolve_after=False)
            assert rerun.unchanged >= stored[0] - 20
    summary = outcome.get("summary")
    assert summary is None or isinstance(summary, IngestSummary) and summary.rejected == 0
    store.close()
    check = open_store(str(db))
    docs = list(check.documents())
    assert len({d.source for d in docs}) == len(items)  # every page stored once
    assert len({(d.source, d.part) for d in docs}) == len(docs)
    check.close()


def test_postgres_connection_dropped_mid_ingest_keeps_committed_work_and_rerun_completes(tmp_path: Path) -> None:
    corpus = synthetic(tmp_path / "c.jsonl", 1500)
    with fresh_schema() as url:
        store = open_store(url)
        pid = store.backend_pid()  # type: ignore[attr-defined]
        outcome: dict[str, object] = {}

        def run() -> None:
            try:
                outcome["summary"] = ingest(read_jsonl(corpus), store, batch_size=50, resolve_after=False)
            except psycopg.OperationalError as err:
                outcome["error"] = err

        worker = threading.Thread(target=run)
        worker.start()
        committed = [0]
        assert wait_for(lambda: committed.__setitem__(0, pg_counts(url)[0]) or committed[0] >= 200
                        or not worker.is_alive(), every=0.05)
        assert worker.is_alive(), "ingest finished before the connection could be cut"
        assert terminate_backend(pid)
        worker.join(120)
        assert "error" in outcome, "the cut connection went unnoticed"
        docs, distinct, orphans = pg_counts(url)
        assert docs >= committed[0] and docs == distinct and orphans == 0
        rerun = ingest(read_jsonl(corpus), store, batch_size=50, resolve_after=False)  # same store: reconnects
        assert rerun.unchanged == docs and rerun.new == 1500 - docs
        assert pg_counts(url) == (1500, 1500, 0)
        store.close()


def test_kill_9_of_marsad_ingest_on_postgres_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    corpus = synthetic(tmp_path / "big.jsonl", 1200)
    with fresh_schema() as url:
        open_store(url).close()  # migrate first, so the poll below can count from the start
        cmd = [sys.executable, "-m", "marsad.cli", "ingest", str(corpus), "--db", url, "-q"]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        committed = [0]
        ok = wait_for(lambda: committed.__setitem__(0, pg_counts(url)[0]) or committed[0] >= 200
                      or proc.poll() is not None, every=0.1)
        assert ok and proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        docs, distinct, orphans = pg_counts(url)
        assert docs >= committed[0] and docs == distinct and orphans == 0
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        assert f"{docs} unchanged" in out.stdout
        assert pg_counts(url) == (1200, 1200, 0)

