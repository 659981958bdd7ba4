"""The JSON API under ``/api``: events, documents, entities, search, the network, the map, the calendar, exports.

Every handler is a plain ``def``: FastAPI runs it in a worker thread, which gets its own store connection from
:class:`marsad.serve.app.StorePool`. Filters are validated here and turned into one :class:`EventFilter`, so the
list, the graph, the map, the calendar and the exports agree on what a filter means.
"""

from __future__ import annotations

import hmac
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from enum import StrEnum
from itertools import chain
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from marsad.export import document_records, entity_records, event_record, export_csv
from marsad.exports.gexf import export_gexf
from marsad.exports.ics import export_ics, ics_bytes
from marsad.exports.plover import export_plover
from marsad.ingest.decode import InputError
from marsad.ingest.html import extract_html
from marsad.model import Document, content_hash, stable_id
from marsad.serve import queries
from marsad.serve.schemas import (
    DocumentOut,
    EntityProfile,
    EntitySummary,
    EntityType,
    Error,
    EventDetail,
    EventStatus,
    EventSummary,
    EventType,
    Graph,
    Info,
    Ingested,
    NewDocument,
    Page,
    Places,
    SearchPage,
)
from marsad.serve.snippets import search_page
from marsad.store import open_store
from marsad.store.base import EventFilter, Store

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
MAX_QUERY = 200
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Error, "description": "Not found"},
    422: {"model": Error, "description": "A parameter is invalid"},
}

log = logging.getLogger("marsad.serve")
router = APIRouter(prefix="/api")
bearer = HTTPBearer(auto_error=False, description="The token the server was started with (--token).")


class ApiError(HTTPException):
    """An error the client can act on: its status and a one-line message, sent as ``{"error": message}``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)


def store_of(request: Request) -> Store:
    """This worker thread's store connection (called inside the handler, so thread and connection match)."""
    return request.app.state.stores.get()


def iso_date(value: str | None, name: str) -> str | None:
    """``value`` when it is an ISO date at day, month or year precision; a 422 naming ``name`` otherwise."""
    if value is None or value == "":
        return None
    m = _DATE.match(value)
    ok = bool(m)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
        try:
            date(year, month, day)
        except ValueError:
            ok = False
    if not ok:
        raise ApiError(422, f"{name}: expected an ISO date (YYYY-MM-DD, YYYY-MM or YYYY), got {value[:40]!r}")
    return value


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, at most {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
Text = Annotated[str | None, Query(max_length=MAX_QUERY)]


async def event_filter(
    date_from: Annotated[str | None, Query(alias="from", max_length=10,
                                           description="Events ending on or after this ISO date.")] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10,
                                         description="Events starting on or before this ISO date.")] = None,
    type: Annotated[EventType | None, Query(description="Event type.")] = None,
    status: Annotated[EventStatus | None, Query(description="planned, held, cancelled or unknown.")] = None,
    country: Annotated[str | None, Query(max_length=MAX_QUERY,
                                         description="A country (entity id or name) taking part or hosting.")] = None,
    entity: Annotated[str | None, Query(max_length=MAX_QUERY,
                                        description="An entity id: participant, place or series.")] = None,
    series: Annotated[str | None, Query(max_length=MAX_QUERY, description="An event-series entity id.")] = None,
    q: Annotated[str | None, Query(max_length=MAX_QUERY, description="Words in the event's name.")] = None,
) -> EventFilter:
    """The shared event filters, validated (FastAPI checks the enums and lengths; dates are checked here)."""
    date_from, date_to = iso_date(date_from, "from"), iso_date(date_to, "to")
    if date_from and date_to and date_from[: len(date_to)] > date_to:
        raise ApiError(422, f"from ({date_from}) is after to ({date_to})")
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        type=type.value if type else None,
        status=status.value if status else None,
        country=country.strip() or None if country else None,
        entity=entity or None,
        series=series or None,
        text=q.strip() or None if q else None,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]


