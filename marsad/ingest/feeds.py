"""Live feeds: poll RSS/Atom feeds, fetch the pages of new entries, and ingest them like any other input.

Polite and unattended by design:

- each feed's ``ETag`` and ``Last-Modified`` are kept in the store (``feeds`` table) and sent back as
  ``If-None-Match`` / ``If-Modified-Since``, so an unchanged feed costs one ``304`` and nothing else;
- an entry whose page is already stored (its URL is the document's source) is never fetched again;
- a failing feed (network error, timeout, HTTP error, a body that is not a feed) is logged and pushed back
  exponentially — ``every × 2^failures``, capped at :data:`MAX_BACKOFF` — and is never fatal to the others;
- a page that fails for a reason that may pass (timeout, 5xx) keeps the feed's old validators, so the next poll
  sees the entry again and retries it; one that can never work (404, no article in the HTML) is logged and let go;
- every request goes through :class:`marsad.ingest.polite.Politeness`: an article page the site's robots.txt
  disallows is skipped and logged, and requests to one host are spaced by a minimum delay (``--delay``, or the
  site's ``Crawl-delay`` when longer). The feed URLs themselves are what the user asked for and are not checked.

Pages go through :func:`marsad.ingest.html.extract_html` (trafilatura) and then :func:`marsad.pipeline.ingest`, so
a feed article is cleaned, annotated and stored exactly as the same page read from a file would be.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import httpx

from marsad.ingest import Rejected
from marsad.ingest.decode import InputError, decode_bytes
from marsad.ingest.html import extract_html
from marsad.ingest.polite import DEFAULT_DELAY, Politeness, RobotsUnavailable
from marsad.model import Document, content_hash
from marsad.pipeline import IngestSummary, ingest, resolve
from marsad.store.base import FeedState, Store

log = logging.getLogger(__name__)

DEFAULT_EVERY = 15 * 60.0
MAX_BACKOFF = 24 * 3600.0
DEFAULT_TIMEOUT = 20.0
MAX_PAGE_BYTES = 10 * 1024 * 1024
USER_AGENT = "Marsad/0.1 (economic-diplomacy news reader; polls politely with ETag/If-Modified-Since)"
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}

Clock = Callable[[], datetime]


def parse_every(text: str) -> float:
    """Seconds of an interval written ``90``, ``90s``, ``15m``, ``2h`` or ``1d``."""
    m = _EVERY.match(text)
    if not m or float(m.group(1)) <= 0:
        raise ValueError(f"not an interval: {text!r} (write e.g. 15m, 2h, 90s)")
    return float(m.group(1)) * _UNITS[m.group(2).lower()]


def feed_urls(arg: str) -> list[str]:
    """One feed URL, or the URLs listed in a file (one a line; blank lines and ``#`` comments skipped)."""
    if re.match(r"^https?://", arg, re.IGNORECASE):
        return [arg]
    path = Path(arg)
    if not path.is_file():
        raise ValueError(f"{arg}: neither an http(s) URL nor a file of URLs")
    urls = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            urls.append(line)
    return urls


@dataclass(slots=True)
class PollResult:
    """What one poll of one feed did."""

    url: str
    status: str  # new | not-modified | failed | not-due
    entries: int = 0
    fetched: int = 0
    error: str | None = None
    summary: IngestSummary | None = None
    rejected: list[str] = field(default_factory=list)
    disallowed: list[str] = field(default_factory=list)  # entry pages robots.txt keeps us from

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.url}: failed — {self.error}"
        if self.status == "not-modified":
            return f"{self.url}: not modified"
        if self.status == "not-due":
            return f"{self.url}: backing off"
        stored = self.summary.documents if self.summary else 0
        line = (f"{self.url}: {self.entries} entries, {self.fetched} new pages fetched, {stored} articles stored, "
                f"{len(self.rejected)} rejected")
        return line + (f", {len(self.disallowed)} disallowed by robots.txt" if self.disallowed else "")


