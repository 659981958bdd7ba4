"""``marsad watch``: keep the knowledge base fresh from RSS/Atom feeds (see :mod:`marsad.ingest.feeds`)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from marsad.commands.common import DbOption, fail, store_or_exit
from marsad.ingest.feeds import DEFAULT_TIMEOUT, FeedPoller, PollResult, feed_urls, parse_every
from marsad.ingest.polite import DEFAULT_DELAY


def watch_command(
    source: Annotated[str, typer.Argument(metavar="URL|FILE", help="A feed URL, or a file of feed URLs (one a line).")],
    every: Annotated[str, typer.Option("--every", help="How often each feed is polled: 90s, 15m, 2h …")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every due feed once, then stop (for cron).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds before a request is given up.")
                       ] = DEFAULT_TIMEOUT,
    delay: Annotated[float, typer.Option(
        "--delay", min=0.0,
        help="Least seconds between two requests to one host (a longer robots.txt Crawl-delay wins).")
    ] = DEFAULT_DELAY,
    db: DbOption = None,
) -> None:
    """Poll feeds, fetch new articles and ingest them; failing feeds back off and never stop the others.

    Article pages a site's robots.txt disallows are skipped and logged."""
    try:
        urls = feed_urls(source)
        interval = parse_every(every)
    except (OSError, ValueError) as err:
        raise fail(str(err)) from None
    if not urls:
        raise fail(f"{source}: no feed URLs")
    logging.basicConfig(level=logging.WARNING, format="marsad: %(message)s")
    store = store_or_exit(db)
    poller = FeedPoller(store, every=interval, timeout=timeout, delay=delay)

    def report(result: PollResult) -> None:
        print(result.line(), flush=True)

    try:
        poller.watch(urls, once=once, on_result=report)
    except KeyboardInterrupt:
        print("stopped; everything stored so far is kept")
    finally:
        poller.close()
        store.close()


def register(app: typer.Typer) -> None:
    app.command("watch")(watch_command)
