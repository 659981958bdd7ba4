"""iCalendar (RFC 5545) of events, for Outlook, Google Calendar and Apple Calendar to import or subscribe to.

Events are all-day entries: a date the news gives to the day is used as is; one known only to the month or the
year starts on its first day, and the description says so — a calendar cannot show "sometime in May".
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar
from icalendar import Event as VEvent

from marsad.model import Entity, Event
from marsad.store.base import EventFilter, Store

from .names import entity_label, event_label

_STATUS = {"planned": "CONFIRMED", "held": "CONFIRMED", "cancelled": "CANCELLED", "unknown": "TENTATIVE"}
_PRECISION_NOTE = {
    "ar": {"month": "التاريخ معروف بالشهر فقط ({})", "year": "التاريخ معروف بالسنة فقط ({})"},
    "en": {"month": "Date known to the month only ({})", "year": "Date known to the year only ({})"},
}
_LABELS = {
    "ar": {"type": "النوع", "status": "الحالة", "place": "المكان", "participants": "المشاركون", "sources": "المصادر"},
    "en": {"type": "Type", "status": "Status", "place": "Place", "participants": "Participants", "sources": "Sources"},
}


def parse_partial(value: str | None) -> tuple[date, str] | None:
    """``("2019-07-09" | "2019-07" | "2019")`` → (first day it can mean, precision); None when unreadable."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1), "year"
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1), "month"
        return date(int(parts[0]), int(parts[1]), int(parts[2][:2])), "day"
    except ValueError:
        return None


def _last_day(day: date, precision: str) -> date:
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year, day.month, _calendar.monthrange(day.year, day.month)[1])
    return day


def event_dates(ev: Event) -> tuple[date, date, str] | None:
    """(DTSTART, exclusive DTEND, precision of the start) for an all-day entry, or None for an undated event."""
    start = parse_partial(ev.start)
    if start is None:
        return None
    first, precision = start
    if precision != "day":
        return first, first + timedelta(days=1), precision
    end = parse_partial(ev.end)
    last = first
    if end and end[1] == "day" and end[0] >= first:
        last = end[0]
    return first, last + timedelta(days=1), precision


def ics_bytes(events: Iterable[Event], names: dict[str, Entity], title: str = "Marsad", lang: str = "ar",
              event_url: str | None = None) -> bytes:
    """A VCALENDAR with one all-day VEVENT per dated event; ``event_url`` is a format string taking the event id."""
    lang = "en" if lang == "en" else "ar"
    labels = _LABELS[lang]
    cal = Calendar()
    cal.add("prodid", "-//Marsad//Economic diplomacy events//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", title)
    # subscribed calendars poll the feed; twice a day is enough for news
    cal.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for ev in events:
        dates = event_dates(ev)
        if dates is None:
            continue
        first, after, precision = dates
        item = VEvent()
        item.add("uid", f"{ev.id}@marsad")
        item.add("dtstamp", stamp)
        item.add("dtstart", first)
        item.add("dtend", after)
        item.add("summary", event_label(ev, lang))
        item.add("status", _STATUS.get(ev.status, "TENTATIVE"))
        item.add("categories", [ev.type])
        place = entity_label(names.get(ev.location or ""), ev.location or "", lang) if ev.location else ""
        if place:
            item.add("location", place)
        lines = []
        if precision in ("month", "year"):
            lines.append(_PRECISION_NOTE[lang][precision].format(ev.start))
        lines.append(f"{labels['type']}: {ev.type} — {labels['status']}: {ev.status}")
        if place:
            lines.append(f"{labels['place']}: {place}")
        if ev.participants:
            people = ", ".join(entity_label(names.get(p.entity), p.entity, lang) for p in ev.participants)
            lines.append(f"{labels['participants']}: {people}")
        if ev.sources:
            lines.append(f"{labels['sources']}: {len({s.doc for s in ev.sources})}")
        other = ev.name_en if lang == "ar" else ev.name_ar
        if other and other != event_label(ev, lang):
            lines.append(other)
        item.add("description", "\n".join(lines))
        if event_url:
            item.add("url", event_url.format(ev.id))
        cal.add_component(item)
    return cal.to_ical()


def export_ics(store: Store, flt: EventFilter | None = None, lang: str = "ar") -> tuple[bytes, int]:
    """Every dated event matching ``flt`` as iCalendar, and how many events it holds."""
    events = [ev for ev in store.events(flt) if event_dates(ev)]
    ids = {p.entity for ev in events for p in ev.participants} | {ev.location for ev in events if ev.location}
    return ics_bytes(events, store.entities_by_id(ids), lang=lang), len(events)
