"""Countries and territories: country-codes.csv (ISO codes, UN Arabic names, Wikidata) + CLDR + countries.txt.

Every one of the 249 rows of country-codes.csv becomes a record (plus Kosovo, which it lacks); the hand table adds
the names the press uses, official long forms and the nisba adjectives.
"""

from __future__ import annotations

import csv

import babel

from marsad.kb.build.common import (
    COUNTRY_CODES_CSV,
    TableError,
    arabic_aliases,
    dedupe_en,
    read_table,
    record,
    split_list,
)

# Wikidata ids missing from country-codes.csv that are certain: Namibia and Kosovo.
EXTRA_QIDS = {"NA": "Q1030", "XK": "Q1246"}
EXTRA_ROWS = {"XK": {"ISO3166-1-Alpha-3": "XKX", "is_independent": "Partially recognised"}}


def nisba_forms(base: str) -> list[str]:
    """Masculine, feminine, with and without ال (and the ه spelling of ة) of one nisba base; "=X" is kept as is."""
    if base.startswith("="):
        return [base[1:]]
    words = base.split()
    al = " ".join("ال" + w for w in words)
    fem = " ".join(w + "ة" for w in words)
    al_fem = " ".join("ال" + w + "ة" for w in words)
    return [base, al, fem, al_fem, fem[:-1] + "ه", al_fem[:-1] + "ه"]


def _clean_un_name(name: str) -> str | None:
    """A UN Arabic name as the press could write it, or None for the catalogue forms (with brackets, "_", …)."""
    name = name.replace("*", "").strip()
    words = name.split()
    if not name or "(" in name or "_" in name or name.endswith(" في") or name.startswith("نائية"):
        return None
    if any(a == b for a, b in zip(words, words[1:], strict=False)):
        return None
    return name


def _clean_en_name(name: str) -> str | None:
    """An English name without the UN catalogue's "(the)" suffix; other bracketed forms are dropped."""
    name = name.strip().removesuffix(" (the)")
    return None if not name or "(" in name else name


def build() -> tuple[list[dict[str, object]], dict[str, dict[str, object]]]:
    """Country records, and a map iso2 → record for the other builders (capitals, ministries)."""
    cldr = babel.Locale("ar").territories
    rows = {r["ISO3166-1-Alpha-2"]: r for r in csv.DictReader(COUNTRY_CODES_CSV.open(encoding="utf-8"))}
    rows.update({k: v for k, v in EXTRA_ROWS.items() if k not in rows})
    out: list[dict[str, object]] = []
    by_iso2: dict[str, dict[str, object]] = {}
    seen_iso2: set[str] = set()
    for lineno, f in read_table("countries.txt", 7):
        iso2, id_, name_en, name_ar, nisba_field, al_field, ae_field = f
        where = f"countries.txt:{lineno}"
        if iso2 not in rows:
            raise TableError(f"{where}: {iso2} is not in country-codes.csv")
        seen_iso2.add(iso2)
        row = rows[iso2]
        qid = (row.get("wikidata_id") or "").rsplit("/", 1)[-1] or EXTRA_QIDS.get(iso2)
        un_names = [row.get(k, "") for k in ("official_name_ar", "UNTERM Arabic Short", "UNTERM Arabic Formal")]
        ar_candidates = split_list(al_field) + [cldr.get(iso2, "")] + [n for n in map(_clean_un_name, un_names) if n]
        en_candidates = split_list(ae_field) + [
            row.get(k, "").strip() for k in ("CLDR display name", "official_name_en", "UNTERM English Short")
        ]
        formal = row.get("UNTERM English Formal", "").strip()
        en_candidates.append(formal[4:] if formal.startswith("the ") else formal)
        if not nisba_field:
            raise TableError(f"{where}: no nisba for {id_} (give the adjective, or '=form' literals)")
        nisba = [form for base in split_list(nisba_field) for form in nisba_forms(base)]
        rec = record(
            id_,
            "GPE",
            name_en,
            name_ar,
            qid,
            arabic_aliases(name_ar, [a for a in ar_candidates if a], foreign=False),
            dedupe_en(name_en, [e for e in map(_clean_en_name, en_candidates) if e]),
            iso2=iso2,
            iso3=row.get("ISO3166-1-Alpha-3") or None,
            nisba=list(dict.fromkeys(nisba)),
            status=(row.get("is_independent") or "").strip() or None,
            region=(row.get("Region Name") or "").strip() or None,
            subregion=(row.get("Sub-region Name") or "").strip() or None,
            geonames=int(row["Geoname ID"]) if (row.get("Geoname ID") or "").isdigit() else None,
        )
        out.append(rec)
        by_iso2[iso2] = rec
    missing = set(rows) - seen_iso2
    if missing:
        raise TableError(f"countries.txt: no line for {sorted(missing)}")
    return out, by_iso2
