"""Feeds: autodiscovery links and RSS/Atom entries."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.discover.feeds import feed_links, parse_feed

FEED_FILES = ["prothomalo_rss_1.xml", "banglatribune_rss_1.xml"]


@pytest.mark.parametrize("name", FEED_FILES)
def test_corpus_feed(corpus_dir: Path, name: str) -> None:
    rows = [json.loads(x) for x in (corpus_dir / "expected.jsonl").read_text("utf-8").splitlines()]
    row = next(r for r in rows if r["file"] == name)
    entries = parse_feed((corpus_dir / name).read_bytes(), row["channel_link"])
    assert entries is not None
    assert len(entries) == row["items"]
    assert len({e.link for e in entries}) == row["distinct_links"]
    assert [e.link for e in entries[:3]] == row["sample_links"]
    first = row["first_item"]
    assert entries[0].title == first["title"]
    assert entries[0].link == first["link"]
    assert entries[0].published == datetime.fromisoformat(first["published"])
    assert all(e.published is not None and e.published.tzinfo for e in entries)


def test_guid_that_is_not_a_permalink_is_not_a_link() -> None:
    rss = b"""<rss><channel><item><title>a</title>
      <guid isPermaLink="false">https://prothomalo.com/story/1b2c</guid></item>
      <item><title>b</title><guid>https://x.com/news/123456</guid></item></channel></rss>"""
    entries = parse_feed(rss, "https://x.com/feed")
    assert entries is not None
    assert [e.link for e in entries] == ["https://x.com/news/123456"]


def test_atom_feed() -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
      <entry><title type="html">খবর &amp;lsquo;এক&amp;rsquo;</title>
        <link rel="enclosure" href="/a.jpg"/><link href="/news/2026/01/02/khobor"/>
        <published>2026-01-02T10:00:00+06:00</published><updated>2026-01-02T12:00:00Z</updated>
      </entry></feed>""".encode()
    (entry,) = parse_feed(atom, "https://x.com/feed.atom") or []
    assert entry.link == "https://x.com/news/2026/01/02/khobor"
    assert entry.title == "খবর ‘এক’"
    assert (
        entry.published is not None and entry.published.isoformat() == "2026-01-02T10:00:00+06:00"
    )
    assert entry.updated is not None and entry.updated.isoformat() == "2026-01-02T12:00:00+00:00"


def test_rss1_dc_date_naive_is_dhaka_and_tz_can_change() -> None:
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
      xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <item><title>t</title><link>https://x.com/n/123456</link><dc:date>2026-01-02 10:00</dc:date>
      </item></rdf:RDF>"""
    (entry,) = parse_feed(rdf, "https://x.com/rss") or []
    assert (
        entry.published is not None and entry.published.isoformat() == "2026-01-02T10:00:00+06:00"
    )
    (kolkata,) = parse_feed(rdf, "https://x.com/rss", tz="Asia/Kolkata") or []
    assert kolkata.published is not None and kolkata.published.isoformat().endswith("+05:30")


def test_gzipped_feed() -> None:
    rss = b"<rss><channel><item><link>https://x.com/n/123456</link></item></channel></rss>"
    entries = parse_feed(gzip.compress(rss), "https://x.com/feed")
    assert entries is not None and [e.link for e in entries] == ["https://x.com/n/123456"]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"<html><body>404</body></html>",
        b"\x00\x01\x02\xff",
        b"\x1f\x8b broken gzip",
        b"<rss><channel><item><title>x",
        b"not xml at all",
        b"<urlset></urlset>",
    ],
)
def test_not_a_feed_is_none(body: bytes) -> None:
    result = parse_feed(body, "https://x.com/feed")
    assert result is None or result == []


def test_entity_bomb_is_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">
      <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
      <rss><channel><item><title>&c;</title><link>https://x.com/n/123456</link></item></channel></rss>"""
    entries = parse_feed(bomb, "https://x.com/feed") or []
    assert all(len(e.title or "") < 1000 for e in entries)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<link rel="alternate" type="application/rss+xml" href="/feed/">',
            ["https://x.com/feed/"],
        ),
        (
            '<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="//x.com/a.xml">'
            '<link rel="alternate" type="application/rss+xml" href="https://x.com/a.xml">',
            ["https://x.com/a.xml"],
        ),
        ('<link rel="alternate" hreflang="en" href="https://en.x.com/">', []),
        ('<link rel="stylesheet" type="application/rss+xml" href="/x">', []),
        ("", []),
        ("\x00\x01", []),
    ],
)
def test_feed_links(html: str, expected: list[str]) -> None:
    assert feed_links(html, "https://x.com/") == expected


@given(st.binary(max_size=300))
def test_parse_feed_never_raises(body: bytes) -> None:
    parse_feed(body, "https://x.com/feed")


@given(st.text(max_size=200))
def test_parse_feed_never_raises_on_text_items(text: str) -> None:
    from xml.sax.saxutils import escape

    body = f"<rss><channel><item><link>{escape(text)}</link><pubDate>{escape(text)}</pubDate>"
    parse_feed((body + "</item></channel></rss>").encode("utf-8", "surrogatepass"), "https://x/")
