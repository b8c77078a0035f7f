"""The extraction cascade on every page of the bundled sample site, fetched over HTTP.

Expected values come from the site model (``SampleSite.expected_articles``), never
from the rendered pages. Dates are checked through the dates normaliser: the right
candidates are present when it picks the story's published time from them.
"""

from __future__ import annotations

import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from newscrawler.extract import Extracted, extract_article
from newscrawler.samplesite import server as samplesite
from newscrawler.samplesite.site import SampleSite
from newscrawler.text.dates.choose import choose_dates

NOW = datetime(2026, 12, 31, tzinfo=ZoneInfo("Asia/Dhaka"))


def same(text: str | None) -> str:
    return unicodedata.normalize("NFC", " ".join((text or "").split()))


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:  # 127.0.0.1 only
            return str(reply.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[list[dict[str, Any]], dict[str, Extracted | None], Any]]:
    site = SampleSite()
    with samplesite.serve(site) as running:
        expected = site.expected_articles(running.url)
        found = {
            row["url"]: extract_article(fetch(row["url"]) or "", row["url"]) for row in expected
        }
        yield expected, found, running


def test_at_least_sixty_articles_in_four_templates(served: Any) -> None:
    expected, found, _ = served
    assert len(expected) >= 60
    assert {row["template"] for row in expected} >= {"wordpress", "daily", "mirror", "app"}
    assert all(found[row["url"]] is not None for row in expected)


@pytest.mark.parametrize("template", ["wordpress", "daily", "mirror", "app"])
def test_every_article_of_a_template(served: Any, template: str) -> None:
    expected, found, _ = served
    rows = [row for row in expected if row["template"] == template]
    assert rows
    for row in rows:
        got = found[row["url"]]
        assert got is not None, row["url"]
        paragraphs = (got.body or "").split("\n\n")
        assert same(got.title) == same(row["title"]), row["url"]
        assert same(paragraphs[0]) == same(row["first_paragraph"]), row["url"]
        assert same(paragraphs[-1]) == same(row["last_paragraph"]), row["url"]
        assert len(paragraphs) == row["paragraph_count"], row["url"]
        assert [same(a) for a in got.authors] == [same(a) for a in row["authors"]], row["url"]
        assert [same(t) for t in got.tags] == [same(t) for t in row["tags"]], row["url"]
        assert same(got.section) == same(row["section"]), row["url"]
        assert got.language == "bn"


@pytest.mark.parametrize("template", ["wordpress", "daily", "mirror", "app"])
def test_published_time_is_among_the_candidates(served: Any, template: str) -> None:
    expected, found, _ = served
    for row in (r for r in expected if r["template"] == template):
        got = found[row["url"]]
        assert got is not None
        choice = choose_dates(got.date_candidates, now=NOW)
        assert choice.published is not None, row["url"]
        assert choice.published.value == datetime.fromisoformat(row["published"]), row["url"]
        values = " ".join(c["value"] for c in got.date_candidates)
        for decoy in row["decoy_dates"]:
            assert not decoy or decoy not in values, (row["url"], decoy)


def test_non_article_pages_are_not_articles(served: Any) -> None:
    _, _, running = served
    checked = 0
    for row in running.site.expected_non_articles(running.url):
        if row["kind"] in ("connection-reset", "redirect-loop", "offsite-redirect"):
            continue
        html = fetch(row["url"])
        if html is None:
            continue
        assert extract_article(html, row["url"]) is None, row
        checked += 1
    assert checked >= 10
