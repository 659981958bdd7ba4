"""Recurring summits, forums, conferences, exhibitions and meetings from series.txt.

An alias written with ``{place_id}`` is expanded with every Arabic spelling of that place, so "منتدى {saint_petersburg}
الاقتصادي" covers سان بطرسبرغ, سانت بطرسبورغ, بطرسبرج … without listing each by hand.
"""

from __future__ import annotations

import re

from marsad.kb.build.common import TableError, arabic_aliases, dedupe_en, read_table, record, split_list

KINDS = frozenset({"summit", "forum", "conference", "exhibition", "meeting"})
_SLOT = re.compile(r"\{([a-z0-9_]+)\}")


def _place_spellings(place: dict[str, object]) -> list[str]:
    """Spellings of a place fit to stand inside an event name (not "العاصمة …" or "مدينة …" descriptions)."""
    names = [str(place["name_ar"]), *[str(a) for a in place["aliases_ar"]]]  # type: ignore[union-attr]
    return [n for n in names if "العاصمة" not in n and not n.startswith("مدينة ")]


def expand(alias: str, places: dict[str, dict[str, object]], where: str) -> list[str]:
    """One alias with its ``{place_id}`` slot filled by every spelling of the place."""
    m = _SLOT.search(alias)
    if not m:
        return [alias]
    place = places.get(m.group(1))
    if place is None:
        raise TableError(f"{where}: unknown place {m.group(1)!r} in alias {alias!r}")
    return [alias[: m.start()] + s + alias[m.end() :] for s in _place_spellings(place)]


def build(
    places: dict[str, dict[str, object]], orgs: dict[str, dict[str, object]], countries: dict[str, dict[str, object]]
) -> list[dict[str, object]]:
    """Series records, with organiser, city and country checked against the other tables."""
    out: list[dict[str, object]] = []
    for lineno, f in read_table("series.txt", 11):
        id_, kind, name_en, name_ar, organiser, city, country, frequency, first_year, al_field, ae_field = f
        where = f"series.txt:{lineno}"
        if kind not in KINDS:
            raise TableError(f"{where}: unknown kind {kind!r}")
        if organiser and organiser not in orgs:
            raise TableError(f"{where}: unknown organiser {organiser!r}")
        if city and city not in places:
            raise TableError(f"{where}: unknown place {city!r}")
        if country and country not in countries:
            raise TableError(f"{where}: unknown country {country!r}")
        if first_year and not first_year.isdigit():
            raise TableError(f"{where}: bad first_year {first_year!r}")
        aliases = [a for alias in split_list(al_field) for a in expand(alias, places, where)]
        out.append(
            record(
                id_,
                "EVENT_SERIES",
                name_en,
                name_ar,
                None,
                arabic_aliases(name_ar, aliases, foreign=False),
                dedupe_en(name_en, split_list(ae_field)),
                kind=kind,
                organiser=organiser or None,
                city=city or None,
                country=country or None,
                frequency=frequency or None,
                first_year=int(first_year) if first_year else None,
            )
        )
    return out