def _resolved(store: Store, flt: EventFilter) -> EventFilter:
    """``flt`` with a country given by name turned into its entity id."""
    if flt.country:
        return replace(flt, country=queries.resolve_country(store, flt.country))
    return flt


# -- overview -------------------------------------------------------------------------------------------------------
@router.get("/info", response_model=Info, summary="What the knowledge base holds, and whether writing is enabled")
def info(request: Request) -> dict[str, Any]:
    return {"write": bool(request.app.state.token), "counts": store_of(request).stats()}


# -- events ---------------------------------------------------------------------------------------------------------
@router.get("/events", response_model=Page[EventSummary], responses=ERRORS, summary="Events, sorted by date")
def list_events(request: Request, flt: Filter, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    store = store_of(request)
    flt = _resolved(store, flt)
    events = store.events(replace(flt, limit=limit, offset=offset))
    return {"total": store.count_events(flt), "limit": limit, "offset": offset,
            "items": queries.event_summaries(store, events)}


@router.get("/events/{event_id}", response_model=EventDetail, responses=ERRORS,
            summary="One event with its evidence: the quoted sentences and where they are in each article")
def get_event(request: Request, event_id: Annotated[str, Path(max_length=MAX_QUERY)]) -> dict[str, Any]:
    store = store_of(request)
    ev = store.event(event_id)
    if ev is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    return queries.event_detail(store, ev)


# -- documents ------------------------------------------------------------------------------------------------------
@router.get("/documents/{doc_id}", response_model=DocumentOut, responses=ERRORS,
            summary="An article's text with its mentions and the events it states")
def get_document(request: Request, doc_id: Annotated[str, Path(max_length=MAX_QUERY)]) -> dict[str, Any]:
    store = store_of(request)
    doc = store.document(doc_id)
    if doc is None:
        raise ApiError(404, f"no document with id {doc_id!r}")
    return queries.document_view(store, doc)


async def require_token(
    request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Writing needs the server's token: none configured → 403, wrong or missing → 401."""
    token: str | None = request.app.state.token
    if not token:
        raise ApiError(403, "adding articles is disabled on this server (start it with --token to enable)")
    given = creds.credentials if creds and creds.scheme.lower() == "bearer" else ""
    if not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
        raise ApiError(401, "missing or wrong token: send 'Authorization: Bearer <token>'",
                       headers={"WWW-Authenticate": "Bearer"})


def raw_document(body: NewDocument) -> Document:
    """The page as the ingest stage expects it, from the posted fields (the same shape the file readers build)."""
    if (body.text is None) == (body.html is None):
        raise ApiError(422, "give exactly one of 'text' or 'html'")
    published = iso_date(body.published, "published")
    title, outlet, url = (body.title or "").strip(), body.outlet, body.url
    if body.html is not None:
        try:
            page = extract_html(body.html, url=url)
        except InputError as err:
            raise ApiError(422, f"html: {err}") from None
        text = page["text"] or ""
        title = title or page["title"] or ""
        published = published or page["published"]
        outlet, url = outlet or page["outlet"], url or page["url"]
    else:
        text = body.text or ""
    if not text.strip():
        raise ApiError(422, "the article has no text")
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    digest = content_hash(json.dumps([title, body.text, body.html, published, outlet, url], ensure_ascii=False))
    meta = {"format": "api", "record_published": published, "record_outlet": outlet}
    if title:
        meta["record_title"] = title
    return Document(source=f"api:{digest[:16]}", text=text, url=url, content_hash=digest, meta=meta)


@router.post("/documents", response_model=Ingested, status_code=201,
             responses={200: {"model": Ingested, "description": "Already stored: nothing changed"},
                        401: {"model": Error}, 403: {"model": Error}, 413: {"model": Error}, 422: {"model": Error}},
             summary="Add an article and get back what was found in it (needs the server's token)")
def add_document(request: Request, response: Response, background: BackgroundTasks, body: NewDocument,
                 _auth: Annotated[None, Depends(require_token)]) -> dict[str, Any]:
    """Store and annotate the article now; link it into the corpus (entities, events) right after answering.

    The article-level extraction comes back in the answer. The cross-article stage works over the whole corpus, so
    it runs after the response, one at a time: a POST stays fast on a large corpus, and a failure there (logged)
    cannot turn the answer for an article that was stored into an error.
    """
    from marsad.pipeline import ingest

    raw = raw_document(body)
    store = store_of(request)
    lock = request.app.state.write_lock
    with lock:
        summary = ingest([raw], store, resolve_after=False)
    if summary.rejected:
        reason = summary.rejections[0].split(": ", 1)[-1] if summary.rejections else "rejected"
        raise ApiError(422, f"article not stored: {reason}")
    status = "new" if summary.new else "updated" if summary.updated else "unchanged"
    if status == "unchanged":
        response.status_code = 200
    else:
        background.add_task(_resolve_corpus, request.app.state.stores.url, lock)
    docs = []
    for part in range(100):
        doc = store.document(stable_id("d", raw.source, part))
        if doc is None:
            break
        docs.append(queries.document_view(store, doc))
    return {"status": status, "source": raw.source, "documents": docs}


def _resolve_corpus(url: str, lock: Any) -> None:
    """The cross-article stage over the whole store, on a connection of its own, after a POST."""
    from marsad.pipeline import resolve

    with lock:
        store = open_store(url)
        try:
            resolve(store)
        except Exception:
            log.exception("linking a posted article into the corpus failed; the article itself is stored")
        finally:
            store.close()


# -- entities -------------------------------------------------------------------------------------------------------
@router.get("/entities", response_model=Page[EntitySummary], responses=ERRORS,
            summary="Entities (people, organisations, places, event series), most mentioned first")
def list_entities(request: Request, type: Annotated[EntityType | None, Query()] = None,
                  q: Annotated[str | None, Query(max_length=MAX_QUERY, description="Part of a name or alias.")] = None,
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    store = store_of(request)
    etype, text = (type.value if type else None), (q.strip() or None if q else None)
    rows = store.find_entities(etype, text, limit, offset)
    items = [{"id": e.id, "type": e.type, "name_ar": e.name_ar, "name_en": e.name_en, "wikidata": e.wikidata,
              "mentions": n} for e, n in rows]
    return {"total": store.count_entities(etype, text), "limit": limit, "offset": offset, "items": items}


@router.get("/entities/{entity_id}", response_model=EntityProfile, responses=ERRORS,
            summary="An entity's profile: names, roles over time, events, the actors it meets most")
def get_entity(request: Request, entity_id: Annotated[str, Path(max_length=MAX_QUERY)],
               limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    store = store_of(request)
    ent = store.entity(entity_id)
    if ent is None:
        raise ApiError(404, f"no entity with id {entity_id!r}")
    return queries.entity_profile(store, ent, limit, offset)


# -- search, network, map -------------------------------------------------------------------------------------------
@router.get("/search", response_model=SearchPage, responses=ERRORS,
            summary="Full-text search over the articles (Arabic-aware), with highlighted snippets")
def search(request: Request,
           q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY, description="Words to find.")],
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20, offset: Offset = 0) -> dict[str, Any]:
    hits = search_page(store_of(request), q, limit, offset)
    return {"q": q, "limit": limit, "offset": offset, "more": len(hits) > limit, "items": hits[:limit]}


@router.get("/graph", response_model=Graph, responses=ERRORS,
            summary="The actor network: co-participation in the events matching the filters")
def get_graph(request: Request, flt: Filter,
              max_edges: Annotated[int, Query(ge=1, le=2000, description="Heaviest edges kept.")] = 300,
              max_nodes: Annotated[int, Query(ge=1, le=1000, description="Nodes kept.")] = 200) -> dict[str, Any]:
    store = store_of(request)
    return queries.graph(store, _resolved(store, flt), max_edges, max_nodes)


@router.get("/places", response_model=Places, responses=ERRORS,
            summary="Where the events matching the filters took place, with coordinates for the map")
def get_places(request: Request, flt: Filter) -> dict[str, Any]:
    store = store_of(request)
    return queries.places(store, _resolved(store, flt))


# -- calendar and exports -------------------------------------------------------------------------------------------
_ICS = {"content": {"text/calendar": {}}, "description": "An iCalendar feed"}


@router.get("/calendar.ics", response_class=Response, responses={200: _ICS, 422: {"model": Error}},
            summary="Planned events as an iCalendar feed to subscribe to (all-day entries)")
def calendar(request: Request, flt: Filter,
             lang: Annotated[str, Query(pattern="^(ar|en)$", description="Language of titles.")] = "ar") -> Response:
    store = store_of(request)
    flt = replace(_resolved(store, flt), status="planned")
    events = store.events(flt)
    names = store.entities_by_id({p.entity for e in events for p in e.participants} |
                                 {e.location for e in events if e.location})
    base = str(request.base_url)
    title = "مرصد — الفعاليات المرتقبة" if lang == "ar" else "Marsad — planned events"
    body = ics_bytes(events, names, title=title, lang=lang, event_url=base + "#/event/{}")
    return Response(body, media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'inline; filename="marsad-planned.ics"'})


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    gexf = "gexf"
    ics = "ics"
    plover = "plover"


class CsvTable(StrEnum):
    events = "events"
    entities = "entities"
    documents = "documents"


_DOWNLOAD = {"content": {"application/octet-stream": {}}, "description": "The export file"}


def _jsonl_chunks(url: str, flt: EventFilter) -> Iterator[bytes]:
    """The JSON Lines export in ~64 kB pieces, from a connection of its own (the stream outlives the handler)."""
    store = open_store(url)
    try:
        buf = io.StringIO()
        events = (event_record(ev) for ev in store.events(flt))
        for rec in chain(document_records(store), entity_records(store), events):
            buf.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if buf.tell() >= 1 << 16:
                yield buf.getvalue().encode("utf-8")
                buf = io.StringIO()
        yield buf.getvalue().encode("utf-8")
    finally:
        store.close()


@router.get("/export", response_class=Response, responses={200: _DOWNLOAD, 422: {"model": Error}},
            summary="Download the knowledge base: jsonl, csv, gexf (Gephi), ics (calendar) or plover")
def export(request: Request, flt: Filter,
           format: Annotated[ExportFormat, Query(description="File format.")] = ExportFormat.jsonl,
           table: Annotated[CsvTable, Query(description="With format=csv: which table.")] = CsvTable.events,
           ) -> Response:
    store = store_of(request)
    flt = _resolved(store, flt)

    def attachment(name: str) -> dict[str, str]:
        return {"Content-Disposition": f'attachment; filename="{name}"'}

    if format is ExportFormat.jsonl:
        return StreamingResponse(_jsonl_chunks(request.app.state.stores.url, flt),
                                 media_type="application/x-ndjson", headers=attachment("marsad.jsonl"))
    if format is ExportFormat.csv:
        out = io.StringIO()
        export_csv(store, out, table.value, flt)
        return Response(("\ufeff" + out.getvalue()).encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers=attachment(f"marsad-{table.value}.csv"))
    if format is ExportFormat.gexf:
        body, _ = export_gexf(store, flt)
        return Response(body, media_type="application/gexf+xml", headers=attachment("marsad.gexf"))
    if format is ExportFormat.ics:
        body, _ = export_ics(store, flt)
        return Response(body, media_type="text/calendar; charset=utf-8", headers=attachment("marsad.ics"))
    out = io.StringIO()
    export_plover(store, out, flt)
    return Response(out.getvalue().encode("utf-8"), media_type="application/x-ndjson",
                    headers=attachment("marsad-plover.jsonl"))
