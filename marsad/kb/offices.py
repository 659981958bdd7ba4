"""Who held which office when: partial ISO dates as day ranges, and the office/holder queries over them.

Dates in the data and in questions may be a year ("2015"), a month ("2015-06") or a day; each is read as the range
of days it covers, and an office counts as held on a date when the two ranges overlap.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from marsad.text.normalise import name_key

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def date_range(value: str | date) -> tuple[date, date]:
    """First and last day covered by a year, month or day; raises ValueError for anything else."""
    if isinstance(value, date):
        return value, value
    m = _PARTIAL.match(value.strip())
    if not m:
        raise ValueError(f"not an ISO date of year, month or day precision: {value!r}")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    mo = int(month)
    if day is None:
        return date(year, mo, 1), date(year, mo, calendar.monthrange(year, mo)[1])
    d = date(year, mo, int(day))
    return d, d


def office_span(office: dict[str, Any]) -> tuple[date, date]:
    """Days an office covers: from the first day of its start to the last day of its end (open end: date.max)."""
    start = date_range(office["start"])[0]
    end = date_range(office["end"])[1] if office.get("end") else date.max
    return start, end


def overlap_days(office: dict[str, Any], when: str | date) -> int:
    """Days shared by the office and the date's range (0 when it was not held then)."""
    lo, hi = date_range(when)
    start, end = office_span(office)
    first, last = max(lo, start), min(hi, end)
    return (last - first).days + 1 if first <= last else 0


def role_key(role: str) -> str:
    """A role as the data keys it: "Foreign Minister" and "foreign-minister" → "foreign_minister"."""
    return re.sub(r"[^a-z0-9]+", "_", role.strip().lower()).strip("_")


def role_matches(office: dict[str, Any], role: str) -> bool:
    """The office is ``role``, given as a role key, its English title or its Arabic title (وزير الخارجية)."""
    key = role_key(role)
    if key and key in (office.get("role"), role_key(str(office.get("role_en", "")))):
        return True
    wanted = name_key(role)
    return bool(wanted) and wanted == name_key(str(office.get("role_ar", "")))


def offices_on(offices: Iterable[dict[str, Any]], when: str | date) -> list[dict[str, Any]]:
    """The offices held on ``when``, longest overlap first."""
    hits = [(overlap_days(o, when), o) for o in offices]
    return [o for days, o in sorted(hits, key=lambda h: -h[0]) if days > 0]
