"""The pipeline: ingest → clean → annotate (per article) → store, then the cross-article stages.

Per-article stages are plain functions ``Document -> Document`` listed in :data:`ARTICLE_STAGES`; the CLI, the API,
tests and the distributed runner all call :func:`process_document` / :func:`ingest`, so there is one way a document
becomes knowledge. Writes are batched into transactions: an interrupted run keeps every committed batch and nothing
half-written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from marsad.clean import clean_document
from marsad.ingest import Rejected
from marsad.ingest.decode import InputError
from marsad.model import Document
from marsad.store.base import Store
from marsad.text.sentences import split_sentences

Stage = Callable[[Document], Document]


def sentences_stage(doc: Document) -> Document:
    doc.sentences = split_sentences(doc.text)
    return doc


def dates_stage(doc: Document) -> Document:
    """Attach every resolved date expression to the sentence holding it (anchor: the article's date)."""
    from marsad.text.dates import find_dates

    anchor = doc.published or doc.meta.get("anchor")
    found = find_dates(doc.text, anchor)
    if not found:
        return doc
    i = 0
    for expr in found:
        while i < len(doc.sentences) and doc.sentences[i].end <= expr.start:
            i += 1
        if i < len(doc.sentences):
            doc.sentences[i].dates.append(expr)
    return doc


def _optional_stages() -> list[Stage]:
    """Stages whose modules may not be present in every build (entities, events)."""
    stages: list[Stage] = []
    try:
        from marsad.entities.recognise import recognise_stage

        stages.append(recognise_stage)
    except ImportError:
        pass
    try:
        from marsad.events.extract import events_stage

        stages.append(events_stage)
    except ImportError:
        pass
    return stages


ARTICLE_STAGES: list[Stage] = [sentences_stage, dates_stage, *_optional_stages()]


def annotate(doc: Document, stages: Iterable[Stage] | None = None) -> Document:
    for stage in ARTICLE_STAGES if stages is None else stages:
        doc = stage(doc)
    return doc


def process_document(raw: Document) -> list[Document]:
    """One ingested page → its cleaned, annotated article(s)."""
    return [annotate(doc) for doc in clean_document(raw)]


def process_documents(raws: list[Document]) -> list[list[Document] | InputError]:
    """Many pages at once: the same result as :func:`process_document` on each, but stages that can work on a batch
    (the named-entity tagger) do so. A page that cannot be cleaned gives its :class:`InputError` in its place."""
    cleaned: list[list[Document] | InputError] = []
    for raw in raws:
        try:
            cleaned.append(clean_document(raw))
        except InputError as err:
            cleaned.append(err)
    flat = [doc for docs in cleaned if isinstance(docs, list) for doc in docs]
    for stage in ARTICLE_STAGES:
        batch = getattr(stage, "batch", None)
        flat = batch(flat) if batch is not None else [stage(doc) for doc in flat]
    out: list[list[Document] | InputError] = []
    it = iter(flat)
    for docs in cleaned:
        out.append([next(it) for _ in docs] if isinstance(docs, list) else docs)
    return out


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    documents: int = 0  # articles stored (a page with an appended story stores two)
    seconds: float = 0.0
    interrupted: bool = False
    rejections: list[str] = field(default_factory=list)

    def line(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        text = (
            f"{self.read} read, {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected} rejected; {self.documents} articles stored in {self.seconds:.1f} s ({rate:.0f}/s)"
        )
        return text + (" — interrupted, committed work kept" if self.interrupted else "")


def ingest(
    items: Iterable[Document | Rejected],
    store: Store,
    *,
    on_reject: Callable[[Rejected], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    batch_size: int = 200,
    batch_seconds: float = 2.0,
    resolve_after: bool = True,
) -> IngestSummary:
    """Store every new or changed document of ``items``; unchanged sources are skipped before any work is done."""
    summary = IngestSummary()
    started = time.perf_counter()
    try:
        for batch in _batches(items, batch_size, batch_seconds):
            with store.transaction():
                _ingest_batch(batch, store, summary, on_reject)
            if on_progress:
                on_progress(len(batch))
    except KeyboardInterrupt:
        summary.interrupted = True
    if resolve_after and (summary.new or summary.updated) and not summary.interrupted:
        resolve(store)
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_batch(batch: list[Document | Rejected], store: Store, summary: IngestSummary,
                  on_reject: Callable[[Rejected], None] | None) -> None:
    """Store what a batch of inputs holds: unchanged sources skipped before any work, the rest processed together."""
    todo: list[Document] = []

    def flush() -> None:
        results = process_documents(todo)
        for item, docs in zip(todo, results, strict=True):
            if isinstance(docs, InputError):
                reject(Rejected(item.source, str(docs)), summary, on_reject)
            else:
                store_outcome(item, store.source_hash(item.source), docs, store, summary, on_reject)
        todo.clear()

    for item in batch:
        if isinstance(item, Rejected):
            flush()  # keep the order of reports as the input gives them
            reject(item, summary, on_reject)
            continue
        if any(t.source == item.source for t in todo):
            flush()  # the same source again: it must see what its first version stored, as one at a time would
        summary.read += 1
        if store.source_hash(item.source) == item.content_hash:
            summary.unchanged += 1
            continue
        todo.append(item)
    flush()


def store_outcome(item: Document, old: str | None, docs: list[Document], store: Store, summary: IngestSummary,
                  on_reject: Callable[[Rejected], None] | None) -> None:
    """Store one page's articles in place of its old version and count it (shared with the Dask runner)."""
    if not docs:
        reject(Rejected(item.source, "nothing left after cleaning"), summary, on_reject)
        return
    store.replace_source(item.source, item.content_hash, docs)
    summary.documents += len(docs)
    if old is None:
        summary.new += 1
    else:
        summary.updated += 1


def reject(item: Rejected, summary: IngestSummary, on_reject: Callable[[Rejected], None] | None) -> None:
    """Count a rejected input and report it."""
    summary.rejected += 1
    summary.rejections.append(str(item))
    if on_reject:
        on_reject(item)


def _batches(items: Iterable[Document | Rejected], size: int, seconds: float) -> Iterator[list[Document | Rejected]]:
    batch: list[Document | Rejected] = []
    started = time.perf_counter()
    for item in items:
        batch.append(item)
        if len(batch) >= size or time.perf_counter() - started >= seconds:
            yield batch
            batch = []
            started = time.perf_counter()
    if batch:
        yield batch


def resolve(store: Store) -> None:
    """Cross-article stages: one identity per entity, one record per real-world event, over the whole store."""
    try:
        from marsad.entities.resolve import resolve_corpus
    except ImportError:
        return
    from marsad.syndication import update_copies

    resolve_corpus(store, copies=update_copies(store))  # syndicated copies count once as evidence
