"""The web application: the JSON API, the analysts' page and the API reference, from one process, offline.

``create_app`` wires the pieces; security is decided here. The server only reads unless it was given a token;
request bodies are capped; errors reach clients as ``{"error": "..."}`` and never as a stack trace (that goes to
the server log); no CORS header is sent unless origins are named; the page runs only scripts it ships itself.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad.serve import api
from marsad.store import open_store
from marsad.store.base import Store

log = logging.getLogger("marsad.serve")
STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 2 * 1024 * 1024
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class StorePool:
    """One store connection per worker thread: SQLite connections must not be shared by concurrent requests.

    :meth:`close` (at shutdown) closes them all and starts a new generation, so an app started again — tests and
    some servers run the lifespan more than once — opens fresh connections instead of reusing closed ones.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Store] = []
        self._generation = 0

    def get(self) -> Store:
        entry = getattr(self._local, "entry", None)
        if entry is None or entry[0] != self._generation:
            store = open_store(self.url)
            with self._lock:
                self._all.append(store)
                entry = self._local.entry = (self._generation, store)
        return entry[1]

    def close(self) -> None:
        with self._lock:
            self._generation += 1
            for store in self._all:
                with contextlib.suppress(Exception):  # closing at shutdown must not fail the shutdown
                    store.close()
            self._all.clear()


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, whether announced (Content-Length) or streamed.

    A body is read here in full (it is at most ``limit`` bytes) and handed on unchanged, so the application never
    starts on a request it would have to abandon halfway.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        too_large = _json(413, f"request body too large (the limit is {self.limit // (1024 * 1024)} MB)")
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await too_large(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.limit:
                await too_large(scope, receive, send)
                return
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class DataVersion:
    """A number that changes whenever anyone commits to the database — this server, a background job, or a
    ``marsad ingest`` run in another process — read from SQLite's ``PRAGMA data_version`` on a connection of its own
    that never writes (a few microseconds). None for backends without such a counter: their answers are not cached.
    """

    def __init__(self, url: str) -> None:
        self.path = None if url.startswith(("postgresql://", "postgres://")) else url.removeprefix("sqlite:///")
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def current(self) -> int | None:
        if self.path is None:
            return None
        with self._lock:
            try:
                if self._db is None:
                    self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False,
                                               isolation_level=None)
                return self._db.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                return None  # no database yet, or not SQLite: answer uncached

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


class ResponseCache:
    """Answers to repeated GETs under /api, kept until the database changes.

    The page asks the same questions all day (the default timeline, the country list, the whole network), and the
    data only changes when articles are ingested. Each entry is stamped with :class:`DataVersion`; a request whose
    stamp differs is answered afresh, so nothing stale is ever served. Downloads (/api/export) are not kept.
    """

    def __init__(self, app: ASGIApp, versions: DataVersion, budget: int = 64 << 20, max_body: int = 1 << 20) -> None:
        self.app = app
        self.versions = versions
        self.budget = budget  # bytes of bodies kept, least recently used dropped first
        self.max_body = max_body
        self.entries: OrderedDict[tuple[bytes, ...], tuple[int, Message, bytes]] = OrderedDict()
        self.held = 0
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope.get("method") != "GET" or not path.startswith("/api/")
                or path.startswith("/api/export")):
            await self.app(scope, receive, send)
            return
        version = self.versions.current()
        if version is None:
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or []).get(b"host", b"")
        key = (path.encode("utf-8"), scope.get("query_string", b""), host)
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None and hit[0] == version:
                self.entries.move_to_end(key)
        if hit is not None and hit[0] == version:
            # a fresh message each time: outer middleware (CORS, security headers) add headers to what they get
            await send({**hit[1], "headers": list(hit[1].get("headers") or [])})
            await send({"type": "http.response.body", "body": hit[2]})
            return
        start: Message | None = None
        chunks: list[bytes] = []
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                start = {**message, "headers": list(message.get("headers") or [])}  # before outer layers add theirs
                keep = message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                keep = sum(map(len, chunks)) <= self.max_body
            await send(message)

        await self.app(scope, receive, capture)
        if keep and start is not None:
            body = b"".join(chunks)
            with self.lock:
                old = self.entries.pop(key, None)
                self.held -= len(old[2]) if old else 0
                self.entries[key] = (version, start, body)
                self.held += len(body)
                while self.held > self.budget and self.entries:
                    self.held -= len(self.entries.popitem(last=False)[1][2])


class CatchAll:
    """Any exception a handler did not turn into an answer becomes a bare 500 JSON; the trace goes to the log."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            log.exception("internal error on %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _json(500, "internal error")(scope, receive, send)


class SecurityHeaders:
    """Headers every answer carries; the page additionally gets a Content-Security-Policy (scripts: own only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
                if path == "/" or path.startswith("/static/"):
                    headers += [(b"content-security-policy", PAGE_CSP.encode()), (b"x-frame-options", b"DENY")]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _json(status: int, message: str, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"not found: {request.url.path}"
    elif exc.status_code == 405:
        message = f"method {request.method} not allowed on {request.url.path}"
    return _json(exc.status_code, message, getattr(exc, "headers", None))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body", "header")]
        details.append({"param": ".".join(loc) or "request", "message": err.get("msg", "invalid")})
    message = "; ".join(f"{d['param']}: {d['message']}" for d in details[:3]) or "invalid request"
    return _json(422, message, details=details)


def create_app(store_url: str, token: str | None = None, cors_origins: Sequence[str] = (),
               max_body: int = MAX_BODY, cache: bool = True) -> FastAPI:
    """The Marsad web app over the store at ``store_url``.

    ``token`` enables POST /api/documents for clients sending it as a Bearer token; ``cors_origins`` lists the
    only other web origins allowed to call the API from a browser (none by default). The store is opened by the
    first request of each worker thread (``marsad serve`` checks it opens before starting). ``cache`` keeps
    answers to repeated GETs until the database changes (SQLite only; see :class:`ResponseCache`).
    """
    pool = StorePool(store_url)

    versions = DataVersion(store_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()
        versions.close()

    app = FastAPI(
        title="Marsad API",
        version="0.1.0",
        summary="Events of economic diplomacy read from Arabic news, each traced to its sentence.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.stores = pool
    app.state.token = token or None
    app.state.write_lock = threading.Lock()
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.include_router(api.router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """The OpenAPI reference, with Swagger UI served from the package (offline)."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="Marsad API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/vendor/swagger-ui/favicon-32x32.png",
        )

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # outermost last: SecurityHeaders → CatchAll → CORS (per request, never cached) → ResponseCache → BodyLimit
    app.add_middleware(BodyLimit, limit=max_body)
    if cache:
        app.add_middleware(ResponseCache, versions=versions)
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(CatchAll)
    app.add_middleware(SecurityHeaders)  # outermost: even a 500 carries the headers
    return app


def app_from_env() -> FastAPI:
    """The app configured from the environment, for ``marsad serve --workers N`` (each worker process builds its
    own): ``MARSAD_DB``, ``MARSAD_TOKEN``, ``MARSAD_CORS_ORIGINS`` (comma-separated)."""
    from marsad.store import default_url

    origins = [o for o in os.environ.get("MARSAD_CORS_ORIGINS", "").split(",") if o]
    return create_app(default_url(), token=os.environ.get("MARSAD_TOKEN") or None, cors_origins=origins)
