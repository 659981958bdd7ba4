"""The per-article stages on a Dask cluster; the store, its hashes and its transactions stay with the client.

``marsad ingest --workers N`` starts a :class:`distributed.LocalCluster` (N processes, one thread each: the stages
are pure Python, so threads would only share one GIL); ``--scheduler tcp://host:8786`` uses a running cluster whose
workers have Marsad installed. Either way the run is the single-process :func:`marsad.pipeline.ingest`, only faster:

- documents are read in the client and their content hashes checked against the store *before* anything is sent,
  so unchanged sources cost no work and no traffic;
- what is left goes to the workers in small chunks, each running :func:`marsad.pipeline.process_document`;
- results come back in input order and the client stores them in batched transactions, re-checking each hash at
  store time, exactly as the single-process loop does — so the same input gives the same store, counts and
  rejections, and a Ctrl-C or a crash keeps every committed batch and nothing half-written;
- at most a bounded window of documents is in flight, so memory stays flat however large the input;
- the cross-article :func:`marsad.pipeline.resolve` runs once at the end, in the client, over the merged store.

A worker that dies mid-run loses nothing: the scheduler re-runs its chunks elsewhere (stages are pure functions,
so a chunk computed twice gives the same documents), and a rerun after any failure skips what was committed.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from marsad.ingest import Rejected
from marsad.ingest.decode import InputError
from marsad.model import Document
from marsad.pipeline import IngestSummary, process_document, process_documents, reject, resolve, store_outcome
from marsad.store.base import Store
from marsad.store.sql import StoredDoc, stored_doc

log = logging.getLogger(__name__)

#: a processed page: its articles (as rows ready to store), or the reason it was rejected
Outcome = list[StoredDoc] | list[Document] | str


def process_chunk(docs: list[Document]) -> list[Outcome]:
    """Run on a worker: the per-article stages over a few pages. Input errors become reasons; bugs propagate.

    Articles come back as :class:`~marsad.store.sql.StoredDoc` rows (annotations already JSON, search key already
    made): cheaper to send than the annotated objects, and work the client — the one serial part — need not do.
    """
    out: list[Outcome] = []
    for result in process_documents(docs):  # batch-capable stages (the NER tagger) see the chunk at once
        out.append(str(result) if isinstance(result, InputError) else [stored_doc(d) for d in result])
    return out


@dataclass(slots=True)
class _Chunk:
    """Pages sent together to one worker; ``future`` is set once submitted."""

    docs: list[Document] = field(default_factory=list)
    future: Any = None
    results: list[Outcome] | None = None  # fetched once for all its pages (each fetch is a round trip)


@dataclass(slots=True)
class _Slot:
    """One input item, in input order, waiting to be stored."""

    item: Document | Rejected
    chunk: _Chunk | None = None  # where its outcome is computed (None: nothing to compute)
    index: int = 0
    unchanged: bool = False  # the store already held this exact content when it was read

    def outcome(self) -> Outcome:
        chunk = self.chunk
        assert chunk is not None and chunk.future is not None
        if chunk.results is None:
            chunk.results = chunk.future.result()
        return chunk.results[self.index]


#: no dashboard, and the scheduler's small HTTP server on a free port rather than 8787 (often taken)
QUIET_SCHEDULER = {"dashboard_address": ":0"}


@contextmanager
def dask_client(workers: int = 2, scheduler: str | None = None) -> Iterator[Any]:
    """A client on ``scheduler``, or on a new local cluster of ``workers`` processes with one thread each."""
    from distributed import Client, LocalCluster

    for name in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny"):
        logging.getLogger(name).setLevel(logging.ERROR)
    if scheduler:
        with Client(scheduler, timeout="30s") as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      scheduler_kwargs=QUIET_SCHEDULER, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def ingest_distributed(
    items: Iterable[Document | Rejected],
    store: Store,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    client: Any = None,
    on_reject: Callable[[Rejected], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = 200,
    chunk_size: int = 8,
    window: int | None = None,
    resolve_after: bool = True,
) -> IngestSummary:
    """:func:`marsad.pipeline.ingest` with the per-article stages on Dask (see the module doc).

    ``client`` reuses a connected :class:`distributed.Client`; otherwise one is made from ``scheduler`` or a local
    cluster of ``workers`` processes. ``window`` bounds the pages in flight (default: eight chunks per worker).
    """
    if client is None:
        with dask_client(workers, scheduler) as own:
            return ingest_distributed(items, store, client=own, on_reject=on_reject, on_progress=on_progress,
                                      batch_size=batch_size, chunk_size=chunk_size, window=window,
                                      resolve_after=resolve_after)
    n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
    window = window or n_workers * chunk_size * 8
    summary = IngestSummary()
    started = time.perf_counter()
    run = uuid.uuid4().hex[:8]
    slots: deque[_Slot] = deque()
    pending: dict[str, tuple[str, _Slot]] = {}  # source → (hash, slot) of the latest page read but not yet stored
    chunk = _Chunk()
    chunks = 0
    in_flight = 0

    def submit() -> None:
        nonlocal chunk, chunks
        if chunk.docs:
            chunk.future = client.submit(process_chunk, chunk.docs, key=f"marsad-{run}-{chunks}", pure=False)
            chunks += 1
            chunk = _Chunk()

    def drain(keep: int) -> None:
        """Store the oldest slots until at most ``keep`` pages are in flight (``keep < 0``: store every slot)."""
        nonlocal in_flight
        while slots and (keep < 0 or in_flight > keep):
            batch: list[tuple[_Slot, Outcome | None]] = []
            while slots and len(batch) < batch_size and (keep < 0 or in_flight > keep):
                slot = slots.popleft()
                if slot.chunk is not None and slot.chunk.future is None:
                    submit()  # the partial chunk holding it must go now
                batch.append((slot, slot.outcome() if slot.chunk is not None else None))  # waits for the workers
                if slot.chunk is not None and not slot.unchanged:
                    in_flight -= 1
            with store.transaction():
                for slot, outcome in batch:
                    _store_one(slot, outcome, store, summary, on_reject)
            for slot, _ in batch:
                if isinstance(slot.item, Document) and pending.get(slot.item.source, ("", None))[1] is slot:
                    del pending[slot.item.source]
            if on_progress:
                on_progress(len(batch))

    try:
        for item in items:
            slot = _Slot(item)
            if isinstance(item, Document):
                stored = store.source_hash(item.source)
                earlier = pending.get(item.source)
                if earlier is not None and earlier[0] == item.content_hash and earlier[1].chunk is not None:
                    # the same content is already on its way: share its outcome, compute nothing
                    slot.chunk, slot.index, slot.unchanged = earlier[1].chunk, earlier[1].index, True
                elif earlier is None and stored == item.content_hash:
                    slot.unchanged = True
                else:
                    slot.chunk, slot.index = chunk, len(chunk.docs)
                    chunk.docs.append(item)
                    in_flight += 1
                    pending[item.source] = (item.content_hash, slot)
                    if len(chunk.docs) >= chunk_size:
                        submit()
            slots.append(slot)
            if in_flight > window:
                drain(window // 2)
        submit()
        drain(-1)
    except KeyboardInterrupt:
        summary.interrupted = True
        for s in slots:
            if s.chunk is not None and s.chunk.future is not None:
                s.chunk.future.cancel()
    if resolve_after and (summary.new or summary.updated) and not summary.interrupted:
        resolve(store)
    summary.seconds = time.perf_counter() - started
    return summary


def _store_one(slot: _Slot, outcome: Outcome | None, store: Store, summary: IngestSummary,
               on_reject: Callable[[Rejected], None] | None) -> None:
    """What :func:`marsad.pipeline.ingest` does with one item, given its outcome computed elsewhere."""
    item = slot.item
    if isinstance(item, Rejected):
        reject(item, summary, on_reject)
        return
    summary.read += 1
    old = store.source_hash(item.source)
    if old == item.content_hash:
        summary.unchanged += 1
        return
    if outcome is None:  # read as unchanged, but the store changed since: compute it here
        try:
            outcome = process_document(item)
        except InputError as err:
            outcome = str(err)
    if isinstance(outcome, str):
        reject(Rejected(item.source, outcome), summary, on_reject)
        return
    store_outcome(item, old, outcome, store, summary, on_reject)
