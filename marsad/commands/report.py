"""``marsad report``: what the knowledge base holds, readable in a terminal — articles, actors, events."""

from __future__ import annotations

from collections import Counter

import typer
from rich.console import Console
from rich.table import Table

from marsad.commands.common import DbOption, store_or_exit
from marsad.store.base import Store


def console() -> Console:
    """A console as wide as the terminal, or 160 columns when the output goes to a file or a pipe."""
    probe = Console()
    return Console(highlight=False, width=None if probe.is_terminal else 160)


def documents_table(store: Store) -> Table:
    table = Table(title="Articles", show_lines=False)
    for col in ("source", "part", "published", "outlet", "title"):
        table.add_column(col, overflow="fold")
    for doc in store.documents():
        table.add_row(doc.source, str(doc.part), doc.published or "—", doc.outlet or "—", doc.title[:80])
    return table


def events_table(store: Store, events: list | None = None, title: str = "Events") -> Table:
    events = store.events() if events is None else events
    names = {e.id: (e.name_en or e.name_ar or e.id) for e in store.entities()}
    table = Table(title=f"{title} ({len(events)})")
    for col in ("dates", "type", "status", "event", "place", "participants", "sources"):
        table.add_column(col, overflow="fold")
    for ev in events:
        dates = ev.start or "—"
        if ev.end and ev.end != ev.start:
            dates += f" → {ev.end}"
        name = ev.name_en or ev.name_ar or ""
        if ev.edition:
            name += f" (#{ev.edition})"
        people = ", ".join(names.get(p.entity, p.entity) for p in ev.participants[:4])
        if len(ev.participants) > 4:
            people += f" +{len(ev.participants) - 4}"
        table.add_row(dates, ev.type, ev.status, name, names.get(ev.location or "", "—"), people,
                      str(len({s.doc for s in ev.sources})))
    return table


def report_command(db: DbOption = None) -> None:
    """Print the articles, the actors found (by type) and the events of the knowledge base."""
    store = store_or_exit(db)
    out = console()
    out.print(documents_table(store))
    counts = Counter(e.type for e in store.entities())
    if counts:
        out.print("Actors: " + ", ".join(f"{n} {t}" for t, n in counts.most_common()))
        for etype in ("PERSON", "ORG", "EVENT_SERIES"):
            ents = [e for e in store.entities(etype)]
            if ents:
                shown = ", ".join((e.name_en or e.name_ar or e.id) for e in ents[:25])
                out.print(f"  {etype}: {shown}{' …' if len(ents) > 25 else ''}")
    out.print(events_table(store))
    stats = store.stats()
    out.print(", ".join(f"{v} {k}" for k, v in stats.items()))
    store.close()


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)
