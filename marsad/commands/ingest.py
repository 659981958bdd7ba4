"""``marsad ingest``: files, folders and JSON Lines corpora into the store."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from marsad.commands.common import DbOption, store_or_exit
from marsad.ingest import Rejected
from marsad.ingest.files import read_paths
from marsad.pipeline import ingest


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl, .jsonl.gz) or folders.")],
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line and errors.")] = False,
) -> None:
    """Ingest articles: clean them, find what they say, store them. Re-ingesting unchanged input adds nothing."""
    store = store_or_exit(db)
    err = Console(stderr=True, highlight=False)

    def on_reject(item: Rejected) -> None:
        err.print(f"rejected: {item}", markup=False)

    progress = Progress(
        SpinnerColumn(),
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    )
    with progress:
        task = progress.add_task("ingest", total=None)
        summary = ingest(
            read_paths(paths),
            store,
            on_reject=on_reject,
            on_progress=lambda n: progress.advance(task, n),
        )
    store.close()
    print(summary.line())
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.rejected:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(typer.run(ingest_command))
