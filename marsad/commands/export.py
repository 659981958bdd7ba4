"""``marsad export``: the knowledge base as JSON Lines (FORMAT.md) or CSV, the actor network as GEXF (Gephi),
dated events as iCalendar, or PLOVER-style event records."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from enum import StrEnum
from typing import IO, Annotated

import typer

from marsad.commands.common import DbOption, fail, store_or_exit
from marsad.export import export_csv, export_jsonl
from marsad.exports.gexf import export_gexf
from marsad.exports.ics import export_ics
from marsad.exports.plover import export_plover


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    gexf = "gexf"
    ics = "ics"
    plover = "plover"


class Table(StrEnum):
    events = "events"
    entities = "entities"
    documents = "documents"


def export_command(
    fmt: Annotated[Format, typer.Option(
        "--format", "-f",
        help="jsonl (documents, entities, events), csv, gexf (actor network for Gephi), ics (dated events as a "
             "calendar) or plover (PLOVER-style event records, JSON Lines).")] = Format.jsonl,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="Output file (default: standard output).")] = None,
    table: Annotated[Table, typer.Option("--table", help="With --format csv: which table.")] = Table.events,
    db: DbOption = None,
) -> None:
    """Export the knowledge base."""
    store = store_or_exit(db)
    if fmt in (Format.gexf, Format.ics):
        data, n = export_gexf(store) if fmt is Format.gexf else export_ics(store)
        store.close()
        _write_bytes(data, output)
        if output:
            print(f"{n} {'nodes' if fmt is Format.gexf else 'events'} written to {output}", file=sys.stderr)
        return
    encoding = "utf-8-sig" if fmt is Format.csv else "utf-8"  # the BOM lets Excel read Arabic CSV as UTF-8
    try:
        target: IO[str] = open(output, "w", encoding=encoding, newline="") if output else sys.stdout  # noqa: SIM115
    except OSError as err:
        raise fail(f"cannot write {output}: {err.strerror}") from None
    with target if output else nullcontext(target) as out:
        if fmt is Format.jsonl:
            n = export_jsonl(store, out)
        elif fmt is Format.plover:
            n = export_plover(store, out)
        else:
            n = export_csv(store, out, table.value)
    store.close()
    if output:
        print(f"{n} records written to {output}", file=sys.stderr)


def _write_bytes(data: bytes, output: str | None) -> None:
    try:
        if output:
            with open(output, "wb") as fh:
                fh.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
    except OSError as err:
        raise fail(f"cannot write {output}: {err.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
