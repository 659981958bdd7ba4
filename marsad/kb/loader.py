"""Loading the knowledge base: the packaged JSON Lines files plus the user's own, validated line by line.

The packaged data lives in ``marsad/kb/data``; a user adds entities in ``~/.marsad/kb.jsonl`` or, when the
``MARSAD_KB`` environment variable names a directory, in every ``*.jsonl`` file there. Every malformed line stops
the load with a one-line :class:`KBError` naming the file and line, because a silently skipped entity is a
silently missed match. :func:`default_kb` loads once per process.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.kb import offices as _offices
from marsad.kb.entry import TYPES, Entry, KBError
from marsad.kb.lookup import NameIndex

DATA_DIR = Path(__file__).resolve().parent / "data"
ENV_VAR = "MARSAD_KB"
_COMMON = ("id", "type", "name_en", "name_ar", "wikidata", "aliases_ar", "aliases_en")
_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_QID = re.compile(r"^Q[1-9]\d*$")


def user_kb_paths() -> list[Path]:
    """The user's extra files: every ``*.jsonl`` in ``$MARSAD_KB``, else ``~/.marsad/kb.jsonl`` if it exists."""
    env = os.environ.get(ENV_VAR)
    if env:
        return sorted(Path(env).expanduser().glob("*.jsonl"))
    home_file = Path.home() / ".marsad" / "kb.jsonl"
    return [home_file] if home_file.is_file() else []


def user_kb_file() -> Path:
    """Where ``marsad kb add`` writes: ``$MARSAD_KB/kb.jsonl`` or ``~/.marsad/kb.jsonl``."""
    env = os.environ.get(ENV_VAR)
    return Path(env).expanduser() / "kb.jsonl" if env else Path.home() / ".marsad" / "kb.jsonl"


