"""``marsad export``: the knowledge base as JSON Lines (FORMAT.md) or CSV."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from enum import Enum
from typing import Annotated

import typer

from marsad.commands.common import DbOption, fail, store_or_exit
from marsad.export import export_csv, export_jsonl


class Format(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


class Table(str, Enum):
    events = "events"
    entities = "entities"
    documents = "documents"


def export_command(
    fmt: Annotated[Format, typer.Option("--format", "-f", help="jsonl (documents, entities, events) or csv.")] = Format.jsonl,
    output: Annotated[str | None, typer.Option("--output", "-o", help="Output file (default: standard output).")] = None,
    table: Annotated[Table, typer.Option("--table", help="With --format csv: which table.")] = Table.events,
    db: DbOption = None,
) -> None:
    """Export the knowledge base."""
    store = store_or_exit(db)
    try:
        target = open(output, "w", encoding="utf-8-sig" if fmt is Format.csv else "utf-8", newline="") if output \
            else nullcontext(sys.stdout)
    except OSError as err:
        raise fail(f"cannot write {output}: {err.strerror}") from None
    with target as out:
        n = export_jsonl(store, out) if fmt is Format.jsonl else export_csv(store, out, table.value)
    store.close()
    if output:
        print(f"{n} records written to {output}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
