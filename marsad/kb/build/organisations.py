"""Organisations (organisations.txt) and ministries (ministries.txt, names composed from the country's nisba)."""

from __future__ import annotations

from marsad.kb.build.common import TableError, arabic_aliases, dedupe_en, parse_attrs, read_table, record, split_list


def feminine_nisba(country: dict[str, object]) -> str:
    """The country's feminine nisba with ال (الروسية) — the form that follows وزارة …; first one the table gives."""
    for form in country.get("nisba", []):  # type: ignore[union-attr]
        form = str(form)
        if form.startswith("ال") and form.endswith("ة"):
            return form
    raise TableError(f"no feminine nisba for {country['id']}")


def build(countries: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Organisation and ministry records; ``countries`` maps country id → country record."""
    out: list[dict[str, object]] = []
    for lineno, f in read_table("organisations.txt", 10):
        id_, acronym, name_en, name_ar, country, parent, qid, al_field, ae_field, attrs_field = f
        if country and country not in countries:
            raise TableError(f"organisations.txt:{lineno}: unknown country {country!r}")
        aliases_en = split_list(ae_field)
        if acronym:
            aliases_en.insert(0, acronym)
        out.append(
            record(
                id_,
                "ORG",
                name_en,
                name_ar,
                qid or None,
                arabic_aliases(name_ar, split_list(al_field), foreign=False),
                dedupe_en(name_en, aliases_en),
                acronym=acronym or None,
                country=country or None,
                parent=parent or None,
                **parse_attrs(attrs_field),
            )
        )
    for lineno, f in read_table("ministries.txt", 7):
        id_, country_id, name_en, base_ar, al_field, ae_field, attrs_field = f
        if country_id not in countries:
            raise TableError(f"ministries.txt:{lineno}: unknown country {country_id!r}")
        country = countries[country_id]
        attrs = parse_attrs(attrs_field)
        fem = feminine_nisba(country)
        name_ar = str(attrs.pop("name_ar", "") or f"{base_ar} {fem}")
        aliases = [f"{base_ar} {fem}", f"{base_ar} في {country['name_ar']}", *split_list(al_field)]
        short = attrs.pop("short", None)
        if short:
            aliases.append(f"{short} {fem}")
        out.append(
            record(
                id_,
                "ORG",
                name_en,
                name_ar,
                None,
                arabic_aliases(name_ar, aliases, foreign=False),
                dedupe_en(name_en, split_list(ae_field)),
                country=country_id,
                kind="ministry",
                **attrs,
            )
        )
    return out