def _str_list(value: Any, field: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise KBError(f"{where}: {field} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def parse_record(rec: Any, where: str) -> Entry:
    """One decoded JSON object as an Entry, or a KBError saying what is wrong with it."""
    if not isinstance(rec, dict):
        raise KBError(f"{where}: expected a JSON object, got {type(rec).__name__}")
    id_ = rec.get("id")
    if not isinstance(id_, str) or not id_:
        raise KBError(f"{where}: missing id")
    if not _ID.match(id_):
        raise KBError(f"{where}: bad id {id_!r} (lower-case letters, digits and _ only)")
    type_ = rec.get("type")
    if type_ not in TYPES:
        raise KBError(f"{where}: unknown type {type_!r} for {id_!r} (expected one of {', '.join(TYPES)})")
    name_en, name_ar = rec.get("name_en") or "", rec.get("name_ar") or ""
    if not isinstance(name_en, str) or not isinstance(name_ar, str):
        raise KBError(f"{where}: name_en and name_ar must be strings for {id_!r}")
    if not name_en.strip() and not name_ar.strip():
        raise KBError(f"{where}: missing names for {id_!r} (need name_ar or name_en)")
    qid = rec.get("wikidata")
    if qid is not None and (not isinstance(qid, str) or not _QID.match(qid)):
        raise KBError(f"{where}: bad wikidata id {qid!r} for {id_!r}")
    attrs = {k: v for k, v in rec.items() if k not in _COMMON}
    for office in attrs.get("offices") or ():
        try:
            _offices.office_span(office)
        except (KeyError, TypeError, ValueError) as exc:
            raise KBError(f"{where}: bad office {office!r} for {id_!r}: {exc}") from None
    return Entry(
        id=id_,
        type=type_,
        name_en=name_en.strip(),
        name_ar=name_ar.strip(),
        wikidata=qid,
        aliases_ar=_str_list(rec.get("aliases_ar"), "aliases_ar", where),
        aliases_en=_str_list(rec.get("aliases_en"), "aliases_en", where),
        attrs=attrs,
    )


def read_jsonl(path: Path) -> Iterator[tuple[int, Entry]]:
    """(line number, entry) for every non-blank line of a JSON Lines file; malformed lines raise KBError."""
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise KBError(f"{where}: bad JSON: {exc.msg} (column {exc.colno})") from None
            yield lineno, parse_record(rec, where)


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.jsonl"))
    if path.is_file():
        return [path]
    raise KBError(f"{path}: no such knowledge-base file or directory")


def _extend(base: Entry, extra: Entry) -> Entry:
    """A packaged entry with a user record's aliases added and its other fields overriding."""
    attrs = {**base.attrs, **{k: v for k, v in extra.attrs.items() if k != "extend"}}
    return Entry(
        id=base.id,
        type=base.type,
        name_en=extra.name_en or base.name_en,
        name_ar=extra.name_ar or base.name_ar,
        wikidata=extra.wikidata or base.wikidata,
        aliases_ar=tuple(dict.fromkeys((*base.aliases_ar, *extra.aliases_ar))),
        aliases_en=tuple(dict.fromkeys((*base.aliases_en, *extra.aliases_en))),
        attrs=attrs,
    )


class KnowledgeBase:
    """Entities by id, the name index over them, and the office queries."""

    def __init__(self) -> None:
        self._by_id: dict[str, Entry] = {}
        self._source: dict[str, tuple[str, int]] = {}
        self.index = NameIndex()

    # ---- loading -------------------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, *, user: bool = True) -> KnowledgeBase:
        """Read ``path`` (a directory of ``*.jsonl`` or one file; default: the packaged data), then the user files.

        Ids must be unique within the base files and within the user files; a user record may reuse a packaged id
        only with ``"extend": true``, which adds its aliases to the packaged entry.
        """
        kb = cls()
        for file in _files(Path(path) if path is not None else DATA_DIR):
            for lineno, entry in read_jsonl(file):
                kb._add(entry, file, lineno, user=False)
        if user:
            base_ids = set(kb._by_id)
            for file in user_kb_paths():
                for lineno, entry in read_jsonl(file):
                    kb._add(entry, file, lineno, user=True, base_ids=base_ids)
        return kb

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> KnowledgeBase:
        """A knowledge base over entries built in code (tests, tools)."""
        kb = cls()
        for e in entries:
            kb._add(e, Path("<memory>"), 0, user=False)
        return kb

    def _add(self, entry: Entry, file: Path, lineno: int, *, user: bool, base_ids: set[str] | None = None) -> None:
        where = f"{file}:{lineno}"
        old = self._by_id.get(entry.id)
        if old is not None:
            if user and base_ids is not None and entry.id in base_ids and entry.attrs.get("extend"):
                entry = _extend(old, entry)
                self.index.remove(entry.id)
            else:
                first = "{}:{}".format(*self._source[entry.id])
                raise KBError(f"{where}: duplicate id {entry.id!r} (first at {first})")
        elif entry.attrs.get("extend"):
            raise KBError(f"{where}: {entry.id!r} has extend=true but no packaged entry has that id")
        self._by_id[entry.id] = entry
        self._source.setdefault(entry.id, (str(file), lineno))
        self.index.add(entry)

    # ---- access --------------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._by_id

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def entries(self, type: str | None = None) -> list[Entry]:  # noqa: A002 - the field is called type
        """All entries, or those of one type, in id order."""
        return sorted((e for e in self._by_id.values() if type is None or e.type == type), key=lambda e: e.id)

    def source(self, entry_id: str) -> tuple[str, int] | None:
        """(file, line) an entry was read from."""
        return self._source.get(entry_id)

    def lookup(self, text: str, *, clitics: bool = False) -> list[Entry]:
        """Entries named ``text`` (compared by name_key); nisba matches come marked ``matched == "nisba"``.

        With ``clitics=True`` a text that matches nothing is retried without a leading و/ف/ب/ل/ك (والإمارات).
        """
        return self.index.find_with_clitics(text) if clitics else self.index.find(text)

    def outlet_name(self, credit: str) -> str | None:
        """Canonical English name of the outlet a credit line names ("روسيا اليوم" → "RT Arabic"), else None."""
        outlet = self.index.outlet(credit)
        return outlet.name_en if outlet else None

    def stats(self) -> dict[str, Counter[str]]:
        """Entry counts per type and per source file."""
        return {
            "type": Counter(e.type for e in self._by_id.values()),
            "file": Counter(Path(f).name if Path(f).parent == DATA_DIR else f for f, _ in self._source.values()),
        }

    # ---- offices -------------------------------------------------------------------------------------------
    def offices_on(self, person_id: str, when: str | date) -> list[dict[str, Any]]:
        """Offices ``person_id`` held on ``when`` (a year, month or day), longest overlap first."""
        person = self._by_id.get(person_id)
        return _offices.offices_on(person.offices, when) if person else []

    def holders(self, role: str, of_id: str, when: str | date) -> list[Entry]:
        """Everyone who held ``role`` at ``of_id`` on ``when``, the longest-serving in that span first."""
        found: list[tuple[int, str, Entry]] = []
        for person in self._by_id.values():
            for office in person.offices:
                if office.get("of") != of_id or not _offices.role_matches(office, role):
                    continue
                days = _offices.overlap_days(office, when)
                if days:
                    found.append((days, str(office["start"]), person))
                    break
        found.sort(key=lambda t: (-t[0], tuple(-ord(c) for c in t[1])))
        return [p for _, _, p in found]

    def holder(self, role: str, of_id: str, when: str | date) -> Entry | None:
        """Who held ``role`` (key like "foreign_minister", or its English or Arabic title) at ``of_id`` on ``when``.

        On a changeover day both holders overlap; the incoming one is returned.
        """
        people = self.holders(role, of_id, when)
        return people[0] if people else None


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The packaged knowledge base plus the user's files, loaded once per process (``default_kb.cache_clear()``)."""
    return KnowledgeBase.load()
