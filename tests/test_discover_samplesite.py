"""Discovery over HTTP on the bundled sample site: robots, sitemaps, feed and listing walk."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from newscrawler.discover import (
    feed_links,
    listing_links,
    parse_feed,
    parse_sitemap,
    sitemap_urls,
)
from newscrawler.samplesite import RunningSite, SampleSite, serve

COUNT = 40


@pytest.fixture(scope="module")
def running() -> Iterator[RunningSite]:
    with serve(SampleSite(count=COUNT)) as site:
        yield site


@pytest.fixture(scope="module")
def expected(running: RunningSite) -> list[dict[str, Any]]:
    return running.site.expected_articles(running.url)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: one of the site's traps redirects to another host."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def fetch(url: str) -> bytes:
    assert url.startswith("http://127.0.0.1:"), url
    try:
        with OPENER.open(url, timeout=10) as reply:
            return bytes(reply.read())
    except urllib.error.HTTPError as error:
        return bytes(error.read())
    except (urllib.error.URLError, OSError):
        return b""


def article_urls(expected: list[dict[str, Any]]) -> set[str]:
    return {row["url"] for row in expected}


def test_robots_sitemaps_cover_every_article(
    running: RunningSite, expected: list[dict[str, Any]]
) -> None:
    robots_url = running.url.rstrip("/") + "/robots.txt"
    sitemaps = sitemap_urls(fetch(robots_url).decode(), robots_url)
    assert len(sitemaps) == 3
    index = parse_sitemap(fetch(sitemaps[0]), sitemaps[0])
    assert index.kind == "index"
    locs: set[str] = set()
    for child in index.entries:
        sitemap = parse_sitemap(fetch(child.loc), child.loc)
        assert sitemap.kind == "urlset"
        locs |= {e.loc for e in sitemap.entries}
    assert article_urls(expected) <= locs
    assert parse_sitemap(fetch(sitemaps[2]), sitemaps[2]).kind == "invalid"


def test_news_sitemap_lastmod_and_titles(
    running: RunningSite, expected: list[dict[str, Any]]
) -> None:
    url = running.url.rstrip("/") + "/news-sitemap.xml"
    sitemap = parse_sitemap(fetch(url), url)
    assert sitemap.kind == "urlset" and sitemap.entries
    by_url = {row["url"]: row for row in expected}
    for entry in sitemap.entries:
        assert entry.lastmod is not None and entry.lastmod.tzinfo is not None
        assert entry.lastmod.isoformat() == by_url[entry.loc]["lastmod"]
        assert entry.title == by_url[entry.loc]["title"]


def test_feed_is_autodiscovered_and_parsed(
    running: RunningSite, expected: list[dict[str, Any]]
) -> None:
    feeds = feed_links(fetch(running.url).decode(), running.url)
    assert len(feeds) == 1
    entries = parse_feed(fetch(feeds[0]), feeds[0])
    assert entries
    by_url = {row["url"]: row for row in expected}
    for entry in entries:
        assert entry.published is not None
        assert entry.published.isoformat() == by_url[entry.link]["published"]


def test_listing_walk_without_profile_reaches_every_article(
    running: RunningSite, expected: list[dict[str, Any]]
) -> None:
    """Following ``Links.listings`` from the home page reaches every story by some address."""
    aliases = {alias: row["url"] for row in expected for alias in [row["url"], *row["alt_urls"]]}
    seen: set[str] = set()
    queue, found = [running.url], set()
    while queue and len(seen) < 200:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        links = listing_links(fetch(url).decode("utf-8", "replace"), url)
        found |= set(links.articles)
        queue += [u for u in links.listings if u not in seen]
    reached = {aliases[u] for u in found if u in aliases}
    assert reached == article_urls(expected)
    assert not seen & article_urls(expected), "an article page was walked as a listing"
