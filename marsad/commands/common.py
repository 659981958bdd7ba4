"""Options and helpers shared by the commands (not itself a command: ``register`` adds nothing)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from marsad.store import default_url, open_store
from marsad.store.base import Store

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or postgresql:// URL (default: $MARSAD_DB, else ./marsad.db)."),
]


def register(app: typer.Typer) -> None:  # noqa: ARG001 - keeps the command-module contract
    return None


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    print(f"marsad: {message}", file=sys.stderr)
    return typer.Exit(code)


def store_or_exit(db: str | None) -> Store:
    try:
        return open_store(db or default_url())
    except Exception as err:  # noqa: BLE001 - any failure to open is reported as one line
        raise fail(f"cannot open database {db or default_url()}: {err}") from None
