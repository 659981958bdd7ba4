"""Publication date and outlet, read from the page where it states them.

A page states its date as a labelled line ("تاريخ النشر: 7th, March 2024 GMT", "نشر في: …") or as a dateline: a
line near the top holding nothing but a date ("١٤ أكتوبر ٢٠٢٢"). Its outlet comes from a credit line ("المصدر: RT
Arabic"), mapped to the outlet's canonical name when the knowledge base knows it. The date text is parsed by the one
temporal tagger, :mod:`marsad.text.dates`.
"""

from __future__ import annotations

import re
from datetime import date

from marsad.text.normalise import name_key

_DATE_LABEL = re.compile(
    r"^\s*(?:تاريخ (?:النشر|الخبر|الاضافه|التحديث)|نشر (?:في|بتاريخ)|تم النشر|اخر تحديث|published|updated|date)\b"
)
DATELINE_WINDOW = 4  # a dateline stands within this many lines under the title
DATELINE_MAX = 60  # characters: a dateline is short


def _parse(text: str) -> str | None:
    from marsad.text.dates import parse_date  # the one date parser

    found = parse_date(text)
    if found is None or not found.value or found.precision != "day":
        return None
    return found.value


def dated_line(line: str, position: int) -> str | None:
    """ISO date stated by ``line`` if it is a date label or (near the top) a bare dateline, else None."""
    if _DATE_LABEL.match(name_key(line)) and ":" in line:
        return _parse(line.split(":", 1)[1])
    if position <= DATELINE_WINDOW and len(line) <= DATELINE_MAX:
        value = _parse(line)
        if value:
            return value
    return None


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def iso_date(value: object) -> str | None:
    """A metadata date (ISO string, datetime, "2015-07-21T10:00Z", RFC-822 from feeds) as ``YYYY-MM-DD``."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    text = str(value).strip()
    m = _ISO.search(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return _parse(text)


def outlet_name(credit: str) -> str:
    """Canonical outlet name for a credit string, when the knowledge base knows the outlet."""
    try:
        from marsad.kb.loader import default_kb
    except ImportError:
        return credit
    try:
        return default_kb().outlet_name(credit) or credit
    except Exception:  # noqa: BLE001 - a broken user KB must not stop cleaning; the credit is still useful
        return credit
