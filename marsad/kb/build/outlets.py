"""News outlets from outlets.txt: canonical English credit names with their Arabic and English spellings."""

from __future__ import annotations

from marsad.kb.build.common import TableError, arabic_aliases, dedupe_en, read_table, record, split_list

MEDIA = frozenset({"agency", "tv", "newspaper", "magazine", "website"})


def build(countries: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Outlet records (type ORG, kind "outlet"); ``credit_ar`` holds the bare forms only credit lines may use."""
    out: list[dict[str, object]] = []
    for lineno, f in read_table("outlets.txt", 8):
        id_, name_en, name_ar, country, al_field, ae_field, credit_field, medium = f
        where = f"outlets.txt:{lineno}"
        if country and country not in countries:
            raise TableError(f"{where}: unknown country {country!r}")
        if medium not in MEDIA:
            raise TableError(f"{where}: unknown medium {medium!r}")
        out.append(
            record(
                id_,
                "ORG",
                name_en,
                name_ar,
                None,
                arabic_aliases(name_ar, split_list(al_field), foreign=False),
                dedupe_en(name_en, split_list(ae_field)),
                kind="outlet",
                medium=medium,
                country=country or None,
                credit_ar=split_list(credit_field) or None,
            )
        )
    return out
