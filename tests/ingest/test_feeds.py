"""Feeds against a real HTTP server on 127.0.0.1: new entries, ETag/304, and every way a feed or page can fail."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from marsad.cli import app
from marsad.ingest.feeds import FeedPoller, feed_urls, parse_every
from marsad.store import open_store

PARAGRAPH = (
    "وصل وزير الخارجية إلى الرياض اليوم في زيارة رسمية تستغرق يومين، يلتقي خلالها عددا من المسؤولين لبحث سبل "
    "تعزيز التعاون الاقتصادي والاستثماري بين البلدين، وتوقيع مذكرات تفاهم في مجالات الطاقة والتجارة."
)


def article(title: str, extra: str) -> bytes:
    body = "".join(f"<p>{PARAGRAPH} {extra} {i}.</p>" for i in range(4))
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><nav>الرئيسية</nav>"
            f"<article><h1>{title}</h1>{body}</article><footer>جميع الحقوق محفوظة</footer></body></html>").encode()


def rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>Tue, 21 Jul 2015 10:00:00 GMT</pubDate></item>"
        for t, link in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>صحيفة الاختبار</title>'
            f"<link>http://127.0.0.1/</link>{entries}</channel></rss>").encode()


ATOM = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>أطلس</title>'
        '<entry><title>منتدى الاستثمار</title><link href="/a3.html"/><updated>2015-07-22T08:00:00Z</updated>'
        "</entry></feed>").encode()


class Site:
    """What the test server serves, and a count of every request it answered."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.arrivals: list[tuple[str, float]] = []  # (path, time.monotonic()) of every request, in order
        self.robots: tuple[int, bytes] = (404, b"not found")
        self.feed_version = 1
        self.flaky_fails = True
        self.routes: dict[str, tuple[int, str, bytes]] = {
            "/a1.html": (200, "text/html; charset=utf-8", article("القمة الاقتصادية في الرياض", "الأولى")),
            "/a2.html": (200, "text/html", article("منتدى الطاقة في جدة", "الثانية")),
            "/a3.html": (200, "text/html; charset=utf-8", article("منتدى الاستثمار", "الثالثة")),
            "/a4.html": (200, "text/html; charset=utf-8", article("اتفاقية تجارية جديدة", "الرابعة")),
            "/empty.html": (200, "text/html", b"<html><head><title>t</title></head><body><script>1</script></body>"),
            "/atom.xml": (200, "application/atom+xml", ATOM),
            "/broken.xml": (200, "application/rss+xml", b"<?xml version='1.0'?><rss version='2.0'><channel><t>x</chan"),
            "/page.xml": (200, "text/html", b"<html><body><p>an HTML page, not a feed</p></body></html>"),
            "/error.xml": (500, "text/plain", b"internal error"),
        }

    def feed(self) -> bytes:
        items = [("القمة", "/a1.html"), ("منتدى", "http://127.0.0.1:{port}/a2.html"), ("فارغ", "/empty.html"),
                 ("مفقود", "/missing.html"), ("متقطع", "/flaky.html")]
        if self.feed_version > 1:
            items.append(("اتفاقية", "/a4.html"))
        return rss(items)