class _Transient(Exception):
    """A page failure that may pass (timeout, network, 5xx): retry at the next poll."""


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def _parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class FeedPoller:
    """Polls feeds into ``store``; one :class:`httpx.Client` (connection reuse, one timeout) for all requests, each
    made through :class:`~marsad.ingest.polite.Politeness` (robots.txt, at least ``delay`` seconds between two
    requests to one host)."""

    def __init__(self, store: Store, *, every: float = DEFAULT_EVERY, timeout: float = DEFAULT_TIMEOUT,
                 max_backoff: float = MAX_BACKOFF, client: httpx.Client | None = None,
                 clock: Clock | None = None, delay: float = DEFAULT_DELAY) -> None:
        self.store = store
        self.every = every
        self.max_backoff = max_backoff
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=True,
                                             headers={"User-Agent": USER_AGENT})
        self.polite = Politeness(self.client, USER_AGENT, delay)

    def close(self) -> None:
        self.client.close()

    # -- one feed --------------------------------------------------------------------------------------------------
    def poll(self, url: str, force: bool = False) -> PollResult:
        """Poll ``url`` once if it is due (or ``force``); never raises for anything the network or feed does."""
        state = self.store.feed(url) or FeedState(url)
        now = self.clock()
        due = _parse_iso(state.next_at)
        if not force and due is not None and now < due:
            return PollResult(url, "not-due")
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.modified:
            headers["If-Modified-Since"] = state.modified
        try:
            resp = self.polite.get(url, headers=headers)
        except httpx.TimeoutException:
            return self._failed(state, "timed out")
        except httpx.HTTPError as err:
            return self._failed(state, f"{type(err).__name__}: {err}")
        if resp.status_code == 304:
            self._ok(state, state.etag, state.modified)
            return PollResult(url, "not-modified")
        if resp.status_code >= 400:
            return self._failed(state, f"HTTP {resp.status_code}")
        parsed = feedparser.parse(resp.content, response_headers={k.lower(): v for k, v in resp.headers.items()})
        if not parsed.entries and (parsed.bozo or not parsed.version):  # broken XML, or an HTML page
            reason = parsed.get("bozo_exception")
            return self._failed(state, f"not a feed ({reason})" if reason else "not a feed (no RSS or Atom found)")
        result = PollResult(url, "new", entries=len(parsed.entries))
        feed_title = (parsed.feed.get("title") or "").strip() or None
        transient: list[str] = []
        items = list(self._entries(url, parsed.entries, feed_title, result, transient))

        def on_reject(item: Rejected) -> None:
            result.rejected.append(str(item))
            log.warning("feed %s: rejected %s", url, item)

        result.summary = ingest(items, self.store, on_reject=on_reject, resolve_after=False)
        if transient:  # keep the old validators: the next poll must see these entries again
            self._ok(state, state.etag, state.modified)
        else:
            self._ok(state, resp.headers.get("etag"), resp.headers.get("last-modified"))
        return result

    def _entries(self, feed_url: str, entries: list, feed_title: str | None, result: PollResult,
                 transient: list[str]) -> Iterator[Document | Rejected]:
        seen: set[str] = set()
        for entry in entries:
            link = entry.get("link") or next((lk.get("href") for lk in entry.get("links", []) if lk.get("href")), None)
            if not link:
                continue
            link = urljoin(feed_url, link.strip())
            if link in seen or self.store.source_hash(link) is not None:
                continue  # already stored: never fetched again
            seen.add(link)
            try:
                if not self.polite.allowed(link):
                    result.disallowed.append(link)
                    log.warning("feed %s: robots.txt disallows %s; not fetched", feed_url, link)
                    continue
                result.fetched += 1
                yield self._page(link, entry, feed_title)
            except RobotsUnavailable as err:
                transient.append(link)
                yield Rejected(link, f"{err} (will retry)")
            except _Transient as err:
                transient.append(link)
                yield Rejected(link, f"{err} (will retry)")
            except InputError as err:
                yield Rejected(link, str(err))

    def _page(self, link: str, entry: dict, feed_title: str | None) -> Document:
        try:
            resp = self.polite.get(link)
        except httpx.TimeoutException:
            raise _Transient("timed out") from None
        except httpx.HTTPError as err:
            raise _Transient(f"{type(err).__name__}: {err}") from None
        if resp.status_code >= 500 or resp.status_code == 429:
            raise _Transient(f"HTTP {resp.status_code}")
        if resp.status_code >= 400:
            raise InputError(f"HTTP {resp.status_code}")
        data = resp.content
        if len(data) > MAX_PAGE_BYTES:
            raise InputError(f"page too large ({len(data) / 1e6:.0f} MB)")
        if resp.charset_encoding:  # the server named it; else detect (BOM, UTF-8, Windows-1256 …) as for files
            text, encoding = resp.text, resp.charset_encoding
        else:
            text, encoding = decode_bytes(data)
        page = extract_html(text, url=link)
        title = (entry.get("title") or page.get("title") or "").strip()
        body = page.get("text") or ""
        full = body if not title or body.lstrip().startswith(title) else f"{title}\n{body}"
        published = None
        if entry.get("published_parsed") or entry.get("updated_parsed"):
            t = entry.get("published_parsed") or entry.get("updated_parsed")
            published = time.strftime("%Y-%m-%d", t)
        meta = {"format": "html", "encoding": encoding, "feed": True, "record_published": published,
                "record_title": title or None, "record_outlet": page.get("outlet") or feed_title,
                "page_published": page.get("published"), "page_outlet": page.get("outlet")}
        return Document(source=link, text=full, url=link, content_hash=content_hash(data),
                        meta={k: v for k, v in meta.items() if v})

    def _ok(self, state: FeedState, etag: str | None, modified: str | None) -> None:
        now = self.clock()
        state.etag, state.modified = etag, modified
        state.failures, state.last_error = 0, None
        state.last_ok = _iso(now)
        state.next_at = _iso(now + timedelta(seconds=self.every))
        with self.store.transaction():
            self.store.save_feed(state)

    def _failed(self, state: FeedState, error: str) -> PollResult:
        now = self.clock()
        state.failures += 1
        delay = min(self.every * 2 ** state.failures, self.max_backoff)
        state.next_at = _iso(now + timedelta(seconds=delay))
        state.last_error = error
        with self.store.transaction():
            self.store.save_feed(state)
        log.warning("feed %s failed (%d in a row): %s; next try in %s", state.url, state.failures, error,
                    timedelta(seconds=int(delay)))
        return PollResult(state.url, "failed", error=error)

    # -- many feeds, forever -----------------------------------------------------------------------------------------
    def poll_all(self, urls: Iterable[str], on_result: Callable[[PollResult], None] | None = None) -> list[PollResult]:
        """Poll every due feed once, then run the cross-article stages if anything new was stored."""
        results = []
        for url in urls:
            result = self.poll(url)
            results.append(result)
            if on_result:
                on_result(result)
        if any(r.summary and (r.summary.new or r.summary.updated) for r in results):
            resolve(self.store)
        return results

    def seconds_to_next(self, urls: Iterable[str]) -> float:
        """How long until the earliest feed is due (0 when one is due now)."""
        now = self.clock()
        waits = []
        for url in urls:
            state = self.store.feed(url)
            due = _parse_iso(state.next_at) if state else None
            waits.append(0.0 if due is None else max(0.0, (due - now).total_seconds()))
        return min(waits, default=self.every)

    def watch(self, urls: list[str], once: bool = False, on_result: Callable[[PollResult], None] | None = None,
              sleep: Callable[[float], None] = time.sleep) -> None:
        """Poll ``urls`` as they fall due until interrupted (``once``: one round, then return)."""
        while True:
            self.poll_all(urls, on_result)
            if once:
                return
            sleep(max(1.0, self.seconds_to_next(urls)))
