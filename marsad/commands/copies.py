"""``marsad copies``: find syndicated and near-duplicate articles across the store and list them by group."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from marsad.commands.common import DbOption, store_or_exit
from marsad.syndication import THRESHOLD, iter_groups, members, update_copies


def copies_command(
    db: DbOption = None,
    min_size: Annotated[int, typer.Option("--min-size", min=2, help="Only groups of at least this many.")] = 2,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0, help="Show at most N groups.")] = None,
    threshold: Annotated[float, typer.Option(
        "--threshold", min=0.1, max=1.0, help="Jaccard similarity of word 5-grams from which two are copies.")
    ] = THRESHOLD,
    refresh: Annotated[bool, typer.Option(
        "--refresh/--no-refresh", help="Recompute the groups over the whole store first (default), or list the "
        "stored ones.")] = True,
) -> None:
    """List groups of copies (one wire story printed by several outlets), largest first, with outlets and titles."""
    store = store_or_exit(db)
    out = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    if refresh:
        started = time.perf_counter()
        with err.status("comparing every article with every other (MinHash LSH)…"):
            groups = update_copies(store, threshold=threshold)
        by_group = members(groups)
        err.print(f"{len(by_group)} groups holding {len(groups)} of {store.count('documents')} articles "
                  f"({time.perf_counter() - started:.1f} s)")
    shown = 0
    for docs in iter_groups(store, min_size=min_size):
        if limit is not None and shown >= limit:
            break
        shown += 1
        table = Table(title=f"group {docs[0].id}: {len(docs)} copies", title_justify="left", show_lines=False)
        for col in ("published", "outlet", "source", "title"):
            table.add_column(col, overflow="fold")
        for d in docs:
            title = d.title or d.text.split("\n", 1)[0]
            table.add_row(d.published or "—", d.outlet or "—", d.source, title[:100])
        out.print(table)
    if not shown and not store.copies():
        out.print("no copies found")
    store.close()


def register(app: typer.Typer) -> None:
    app.command("copies")(copies_command)