class Handler(BaseHTTPRequestHandler):
    site: Site
    port: int

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        site = self.site
        path = self.path.split("?")[0]
        site.hits[path] += 1
        site.arrivals.append((path, time.monotonic()))
        if path == "/robots.txt":
            return self._send(site.robots[0], "text/plain", site.robots[1])
        if path == "/slow.xml":
            time.sleep(2.0)
            return self._send(200, "application/rss+xml", rss([]))
        if path == "/feed.xml":
            etag = f'"v{site.feed_version}"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, None, b"", etag=etag)
            body = site.feed().replace(b"{port}", str(self.server.server_address[1]).encode())
            return self._send(200, "application/rss+xml; charset=utf-8", body, etag=etag)
        if path == "/dated.xml":
            stamp = "Tue, 21 Jul 2015 10:00:00 GMT"
            if self.headers.get("If-Modified-Since") == stamp:
                return self._send(304, None, b"")
            return self._send(200, "application/atom+xml", ATOM, modified=stamp)
        if path == "/flaky.html":
            if site.flaky_fails:
                return self._send(503, "text/plain", b"busy")
            return self._send(200, "text/html", article("زيارة متقطعة", "الخامسة"))
        if path not in site.routes:
            return self._send(404, "text/plain", b"not found")
        status, ctype, body = site.routes[path]
        return self._send(status, ctype, body)

    def _send(self, status: int, ctype: str | None, body: bytes, etag: str | None = None,
              modified: str | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if etag:
            self.send_header("ETag", etag)
        if modified:
            self.send_header("Last-Modified", modified)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    s = Site()
    handler = type("H", (Handler,), {"site": s})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield s, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2015, 7, 21, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_new_entries_are_fetched_stored_and_a_second_poll_fetches_nothing(site: tuple[Site, str],
                                                                            db_path: Path) -> None:
    server, base = site
    store = open_store(str(db_path))
    clock = Clock()
    poller = FeedPoller(store, every=900, timeout=5, clock=clock, delay=0)
    first = poller.poll(f"{base}/feed.xml")
    assert first.status == "new" and first.entries == 5 and first.fetched == 5
    assert first.summary is not None and first.summary.new == 2
    stored = {d.source: d for d in store.documents()}
    assert set(stored) == {f"{base}/a1.html", f"{base}/a2.html"}
    a1 = stored[f"{base}/a1.html"]
    assert "القمة الاقتصادية" in a1.text and "جميع الحقوق محفوظة" not in a1.text
    assert a1.url == f"{base}/a1.html" and a1.published == "2015-07-21"
    reasons = "\n".join(first.rejected)
    assert "empty.html: no article text" in reasons and "missing.html: HTTP 404" in reasons
    assert "flaky.html: HTTP 503 (will retry)" in reasons
    state = store.feed(f"{base}/feed.xml")
    assert state is not None and state.failures == 0 and state.etag is None  # a page will be retried: no validator

    # the flaky page recovers: the feed is read again (no validator was kept), only the flaky page is fetched
    server.flaky_fails = False
    before = server.hits.copy()
    clock.advance(900)
    second = poller.poll(f"{base}/feed.xml")
    fetched = server.hits - before
    assert second.status == "new" and fetched["/flaky.html"] == 1
    assert fetched["/a1.html"] == fetched["/a2.html"] == 0  # stored pages are never fetched again
    assert store.count("documents") == 3
    assert store.feed(f"{base}/feed.xml").etag == '"v1"'  # type: ignore[union-attr]

    # unchanged feed: one request answered 304, nothing else
    before = server.hits.copy()
    clock.advance(900)
    third = poller.poll(f"{base}/feed.xml")
    assert third.status == "not-modified"
    assert server.hits - before == Counter({"/feed.xml": 1})
    assert store.count("documents") == 3

    # a new entry: only its page is fetched
    server.feed_version = 2
    before = server.hits.copy()
    clock.advance(900)
    fourth = poller.poll(f"{base}/feed.xml")
    fetched = server.hits - before
    assert fourth.status == "new" and fetched["/a4.html"] == 1 and fetched["/a1.html"] == 0
    assert store.count("documents") == 4
    poller.close()
    store.close()


def test_last_modified_is_honoured_and_atom_relative_links_resolve(site: tuple[Site, str], db_path: Path) -> None:
    server, base = site
    store = open_store(str(db_path))
    poller = FeedPoller(store, timeout=5, clock=Clock(), delay=0)
    assert poller.poll(f"{base}/dated.xml").status == "new"
    assert [d.source for d in store.documents()] == [f"{base}/a3.html"]
    assert store.feed(f"{base}/dated.xml").modified == "Tue, 21 Jul 2015 10:00:00 GMT"  # type: ignore[union-attr]
    assert poller.poll(f"{base}/dated.xml", force=True).status == "not-modified"
    assert server.hits["/a3.html"] == 1
    poller.close()
    store.close()


@pytest.mark.parametrize(("path", "error"), [("/broken.xml", "not a feed"), ("/page.xml", "not a feed"),
                                             ("/error.xml", "HTTP 500"), ("/slow.xml", "timed out"),
                                             ("/nothing.xml", "HTTP 404")])
def test_failing_feeds_back_off_exponentially_and_are_never_fatal(site: tuple[Site, str], db_path: Path,
                                                                  path: str, error: str) -> None:
    _, base = site
    store = open_store(str(db_path))
    clock = Clock()
    poller = FeedPoller(store, every=60, timeout=0.3, clock=clock, delay=0)
    url = base + path
    started = time.perf_counter()
    result = poller.poll(url)
    assert time.perf_counter() - started < 1.9  # the short client timeout cut the slow response
    assert result.status == "failed" and error in (result.error or "")
    state = store.feed(url)
    assert state is not None and state.failures == 1 and error in (state.last_error or "")
    assert state.next_at == (clock.now + timedelta(seconds=120)).isoformat(timespec="seconds")
    assert poller.poll(url).status == "not-due"  # backing off
    clock.advance(121)
    assert poller.poll(url).status == "failed"
    assert store.feed(url).failures == 2  # type: ignore[union-attr]
    assert store.feed(url).next_at == (clock.now + timedelta(seconds=240)).isoformat(timespec="seconds")  # type: ignore[union-attr]
    assert store.count("documents") == 0
    poller.close()
    store.close()


def test_watch_command_once_over_a_list_with_broken_feeds(site: tuple[Site, str], tmp_path: Path,
                                                          db_path: Path) -> None:
    _, base = site
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# our feeds\n{base}/feed.xml\n\n{base}/broken.xml\n{base}/error.xml  # down\n"
                     f"{base}/atom.xml\n", encoding="utf-8")
    assert feed_urls(str(feeds)) == [f"{base}/feed.xml", f"{base}/broken.xml", f"{base}/error.xml",
                                     f"{base}/atom.xml"]
    out = CliRunner().invoke(app, ["watch", str(feeds), "--once", "--db", str(db_path), "--timeout", "2",
                                   "--delay", "0.05"])
    assert out.exit_code == 0, out.output
    assert "feed.xml: 5 entries, 5 new pages fetched, 2 articles stored" in out.output
    assert "broken.xml: failed" in out.output and "error.xml: failed — HTTP 500" in out.output
    assert "atom.xml: 1 entries, 1 new pages fetched, 1 articles stored" in out.output
    store = open_store(str(db_path))
    assert store.count("documents") == 3
    store.close()
    again = CliRunner().invoke(app, ["watch", str(feeds), "--once", "--db", str(db_path), "--delay", "0"])
    assert again.exit_code == 0
    assert "broken.xml: backing off" in again.output


