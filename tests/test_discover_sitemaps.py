"""Sitemaps (index, URL set, news, gzip, invalid) and robots.txt ``Sitemap:`` lines."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.discover.robots import sitemap_urls
from newscrawler.discover.sitemaps import parse_sitemap

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://x.com/sitemap-news.xml</loc><lastmod>2026-08-09</lastmod></sitemap>
  <sitemap><loc>https://x.com/sitemap-2026-08.xml.gz</loc></sitemap>
</sitemapindex>"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://x.com/national/2026/08/09/123456</loc>
    <lastmod>2026-08-09T10:05:00+06:00</lastmod>
    <news:news><news:publication><news:name>X</news:name><news:language>bn</news:language>
      </news:publication><news:publication_date>2026-08-09T09:00:00+06:00</news:publication_date>
      <news:title>ঢাকায় বৃষ্টি</news:title></news:news></url>
  <url><loc>https://x.com/sports/123457</loc>
    <image:image xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
      <image:loc>https://x.com/p.jpg</image:loc><image:title>ছবি</image:title></image:image>
    <news:news><news:publication_date>2026-08-08T20:00:00Z</news:publication_date>
      <news:title>খেলা</news:title></news:news></url>
  <url><loc>  </loc></url>
  <url><loc>https://x.com/a/%E0%A6%AF%E0%A6%BC-123458</loc><lastmod>2026-08-07 08:00</lastmod></url>
</urlset>""".encode()


def test_index() -> None:
    sitemap = parse_sitemap(INDEX, "https://x.com/sitemap.xml")
    assert sitemap.kind == "index"
    assert [e.loc for e in sitemap.entries] == [
        "https://x.com/sitemap-news.xml",
        "https://x.com/sitemap-2026-08.xml.gz",
    ]
    first = sitemap.entries[0].lastmod
    assert first is not None and first.isoformat() == "2026-08-09T00:00:00+06:00"
    assert sitemap.entries[1].lastmod is None


def test_news_sitemap_lastmod_publication_date_and_title() -> None:
    sitemap = parse_sitemap(NEWS, "https://x.com/sitemap-news.xml")
    assert sitemap.kind == "urlset"
    assert [e.loc for e in sitemap.entries] == [
        "https://x.com/national/2026/08/09/123456",
        "https://x.com/sports/123457",
        "https://x.com/a/%E0%A6%AF%E0%A6%BC-123458",
    ]
    stamps = [e.lastmod.isoformat() if e.lastmod else None for e in sitemap.entries]
    assert stamps == [
        "2026-08-09T10:05:00+06:00",
        "2026-08-08T20:00:00+00:00",
        "2026-08-07T08:00:00+06:00",
    ]
    assert [e.title for e in sitemap.entries] == ["ঢাকায় বৃষ্টি", "খেলা", None]


def test_naive_lastmod_in_another_zone() -> None:
    body = b"<urlset><url><loc>https://x.in/a/123456</loc><lastmod>2026-01-01T10:00</lastmod></url></urlset>"
    (entry,) = parse_sitemap(body, "https://x.in/s.xml", tz="Asia/Kolkata").entries
    assert entry.lastmod is not None and entry.lastmod.isoformat() == "2026-01-01T10:00:00+05:30"


def test_bad_time_zone_is_a_configuration_error() -> None:
    body = b"<urlset><url><loc>https://x/a</loc><lastmod>2026-01-01</lastmod></url></urlset>"
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_sitemap(body, "https://x/s.xml", tz="Mars/Olympus")


def test_gzip() -> None:
    sitemap = parse_sitemap(gzip.compress(NEWS), "https://x.com/sitemap-news.xml.gz")
    assert sitemap.kind == "urlset" and len(sitemap.entries) == 3


def test_bom_and_relative_locs() -> None:
    body = b"\xef\xbb\xbf\n<urlset><url><loc>/news/123456</loc></url></urlset>"
    assert [e.loc for e in parse_sitemap(body, "https://x.com/s.xml").entries] == [
        "https://x.com/news/123456"
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html><head><title>Not found</title></head><body>404</body></html>",
        b"User-agent: *\nDisallow: /",
        b"\x00\x01\x02\x03\xff\xfe",
        b"\x1f\x8b\x08\x00broken",
        gzip.compress(b"plain text, not xml"),
        b"<rss><channel></channel></rss>",
    ],
)
def test_invalid(body: bytes) -> None:
    sitemap = parse_sitemap(body, "https://x.com/sitemap.xml")
    assert sitemap.kind == "invalid" and sitemap.entries == []


def test_truncated_xml_recovers_what_it_can() -> None:
    body = b"<urlset><url><loc>https://x.com/n/123456</loc></url><url><loc>https://x.com/n/12"
    sitemap = parse_sitemap(body, "https://x.com/sitemap.xml")
    assert sitemap.kind == "urlset"
    assert sitemap.entries[0].loc == "https://x.com/n/123456"


@given(st.binary(max_size=400))
def test_parse_sitemap_never_raises(body: bytes) -> None:
    assert parse_sitemap(body, "https://x.com/s.xml").kind in ("index", "urlset", "invalid")


ROBOTS = """\ufeffUser-agent: *
Disallow: /admin/
Sitemap: https://x.com/sitemap.xml
sitemap:https://x.com/news-sitemap.xml
  SITEMAP :  /relative-sitemap.xml   # comment
User-agent: Googlebot
Site-map: https://x.com/sitemap.xml
Disallow: /sitemap-not-a-directive
"""


def test_robots_sitemaps() -> None:
    assert sitemap_urls(ROBOTS, "https://x.com/robots.txt") == [
        "https://x.com/sitemap.xml",
        "https://x.com/news-sitemap.xml",
        "https://x.com/relative-sitemap.xml",
    ]


@pytest.mark.parametrize("text", ["", "User-agent: *\nDisallow:", "<html>404</html>", "\x00\xff"])
def test_robots_without_sitemaps(text: str) -> None:
    assert sitemap_urls(text, "https://x.com/robots.txt") == []


@given(st.text(max_size=300))
def test_sitemap_urls_never_raises(text: str) -> None:
    sitemap_urls(text, "https://x.com/robots.txt")
