"""``marsad events``: the events of the knowledge base as a readable table, filtered."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from marsad.commands.common import DbOption, fail, store_or_exit
from marsad.commands.report import console, events_table
from marsad.model import EVENT_STATUSES, EVENT_TYPES
from marsad.store.base import EventFilter
from marsad.text.normalise import name_key


def _iso(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        date(parts[0], *(parts[1:] + [1] * (3 - len(parts))))
    except (ValueError, TypeError, IndexError):
        raise fail(f"{option} wants a date like 2024-05 or 2024-05-14, not {value!r}") from None
    return value


def events_command(
    date_from: Annotated[str | None, typer.Option("--from", help="Events ending on or after this date.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Events starting on or before this date.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="A country: Arabic or English name, or id.")] = None,
    etype: Annotated[str | None, typer.Option("--type", help="summit, forum, meeting, visit, agreement, …")] = None,
    status: Annotated[str | None, typer.Option("--status", help="planned, held, cancelled or unknown.")] = None,
    db: DbOption = None,
) -> None:
    """List events (who, where, when, status) in the terminal."""
    if etype and etype not in EVENT_TYPES:
        raise fail(f"--type must be one of {', '.join(EVENT_TYPES)}")
    if status and status not in EVENT_STATUSES:
        raise fail(f"--status must be one of {', '.join(EVENT_STATUSES)}")
    store = store_or_exit(db)
    country_id = None
    if country:
        wanted = name_key(country)
        for ent in store.entities("GPE"):
            names = [ent.id, ent.name_ar or "", ent.name_en or "", *ent.aliases]
            if any(name_key(n) == wanted for n in names):
                country_id = ent.id
                break
        if country_id is None:
            raise fail(f"no country called {country!r} in this knowledge base")
    flt = EventFilter(date_from=_iso(date_from, "--from"), date_to=_iso(date_to, "--to"), type=etype,
                      status=status, country=country_id)
    console().print(events_table(store, store.events(flt)))
    store.close()


def register(app: typer.Typer) -> None:
    app.command("events")(events_command)