def test_intervals_and_arguments() -> None:
    assert parse_every("15m") == 900 and parse_every("2h") == 7200 and parse_every("90") == 90
    assert parse_every("1.5h") == 5400 and parse_every("1d") == 86400
    for bad in ("", "0", "soon", "-5m"):
        with pytest.raises(ValueError):
            parse_every(bad)
    assert feed_urls("https://example.org/rss") == ["https://example.org/rss"]
    with pytest.raises(ValueError):
        feed_urls("no-such-file.txt")
    out = CliRunner().invoke(app, ["watch", "no-such-file.txt", "--once"])
    assert out.exit_code == 2 and "neither an http(s) URL" in out.output


# -- manners: robots.txt and a pause between requests to one host ------------------------------------------------------
def test_pages_robots_txt_disallows_are_skipped_logged_and_not_asked_for_again(
        site: tuple[Site, str], db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    server, base = site
    # rules for us by name; everyone else is kept out entirely, so passing means our own group was applied
    server.robots = (200, b"User-agent: Marsad\nDisallow: /a2.html\nDisallow: /missing\n\nUser-agent: *\nDisallow: /\n")
    store = open_store(str(db_path))
    clock = Clock()
    poller = FeedPoller(store, every=900, timeout=5, clock=clock, delay=0)
    with caplog.at_level("WARNING", logger="marsad.ingest.feeds"):
        first = poller.poll(f"{base}/feed.xml")
    assert first.disallowed == [f"{base}/a2.html", f"{base}/missing.html"]
    assert server.hits["/a2.html"] == server.hits["/missing.html"] == 0  # never requested
    assert server.hits["/a1.html"] == 1 and first.fetched == 3  # a1, empty, flaky
    assert [d.source for d in store.documents()] == [f"{base}/a1.html"]
    assert f"robots.txt disallows {base}/a2.html" in caplog.text
    assert first.line().endswith("2 disallowed by robots.txt")
    clock.advance(900)
    second = poller.poll(f"{base}/feed.xml")  # the flaky page made the feed be read again
    assert second.disallowed == first.disallowed and server.hits["/a2.html"] == 0
    assert server.hits["/robots.txt"] == 1  # read once per site, not per page or per poll
    poller.close()
    store.close()


@pytest.mark.parametrize(("status", "fetched", "reason"), [(403, 0, None), (401, 0, None),
                                                            (503, 0, "robots.txt answered HTTP 503 (will retry)"),
                                                            (410, 5, None)])
def test_robots_txt_that_cannot_be_read(site: tuple[Site, str], db_path: Path, status: int, fetched: int,
                                        reason: str | None) -> None:
    """Forbidden robots.txt: nothing may be fetched. Server error: nothing is fetched now, and the entries are seen
    again at the next poll. Missing (any other 4xx): no rules."""
    server, base = site
    server.robots = (status, b"no")
    store = open_store(str(db_path))
    poller = FeedPoller(store, timeout=5, clock=Clock(), delay=0)
    result = poller.poll(f"{base}/feed.xml")
    assert result.fetched == fetched
    pages = sum(n for path, n in server.hits.items() if path.endswith(".html"))
    assert pages == fetched
    if reason:
        assert all(r.endswith(reason) for r in result.rejected) and len(result.rejected) == 5
        assert store.feed(f"{base}/feed.xml").etag is None  # type: ignore[union-attr] - retried next time
    elif not fetched:
        assert len(result.disallowed) == 5
    poller.close()
    store.close()


def test_requests_to_one_host_are_spaced_by_the_delay_and_a_longer_crawl_delay(site: tuple[Site, str],
                                                                                db_path: Path) -> None:
    server, base = site
    store = open_store(str(db_path))
    poller = FeedPoller(store, timeout=5, clock=Clock(), delay=0.3)
    poller.poll(f"{base}/feed.xml")  # the feed, robots.txt and five pages: seven requests to one host
    times = [t for _, t in server.arrivals]
    assert len(times) == 7
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.25, gaps  # 0.3 s, less what the two clocks and the loopback may disagree on
    poller.close()

    server.arrivals.clear()
    server.robots = (200, b"User-agent: *\nCrawl-delay: 1\n")
    poller = FeedPoller(store, timeout=5, clock=Clock(), delay=0.1)
    poller.poll(f"{base}/atom.xml")  # the feed, robots.txt (0.1 s apart), then its page (1 s after robots.txt)
    assert [p for p, _ in server.arrivals] == ["/atom.xml", "/robots.txt", "/a3.html"]
    (_, feed), (_, robots), (_, page) = server.arrivals
    assert robots - feed >= 0.05 and page - robots >= 0.95
    poller.close()
    store.close()


def test_the_delay_is_per_host() -> None:
    """Two sites are not slowed down by each other; a site's next request waits only for its own previous one."""
    from marsad.ingest.polite import Politeness

    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        now[0] += seconds

    client = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200, text="ok")))
    polite = Politeness(client, "Marsad", delay=2.0, clock=lambda: now[0], sleep=sleep)
    polite.get("http://a.example/1")
    polite.get("http://b.example/1")
    now[0] += 0.5
    polite.get("http://a.example/2")
    polite.get("http://b.example:8080/1")  # another port: another host
    assert slept == [1.5]
    client.close()
