"""``marsad serve``: the API and the analysts' page over a knowledge base, on this machine only unless told."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from marsad.commands.common import DbOption, fail
from marsad.store import default_url, open_store


def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option(
        help="Address to listen on. The default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        help="Enable adding articles (POST /api/documents) for clients sending 'Authorization: Bearer TOKEN'. "
             "Default: $MARSAD_TOKEN; without one the server only reads.")] = None,
    cors_origin: Annotated[list[str] | None, typer.Option(
        "--cors-origin",
        help="A web origin allowed to call the API from a browser (repeatable). Default: none.")] = None,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Server processes (use the cores; default 1).")] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the JSON API (/api, reference at /docs) and the web page (/) for the knowledge base."""
    import uvicorn

    from marsad.serve.app import create_app

    url = db or default_url()
    token = token or os.environ.get("MARSAD_TOKEN") or None
    is_file = not url.startswith(("postgresql://", "postgres://"))
    if is_file and not Path(url.removeprefix("sqlite:///")).exists() and not token:
        raise fail(f"no database at {url}: ingest articles first (marsad ingest PATH --db {url})")
    try:
        open_store(url).close()  # a wrong or foreign database fails now, not at the first request
    except Exception as err:  # noqa: BLE001 - any failure to open is one line for the user
        raise fail(f"cannot open database {url}: {err}") from None
    origins = tuple(cors_origin or ())
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"marsad: warning: listening on {host}, reachable from other machines", file=sys.stderr)
    if token and len(token) < 16:
        print("marsad: warning: the token is short; anyone guessing it can add articles", file=sys.stderr)
    common = {"host": host, "port": port, "log_level": log_level, "server_header": False, "proxy_headers": False}
    if workers == 1:
        uvicorn.run(create_app(url, token=token, cors_origins=origins), **common)
        return
    # worker processes import the app themselves: hand them the settings through their environment
    os.environ["MARSAD_DB"] = url
    os.environ["MARSAD_CORS_ORIGINS"] = ",".join(origins)
    if token:
        os.environ["MARSAD_TOKEN"] = token
    uvicorn.run("marsad.serve.app:app_from_env", factory=True, workers=workers, **common)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
