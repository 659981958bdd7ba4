"""``marsad kb``: browse, query and extend the knowledge base from the shell.

``list``, ``lookup`` and ``stats`` read the packaged data plus the user's files; ``add`` appends one validated entity
to the user file (``$MARSAD_KB/kb.jsonl`` or ``~/.marsad/kb.jsonl``), never to the packaged data, so an upgrade
never loses a user's additions.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Annotated, Any

import typer

from marsad.kb import TYPES, Entry, KBError, KnowledgeBase, user_kb_file
from marsad.kb.loader import parse_record

kb_app = typer.Typer(
    help="Browse, query and extend the knowledge base of countries, places, organisations, series, persons, outlets.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Attach the ``kb`` sub-command group to the main CLI."""
    app.add_typer(kb_app, name="kb")


def _load() -> KnowledgeBase:
    try:
        return KnowledgeBase.load()
    except KBError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _check_type(type_: str | None) -> str | None:
    if type_ is None:
        return None
    t = type_.upper()
    if t not in TYPES:
        typer.echo(f"error: unknown type {type_!r} (expected one of {', '.join(TYPES)})", err=True)
        raise typer.Exit(2)
    return t


def _office_line(office: dict[str, Any], kb: KnowledgeBase) -> str:
    of = kb.get(str(office.get("of")))
    where = of.name_ar if of else office.get("of")
    span = f"{office.get('start')} – {office.get('end') or 'now'}"
    return f"    {office.get('role_ar')} ({where}) / {office.get('role_en')}: {span}"


def _describe(entry: Entry, kb: KnowledgeBase) -> list[str]:
    head = f"{entry.id}  [{entry.type}]  {entry.name_ar} / {entry.name_en}"
    if entry.is_nisba:
        head += "  (matched an adjective)"
    lines = [head, f"  wikidata: {entry.wikidata or '-'}"]
    for key in ("kind", "country", "parent", "capital", "acronym", "organiser", "city", "frequency", "first_year"):
        if entry.attrs.get(key) not in (None, ""):
            lines.append(f"  {key}: {entry.attrs[key]}")
    if entry.aliases_ar:
        lines.append("  aliases_ar: " + "، ".join(entry.aliases_ar[:12]) + (" …" if len(entry.aliases_ar) > 12 else ""))
    if entry.aliases_en:
        lines.append("  aliases_en: " + ", ".join(entry.aliases_en[:12]))
    if entry.offices:
        lines.append("  offices:")
        lines.extend(_office_line(o, kb) for o in entry.offices)
    return lines


@kb_app.command("list")
def list_(
    type_: Annotated[str | None, typer.Option("--type", "-t", help="Only this type (GPE, LOC, ORG, FAC, …).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="At most this many (0: all).")] = 50,
) -> None:
    """List entities: id, type, Arabic and English name, Wikidata id."""
    kb = _load()
    entries = kb.entries(_check_type(type_))
    for e in entries[: limit or None]:
        typer.echo(f"{e.id}\t{e.type}\t{e.name_ar}\t{e.name_en}\t{e.wikidata or '-'}")
    if limit and len(entries) > limit:
        typer.echo(f"… {len(entries) - limit} more (use --limit 0 for all)")


@kb_app.command()
def lookup(name: Annotated[str, typer.Argument(help="A name in any spelling: سان بطرسبرج, UNIDO, الروسية …")]) -> None:
    """Show the entities a name refers to, with type, names, Wikidata id and (for persons) offices."""
    kb = _load()
    hits = kb.lookup(name, clitics=True)
    outlet = kb.outlet_name(name)
    if not hits and not outlet:
        typer.echo(f"no entity named {name!r}")
        raise typer.Exit(1)
    for e in hits:
        typer.echo("\n".join(_describe(e, kb)))
    if outlet and not any(e.is_outlet for e in hits):
        typer.echo(f"outlet credit: {outlet}")


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


@kb_app.command()
def add(
    type_: Annotated[str, typer.Option("--type", "-t", help="GPE, LOC, ORG, FAC, EVENT_SERIES or PERSON.")],
    name_ar: Annotated[str, typer.Option("--name-ar", help="Canonical Arabic name.")],
    name_en: Annotated[str, typer.Option("--name-en", help="Canonical English name.")],
    alias_ar: Annotated[list[str] | None, typer.Option("--alias-ar", help="Arabic spelling (repeatable).")] = None,
    alias_en: Annotated[list[str] | None, typer.Option("--alias-en", help="English spelling (repeatable).")] = None,
    wikidata: Annotated[str | None, typer.Option("--wikidata", help="Wikidata id, e.g. Q656.")] = None,
    id_: Annotated[str | None, typer.Option("--id", help="Id (default: made from the English name).")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country id, e.g. russia.")] = None,
) -> None:
    """Append an entity to your own knowledge-base file (validated; the packaged data is never changed)."""
    kb = _load()
    new_id = id_ or _slug(name_en)
    rec: dict[str, Any] = {
        "id": new_id,
        "type": (type_ or "").upper(),
        "name_en": name_en,
        "name_ar": name_ar,
        "wikidata": wikidata,
        "aliases_ar": list(alias_ar or []),
        "aliases_en": list(alias_en or []),
    }
    if country:
        if country not in kb:
            typer.echo(f"error: unknown country id {country!r}", err=True)
            raise typer.Exit(2)
        rec["country"] = country
    target = user_kb_file()
    try:
        parse_record(rec, f"{target}:new")
    except KBError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if new_id in kb:
        typer.echo(f"error: id {new_id!r} already exists; choose another with --id", err=True)
        raise typer.Exit(2)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as f:
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    typer.echo(f"added {new_id} to {target}")


@kb_app.command()
def stats() -> None:
    """Count entities per type and per file."""
    kb = _load()
    counts = kb.stats()
    typer.echo("per type:")
    for t, n in sorted(counts["type"].items()):
        typer.echo(f"  {t:<14}{n:>6}")
    typer.echo("per file:")
    for f, n in sorted(counts["file"].items()):
        typer.echo(f"  {f:<40}{n:>6}")
    typer.echo(f"total: {len(kb)} entities, {len(kb.index)} distinct name keys")
