"""The Dask runner gives what the single process gives; new articles join a knowledge base without a rebuild.

Equality is checked on exports (documents, entities with their mentions, events with their sources), the same
records a user downloads, on real SaudiNewsNet articles.
"""

from __future__ import annotations

import gzip
import io
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.export import export_jsonl
from marsad.ingest import Rejected
from marsad.ingest.files import read_jsonl
from marsad.model import Document, content_hash
from marsad.pipeline import ingest
from marsad.store import open_store
from marsad.store.base import Store
from tests.conftest import SAUDINEWSNET

pytestmark = pytest.mark.skipif(not SAUDINEWSNET.exists(), reason="SaudiNewsNet is not beside the repository")
SAMPLE = 300


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """One local Dask cluster (two processes, one thread each) shared by the tests of this module."""
    from distributed import LocalCluster

    from marsad.distributed import QUIET_SCHEDULER

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      scheduler_kwargs=QUIET_SCHEDULER) as c:
        yield c.scheduler_address


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first articles of SaudiNewsNet as a JSON Lines file, with a broken line to reject on the way."""
    path = tmp_path_factory.mktemp("sample") / "sample.jsonl"
    with path.open("w", encoding="utf-8") as out, gzip.open(SAUDINEWSNET, "rt", encoding="utf-8") as f:
        for i, line in enumerate(itertools.islice(f, SAMPLE)):
            out.write(line)
            if i == 10:
                out.write("{not json\n")
    return path


def export(store: Store) -> list[str]:
    buf = io.StringIO()
    export_jsonl(store, buf)
    return buf.getvalue().splitlines()


def test_distributed_run_equals_single_process_run(cluster: str, sample: Path, tmp_path: Path) -> None:
    single, multi = tmp_path / "single.db", tmp_path / "multi.db"
    one = CliRunner().invoke(app, ["ingest", str(sample), "--db", str(single), "-q"])
    many = CliRunner().invoke(app, ["ingest", str(sample), "--db", str(multi), "-q", "--scheduler", cluster])
    assert one.exit_code == many.exit_code == 1  # the broken line is rejected in both
    assert one.output.splitlines()[-1].split(";")[0] == many.output.splitlines()[-1].split(";")[0]
    assert "sample.jsonl:12: malformed JSON" in many.output
    a, b = open_store(str(single)), open_store(str(multi))
    assert a.count("documents") >= SAMPLE - 5
    assert export(a) == export(b)  # same documents in the same order, same entities, mentions and events
    again = CliRunner().invoke(app, ["ingest", str(sample), "--db", str(multi), "-q", "--scheduler", cluster])
    assert f"0 new, 0 updated, {SAMPLE} unchanged" in again.output  # hashes checked before anything is sent
    a.close()
    b.close()


def test_duplicate_and_changed_sources_end_as_in_a_single_process(cluster: str, tmp_path: Path) -> None:
    """One source several times in the input, changed and unchanged: the last version read is the one stored.

    The runner decides page by page in input order (the single process decides per batch, where only the last copy
    of a source counts as work), so the stores are compared, and the runner's own counts are checked."""
    from distributed import Client

    from marsad.distributed import ingest_distributed

    text = "وصل وزير الخارجية إلى الرياض اليوم في زيارة رسمية لبحث التعاون الاقتصادي بين البلدين."

    def doc(source: str, body: str) -> Document:
        return Document(source=source, text=body, content_hash=content_hash(body))

    items: list[Document | Rejected] = [
        doc("a", text), doc("b", text + " وأضاف."), doc("a", text), Rejected("x.txt", "empty file"),
        doc("a", text + " تحديث."), doc("a", text), doc("empty", "   "), doc("c", text + " ثالث."),
    ]
    stores = [open_store(str(tmp_path / f"{k}.db")) for k in ("single", "multi")]
    with stores[0].transaction():
        stores[0].replace_source("c", content_hash(text + " ثالث."), [])
    with stores[1].transaction():
        stores[1].replace_source("c", content_hash(text + " ثالث."), [])
    expected = ingest(items, stores[0])
    with Client(cluster) as client:
        got = ingest_distributed(items, stores[1], client=client, chunk_size=2, window=2, batch_size=3)
    for field in ("read", "rejected", "rejections"):
        assert getattr(got, field) == getattr(expected, field), field
    assert (got.new, got.updated, got.unchanged, got.documents) == (2, 2, 2, 4)  # a, b; a changed twice; a, c
    assert export(stores[0]) == export(stores[1])
    [a] = [d for d in stores[1].documents() if d.source == "a"]
    assert a.text == text and stores[1].source_hash("a") == content_hash(text)
    for s in stores:
        s.close()


def test_workers_option_starts_a_local_cluster(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(20):
            rec = {"id": f"r{i}", "text": f"وصل وزير الخارجية إلى الرياض في زيارة رسمية رقم {i} لبحث التعاون."}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    out = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "w.db"), "--workers", "2", "-q"])
    assert out.exit_code == 0, out.output
    assert "20 read, 20 new" in out.output
    bad = CliRunner().invoke(app, ["ingest", str(corpus), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"])
    assert bad.exit_code == 2 and "not both" in bad.output


def test_new_articles_join_an_existing_knowledge_base_without_reprocessing(sample: Path, tmp_path: Path) -> None:
    """Ingesting a sample in two halves gives the knowledge base the whole sample gives at once."""
    items = [i for i in read_jsonl(sample) if isinstance(i, Document)][:200]
    whole, halves = open_store(str(tmp_path / "whole.db")), open_store(str(tmp_path / "halves.db"))
    ingest(items, whole)
    first = ingest(items[:100], halves)
    second = ingest(items, halves)  # the first half again, unchanged, plus the second half
    assert first.new == 100 and second.unchanged == 100 and second.new == 100
    assert sorted(export(whole)) == sorted(export(halves))
    whole.close()
    halves.close()
