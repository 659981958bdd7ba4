"""Manners for every request ``marsad watch`` makes: robots.txt, and a pause between requests to one host.

A watcher runs unattended for weeks against other people's servers, so it asks before it reads and never hurries:

- **robots.txt** (read with :mod:`urllib.robotparser`, fetched through the watcher's own HTTP client so its timeout
  and User-Agent apply) decides whether an article page may be fetched. It is read once per site (scheme, host and
  port) and kept :data:`ROBOTS_TTL` seconds. As ``urllib.robotparser`` does, a 401 or 403 means nothing may be
  fetched and any other 4xx means there are no rules; a 5xx or a network failure means the rules cannot be known
  now, so the page waits for a later poll (:class:`RobotsUnavailable`) rather than being fetched or given up.
- **a minimum delay** between two requests to one host (``host:port``), whatever they are for — the feed, its
  robots.txt, its pages. A site's ``Crawl-delay`` for us raises it (up to :data:`MAX_CRAWL_DELAY`), never lowers it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

log = logging.getLogger(__name__)

DEFAULT_DELAY = 1.0
ROBOTS_TTL = 24 * 3600.0  # RFC 9309: a cached robots.txt should not be used for more than a day
MAX_CRAWL_DELAY = 60.0  # a larger Crawl-delay is honoured as this, so one site cannot stall the other feeds


class RobotsUnavailable(Exception):
    """A site's robots.txt could not be read for a reason that may pass (5xx, timeout, network)."""


@dataclass(slots=True)
class _Site:
    rules: RobotFileParser
    fetched: float
    crawl_delay: float = 0.0


def host_of(url: str) -> str:
    """The host a delay applies to: ``host:port`` as the URL gives them, lower case."""
    return urlsplit(url).netloc.lower()


def site_of(url: str) -> str:
    """Where a URL's robots.txt lives: scheme and ``host:port``."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class Politeness:
    """robots.txt rules and per-host pacing around one :class:`httpx.Client`; :meth:`get` is the only way out."""

    def __init__(self, client: httpx.Client, agent: str, delay: float = DEFAULT_DELAY,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.client = client
        self.agent = agent
        self.delay = delay
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}  # host → when its last request started
        self._sites: dict[str, _Site] = {}

    def get(self, url: str, **kw: Any) -> httpx.Response:
        """``client.get(url)`` once the host's delay since its previous request has passed."""
        host = host_of(url)
        site = self._sites.get(site_of(url))
        gap = max(self.delay, site.crawl_delay if site else 0.0)
        last = self._last.get(host)
        if last is not None:
            wait = last + gap - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()
        return self.client.get(url, **kw)

    def allowed(self, url: str) -> bool:
        """May ``url`` be fetched under its site's robots.txt? Raises :class:`RobotsUnavailable` when unknown."""
        return self._rules(site_of(url)).can_fetch(self.agent, url)

    def _rules(self, site: str) -> RobotFileParser:
        known = self._sites.get(site)
        if known is not None and self._clock() - known.fetched < ROBOTS_TTL:
            return known.rules
        robots = f"{site}/robots.txt"
        try:
            resp = self.get(robots)
        except httpx.HTTPError as err:
            raise RobotsUnavailable(f"robots.txt unreachable ({type(err).__name__})") from None
        if resp.status_code >= 500 or resp.status_code == 429:
            raise RobotsUnavailable(f"robots.txt answered HTTP {resp.status_code}")
        rules = RobotFileParser(robots)
        if resp.status_code in (401, 403):
            rules.disallow_all = True
        elif resp.status_code >= 400:
            rules.allow_all = True
        else:
            rules.parse(resp.text.splitlines())
        asked = rules.crawl_delay(self.agent)
        crawl_delay = min(float(asked), MAX_CRAWL_DELAY) if asked else 0.0
        if asked and float(asked) > MAX_CRAWL_DELAY:
            log.warning("%s asks for a Crawl-delay of %s s; waiting %s s between its requests", site, asked,
                        MAX_CRAWL_DELAY)
        self._sites[site] = _Site(rules, self._clock(), crawl_delay)
        return rules
