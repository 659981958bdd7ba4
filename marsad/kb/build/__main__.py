"""Build every data file: ``python -m marsad.kb.build``.

Order matters only for cross-references: countries first (ISO codes, nisba), then places, organisations,
series, outlets and persons; ids must be unique across all files, which is checked before anything is written.
"""

from __future__ import annotations

import sys
from collections import Counter

from marsad.kb.build import countries, organisations, outlets, persons, places, series
from marsad.kb.build.common import TableError, write_jsonl


def main() -> int:
    """Build, check ids are unique across files, write, print counts."""
    try:
        country_recs, _ = countries.build()
        by_id = {str(r["id"]): r for r in country_recs}
        place_recs = places.build(by_id)
        place_ids = {str(r["id"]): r for r in place_recs}
        org_recs = organisations.build(by_id)
        org_ids = {str(r["id"]): r for r in org_recs}
        series_recs = series.build(place_ids, org_ids, by_id)
        outlet_recs = outlets.build(by_id)
        known = {**by_id, **place_ids, **org_ids}
        person_recs = persons.build(known, by_id)
        for p in place_recs:
            if p.get("parent") and p["parent"] not in place_ids:
                raise TableError(f"places.txt: {p['id']} has unknown parent {p['parent']!r}")
        for o in org_recs:
            if o.get("parent") and o["parent"] not in org_ids:
                raise TableError(f"organisations.txt: {o['id']} has unknown parent {o['parent']!r}")
        for c in country_recs:
            caps = [p for p in place_recs if p.get("country") == c["id"] and p["kind"] == "capital"]
            if caps:
                c["capital"] = caps[0]["id"]
        if (israel := by_id.get("israel")) is not None:
            israel["capital"] = "jerusalem"
        files = {
            "countries.jsonl": country_recs,
            "places.jsonl": place_recs,
            "organisations.jsonl": org_recs,
            "series.jsonl": series_recs,
            "outlets.jsonl": outlet_recs,
            "persons.jsonl": person_recs,
        }
        dupes = Counter(str(r["id"]) for recs in files.values() for r in recs)
        clashes = sorted(k for k, n in dupes.items() if n > 1)
        if clashes:
            raise TableError(f"ids used more than once: {clashes}")
        for name, recs in files.items():
            path = write_jsonl(name, recs)
            print(f"{len(recs):5d}  {path}")
    except TableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
