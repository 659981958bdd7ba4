"""Shared helpers for the builders: table parsing, Arabic spelling variants, writing JSON Lines.

Kept apart so every builder reads the tables and spells variants the same way.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from marsad.text.normalise import name_key

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE.parent / "data"
# shared/ sits beside the repository (work/main, work/shared); MARSAD_SHARED overrides.
SHARED = Path(os.environ.get("MARSAD_SHARED") or HERE.parents[3] / "shared") / "data"
COUNTRY_CODES_CSV = SHARED / "gazetteers" / "country-codes" / "country-codes.csv"

# Arab League members (and Western Sahara): their names are Arabic, so no foreign-transliteration variants.
ARAB_COUNTRIES = frozenset(
    [
        "algeria",
        "bahrain",
        "comoros",
        "djibouti",
        "egypt",
        "iraq",
        "jordan",
        "kuwait",
        "lebanon",
        "libya",
        "mauritania",
        "morocco",
        "oman",
        "palestine",
        "qatar",
        "saudi_arabia",
        "somalia",
        "sudan",
        "syria",
        "tunisia",
        "united_arab_emirates",
        "yemen",
        "western_sahara",
    ]
)
# Names from these languages are not written with Egyptian ج for g either (غازي عنتاب is never جازي عنتاب).
NO_G_VARIANT = ARAB_COUNTRIES | {"turkey", "iran", "afghanistan", "pakistan", "israel"}

_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_MIXED = re.compile(r"[\u0600-\u06ff][A-Za-z]|[A-Za-z][\u0600-\u06ff]")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class TableError(ValueError):
    """A malformed line in a source table; the message names the file and line."""


def read_table(name: str, width: int) -> Iterator[tuple[int, list[str]]]:
    """Rows of a ``|`` table as (line number, fields); "-" becomes "", short rows are padded, long ones rejected."""
    path = HERE / name
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("|")]
        if len(fields) > width:
            raise TableError(f"{name}:{lineno}: {len(fields)} fields, expected at most {width}")
        fields += [""] * (width - len(fields))
        fields = ["" if f == "-" else f for f in fields]
        if not _ID.match(fields[0]) and not re.match(r"^[A-Z]{2}$", fields[0]):
            raise TableError(f"{name}:{lineno}: bad id {fields[0]!r}")
        for f in fields:
            if _MIXED.search(f):
                raise TableError(f"{name}:{lineno}: Latin and Arabic letters glued together in {f!r}")
        yield lineno, fields


def split_list(field: str) -> list[str]:
    """A ``;``-separated field as a list, blanks dropped."""
    return [x.strip() for x in field.split(";") if x.strip() and x.strip() != "-"]


def parse_attrs(field: str) -> dict[str, object]:
    """``key=value;flag`` into a dict (bare flags become True)."""
    out: dict[str, object] = {}
    for item in split_list(field):
        if "=" in item:
            k, v = item.split("=", 1)
            out[k.strip()] = v.strip()
        else:
            out[item] = True
    return out


def check_date(value: str, where: str) -> str | None:
    """An ISO date of year, month or day precision, or None for an empty field."""
    if not value:
        return None
    if not _DATE.match(value):
        raise TableError(f"{where}: bad date {value!r}")
    return value


_ABD = re.compile(r"عبد ال|عبدال")


def abd_variants(name: str) -> list[str]:
    """Both spacings of عبد + ال compounds (عبدالله / عبد الله), which the press uses interchangeably."""
    if not _ABD.search(name):
        return []
    joined = name.replace("عبد ال", "عبدال")
    spaced = joined.replace("عبدال", "عبد ال")
    return [v for v in (joined, spaced) if v != name]


def g_variants(name: str) -> list[str]:
    """The Egyptian-press spelling of a foreign name: ج for the hard g the Levant and Gulf write غ."""
    return [name.replace("غ", "ج")] if "غ" in name else []


def arabic_aliases(name_ar: str, aliases: Iterable[str], *, foreign: bool) -> list[str]:
    """Aliases plus their spelling variants, without the canonical name and without duplicates by name_key."""
    seen = {name_key(name_ar)}
    out: list[str] = []
    candidates: list[str] = []
    for a in [name_ar, *aliases]:
        candidates.append(a)
        candidates.extend(abd_variants(a))
        if foreign:
            candidates.extend(g_variants(a))
    for a in candidates:
        k = name_key(a)
        if k and k not in seen:
            seen.add(k)
            out.append(a)
    return out


def dedupe_en(name_en: str, aliases: Iterable[str]) -> list[str]:
    """English aliases without the canonical name and without case-insensitive duplicates."""
    seen = {name_en.casefold()}
    out = []
    for a in aliases:
        if a and a.casefold() not in seen:
            seen.add(a.casefold())
            out.append(a)
    return out


def record(
    id_: str,
    type_: str,
    name_en: str,
    name_ar: str,
    wikidata: str | None,
    aliases_ar: list[str],
    aliases_en: list[str],
    **extra: object,
) -> dict[str, object]:
    """One JSON Lines record with the common fields first, then the kind-specific ones (None values dropped)."""
    rec: dict[str, object] = {
        "id": id_,
        "type": type_,
        "name_en": name_en,
        "name_ar": name_ar,
        "wikidata": wikidata or None,
        "aliases_ar": aliases_ar,
        "aliases_en": aliases_en,
    }
    rec.update({k: v for k, v in extra.items() if v is not None and v != "" and v != []})
    return rec


def write_jsonl(name: str, records: list[dict[str, object]]) -> Path:
    """Write records sorted by id, one compact JSON object a line, UTF-8."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / name
    with path.open("w", encoding="utf-8") as f:
        for rec in sorted(records, key=lambda r: str(r["id"])):
            f.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
    return path
