"""The bundled sample site: content, expected values, and real HTTP serving."""

from __future__ import annotations

import http.client
import itertools
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from html import escape
from urllib.parse import urlsplit

import pytest

from newscrawler.samplesite import RunningSite, SampleSite, serve
from newscrawler.samplesite.model import TEMPLATES
from newscrawler.samplesite.traps import HUGE_BYTES
from newscrawler.text.fingerprints import shingles

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def running() -> Iterator[RunningSite]:
    with serve() as site:
        yield site


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """GET without following redirects: status, headers (lower-case names), body."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


# -- content -----------------------------------------------------------------------------------


def test_generation_is_fast_and_deterministic() -> None:
    started = time.process_time()  # CPU time: other processes on the machine do not count
    first = SampleSite().expected_articles("http://h:1/")
    assert time.process_time() - started < 0.5
    assert first == SampleSite().expected_articles("http://h:1/")
    assert first != SampleSite(seed=7).expected_articles("http://h:1/")


def test_at_least_60_articles_in_every_template() -> None:
    rows = SampleSite().expected_articles("http://h:1/")
    per_template = Counter(r["template"] for r in rows)
    assert len(rows) >= 64 and len(per_template) == len(TEMPLATES)
    assert min(per_template.values()) >= 16
    assert len({r["title"] for r in rows}) == len(rows)
    assert len({r["url"] for r in rows}) == len(rows)


def test_articles_are_realistic() -> None:
    site = SampleSite()
    for story in site.stories:
        assert 4 <= len(story.paragraphs) <= 10
        assert all(p.count("।") >= 3 for p in story.paragraphs), story.id
        assert 2021 <= story.published.year <= 2026
        assert story.updated is None or story.updated > story.published
        assert 1 <= len(story.authors) <= 2


def test_no_two_stories_are_near_duplicates() -> None:
    """Dedupe (2-word shingles, Jaccard 0.3) must find no near duplicates among the stories."""
    bodies = [shingles("\n\n".join(s.paragraphs)) for s in SampleSite().stories]
    worst = max(len(a & b) / len(a | b) for a, b in itertools.combinations(bodies, 2))
    assert worst < 0.2


def test_expected_values_have_every_key() -> None:
    row = SampleSite().expected_articles("http://h:1")[0]
    keys = {"url", "alt_urls", "template", "title", "first_paragraph", "last_paragraph"}
    keys |= {"paragraph_count", "authors", "section", "tags", "published", "updated"}
    assert keys | {"decoy_dates"} <= set(row)
    assert row["url"].startswith("http://h:1/") and row["published"].endswith("+06:00")


def test_decoys_never_equal_the_real_dates() -> None:
    site = SampleSite()
    site.publish(3)
    site.edit(5)
    for row in site.expected_articles("http://h:1/"):
        assert row["published"] not in row["decoy_dates"]
        assert row["updated"] is None or row["updated"] not in row["decoy_dates"]


def test_publish_adds_newest_and_edit_changes_body() -> None:
    site = SampleSite(count=8)
    before = site.last_modified
    (new,) = site.publish(1)
    assert new.id == 9 and new.published > before
    assert site.newest()[0] is new
    old_body = list(site.stories[2].paragraphs)
    edited = site.edit(3)
    assert edited.paragraphs != old_body and edited.updated == site.last_modified
    with pytest.raises(KeyError, match="ids run from 1 to 9"):
        site.edit(99)


# -- serving -----------------------------------------------------------------------------------


def test_every_article_is_served_with_its_title(running: RunningSite) -> None:
    for row in running.site.expected_articles(running.url):
        status, headers, body = fetch(row["url"])
        assert status == 200, row["url"]
        assert headers["content-type"] == "text/html; charset=utf-8"
        text = body.decode("utf-8")
        assert escape(row["title"]) in text
        assert escape(row["first_paragraph"]) in text and escape(row["last_paragraph"]) in text


def test_alternative_urls_reach_the_same_story(running: RunningSite) -> None:
    for row in running.site.expected_articles(running.url)[:8]:
        for alt in row["alt_urls"]:
            status, headers, body = fetch(alt)
            if status == 301:
                assert headers["location"] == row["url"]
            else:
                assert status == 200
                assert f'<link rel="canonical" href="{row["url"]}"' in body.decode()


@pytest.mark.parametrize(
    ("path", "status", "needle"),
    [
        ("", 200, 'type="application/rss+xml"'),
        ("robots.txt", 200, "Sitemap: "),
        ("sitemap.xml", 200, "<sitemapindex"),
        ("news-sitemap.xml", 200, "<lastmod>"),
        ("feed.xml", 200, "<rss"),
        ("wp/category/politics/", 200, "archive"),
        ("daily/economy?page=1", 200, "archive"),
        ("about/", 200, "আমাদের সম্পর্কে"),
        ("no/such/page", 404, "৪০৪"),
        ("daily/politics/99999", 404, ""),
        ("bad/malformed", 200, "<title>ভাঙা পাতা<title>"),
        ("sitemap-video.xml", 200, "<!DOCTYPE html>"),
    ],
)
def test_pages(running: RunningSite, path: str, status: int, needle: str) -> None:
    got, _, body = fetch(running.url + path)
    assert got == status
    assert needle in body.decode("utf-8")


def test_robots_names_three_sitemaps_and_a_disallow(running: RunningSite) -> None:
    text = fetch(running.url + "robots.txt")[2].decode()
    sitemaps = [line.split(" ", 1)[1] for line in text.splitlines() if line.startswith("Sitemap:")]
    assert [fetch(u)[0] for u in sitemaps] == [200, 200, 200]
    assert "Disallow: /private/" in text


def test_sitemaps_list_every_article(running: RunningSite) -> None:
    index = ET.fromstring(fetch(running.url + "sitemap.xml")[2])
    urls = set()
    for loc in index.iter(SM + "loc"):
        urls |= {e.text for e in ET.fromstring(fetch(loc.text or "")[2]).iter(SM + "loc")}
    expected = {r["url"] for r in running.site.expected_articles(running.url)}
    assert expected <= urls


def test_listings_reach_every_article(running: RunningSite) -> None:
    rows = running.site.expected_articles(running.url)
    pages = [
        fetch(r["url"])[2].decode()
        for r in running.site.expected_non_articles(running.url)
        if r["kind"] == "listing"
    ]
    reached = {
        r["id"]
        for r in rows
        for page in pages
        if any(f'href="{escape(u)}"' in page for u in [r["url"], *r["alt_urls"]])
    }
    assert reached == {r["id"] for r in rows}


@pytest.mark.parametrize(
    ("path", "status", "content_type"),
    [
        ("bad/empty", 200, "text/html; charset=utf-8"),
        ("bad/charset", 200, "text/html; charset=iso-8859-1"),
        ("bad/report.pdf", 200, "application/pdf"),
        ("bad/loop-a", 302, "text/html; charset=utf-8"),
        ("bad/offsite", 301, "text/html; charset=utf-8"),
    ],
)
def test_traps(running: RunningSite, path: str, status: int, content_type: str) -> None:
    got, headers, _ = fetch(running.url + path)
    assert (got, headers["content-type"]) == (status, content_type)


def test_huge_page_is_5_mb(running: RunningSite) -> None:
    assert len(fetch(running.url + "bad/huge")[2]) == HUGE_BYTES


def test_reset_closes_without_a_response(running: RunningSite) -> None:
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected)):
        fetch(running.url + "bad/reset")
    assert ("GET", "/bad/reset", 0) in running.requests


def test_localhost_host_is_honoured(running: RunningSite) -> None:
    port = urlsplit(running.url).port
    body = fetch(f"http://127.0.0.1:{port}/robots.txt", {"Host": f"localhost:{port}"})[2]
    assert f"Sitemap: http://localhost:{port}/sitemap.xml" in body.decode()


# -- conditional GET and re-crawls --------------------------------------------------------------


@pytest.mark.parametrize("path", ["sitemap.xml", "news-sitemap.xml", "feed.xml", "wp/archives/5"])
def test_conditional_get(running: RunningSite, path: str) -> None:
    status, headers, _ = fetch(running.url + path)
    assert status == 200 and headers["etag"] and headers["last-modified"].endswith("GMT")
    assert fetch(running.url + path, {"If-None-Match": headers["etag"]})[0] == 304
    assert fetch(running.url + path, {"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert fetch(running.url + path, {"If-None-Match": '"other"'})[0] == 200
    old = "Mon, 01 Jan 2018 00:00:00 GMT"
    assert fetch(running.url + path, {"If-Modified-Since": old})[0] == 200


def test_publish_and_edit_change_sitemaps_and_feed() -> None:
    with serve(SampleSite(count=16)) as run:
        tags = {p: fetch(run.url + p)[1]["etag"] for p in ("news-sitemap.xml", "feed.xml")}
        run.site.publish(1)
        url = run.site.expected_articles(run.url)[-1]["url"]
        for path, etag in tags.items():
            status, headers, body = fetch(run.url + path, {"If-None-Match": etag})
            assert status == 200 and url in body.decode() and headers["etag"] != etag
        article_etag = fetch(run.url + "news/3")[1]["location"]
        status, headers, _ = fetch(article_etag)
        run.site.edit(3)
        assert fetch(article_etag, {"If-None-Match": headers["etag"]})[0] == 200
        news = fetch(run.url + "news-sitemap.xml")[2].decode()
        assert news.index(article_etag) < news.index(run.site.expected_articles(run.url)[0]["url"])


STATUS_BY_KIND = {"not-found": 404, "redirect-loop": 302, "offsite-redirect": 301}


def test_every_non_article_address_answers(running: RunningSite) -> None:
    for row in running.site.expected_non_articles(running.url):
        if row["kind"] == "connection-reset":
            continue
        assert fetch(row["url"])[0] == STATUS_BY_KIND.get(row["kind"], 200), row
