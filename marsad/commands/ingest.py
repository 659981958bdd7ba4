"""``marsad ingest``: files, folders and JSON Lines corpora into the store."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from marsad.commands.common import DbOption, fail, store_or_exit
from marsad.ingest import Rejected
from marsad.ingest.files import read_paths
from marsad.pipeline import ingest


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .html, .jsonl, .jsonl.gz) or folders.")],
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary line and errors.")] = False,
    workers: Annotated[int, typer.Option(
        "--workers", "-w", min=0,
        help="Run the per-article stages on a local Dask cluster of N processes (0: in this process).")] = 0,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="URL",
        help="Run the per-article stages on a running Dask cluster, e.g. tcp://10.0.0.5:8786.")] = None,
) -> None:
    """Ingest articles: clean them, find what they say, store them. Re-ingesting unchanged input adds nothing."""
    if workers and scheduler:
        raise fail("use either --workers (a local cluster) or --scheduler (a running one), not both")
    store = store_or_exit(db)
    err = Console(stderr=True, highlight=False)

    def on_reject(item: Rejected) -> None:
        print(f"rejected: {item}", file=sys.stderr, flush=True)  # one plain line, never wrapped

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
        try:
            if workers or scheduler:
                from marsad.distributed import ingest_distributed

                summary = ingest_distributed(read_paths(paths), store, workers=workers, scheduler=scheduler,
                                             on_reject=on_reject, on_progress=lambda n: progress.advance(task, n))
            else:
                summary = ingest(
                    read_paths(paths),
                    store,
                    on_reject=on_reject,
                    on_progress=lambda n: progress.advance(task, n),
                )
        except _connection_errors() as error:
            # a lost database server or Dask scheduler: committed batches are kept, a rerun resumes
            raise fail(f"ingest stopped: {error}; everything committed before is kept, run it again to resume",
                       1) from None
    store.close()
    print(summary.line())
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.rejected:
        raise typer.Exit(1)


def _connection_errors() -> tuple[type[BaseException], ...]:
    """Errors meaning a server went away (PostgreSQL, a Dask scheduler): reported in one line, not a traceback."""
    errors: list[type[BaseException]] = [OSError, TimeoutError]
    psycopg = sys.modules.get("psycopg")  # loaded only when the store is PostgreSQL
    if psycopg is not None:
        errors.append(psycopg.OperationalError)
    return tuple(errors)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(typer.run(ingest_command))
